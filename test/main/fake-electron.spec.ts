// The fake electron is as unkind as Electron 45 (issue 18 item 4): each behaviour here is one
// the old fake lacked, read from Electron's source or docs (named in fake-window.ts and
// fake-electron.ts), and each test fails against the old fake.
import type { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, Menu, Notification } from './fakes/fake-electron.js';
import type { FakeElectronState } from './fakes/fake-electron.js';
import {
  DEFAULT_MENU,
  FakeWindow,
  HANDSHAKE_TIMEOUT_MS,
  resetSessions,
  sessionFor,
  VERDICT_TTL_MS,
} from './fakes/fake-window.js';

const state = () => (globalThis as unknown as { __fakeElectron: FakeElectronState }).__fakeElectron;
const SELF_SIGNED = { pem: 'PEM-A', systemTrusted: false };

beforeEach(() => {
  resetSessions();
  state().windows.length = 0;
  FakeWindow.all = state().windows;
  FakeWindow.network = () => ({});
  FakeWindow.applicationMenu = DEFAULT_MENU;
});
afterEach(() => void vi.useRealTimers());

describe('certificate verdicts (Chromium caches them per partition)', () => {
  it('a refusal is kept 30 minutes in its partition, even when the proc is set again; then the proc is asked again', async () => {
    vi.useFakeTimers();
    const ses = sessionFor('lfr-session-a');
    ses.setCertificateVerifyProc((_r, cb) => cb(-2));
    expect(await ses.verify('dcv.example.com', SELF_SIGNED)).toEqual({ code: -2, description: 'ERR_FAILED' });
    ses.setCertificateVerifyProc((_r, cb) => cb(0));
    vi.advanceTimersByTime(VERDICT_TTL_MS - 1_000);
    expect(await ses.verify('dcv.example.com', SELF_SIGNED)).toEqual({ code: -2, description: 'ERR_FAILED' });
    expect(ses.procCalls).toBe(1);
    // Another partition is another network context, with its own cache.
    const other = sessionFor('lfr-session-b');
    other.setCertificateVerifyProc((_r, cb) => cb(0));
    expect(await other.verify('dcv.example.com', SELF_SIGNED)).toBeUndefined();
    vi.advanceTimersByTime(2_000);
    expect(await ses.verify('dcv.example.com', SELF_SIGNED)).toBeUndefined();
    expect(ses.procCalls).toBe(2);
  });

  it('a handshake gives up after 30 s while the proc waits, and the late answer is dropped', async () => {
    vi.useFakeTimers();
    const ses = sessionFor('lfr-session-a');
    const pending: ((r: number) => void)[] = [];
    ses.setCertificateVerifyProc((_r, cb) => void pending.push(cb));
    const first = ses.verify('dcv.example.com', SELF_SIGNED);
    await vi.advanceTimersByTimeAsync(HANDSHAKE_TIMEOUT_MS);
    expect(await first).toEqual({ code: -7, description: 'ERR_TIMED_OUT' });
    pending[0]!(-2);
    // Nothing was cached: the next connection asks the proc again.
    const second = ses.verify('dcv.example.com', SELF_SIGNED);
    await vi.advanceTimersByTimeAsync(0);
    expect(pending).toHaveLength(2);
    pending[1]!(0);
    expect(await second).toBeUndefined();
  });
});

