// Files in and out of a session window, through the real main process (the built bundle, booted
// on the fake electron as boot.spec.ts does): a file the session page downloads goes through the
// save dialog, shows its progress on the window and says when it is done; a download cancelled
// in the dialog leaves nothing behind; an interrupted one says how far it got and what to do; and
// a file dropped onto the window (which Chromium turns into a navigation to its file:// URL when
// the page does not take the drop) never takes the window away from the session. Quitting while a
// file downloads asks first: Electron cancels every download when the app quits.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bootMain, endBoot, ensureBuilt } from './fakes/boot-main.js';
import type { FakeDownloadItem } from './fakes/fake-download.js';
import type { FakeElectronState } from './fakes/fake-electron.js';
import type { FakeWindow } from './fakes/fake-window.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'test-results', 'boot-downloads');
const fake = () => (globalThis as unknown as { __fakeElectron: FakeElectronState }).__fakeElectron;
const ID = 'demo/us-east-2/genomics-notebook';

let launcher: FakeWindow;
let session: FakeWindow;
const trusted = () => ({
  sender: launcher.webContents,
  senderFrame: { url: 'app://launcher/index.html', parent: null, ...launcher.webContents.mainFrame },
});
const invoke = (channel: string, ...args: unknown[]) => fake().ipcHandlers.get(channel)!(trusted(), ...args);
/** What the notifications main showed said. */
const shown = () =>
  fake()
    .notifications.map((r) => r.deref()?.opts as { title: string; body: string } | undefined)
    .filter((n) => n !== undefined);
/** The page downloads a file of its session storage (DCV's file list link). */
const download = (name: string, totalBytes: number): FakeDownloadItem =>
  session.webContents.session.download(
    `${session.webContents.getURL().split('?')[0]}files/${name}?authToken=SESSION-TOKEN`,
    { filename: name, totalBytes, mimeType: 'application/octet-stream' },
    session.webContents,
  );

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  // Not an e2e run: quitting asks as it does for a user.
  delete process.env.LFR_E2E;
  process.env.AWS_CONFIG_FILE = join(outDir, 'no-such-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(outDir, 'no-such-credentials');
  await bootMain(ensureBuilt());
  launcher = fake().windows[0]!;
  await invoke('computers:refresh');
  expect(await invoke('session:open', ID, 'app')).toEqual({ ok: true, value: null });
  session = fake().windows.find((w) => !w.destroyed && w !== launcher)!;
}, 60_000);

beforeEach(() => {
  fake().saveDialog = undefined;
  session.progress.length = 0;
});

afterAll(async () => {
  await endBoot(fake(), outDir);
  delete process.env.AWS_CONFIG_FILE;
  delete process.env.AWS_SHARED_CREDENTIALS_FILE;
});

describe('a download from the session window', () => {
  it('asks where to save over the window, shows progress on it, and says where the file went', async () => {
    const chosen = join(outDir, 'chosen', 'notes.txt');
    fake().saveDialog = () => ({ canceled: false, filePath: chosen });
    const item = download('notes.txt', 400);
    await item.targetDecided;
    const dialog = fake().saveDialogs.at(-1)!;
    expect(dialog.parentId).toBe(session.id);
    expect(dialog.options.title).toBe('Save notes.txt from genomics-notebook');
    // Electron's own title would be the URL, and with it the session's token.
    expect(JSON.stringify(dialog.options)).not.toContain('SESSION-TOKEN');
    expect(dialog.options.defaultPath).toBe(join(fake().userData, 'downloads', 'notes.txt'));
    item.receive(100);
    item.receive(200);
    expect(session.progress).toEqual([0.25, 0.75]);
    await item.finish();
    expect(session.progress.at(-1)).toBe(-1);
    expect(shown().at(-1)).toEqual({
      title: 'Download finished',
      body: `notes.txt was saved in ${join(outDir, 'chosen')}.`,
    });
    // The next download's dialog opens where the user saved this one.
    fake().saveDialog = () => ({ canceled: true });
    await download('results.csv', 10).targetDecided;
    expect(fake().saveDialogs.at(-1)!.options.defaultPath).toBe(join(outDir, 'chosen', 'results.csv'));
  });

  it('cancelled in the save dialog: nothing saved, no progress left, nothing to read', async () => {
    fake().saveDialog = () => ({ canceled: true });
    const before = shown().length;
    const item = download('results.csv', 30);
    item.receive(10);
    await item.targetDecided;
    expect([item.getState(), item.getSavePath()]).toEqual(['cancelled', '']);
    expect(session.progress.filter((f) => f !== -1)).toEqual([]);
    expect(shown().length).toBe(before);
  });

  it('interrupted: the window’s bar clears and a notification says how far it got and what to do', async () => {
    fake().saveDialog = () => ({ canceled: false, filePath: join(outDir, 'big.tar') });
    const item = download('big.tar', 4 * 1024 * 1024);
    await item.targetDecided;
    item.receive(1024 * 1024);
    item.interrupt();
    expect(item.getState()).toBe('interrupted');
    expect(session.progress).toEqual([0.25, -1]);
    expect(shown().at(-1)).toEqual({
      title: 'Download failed',
      body: "big.tar stopped after 1 MB of 4 MB and was not saved. Download it again from the session's file storage.",
    });
  });
});

