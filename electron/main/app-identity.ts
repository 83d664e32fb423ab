// Who the app is to the OS, before anything shows. On Windows the AppUserModelID must match the
// installer's shortcuts (electron-builder sets them to the appId), or notifications may not
// show and windows group apart from the pinned icon. On a Linux Wayland session the global
// shortcut works only through the desktop's GlobalShortcuts portal, which Chromium uses when asked.
import type { App } from 'electron';
import { APP_ID } from '../shared/app-id.js';

/** Set the process's identity for the platform. */
export function applyAppIdentity(app: Pick<App, 'setAppUserModelId'> & { commandLine: Pick<App['commandLine'], 'appendSwitch'> }, platform: string): void {
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  if (platform === 'linux') app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
}
