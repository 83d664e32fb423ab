// Files in and out of a session, in the real shell: the built app against the simulator with its
// TLS DCV stand-in (whose page has DCV's file storage panel), reached as a user's AWS profile
// would reach Lightsail. An upload from the page's file picker and one dropped onto the window
// reach the session's storage, the window staying on the session; a download goes through the
// launcher's save-dialog options to the folder the user chose, with the window's progress bar
// moving and cleared at the end.
//
// Electron's save dialog is native and no test can click it, so the test answers it as a user
// would, by choosing a path: a will-download listener of its own, added after the launcher's,
// sets the save path (which then skips the dialog); the options the launcher gave the dialog are
// read from the item. A file dropped outside the page's own handler (Chromium then navigates to
// it) cannot be made from here; test/main/boot-downloads.spec.ts covers it on the fake.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import type { LauncherApi } from '../../electron/preload/index.js';
import { storedFiles, uploadByPickerAndDrop } from '../fixtures/dcv-file-panel.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = electronBinary(root);

test.describe.configure({ mode: 'serial' });
test.skip(!binary, 'skipped: no Electron binary');

type Win = { launcher: LauncherApi };
/** What the test records in the main process (see beforeAll). */
interface Recorded {
  progress: number[];
  notifications: { title: string; body: string }[];
  downloads: { title?: string; defaultPath?: string; state?: string; savePath?: string }[];
}

let sim: Simulator;
let app: ElectronApplication;
let launcher: Page;
let page: Page;
let dir: string;

const recorded = () => app.evaluate(() => (globalThis as unknown as { __e2eFiles: Recorded }).__e2eFiles);

test.beforeAll(async () => {
  if (!existsSync(join(root, 'dist/main/index.js')) || !existsSync(join(root, 'dist/preload/index.cjs')))
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(join(root, 'renderer/dist/index.html')))
    execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: root, stdio: 'inherit' });
  sim = await startSimulator({ seed: 'demo', dcvTls: true, timeScale: 10 });
  dir = mkdtempSync(join(tmpdir(), 'lfr-e2e-files-'));
  const userData = join(dir, 'user-data');
  // A user's AWS files: one profile whose Lightsail endpoint is the simulator.
  writeFileSync(join(dir, 'config'), '[default]\nregion = us-east-2\n');
  writeFileSync(
    join(dir, 'credentials'),
    `[default]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`,
  );
  // The DCV stand-in's self-signed certificate, trusted as the user would have once
  // ("Trust this computer's certificate": a pin in settings), and one region to sweep.
  const { port } = new URL(sim.dcv!.origin);
  mkdirSync(userData, { recursive: true });
  writeFileSync(
    join(userData, 'settings.json'),
    JSON.stringify({
      regions: ['us-east-2'],
      certificatePins: [{ hostPort: `127.0.0.1:${port}`, sha256: sim.dcv!.fingerprint() }],
    }),
  );
  // Nothing of the machine's own AWS set-up may leak in (a runner may have keys in its environment).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  app = await electron.launch({
    executablePath: binary!,
    args: [root, `--user-data-dir=${userData}`],
    env: {
      ...env,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_ENDPOINT_URL_LIGHTSAIL: sim.endpoint,
      LFR_ALLOW_LOOPBACK: '1',
      LFR_E2E: '1',
      ELECTRON_ENABLE_LOGGING: '1',
    },
    cwd: root,
  });
  launcher = await app.firstWindow();
  // Record what the user would see of a download: the window's progress bar and notifications.
  await app.evaluate(({ BrowserWindow, Notification }) => {
    const rec: Recorded = { progress: [], notifications: [], downloads: [] };
    Object.assign(globalThis, { __e2eFiles: rec });
    const setProgressBar = BrowserWindow.prototype.setProgressBar;
    BrowserWindow.prototype.setProgressBar = function (
      this: Electron.BrowserWindow,
      ...args: Parameters<Electron.BrowserWindow['setProgressBar']>
    ) {
      if (this.getTitle().endsWith('(Application)')) rec.progress.push(args[0]);
      return setProgressBar.apply(this, args);
    };
    const show = Notification.prototype.show;
    Notification.prototype.show = function (this: Electron.Notification) {
      rec.notifications.push({ title: this.title, body: this.body });
      return show.call(this);
    };
  });
});

