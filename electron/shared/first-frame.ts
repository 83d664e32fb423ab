// The launcher's first frame, prerendered into index.html (see electron/core/first-frame.ts):
// what it shows, and how it sits in the page, shared by whoever renders it and the renderer
// that replaces it.
import type { AppInfo, ComputerList, OpenWindow, Settings } from './models.js';

/** What the first frame shows: what the renderer would receive first. */
export interface FirstFrameState {
  list: ComputerList;
  windows: OpenWindow[];
  settings: Settings;
  info: AppInfo;
}

/** The attribute on `#app` saying it holds a prerendered frame, which the renderer replaces. */
export const FIRST_FRAME_ATTRIBUTE = 'data-first-frame';

const APP_DIV = '<div id="app"></div>';

/** index.html with `markup` inside its empty `#app`; unchanged when there is no such element. */
export function injectFirstFrame(html: string, markup: string): string {
  // A function replacement: markup may hold "$&"-like sequences that a string would expand.
  // Inert: its buttons do nothing yet, so they take no clicks, focus or typing that would be lost
  // when the live app takes its place a moment later.
  return html.replace(APP_DIV, () => `<div id="app" ${FIRST_FRAME_ATTRIBUTE} inert>${markup}</div>`);
}
