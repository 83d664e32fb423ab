// Boots the real main process against the fake electron (as boot.spec.ts does) to check what
// the user hears through IPC when a session page cannot be shown: session:open fails with the
// reason, never success; and what the fake does the way Electron does (context bridge copies,
// notifications held weakly).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifier } from '../../electron/main/notifications.js';
import { createApi } from '../../electron/shared/api.js';
import { eventually } from '../fixtures/eventually.js';
import { endBoot, ensureBuilt, importMain } from './fakes/boot-main.js';
import type { FakeElectronState } from './fakes/fake-electron.js';
import type { FakeWindow as FakeBrowserWindow } from './fakes/fake-window.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'test-results', 'boot-session-failures');
const fake = () => (globalThis as unknown as { __fakeElectron: FakeElectronState }).__fakeElectron;
const ID = 'demo/us-east-2/genomics-notebook';

let launcher: FakeBrowserWindow;
const trusted = () => ({
  sender: launcher.webContents,
  senderFrame: { url: 'app://launcher/index.html', parent: null, ...launcher.webContents.mainFrame },
});
const invoke = (channel: string, ...args: unknown[]) => fake().ipcHandlers.get(channel)!(trusted(), ...args);
let fakeModule: typeof import('./fakes/fake-electron.js');

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  process.env.LFR_E2E = '1';
  process.env.AWS_CONFIG_FILE = join(outDir, 'no-such-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(outDir, 'no-such-credentials');
  // Before main: each copy of the fake installs its own ready(), and main's must win.
  fakeModule = await import('./fakes/fake-electron.js');
  await importMain(ensureBuilt());
  fake().appPath = root;
  fake().ready();
  await eventually(() => fake().windows.length > 0, 'the launcher window');
  launcher = fake().windows[0]!;
}, 60_000);

afterAll(async () => {
  await endBoot(fake(), outDir);
  delete process.env.LFR_E2E;
  delete process.env.AWS_CONFIG_FILE;
  delete process.env.AWS_SHARED_CREDENTIALS_FILE;
});

describe('a session page that cannot be shown, through IPC', () => {
  it('session:open reports the failure and its reason, and the window is shown with it', async () => {
    await invoke('computers:refresh');
    fake().network = () => ({ fail: { code: -105, description: 'ERR_NAME_NOT_RESOLVED' } });
    const res = (await invoke('session:open', ID, 'desktop')) as {
      ok: boolean;
      error?: { kind: string; message: string };
    };
    fake().network = () => ({});
    expect(res.ok).toBe(false);
    expect(res.error).toMatchObject({
      kind: 'session-failed',
      message: expect.stringMatching(/address could not be found/),
    });
    expect(JSON.stringify(res)).not.toContain('authToken');
    // Shown with the reason (the fake's dialog then answers "Close window").
    const win = fake().windows.find((w) => / \(Desktop\)$/.test(w.title));
    expect(win?.visible).toBe(true);
  });

  it('an HTTP error page is a failure too, not a success', async () => {
    fake().network = () => ({ status: 403 });
    const res = (await invoke('session:open', ID, 'app')) as { ok: boolean; error?: { message: string } };
    fake().network = () => ({});
    expect(res.ok).toBe(false);
    expect(res.error?.message).toMatch(/HTTP 403/);
  });

  it('the session partition has a certificate verify proc', async () => {
    expect(await invoke('session:open', ID, 'app')).toEqual({ ok: true, value: null });
    const win = fake().windows.find((w) => !w.destroyed && w !== launcher)!;
    expect((win.webContents.session as unknown as { verifyProc: unknown }).verifyProc).toBeTypeOf('function');
  });
});

describe('the fake electron is as strict as Electron', () => {
  it('contextBridge copies: an Error keeps only its message, a class instance loses its methods', async () => {
    const { bridgeCopy } = fakeModule;
    class Point {
      constructor(readonly x: number) {}
      twice() {
        return this.x * 2;
      }
    }
    const copied = bridgeCopy({
      p: new Point(2),
      e: Object.assign(new Error('boom'), { kind: 'network' }),
      f: () => new Point(3),
    }) as Record<string, unknown>;
    expect(copied.p).toEqual({ x: 2 });
    expect((copied.p as { twice?: unknown }).twice).toBeUndefined();
    expect((copied.e as Error).message).toBe('boom');
    expect((copied.e as { kind?: unknown }).kind).toBeUndefined();
    expect((copied.f as () => unknown)()).toEqual({ x: 3 });
    const thrower = bridgeCopy(async () => {
      throw Object.assign(new Error('denied'), { kind: 'access-denied' });
    }) as () => Promise<unknown>;
    await expect(thrower()).rejects.toEqual(new Error('denied'));
    expect(() => bridgeCopy(Symbol('x'))).toThrow();
  });

  it('the launcher API survives the bridge: every method, and errors as values with their kind', async () => {
    const api = fakeModule.bridgeCopy(
      createApi({
        invoke: async () => ({ ok: false, error: { kind: 'network', message: 'offline' } }),
        on: () => () => undefined,
      } as never),
    ) as Record<string, unknown>;
    const original = createApi({ invoke: async () => null, on: () => () => undefined } as never) as Record<
      string,
      unknown
    >;
    expect(Object.keys(api).sort()).toEqual(Object.keys(original).sort());
    for (const k of Object.keys(original)) expect(typeof api[k]).toBe(typeof original[k]);
    const res = await (
      api.openSession as (id: string, k: string) => Promise<{ ok: boolean; error: { kind: string } }>
    )(ID, 'app');
    expect(res.error.kind).toBe('network');
  });

  it('an unreferenced Notification can be collected, as in Electron', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    (() => void new fakeModule.Notification({ title: 't', body: 'b' }).show())();
    const ref = fake().notifications.at(-1)!;
    for (let i = 0; i < 10 && ref.deref(); i++) {
      await new Promise((r) => setTimeout(r, 0));
      gc();
    }
    expect(ref.deref()).toBeUndefined();
  });

  it('a notification the system refuses is let go, and none is made where notifications are unsupported', async () => {
    const made: unknown[] = [];
    const notifier = createNotifier({
      supported: () => fakeModule.Notification.isSupported(),
      create: (opts) => (made.push(opts), new fakeModule.Notification(opts)),
    });
    fake().notificationsFail = 'no notification server';
    notifier.notify({ title: 'ready', body: 'b', computerId: ID });
    await new Promise((r) => setTimeout(r, 0));
    expect([made.length, notifier.shown]).toEqual([1, 0]);
    fake().notificationsFail = undefined;
    fake().notificationsSupported = false;
    notifier.notify({ title: 'ready', body: 'b', computerId: ID });
    expect([made.length, notifier.shown]).toEqual([1, 0]);
    fake().notificationsSupported = true;
  });

  it('a shown notification stays alive until clicked, so its click still opens the computer', async () => {
    const gc = runInNewContext('gc') as () => void;
    const clicked: unknown[] = [];
    const notifier = createNotifier({
      supported: () => true,
      create: (opts) => new fakeModule.Notification(opts),
      onClick: (id) => clicked.push(id),
    });
    notifier.notify({ title: 'ready', body: 'b', computerId: ID });
    const ref = fake().notifications.at(-1)!;
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 0));
      gc();
    }
    ref.deref()?.emit('click');
    expect(clicked).toEqual([ID]);
  });
});
