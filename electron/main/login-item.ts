// Start at login through each platform's own mechanism, always with START_HIDDEN_FLAG so the app
// starts in the tray: Electron's app.setLoginItemSettings on Windows (the Run entry takes
// arguments), a per-user launch agent on macOS (login items cannot pass arguments), an XDG
// autostart .desktop file on Linux (electron/core/autostart.ts). Only packaged builds register:
// in development execPath is the bare Electron binary, which would start Electron's default app
// at every login.
import { app } from 'electron';
import os from 'node:os';
import { START_HIDDEN_FLAG, setLinuxAutostart, setMacLaunchAgent } from '../core/autostart.js';
import { log } from './log.js';

/** Turns start at login on or off for the current user (the `startAtLogin` setting). */
export function applyStartAtLogin(enabled: boolean): void {
  if (!app.isPackaged) {
    log.info(`start at login ${enabled ? 'on' : 'off'}: not registered (development build)`);
    return;
  }
  try {
    if (process.platform === 'darwin') {
      // Earlier builds registered a login item, which opened the window at login: remove it.
      app.setLoginItemSettings({ openAtLogin: false });
      const file = setMacLaunchAgent(enabled, { homeDir: os.homedir(), execPath: process.execPath });
      log.info(`start at login ${enabled ? 'on' : 'off'}: ${file}`);
    } else if (process.platform === 'win32') {
      // HKCU\...\Run entry: same executable, plus the flag that keeps the window hidden.
      app.setLoginItemSettings({ openAtLogin: enabled, path: process.execPath, args: [START_HIDDEN_FLAG] });
    } else {
      const file = setLinuxAutostart(enabled, {
        env: process.env,
        homeDir: os.homedir(),
        execPath: process.execPath,
        name: app.getName(),
        icon: 'lfr-launcher',
      });
      log.info(`start at login ${enabled ? 'on' : 'off'}: ${file}`);
    }
  } catch (err) {
    // A read-only home or a locked registry must not take the settings change down with it.
    log.warn(
      `start at login ${enabled ? 'on' : 'off'} failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** True when this launch came from the login entry (start hidden in the tray): its argument says so. */
export function launchedAtLogin(argv: readonly string[] = process.argv): boolean {
  return argv.includes(START_HIDDEN_FLAG);
}