describe('stopping a download', () => {
  type Entry = { id?: string; label?: string; click?: () => void; submenu?: Entry[] };
  const menuItem = (id: string): Entry | undefined => {
    const all = (t: Entry[]): Entry[] => t.flatMap((i) => [i, ...(i.submenu ? all(i.submenu) : [])]);
    return all((session.menu as { template: Entry[] }).template).find((i) => i.id === id);
  };

  it('the session window’s menu offers Cancel while the file downloads; it stops it, and nothing is reported', async () => {
    fake().saveDialog = () => ({ canceled: false, filePath: join(outDir, 'dataset.tar') });
    const before = shown().length;
    const item = download('dataset.tar', 1000);
    await item.targetDecided;
    expect(menuItem('cancel-downloads')).toBeUndefined();
    item.receive(100);
    const cancel = menuItem('cancel-downloads');
    expect(cancel?.label).toBe('Cancel Download of dataset.tar');
    cancel!.click!();
    expect(item.getState()).toBe('cancelled');
    expect(session.progress.at(-1)).toBe(-1);
    expect(menuItem('cancel-downloads')).toBeUndefined();
    expect(shown().length).toBe(before);
  });
});

describe('a file dropped onto the session window', () => {
  it('does not navigate the window to the file: the session stays, and nothing is offered', async () => {
    const loaded = [...session.loaded];
    const url = session.webContents.getURL();
    const prompts = fake().messageBoxes.length;
    // A drop the page takes is the page's (DCV uploads it); one it does not take goes nowhere.
    expect(session.webContents.drop(['/home/u/Documents/notes.txt'], true)).toBe('page');
    expect(session.webContents.drop(['/home/u/Documents/notes.txt'], false)).toBe('ignored');
    // Were the window ever to accept load drops, Chromium's navigation to the file would still
    // meet the session's navigation guard (will-navigate).
    expect(session.webContents.navigate('will-navigate', 'file:///home/u/Documents/notes.txt')).toBe(true);
    // A link dragged in from another application: not without the user's click in this window.
    expect(session.webContents.navigate('will-navigate', 'https://example.com/paper.pdf')).toBe(true);
    expect(session.loaded).toEqual(loaded);
    expect(session.webContents.getURL()).toBe(url);
    expect(fake().messageBoxes.length).toBe(prompts);
    expect(session.destroyed).toBe(false);
  });
});

describe('quitting while a file downloads', () => {
  type Entry = { label?: string; click?: () => void };
  const quit = () =>
    (fake().trays[0]!.menu as { template: Entry[] }).template.find((i) => i.label === 'Quit')!.click!();

  it('asks first; Keep running keeps the download going, and once it is done Quit asks nothing', async () => {
    fake().saveDialog = () => ({ canceled: false, filePath: join(outDir, 'late.bin') });
    const item = download('late.bin', 100);
    await item.targetDecided;
    item.receive(50);
    const asked = fake().messageBoxes.length;
    quit();
    // The fake's question answers "Keep running".
    await new Promise((r) => setTimeout(r, 0));
    expect(fake().messageBoxes.slice(asked)).toEqual([
      expect.objectContaining({
        message: 'A file is still downloading. Quit anyway?',
        detail: 'A download stops when the launcher quits and is not saved.',
        buttons: ['Quit', 'Keep running'],
      }),
    ]);
    expect(fake().quitLog).not.toContain('will-quit');
    expect(item.getState()).toBe('progressing');
    await item.finish();
    quit();
    expect(fake().messageBoxes.length).toBe(asked + 1);
    expect(fake().quitLog.at(-1)).toBe('will-quit');
  });
});
