import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WindowPlacement } from '../../electron/core/window-state.js';
import type { SessionWindowRequest } from '../../electron/core/ports.js';
import {
  createSessionWindowManager,
  type BrokenSession,
  type SessionWindowDeps,
} from '../../electron/main/windows/session-window-manager.js';
import { sessionPartition } from '../../electron/main/windows/window-options.js';
import { FakeWindow } from './fakes/fake-window.js';

const PRIMARY = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
const ID = 'research/us-east-2/jupyter-1';

function request(
  kind: 'app' | 'desktop',
  token = 'tok-1',
  overrides: Partial<SessionWindowRequest> = {},
): SessionWindowRequest {
  return {
    computerId: ID,
    computerName: 'jupyter-1',
    kind,
    sessionName: kind === 'app' ? 'jupyter-session' : 'desktop-session',
    url: `https://dcv.example.com:8443/?authToken=${token}#${kind}`,
    title: `jupyter-1 — ${kind === 'app' ? 'jupyter-session (Application)' : 'desktop-session (Desktop)'}`,
    ...overrides,
  };
}

function setup(extra: Partial<SessionWindowDeps> = {}) {
  const saved = new Map<string, WindowPlacement>();
  const broken: BrokenSession[] = [];
  const external: string[] = [];
  const confirm = vi.fn(async () => true);
  const manager = createSessionWindowManager({
    createWindow: (o) => new FakeWindow(o),
    placements: { get: (k) => saved.get(k), set: (k, p) => void saved.set(k, p) },
    screen: { all: () => [PRIMARY], primary: () => PRIMARY, displayIdFor: () => 1 },
    confirmExternal: confirm,
    openExternal: (u) => void external.push(u),
    onBroken: (b) => void broken.push(b),
    log: { info: () => undefined, warn: () => undefined },
    ...extra,
  });
  return { manager, saved, broken, external, confirm };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  FakeWindow.all = [];
  FakeWindow.network = () => ({});
});

