// Who the app is to the OS, before anything shows. On Windows the AppUserModelID must match the
// installer's shortcuts (electron-builder sets them to the appId), or notifications may not
// show and windows group apart from the pinned icon. No Chromium switch is set: Electron 45
// turns the GlobalShortcuts portal on by itself on Linux (docs/api/global-shortcut.md, "The
// portal path is enabled by default"), and `appendSwitch('enable-features', …)` would replace
// whatever --enable-features the user passed rather than add to it.
import type { App } from 'electron';
import { APP_ID } from '../shared/app-id.js';

/** Set the process's identity for the platform. */
export function applyAppIdentity(app: Pick<App, 'setAppUserModelId'>, platform: string): void {
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
}
