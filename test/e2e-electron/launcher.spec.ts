// The whole shell, for real: launch the built app in demo mode, list computers through the
// renderer's api, open the application and desktop windows, check they show the simulator's
// stand-in DCV pages, open again (focus, no duplicate), compare the tray model, quit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import type { TrayMenuItem } from '../../electron/core/tray-menu.js';
import type { LauncherApi } from '../../electron/preload/index.js';
import type { OpenWindow, SessionProgress } from '../../electron/shared/models.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = electronBinary(root);

interface E2EHook {
  trayModel(): TrayMenuItem[];
  windows(): OpenWindow[];
  snapshot(): { progress: SessionProgress[] };
}

test.describe.configure({ mode: 'serial' });
test.skip(!binary, 'skipped: no Electron binary');

let app: ElectronApplication;
let launcher: Page;
let userData: string;

if (!binary) console.log('e2e-electron: skipped: no Electron binary (node_modules/electron has no dist; run `npm rebuild electron` where it can be downloaded)');

// Everything below goes through the launcher renderer's real window.launcher (preload + IPC +
// sender check), never around it. Functions are passed to evaluate as is: the page's CSP
// forbids eval.
type Win = { launcher: LauncherApi };
const ID = 'demo/us-east-2/genomics-notebook';
const openSession = (kind: 'app' | 'desktop') => launcher.evaluate(([id, k]) => (window as unknown as Win).launcher.openSession(id, k), [ID, kind] as const);
const trayModel = () => app.evaluate(() => (globalThis as unknown as { __lfrE2E: E2EHook }).__lfrE2E.trayModel());
const openWindows = () => app.evaluate(() => (globalThis as unknown as { __lfrE2E: E2EHook }).__lfrE2E.windows());

test.beforeAll(async () => {
  if (!existsSync(join(root, 'dist/main/index.js')) || !existsSync(join(root, 'dist/preload/index.cjs'))) {
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'inherit' });
  }
  if (!existsSync(join(root, 'renderer/dist/index.html'))) execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: root, stdio: 'inherit' });
  userData = mkdtempSync(join(tmpdir(), 'lfr-e2e-electron-'));
  app = await electron.launch({
    executablePath: binary!,
    args: [root, '--demo', `--user-data-dir=${userData}`],
    env: { ...process.env, LFR_E2E: '1', ELECTRON_ENABLE_LOGGING: '1' },
    cwd: root,
  });
  launcher = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close().catch(() => undefined);
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test('the launcher loads from app://launcher with its api and no node', async () => {
  expect(launcher.url()).toBe('app://launcher/index.html');
  expect(await launcher.evaluate(() => typeof (window as unknown as { launcher?: unknown }).launcher)).toBe('object');
  expect(await launcher.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
  expect((await launcher.evaluate(() => (window as unknown as Win).launcher.appInfo())).demo).toBe(true);
});

test('lists the demo computers', async () => {
  const list = await launcher.evaluate(() => (window as unknown as Win).launcher.refreshComputers());
  expect(list.computers.map((c) => c.id)).toContain(ID);
  await expect(launcher.getByText('genomics-notebook').first()).toBeVisible();
});

test('opens the application and the desktop in two windows showing the right pages', async () => {
  for (const kind of ['app', 'desktop'] as const) expect(await openSession(kind)).toEqual({ ok: true, value: null });
  await expect.poll(() => app.windows().length).toBe(3);
  const sessions = app.windows().filter((w) => w !== launcher);
  const kinds = await Promise.all(
    sessions.map(async (w) => {
      const main = w.locator('main#dcv');
      await expect(main).toHaveAttribute('data-computer', 'genomics-notebook');
      // A session page gets no preload: nothing of the launcher api leaks into it.
      expect(await w.evaluate(() => typeof (window as unknown as { launcher?: unknown }).launcher)).toBe('undefined');
      return main.getAttribute('data-kind');
    }),
  );
  expect(kinds.sort()).toEqual(['app', 'desktop']);
  const titles = (await openWindows()).map((w) => w.title).sort();
  expect(titles[0]).toMatch(/^genomics-notebook — .+ \(Application\)$/);
  expect(titles[1]).toMatch(/^genomics-notebook — .+ \(Desktop\)$/);
});

test('opening again focuses the open window instead of adding one', async () => {
  expect(await openSession('app')).toEqual({ ok: true, value: null });
  expect(app.windows()).toHaveLength(3);
  expect(await launcher.evaluate((id) => (window as unknown as Win).launcher.focusWindow(id, 'desktop'), ID)).toBe(true);
  expect(app.windows()).toHaveLength(3);
  expect(await openWindows()).toHaveLength(2);
});

test('the tray menu shows the computers and the open windows', async () => {
  const model = await trayModel();
  const computer = model.find((i) => i.label.startsWith('genomics-notebook'));
  expect(computer?.submenu?.map((i) => i.label)).toEqual(expect.arrayContaining(['Show application', 'Show desktop', 'Stop session']));
  expect(model.some((i) => i.type === 'header' && i.label === 'demo · us-east-2')).toBe(true);
  expect(model.at(-1)?.label).toBe('Quit');
});

test('a session page cannot reach the launcher IPC', async () => {
  const session = app.windows().find((w) => w !== launcher)!;
  expect(await session.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
  expect(await session.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
});

test('quits cleanly', async () => {
  const closed = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
  await app.evaluate(({ app: a }) => a.quit());
  await closed;
});