describe('session window manager', () => {
  it('opens one window per {computer, kind} with the given title, URL and secure options', async () => {
    const { manager } = setup();
    await manager.open(request('app'));
    await manager.open(request('desktop'));
    expect(FakeWindow.all).toHaveLength(2);
    const [app, desk] = FakeWindow.all as [FakeWindow, FakeWindow];
    expect(app.title).toBe('jupyter-1 — jupyter-session (Application)');
    expect(desk.title).toBe('jupyter-1 — desktop-session (Desktop)');
    expect(app.loaded).toEqual([request('app').url]);
    const prefs = app.options.webPreferences!;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      partition: sessionPartition(ID),
    });
    expect(prefs.preload).toBeUndefined();
    expect(
      manager
        .list()
        .map((w) => w.kind)
        .sort(),
    ).toEqual(['app', 'desktop']);
  });

  it('focuses instead of duplicating when the same window is asked again', async () => {
    const { manager } = setup();
    await manager.open(request('app'));
    await flush();
    const win = FakeWindow.all[0]!;
    win.minimized = true;
    const before = win.focusCount;
    await manager.open(request('app'));
    expect(FakeWindow.all).toHaveLength(1);
    expect(win.loaded).toHaveLength(1);
    expect(win.minimized).toBe(false);
    expect(win.focusCount).toBeGreaterThan(before);
    expect(manager.focus(ID, 'app')).toBe(true);
    expect(manager.focus(ID, 'desktop')).toBe(false);
  });

  it('reloads an open window when given a fresh URL (reconnect, resumed session)', async () => {
    const { manager } = setup();
    await manager.open(request('app', 'tok-1'));
    await manager.open(request('app', 'tok-2'));
    expect(FakeWindow.all).toHaveLength(1);
    expect(FakeWindow.all[0]!.loaded).toEqual([request('app', 'tok-1').url, request('app', 'tok-2').url]);
  });

  it('keeps its own title when the page tries to rename the window', async () => {
    const { manager } = setup();
    await manager.open(request('desktop'));
    expect(FakeWindow.all[0]!.pageRetitled()).toBe(true);
  });

  it('closes both windows of a computer, or one kind, and reports the change', async () => {
    const { manager } = setup();
    const changes: number[] = [];
    manager.onChange((w) => changes.push(w.length));
    await manager.open(request('app'));
    await manager.open(request('desktop'));
    manager.close(ID, 'desktop');
    expect(manager.list().map((w) => w.kind)).toEqual(['app']);
    manager.close(ID);
    expect(manager.list()).toEqual([]);
    expect(FakeWindow.all.every((w) => w.destroyed)).toBe(true);
    expect(changes.at(-1)).toBe(0);
  });

  it('refuses a URL that is not https before any window opens', async () => {
    const { manager } = setup();
    await expect(
      manager.open(request('app', 'x', { url: 'http://dcv.example.com/?authToken=x' })),
    ).rejects.toThrow();
    await expect(manager.open(request('app', 'x', { url: 'javascript:alert(1)' }))).rejects.toThrow();
    expect(FakeWindow.all).toHaveLength(0);
  });

  it('locks navigation to the origin Lightsail returned', async () => {
    const { manager, external, confirm } = setup();
    await manager.open(request('app'));
    const wc = FakeWindow.all[0]!.webContents;
    expect(wc.navigate('will-navigate', 'https://dcv.example.com:8443/other')).toBe(false);
    expect(wc.navigate('will-frame-navigate', 'https://dcv.example.com/')).toBe(true);
    expect(wc.navigate('will-redirect', 'http://dcv.example.com:8443/')).toBe(true);
    expect(wc.navigate('will-redirect', 'https://dcv.example.com:8443.evil.test/')).toBe(true);
    expect(wc.navigate('will-frame-navigate', 'file:///etc/passwd', false)).toBe(true);
    expect(wc.openHandler!({ url: 'http://dcv.example.com:8443/popup' })).toEqual({ action: 'deny' });
    // A clicked https link elsewhere may go to the browser after the user agrees.
    wc.userGesture();
    expect(wc.navigate('will-navigate', 'https://docs.aws.amazon.com/lightsail/')).toBe(true);
    await flush();
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(external).toEqual(['https://docs.aws.amazon.com/lightsail/']);
  });

  it('installs permission handlers that allow DCV needs on the session origin only', async () => {
    const { manager } = setup();
    await manager.open(request('app'));
    const ses = FakeWindow.all[0]!.webContents.session;
    const check = ses.checkHandler!;
    const wc = FakeWindow.all[0]!.webContents as never;
    expect(
      check(wc, 'clipboard-read', 'https://dcv.example.com:8443', {
        isMainFrame: true,
        requestingUrl: 'https://dcv.example.com:8443/',
      }),
    ).toBe(true);
    expect(check(wc, 'geolocation', 'https://dcv.example.com:8443', { isMainFrame: true })).toBe(false);
    expect(check(wc, 'clipboard-read', 'https://evil.test', { isMainFrame: false })).toBe(false);
    const answers: boolean[] = [];
    ses.requestHandler!(wc, 'media', (ok) => answers.push(ok), {
      requestingUrl: 'https://dcv.example.com:8443/',
      isMainFrame: true,
    } as never);
    ses.requestHandler!(wc, 'pointerLock', (ok) => answers.push(ok), {
      requestingUrl: 'https://dcv.example.com:8443/',
      isMainFrame: true,
    } as never);
    expect(answers).toEqual([false, true]);
  });

  it('offers Reconnect once when the page crashes or fails to load, not for aborted loads', async () => {
    const { manager, broken } = setup();
    await manager.open(request('app'));
    const wc = FakeWindow.all[0]!.webContents;
    wc.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'https://dcv.example.com:8443/', true);
    wc.emit('did-fail-load', {}, -105, 'ERR_NAME_NOT_RESOLVED', 'https://x/', false);
    expect(broken).toEqual([]);
    wc.emit('render-process-gone', {}, { reason: 'crashed' });
    wc.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'https://dcv.example.com:8443/', true);
    expect(broken).toEqual([{ computerId: ID, kind: 'app', reason: expect.stringContaining('crashed') }]);
    // Reconnect lands as open() with fresh access details: reload, and the offer is re-armed.
    await manager.open(request('app', 'tok-2'));
    wc.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'https://dcv.example.com:8443/', true);
    expect(broken).toHaveLength(2);
  });

  it('remembers placement per {computer, kind} and restores it on the next open', async () => {
    const { manager, saved } = setup();
    await manager.open(request('desktop'));
    const win = FakeWindow.all[0]!;
    win.bounds = { x: 100, y: 120, width: 1000, height: 700 };
    manager.close(ID, 'desktop');
    expect(saved.get(`${ID}#desktop`)?.bounds).toEqual({ x: 100, y: 120, width: 1000, height: 700 });
    await manager.open(request('desktop'));
    const reopened = FakeWindow.all[1]!;
    expect(reopened.options).toMatchObject({ x: 100, y: 120, width: 1000, height: 700 });
    await manager.open(request('app'));
    expect(FakeWindow.all[2]!.options.x).not.toBe(100);
  });

  it('tracks the most recently focused session windows for the shortcut', async () => {
    const { manager } = setup();
    await manager.open(request('app'));
    await manager.open(request('desktop'));
    await flush();
    FakeWindow.all[0]!.focus();
    expect(manager.history()[0]).toEqual({ computerId: ID, kind: 'app' });
    expect(manager.list().find((w) => w.kind === 'app')?.focused).toBe(true);
  });

  it('shows setup progress on the computer’s open windows', async () => {
    const { manager } = setup();
    await manager.open(request('app'));
    manager.setProgress(ID, 0.5);
    manager.setProgress('other/us-east-2/x1', 0.9);
    expect(FakeWindow.all[0]!.progress).toEqual([0.5]);
  });
});
