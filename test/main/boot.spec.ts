// Boots the real electron/main/index.ts in Node with a fake 'electron' module (no Electron
// binary here): catches wiring mistakes (order of setup, a handler missing, a window made
// without its guards) that type checks cannot, and drives a session through real IPC.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrayMenuItem } from '../../electron/core/tray-menu.js';
import { invokeContract } from '../../electron/shared/ipc-contract.js';
import type { FakeBrowserWindow, FakeElectronState } from './fakes/fake-electron.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'test-results', 'boot-main');
const fake = () => (globalThis as unknown as { __fakeElectron: FakeElectronState }).__fakeElectron;
const hook = () => (globalThis as unknown as { __lfrE2E: { trayModel(): TrayMenuItem[]; openSession(id: string, k: string): Promise<unknown> } }).__lfrE2E;
const ID = 'demo/us-east-2/genomics-notebook';

let launcher: FakeBrowserWindow;
const trusted = () => ({ sender: launcher.webContents, senderFrame: { url: 'app://launcher/index.html', parent: null, ...launcher.webContents.mainFrame } });
const invoke = (channel: string, ...args: unknown[]) => fake().ipcHandlers.get(channel)!(trusted(), ...args);

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'electron/main/index.ts')],
    outfile: join(outDir, 'main.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    packages: 'external',
    plugins: [
      {
        name: 'fake-electron',
        setup(b) {
          b.onResolve({ filter: /^electron$/ }, () => ({ path: join(root, 'test/main/fakes/fake-electron.ts') }));
          b.onResolve({ filter: /^electron-log\/main$/ }, () => ({ path: 'electron-log/node', external: true }));
        },
      },
    ],
  });
  process.env.LFR_E2E = '1';
  // No profile on this "machine" at all: the app must start in demo mode by itself.
  process.env.AWS_CONFIG_FILE = join(outDir, 'no-such-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(outDir, 'no-such-credentials');
  await import(pathToFileURL(join(outDir, 'main.mjs')).href);
  fake().appPath = root;
  fake().ready();
  // main() runs after whenReady: wait for the launcher window.
  for (let i = 0; i < 200 && !fake().windows.length; i++) await new Promise((r) => setTimeout(r, 25));
  launcher = fake().windows[0]!;
}, 60_000);

afterAll(async () => {
  fake()?.appEvents.emit('will-quit', {});
  await new Promise((r) => setTimeout(r, 50));
  rmSync(outDir, { recursive: true, force: true });
  if (fake()) rmSync(fake().userData, { recursive: true, force: true });
  delete process.env.LFR_E2E;
  delete process.env.AWS_CONFIG_FILE;
  delete process.env.AWS_SHARED_CREDENTIALS_FILE;
});

describe('main process boot (fake electron)', () => {
  it('registers the app scheme, its handler, every IPC channel and a tray', () => {
    expect(fake().privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(fake().protocolHandlers.has('app')).toBe(true);
    expect([...fake().ipcHandlers.keys()].sort()).toEqual(Object.keys(invokeContract).sort());
    expect(fake().trays).toHaveLength(1);
  });

  it('opens the launcher from app://launcher with our preload and the hardened options', () => {
    expect(launcher.loaded).toEqual(['app://launcher/index.html']);
    expect(launcher.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(launcher.options.webPreferences?.preload).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('starts in demo mode when no AWS profile exists, answers trusted IPC and drops a message from a session window', async () => {
    expect(await invoke('app:info')).toMatchObject({ demo: true, version: '0.0.0-boot' });
    const other = { sender: { id: 999 }, senderFrame: { url: 'app://launcher/index.html', parent: null } };
    await expect(Promise.resolve(fake().ipcHandlers.get('app:info')!(other))).rejects.toMatchObject({ name: 'UntrustedSender' });
  });

  it('opens application and desktop session windows through IPC, focuses on a repeat, and the tray follows', async () => {
    await invoke('computers:refresh');
    expect(await invoke('session:open', ID, 'app')).toEqual({ ok: true, value: null });
    expect(await invoke('session:open', ID, 'desktop')).toEqual({ ok: true, value: null });
    const sessions = fake().windows.filter((w) => w !== launcher && !w.destroyed);
    expect(sessions.map((w) => w.title).sort()).toEqual([expect.stringMatching(/^genomics-notebook — .+ \(Application\)$/), expect.stringMatching(/^genomics-notebook — .+ \(Desktop\)$/)]);
    for (const w of sessions) {
      expect(w.options.webPreferences?.preload).toBeUndefined();
      expect(w.options.webPreferences?.partition).toMatch(/^lfr-session-/);
      expect(w.loaded[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dcv\//);
    }
    expect(await invoke('session:open', ID, 'app')).toEqual({ ok: true, value: null });
    expect(fake().windows.filter((w) => w !== launcher && !w.destroyed)).toHaveLength(2);
    const item = hook().trayModel().find((i) => i.label.startsWith('genomics-notebook'));
    expect(item?.submenu?.map((i) => i.label)).toEqual(expect.arrayContaining(['Show application', 'Show desktop']));
    // The renderer heard about the windows, never their URLs.
    const sent = JSON.stringify(fake().sent);
    expect(sent).toContain('windows:changed');
    expect(sent).not.toContain('authToken');
  });

  it('the tray item of a stopped computer reads "Start and open application" and its click starts it and opens the window', async () => {
    type Entry = { label?: string; click?: () => void; submenu?: Entry[] };
    const template = () => (fake().trays[0]!.menu as { template: Entry[] }).template;
    const find = (items: Entry[], label: string): Entry | undefined =>
      items.flatMap((i) => [i, ...(i.submenu ?? [])]).find((i) => i.label?.startsWith(label));
    const gpu = find(template(), 'model-training-gpu');
    expect(gpu?.label).toMatch(/stopped/);
    const item = find(gpu?.submenu ?? [], 'Start and open application');
    expect(item?.label).toBe('Start and open application');
    item!.click!();
    const opened = () => fake().windows.some((w) => !w.destroyed && /^model-training-gpu — .+ \(Application\)$/.test(w.title));
    for (let i = 0; i < 400 && !opened(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(opened()).toBe(true);
    expect(find(template(), 'model-training-gpu')?.label).toMatch(/running/);
  }, 30_000);

  it('closes a webContents the window factories did not create', async () => {
    const Ctor = launcher.constructor as unknown as new (o: object) => FakeBrowserWindow;
    const stray = new Ctor({ webPreferences: {} });
    // Electron aborts the load of a closed webContents: loadURL rejects (ERR_ABORTED).
    await expect(stray.loadURL('https://evil.test/')).rejects.toThrow(/ERR_ABORTED/);
    expect(stray.destroyed).toBe(true);
    // And a <webview> is refused everywhere.
    let prevented = false;
    launcher.webContents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });

  it('never trusts a bad certificate', () => {
    const answers: boolean[] = [];
    fake().appEvents.emit('certificate-error', { preventDefault() {} }, launcher.webContents, 'https://dcv.example.com/?authToken=x', 'net::ERR_CERT_AUTHORITY_INVALID', {}, (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false]);
  });

  it('hides the launcher on close (closeToTray) instead of quitting', () => {
    launcher.visible = true;
    launcher.close();
    expect(launcher.destroyed).toBe(false);
    expect(launcher.visible).toBe(false);
  });
});
