// Whether a tray icon will be seen. Electron's Tray on Linux is a StatusNotifierItem, shown only
// where something on the session bus owns org.kde.StatusNotifierWatcher (KDE, most desktops,
// GNOME with the AppIndicator extension). Plain GNOME has none, and `new Tray()` still succeeds,
// so the bus is asked. Elsewhere, and when the question cannot be asked, a tray is assumed.
import { execFile } from 'node:child_process';

/** Runs a program and resolves with its stdout (rejects on failure or timeout). */
export type RunProgram = (file: string, args: readonly string[]) => Promise<string>;

const runProgram: RunProgram = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 1500, encoding: 'utf8' }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });

/** False only when the session bus says no StatusNotifierWatcher is there (Linux). */
export async function trayWatcherPresent(platform: string, run: RunProgram = runProgram): Promise<boolean> {
  if (platform !== 'linux') return true;
  try {
    const out = await run('gdbus', [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.DBus',
      '--object-path',
      '/org/freedesktop/DBus',
      '--method',
      'org.freedesktop.DBus.NameHasOwner',
      'org.kde.StatusNotifierWatcher',
    ]);
    return !/^\s*\(false,?\)\s*$/.test(out);
  } catch {
    // No gdbus, no session bus: nothing known, so do as before (hide to the tray).
    return true;
  }
}