describe('pages and windows', () => {
  it('select-client-certificate names host:port, IPv6 and IP addresses included, never a URL', async () => {
    const seen: string[] = [];
    for (const origin of ['https://dcv.example.com:8443', 'https://[2001:db8::1]:8443', 'https://10.0.0.5']) {
      FakeWindow.network = () => ({ clientCertificates: [{ subjectName: 'me' }] });
      const win = new FakeWindow({});
      win.webContents.on(
        'select-client-certificate',
        (_e: unknown, hostPort: string) => void seen.push(hostPort),
      );
      await win.loadURL(`${origin}/`);
    }
    expect(seen).toEqual(['dcv.example.com:8443', '[2001:db8::1]:8443', '10.0.0.5:443']);
  });

  it('isLoading() is true while a load runs', async () => {
    const win = new FakeWindow({});
    const seen: boolean[] = [];
    win.webContents.on('did-start-navigation', () => void seen.push(win.webContents.isLoading()));
    const load = win.loadURL('https://dcv.example.com/');
    expect(win.webContents.isLoading()).toBe(true);
    await load;
    expect([...seen, win.webContents.isLoading()]).toEqual([true, false]);
  });

  it('a shift- or middle-click reaches the window open handler with no child webContents, and nothing loads the window made', () => {
    const opener = new FakeWindow({});
    const given: unknown[] = [];
    opener.webContents.setWindowOpenHandler(() => ({
      action: 'allow',
      outlivesOpener: false,
      createWindow: (options) => {
        given.push((options as { webContents?: unknown }).webContents);
        return new FakeWindow({ show: false }).webContents as never;
      },
    }));
    for (const how of ['shift', 'middle'] as const) {
      const made = opener.webContents.linkClick('https://dcv.example.com/other', how);
      expect(made).toHaveLength(1);
      expect(made[0]!.loaded).toEqual([]);
    }
    expect(given).toEqual([undefined, undefined]);
  });

  it('a window.open child inherits its opener’s security preferences, whatever its window asks for', () => {
    const opener = new FakeWindow({ webPreferences: { sandbox: true, javascript: false } });
    opener.webContents.setWindowOpenHandler(() => ({
      action: 'allow',
      outlivesOpener: false,
      createWindow: (o) =>
        new FakeWindow({ ...o, webPreferences: { javascript: true } }).webContents as never,
    }));
    const child = opener.webContents.windowOpen('https://dcv.example.com/2')!;
    expect(child.getLastWebPreferences()).toMatchObject({ sandbox: true, javascript: false });
  });

  it.skipIf(process.platform === 'darwin')(
    'a window without its own menu shows the application menu: Electron’s default, with Reload and Toggle Developer Tools',
    () => {
      const win = new FakeWindow({});
      const roles = JSON.stringify(win.shownMenu());
      expect(roles).toContain('"reload"');
      expect(roles).toContain('"toggleDevTools"');
      Menu.setApplicationMenu({ template: [] });
      expect(win.shownMenu()).toEqual({ template: [] });
      win.setMenu({ template: ['own'] });
      expect(win.shownMenu()).toEqual({ template: ['own'] });
    },
  );
});

describe('the app', () => {
  it('quit closes every window first; a prevented close or a kept page cancels it, before will-quit', () => {
    const log = state().quitLog;
    const events: string[] = [];
    for (const e of ['before-quit', 'will-quit', 'quit']) state().appEvents.on(e, () => void events.push(e));
    const a = new FakeWindow({ title: 'a' });
    const b = new FakeWindow({ title: 'b' });
    b.webContents.guardsUnload = true;
    app.quit();
    expect(log).toEqual(['before-quit', 'close a', 'close b', 'cancelled']);
    expect([a.destroyed, b.destroyed]).toEqual([true, false]);
    expect(events).toEqual(['before-quit']);
    b.webContents.on('will-prevent-unload', (e: { preventDefault(): void }) => e.preventDefault());
    const c = new FakeWindow({ title: 'c' });
    c.once('close', (e: { preventDefault(): void }) => e.preventDefault());
    log.length = 0;
    app.quit();
    expect(log).toEqual(['before-quit', 'close b', 'close c', 'cancelled']);
    log.length = 0;
    app.quit();
    expect(log).toEqual(['before-quit', 'close c', 'will-quit']);
    expect(events).toEqual(['before-quit', 'before-quit', 'before-quit', 'will-quit', 'quit']);
  });

  it('notifications can be unsupported, and show() can fail', async () => {
    state().notificationsSupported = false;
    expect(Notification.isSupported()).toBe(false);
    state().notificationsSupported = true;
    state().notificationsFail = 'the shortcut with the AppUserModelID is missing';
    const n = new Notification({ title: 't', body: 'b' });
    const outcome = new Promise((resolve) => {
      n.on('show', () => resolve('show'));
      n.on('failed', (_e: unknown, error: string) => resolve(error));
    });
    n.show();
    expect(await outcome).toBe('the shortcut with the AppUserModelID is missing');
    state().notificationsFail = undefined;
  });

  it('the single-instance lock can be lost to another instance', () => {
    state().lockTaken = true;
    expect(app.requestSingleInstanceLock()).toBe(false);
    state().lockTaken = false;
    expect(app.requestSingleInstanceLock()).toBe(true);
  });
});

