// The launcher's first frame, prerendered into index.html (see electron/core/first-frame.ts):
// what it shows, and how it sits in the page, shared by whoever renders it and the renderer
// that takes it over.
import type { AppInfo, ComputerList, OpenWindow, Settings } from './models.js';

/** What the first frame shows: what the renderer would receive first. */
export interface FirstFrameState {
  list: ComputerList;
  windows: OpenWindow[];
  settings: Settings;
  info: AppInfo;
}

/** The attribute on `#app` saying it holds a prerendered frame, which the renderer takes over. */
export const FIRST_FRAME_ATTRIBUTE = 'data-first-frame';

/** The id of the JSON data block holding the FirstFrameState the frame was rendered from. */
export const FIRST_FRAME_STATE_ID = 'first-frame-state';

const APP_DIV = '<div id="app"></div>';

/**
 * index.html with `markup` inside its empty `#app`, followed by the state it was rendered from
 * as a JSON data block (never executed, so the CSP's `script-src 'self'` is untouched); the page
 * is unchanged when it has no such element.
 */
export function injectFirstFrame(html: string, markup: string, state: FirstFrameState): string {
  // "<" escaped: no string in the list (a computer's name) can close the data block.
  const json = JSON.stringify(state).replace(/</g, '\\u003c');
  // A function replacement: markup may hold "$&"-like sequences that a string would expand.
  // Inert: its buttons do nothing yet, so they take no clicks, focus or typing that would be lost
  // before the live app takes over a moment later.
  return html.replace(
    APP_DIV,
    () =>
      `<div id="app" ${FIRST_FRAME_ATTRIBUTE} inert>${markup}</div>\n    <script type="application/json" id="${FIRST_FRAME_STATE_ID}">${json}</script>`,
  );
}
