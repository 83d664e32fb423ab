// A full launch without Electron: the real launcher core against the demo simulator, the real
// session window manager over fake BrowserWindows, the real settings and placement files and
// the real electron-log configuration (electron-log/node, same hook as the app). A session
// token and an AWS secret are pushed through it on purpose; neither may appear in the log
// files, the settings, the window-state file, or anything sent to the renderer. The demo
// simulator and the core share one virtual clock: time moves only while a call waits on it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeLog from 'electron-log/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment as createDemoEnvironment } from '../../electron/simulator/demo.js';
import { createLauncher } from '../../electron/core/launcher.js';
import type { LauncherCore } from '../../electron/core/ports.js';
import { createSettingsStore } from '../../electron/core/settings.js';
import { TEST_CREDENTIALS } from '../../electron/simulator/index.js';
import { createIpcRouter } from '../../electron/main/ipc.js';
import { configureLogger } from '../../electron/main/log-config.js';
import { createNotifier } from '../../electron/main/notifications.js';
import { createPlacementStore } from '../../electron/main/window-state.js';
import { createSessionWindowManager } from '../../electron/main/windows/session-window-manager.js';
import { eventContract, type EventChannel } from '../../electron/shared/ipc-contract.js';
import { createVirtualClock } from '../fixtures/virtual-clock.js';
import { FakeWindow } from './fakes/fake-window.js';

const SECRET = TEST_CREDENTIALS.secretAccessKey;
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENforTHEredactionTEST0123456789abcdefABCDEF';
const ID = 'demo/us-east-2/genomics-notebook';
const PRIMARY = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };

const clock = createVirtualClock();
let dir: string;
let core: LauncherCore;
let logFile: string;
const toRenderer: unknown[] = [];
let tokens: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lfr-redaction-'));
  const logger = configureLogger(nodeLog.create({ logId: 'redaction-test' }), {
    dir: join(dir, 'logs'),
    consoleLevel: false,
  });
  logFile = join(dir, 'logs', 'main.log');
  const env = await createDemoEnvironment({ clock });
  const windows = createSessionWindowManager({
    createWindow: (o) => new FakeWindow(o),
    placements: createPlacementStore(dir),
    screen: { all: () => [PRIMARY], primary: () => PRIMARY, displayIdFor: () => 1 },
    confirmExternal: async () => false,
    openExternal: () => undefined,
    onBroken: () => undefined,
    log: logger,
  });
  const notifier = createNotifier({
    supported: () => true,
    create: (n) => ({ on: () => undefined, show: () => logger.info('notification', n) }),
  });
  core = createLauncher({
    env,
    windows,
    notifier,
    settings: createSettingsStore({ dir }),
    clock,
    version: '0.0.0-test',
    platform: process.platform,
    createDemoEnvironment: () => createDemoEnvironment({ clock }),
  });
  for (const channel of Object.keys(eventContract) as EventChannel[]) {
    core.on(channel, (payload) => {
      toRenderer.push({ channel, payload });
      logger.info(`event ${channel}`, payload);
    });
  }
  const router = createIpcRouter({ service: core, isTrustedSender: () => true, log: logger });
  const call = async (channel: string, ...args: unknown[]) => {
    const result = await clock.run(
      router.dispatch(
        { sender: { id: 1 }, senderFrame: { url: 'app://launcher/index.html', parent: null } },
        channel,
        args,
      ),
    );
    toRenderer.push({ channel, result });
    logger.info(`ipc ${channel} ->`, result);
    return result;
  };

  await call('computers:refresh');
  expect(await call('session:open', ID, 'app')).toEqual({ ok: true, value: null });
  expect(await call('session:open', ID, 'desktop')).toEqual({ ok: true, value: null });
  await call('windows:list');
  await call('settings:update', { regions: ['us-east-2'], favourites: [ID] });

  // The URLs the windows loaded carry the simulator's real session tokens.
  const loaded = FakeWindow.all.flatMap((w) => w.loaded);
  tokens = loaded.map((u) => new URL(u).searchParams.get('authToken') ?? '').filter(Boolean);
  // Now the careless log lines a developer might write, on purpose.
  for (const url of loaded) {
    logger.info('opening session window at', url);
    logger.warn(new Error(`load failed for ${url}`));
    logger.info({ sessions: [{ name: 'app', url, isPrimary: true }] });
  }
  logger.info(`credentials: aws_secret_access_key=${SECRET} aws_session_token=${SESSION_TOKEN}`);
  logger.error('provider gave', {
    accessKeyId: TEST_CREDENTIALS.accessKeyId,
    secretAccessKey: SECRET,
    sessionToken: SESSION_TOKEN,
  });
  logger.info(`x-amz-security-token: ${SESSION_TOKEN}`);
  windows.closeAll();
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function filesUnder(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)],
  );
}

describe('secrets through a full launch', () => {
  it('really carried session tokens (the test can fail)', () => {
    expect(tokens).toHaveLength(2);
    for (const t of tokens) expect(t.length).toBeGreaterThan(16);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('opening session window at http://127.0.0.1:');
    expect(log).toContain('[redacted]');
  });

  it('writes neither token nor secret to any file: logs, settings, window state', () => {
    const files = filesUnder(dir);
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(
      expect.arrayContaining(['logs/main.log', 'settings.json', 'window-state.json']),
    );
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const t of [...tokens, SESSION_TOKEN, SECRET])
        expect({ file, leaked: text.includes(t) }).toEqual({ file, leaked: false });
    }
  });

  it('sends neither token, secret nor session URL to the renderer', () => {
    const payload = JSON.stringify(toRenderer);
    expect(payload.length).toBeGreaterThan(100);
    for (const t of [...tokens, SECRET]) expect(payload.includes(t)).toBe(false);
    expect(payload).not.toMatch(/authToken|\/dcv\//);
  });
});
