// The launcher's first frame rendered to HTML outside the browser, with Svelte's server renderer
// and the same App component (see electron/core/first-frame.ts for who uses it). Built to
// renderer/dist-ssr/first-frame.js by `npm run build:renderer`.
import { render } from 'svelte/server';
import type { FirstFrameState } from '../../electron/shared/first-frame.js';
import { createApi } from '../../electron/shared/api.js';
import App from './App.svelte';
import { LauncherState } from './lib/launcher.svelte.js';

/** The first frame's markup for `<div id="app">`. */
export function renderFirstFrame(state: FirstFrameState): string {
  // The server renderer runs no effects, so the api is never called; one that never answers
  // keeps it that way should that change.
  const inert = createApi({ invoke: () => new Promise<never>(() => undefined), on: () => () => undefined });
  const launcher = new LauncherState(inert);
  // Plain assignments, not seed(): seeding schedules retries and a ticker, timers that would
  // outlive the render in main.
  launcher.lists.list = state.list;
  launcher.lists.windows = state.windows;
  launcher.lists.settings = state.settings;
  launcher.lists.info = state.info;
  return render(App, { props: { launcher } }).body;
}
