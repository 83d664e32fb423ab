import { describe, expect, it } from 'vitest';
import { trayWatcherPresent } from '../../electron/main/tray-presence.js';

describe('tray presence', () => {
  it('on Linux asks the session bus for a StatusNotifierWatcher (plain GNOME has none)', async () => {
    const asked: string[][] = [];
    const answer = (out: string) => async (file: string, args: readonly string[]) => (
      asked.push([file, ...args]),
      out
    );
    expect(await trayWatcherPresent('linux', answer('(false,)\n'))).toBe(false);
    expect(await trayWatcherPresent('linux', answer('(true,)\n'))).toBe(true);
    expect(asked[0]).toEqual(
      expect.arrayContaining(['gdbus', 'org.freedesktop.DBus.NameHasOwner', 'org.kde.StatusNotifierWatcher']),
    );
  });

  it('assumes a tray when it cannot ask, and everywhere but Linux', async () => {
    expect(await trayWatcherPresent('linux', async () => Promise.reject(new Error('ENOENT')))).toBe(true);
    expect(await trayWatcherPresent('win32', async () => '(false,)')).toBe(true);
    expect(await trayWatcherPresent('darwin', async () => '(false,)')).toBe(true);
  });
});
