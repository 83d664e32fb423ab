import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { LAUNCHER_URL } from '../../electron/main/protocol.js';
import { createLauncherWindow, type LauncherCloseAction } from '../../electron/main/windows/launcher-window.js';

class Contents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
  /** Emit a navigation-like event; true when it was prevented. */
  try(event: string, url: string) {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

class Win extends EventEmitter {
  webContents = new Contents();
  loaded: string[] = [];
  visible = false;
  minimized = false;
  closed = false;
  constructor(readonly options: unknown) {
    super();
  }
  async loadURL(u: string) {
    this.loaded.push(u);
    this.emit('ready-to-show');
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  minimize() {
    this.minimized = true;
  }
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.closed = true;
  }
}

function make(action: { value: LauncherCloseAction }, startHidden = false) {
  let win: Win | undefined;
  createLauncherWindow({
    createWindow: (o) => (win = new Win(o)) as unknown as BrowserWindow,
    preload: '/app/dist/preload/index.cjs',
    closeAction: () => action.value,
    log: { info: () => undefined, warn: () => undefined },
    startHidden,
  });
  return win!;
}

describe('launcher window', () => {
  it('loads app://launcher with the preload and shows itself unless started hidden', () => {
    const w = make({ value: 'hide' });
    expect(w.loaded).toEqual([LAUNCHER_URL]);
    expect(w.options).toMatchObject({ webPreferences: { preload: '/app/dist/preload/index.cjs', sandbox: true, contextIsolation: true } });
    expect(w.visible).toBe(true);
    expect(make({ value: 'hide' }, true).visible).toBe(false);
  });

  it('blocks every navigation, redirect, webview and window.open', () => {
    const wc = make({ value: 'hide' }).webContents;
    expect(wc.try('will-navigate', 'https://evil.test/')).toBe(true);
    expect(wc.try('will-navigate', 'app://launcher/other.html')).toBe(true);
    expect(wc.try('will-redirect', 'https://evil.test/')).toBe(true);
    expect(wc.try('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.try('will-attach-webview', 'https://evil.test/')).toBe(true);
    expect(wc.openHandler!({ url: 'https://evil.test/' })).toEqual({ action: 'deny' });
  });

  it('hides to the tray on close while closeToTray holds, minimises without a tray, and really closes otherwise', () => {
    const action: { value: LauncherCloseAction } = { value: 'hide' };
    const w = make(action);
    w.close();
    expect([w.closed, w.visible, w.minimized]).toEqual([false, false, false]);
    action.value = 'minimize';
    w.visible = true;
    w.close();
    expect([w.closed, w.visible, w.minimized]).toEqual([false, true, true]);
    action.value = 'close';
    w.close();
    expect(w.closed).toBe(true);
  });
});