test.afterAll(async () => {
  await app?.close().catch(() => undefined);
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('opens the application session of a computer on the stand-in DCV page', async () => {
  const list = await launcher.evaluate(() => (window as unknown as Win).launcher.refreshComputers());
  const id = list.computers.find((c) => c.name === 'genomics-notebook')?.id;
  expect(id).toBeDefined();
  expect(
    await launcher.evaluate(
      (computer) => (window as unknown as Win).launcher.openSession(computer, 'app'),
      id!,
    ),
  ).toEqual({ ok: true, value: null });
  await expect.poll(() => app.windows().length).toBe(2);
  page = app.windows().find((w) => w !== launcher)!;
  await expect(page.locator('main#dcv')).toHaveAttribute('data-kind', 'app');
  expect(new URL(page.url()).origin).toBe(sim.dcv!.origin);
  await expect(storedFiles(page)).toContainText('results.csv');
});

test('uploads from the page’s file picker and by a drop onto the window', async () => {
  await uploadByPickerAndDrop(page, sim.dcv!.origin);
  await expect(page.locator('main#dcv')).toHaveAttribute('data-computer', 'genomics-notebook');
});

test('downloads a file of the session to where the user chose, with progress', async () => {
  const target = join(dir, 'chosen', 'notes.txt');
  // The user's answer to the save dialog: this path. Listeners run in the order they were added,
  // so the launcher's own (added when the session's partition was made) has run by then.
  await app.evaluate(({ BrowserWindow }, savePath) => {
    const rec = (globalThis as unknown as { __e2eFiles: Recorded }).__e2eFiles;
    const win = BrowserWindow.getAllWindows().find((w) => w.getTitle().endsWith('(Application)'));
    if (!win) throw new Error('no application window');
    win.webContents.session.once('will-download', (_event, item) => {
      const options = item.getSaveDialogOptions();
      const entry: Recorded['downloads'][number] = {
        ...(options.title !== undefined ? { title: options.title } : {}),
        ...(options.defaultPath !== undefined ? { defaultPath: options.defaultPath } : {}),
      };
      rec.downloads.push(entry);
      item.setSavePath(savePath);
      item.once('done', (_e, state) => {
        entry.state = state;
        entry.savePath = item.getSavePath();
      });
    });
  }, target);
  const before = (await recorded()).progress.length;
  await storedFiles(page).getByRole('link', { name: 'notes.txt' }).click();
  await expect.poll(async () => (await recorded()).downloads[0]?.state).toBe('completed');
  const [d] = (await recorded()).downloads;
  // The launcher's dialog names the file and the computer, never the URL (it carries the token).
  expect(d!.title).toBe('Save notes.txt from genomics-notebook');
  expect(d!.defaultPath).toMatch(/notes\.txt$/);
  expect(JSON.stringify(d)).not.toContain('authToken');
  expect(d!.savePath).toBe(target);
  expect(readFileSync(target, 'utf8')).toBe('field notes\n');
  // The window's bar ends cleared; where the system shows notifications, one says where it went.
  await expect.poll(async () => (await recorded()).progress.slice(before)).toContain(-1);
  expect((await recorded()).progress.at(-1)).toBe(-1);
  const notifications = await app.evaluate(({ Notification }) => Notification.isSupported());
  if (notifications)
    await expect
      .poll(async () => (await recorded()).notifications.map((n) => n.title))
      .toContain('Download finished');
});

test('quits cleanly', async () => {
  // The page guards unload once the user has clicked in it; the question it raises is the
  // session window spec's subject, not this one's.
  await page.locator('#dcv-client').evaluate((el) => el.setAttribute('data-guard', 'off'));
  const closed = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
  await app.evaluate(({ app: a }) => a.quit());
  await closed;
});
