import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { LAUNCHER_URL } from '../../electron/main/protocol.js';
import { EXTERNAL_LINKS } from '../../electron/shared/links.js';
import {
  createLauncherWindow,
  type LauncherCloseAction,
} from '../../electron/main/windows/launcher-window.js';
import { FakeWindow } from './fakes/fake-window.js';

async function make(action: { value: LauncherCloseAction }, startHidden = false, opened: string[] = []) {
  let win: FakeWindow | undefined;
  createLauncherWindow({
    openExternal: (url) => void opened.push(url),
    createWindow: (o) => (win = new FakeWindow(o)) as unknown as BrowserWindow,
    preload: '/app/dist/preload/index.cjs',
    closeAction: () => action.value,
    log: { info: () => undefined, warn: () => undefined },
    startHidden,
  });
  await Promise.resolve(); // ready-to-show
  return win!;
}

describe('launcher window', () => {
  it('loads app://launcher with the preload and shows itself unless started hidden', async () => {
    const w = await make({ value: 'hide' });
    expect(w.loaded).toEqual([LAUNCHER_URL]);
    expect(w.options).toMatchObject({
      webPreferences: { preload: '/app/dist/preload/index.cjs', sandbox: true, contextIsolation: true },
    });
    expect(w.visible).toBe(true);
    expect((await make({ value: 'hide' }, true)).visible).toBe(false);
  });

  it('blocks every navigation, redirect, webview and window.open', async () => {
    const wc = (await make({ value: 'hide' })).webContents;
    expect(wc.navigate('will-navigate', 'https://evil.test/')).toBe(true);
    expect(wc.navigate('will-navigate', 'app://launcher/other.html')).toBe(true);
    expect(wc.navigate('will-redirect', 'https://evil.test/')).toBe(true);
    expect(wc.navigate('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.navigate('will-attach-webview', 'https://evil.test/')).toBe(true);
    expect(wc.openHandler!({ url: 'https://evil.test/' })).toEqual({ action: 'deny' });
  });

  it('sends a link of its own (the console) to the system browser, and nothing else', async () => {
    const opened: string[] = [];
    const wc = (await make({ value: 'hide' }, false, opened)).webContents;
    expect(wc.openHandler!({ url: EXTERNAL_LINKS.console })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: `${EXTERNAL_LINKS.console}?x=1` })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'https://evil.test/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual([EXTERNAL_LINKS.console]);
  });

  it('hides to the tray on close while closeToTray holds, minimises without a tray, and really closes otherwise', async () => {
    const action: { value: LauncherCloseAction } = { value: 'hide' };
    const w = await make(action);
    w.close();
    expect([w.destroyed, w.visible, w.minimized]).toEqual([false, false, false]);
    action.value = 'minimize';
    w.visible = true;
    w.close();
    expect([w.destroyed, w.visible, w.minimized]).toEqual([false, true, true]);
    action.value = 'close';
    w.close();
    expect(w.destroyed).toBe(true);
  });
});
