// The only module that touches `window.launcher` (exposed by the preload in Electron, by the
// host bridge script in the browser host). Everything else gets the api from here.
import type { LauncherApi } from '../../../electron/preload/index.js';

export type { LauncherApi };

declare global {
  interface Window {
    launcher?: LauncherApi;
  }
}

/** The launcher api, or undefined when the page runs outside the app (plain vite dev). */
export function getLauncherApi(): LauncherApi | undefined {
  return typeof window === 'undefined' ? undefined : window.launcher;
}
