// The launcher's first frame as HTML, put inside index.html by whoever serves it (main's app://
// handler, the browser host): the cached list is on screen once the page is parsed, before the
// renderer's JavaScript has loaded, compiled and mounted. The markup comes from the renderer's
// own App component through Svelte's server renderer (renderer/src/first-frame.ts, built to
// renderer/dist-ssr), so there is one description of the list, not two.
import { pathToFileURL } from 'node:url';
import { injectFirstFrame, type FirstFrameState } from '../shared/first-frame.js';
import type { LauncherCore } from './ports.js';

/** The renderer's server build: state in, markup for `<div id="app">` out. */
export type RenderFirstFrame = (state: FirstFrameState) => string;

/** Load renderFirstFrame from the renderer's server build; undefined when it was not built. */
export async function loadFirstFrameRenderer(file: string): Promise<RenderFirstFrame | undefined> {
  try {
    const mod = (await import(pathToFileURL(file).href)) as { renderFirstFrame?: unknown };
    return typeof mod.renderFirstFrame === 'function'
      ? (mod.renderFirstFrame as RenderFirstFrame)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The first frame's state, or undefined while there is no list to show yet. */
export async function firstFrameState(core: LauncherCore): Promise<FirstFrameState | undefined> {
  const { list, windows } = core.snapshot();
  // Nothing cached and no sweep finished: the renderer's own "Loading" frame is the honest one.
  if (!list.refreshedAt) return undefined;
  const [settings, info] = await Promise.all([core['settings:get'](), core['app:info']()]);
  return { list, windows, settings, info };
}

/**
 * index.html with the first frame inside `#app`. Any failure leaves the page as it was: the
 * renderer then draws everything itself, a little later, which is never worse than no window.
 */
export async function withFirstFrame(
  html: string,
  core: LauncherCore,
  render: RenderFirstFrame | undefined,
): Promise<string> {
  if (!render) return html;
  try {
    const state = await firstFrameState(core);
    if (!state) return html;
    return injectFirstFrame(html, render(state), state);
  } catch {
    return html;
  }
}