describe('downloads (Electron 45’s DownloadItem and its save dialog)', () => {
  const URL = 'https://127.0.0.1:8443/files/notes.txt?authToken=T';
  it('with no save path the save dialog is shown, titled with the URL unless told otherwise, over the window', async () => {
    const win = new FakeWindow({ webPreferences: { partition: 'lfr-session-dl' } });
    const ses = sessionFor('lfr-session-dl');
    const item = ses.download(URL, { filename: 'notes.txt', totalBytes: 12 }, win.webContents);
    await item.targetDecided;
    expect(state().saveDialogs.at(-1)).toEqual({
      options: { title: URL, defaultPath: 'notes.txt' },
      parentId: win.id,
    });
    expect(item.getSavePath()).toBe('notes.txt');
    // Options and a path set after will-download change nothing of this download.
    item.setSaveDialogOptions({ title: 'late' });
    item.setSavePath('/elsewhere');
    expect([item.getSaveDialogOptions().title, item.getSavePath()]).toEqual([undefined, 'notes.txt']);
  });

  it('a save path set in will-download skips the dialog; a prevented will-download cancels and the item dies', async () => {
    const ses = sessionFor('lfr-session-dl2');
    const before = state().saveDialogs.length;
    ses.once('will-download', (_e, item: { setSavePath(p: string): void }) => item.setSavePath('/tmp/x'));
    const saved = ses.download(URL, { totalBytes: 12 });
    expect(saved.getSavePath()).toBe('/tmp/x');
    ses.once('will-download', (e: { preventDefault(): void }) => e.preventDefault());
    const refused = ses.download(URL, { totalBytes: 12 });
    expect(refused.getState()).toBe('cancelled');
    await new Promise((r) => setImmediate(r));
    expect(() => refused.getState()).toThrow('DownloadItem used after being destroyed');
    expect(state().saveDialogs.length).toBe(before);
  });

  it('cancelling the dialog cancels the download: done with cancelled, no save path', async () => {
    state().saveDialog = () => ({ canceled: true });
    const item = sessionFor('lfr-session-dl3').download(URL, { totalBytes: 12 });
    const done = new Promise((resolve) => item.once('done', (_e, s) => resolve(s)));
    await item.targetDecided;
    state().saveDialog = undefined;
    expect(await done).toBe('cancelled');
    expect([item.getState(), item.getSavePath()]).toEqual(['cancelled', '']);
  });

  it('updated while going, done once; interruptions end it unless the server can resume; pause holds the bytes', async () => {
    const events: string[] = [];
    const track = (item: EventEmitter) => {
      item.on('updated', (_e, s) => events.push(`updated:${s}`));
      item.on('done', (_e, s) => events.push(`done:${s}`));
    };
    const ses = sessionFor('lfr-session-dl4');
    const a = ses.download(URL, { totalBytes: 100 });
    track(a);
    await a.targetDecided;
    a.receive(40);
    a.pause();
    expect(a.receive(10)).toBe(false);
    a.resume();
    a.interrupt();
    expect([a.getState(), a.getReceivedBytes(), a.canResume()]).toEqual(['interrupted', 40, false]);
    a.cancel();
    const b = ses.download(URL, { totalBytes: 100, resumable: true });
    track(b);
    await b.targetDecided;
    b.receive(40);
    b.interrupt();
    expect(b.canResume()).toBe(true);
    b.resume();
    b.receive(60);
    await b.finish();
    b.cancel();
    expect(events).toEqual([
      'updated:progressing',
      'updated:progressing',
      'updated:progressing',
      'done:interrupted',
      'updated:progressing',
      'updated:interrupted',
      'updated:progressing',
      'updated:progressing',
      'done:completed',
    ]);
    expect([b.getState(), b.getReceivedBytes(), b.getPercentComplete()]).toEqual(['completed', 100, 100]);
  });
});

describe('files dropped onto a window', () => {
  it('reach a page that takes them; otherwise navigate only with navigateOnDragDrop, through will-navigate', () => {
    const plain = new FakeWindow({ webPreferences: {} });
    expect(plain.webContents.drop(['/home/u/notes.txt'], true)).toBe('page');
    expect(plain.webContents.drop(['/home/u/notes.txt'], false)).toBe('ignored');
    const loose = new FakeWindow({ webPreferences: { navigateOnDragDrop: true } });
    const seen: string[] = [];
    loose.webContents.once('will-navigate', (e: { url: string }) => seen.push(e.url));
    expect(loose.webContents.drop(['/home/u/notes.txt'], false)).toBe('navigated');
    expect(loose.webContents.getURL()).toMatch(/^file:\/\/.*notes\.txt$/);
    expect(seen).toHaveLength(1);
    loose.webContents.once('will-navigate', (e: { preventDefault(): void }) => e.preventDefault());
    expect(loose.webContents.drop(['/home/u/data.csv'], false)).toBe('blocked');
  });
});
