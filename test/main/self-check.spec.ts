// `--self-check`: the verdicts (pure, electron/core/self-check.ts) and the run itself against the
// fake electron, where a healthy app passes every row and a weakened window or a navigation
// that got through turns the exit code non-zero.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  formatCheckTable,
  judgeAppProtocol,
  judgeBridge,
  judgeNavigation,
  judgeNotification,
  judgeWindowPreferences,
  runChecks,
  selfCheckVerdict,
  type CheckResult,
} from '../../electron/core/self-check.js';
import { createApi } from '../../electron/shared/api.js';
import { LAUNCHER_CSP } from '../../electron/shared/web.js';
import type { ComputerId } from '../../electron/shared/models.js';
import {
  BrowserWindow as FakeBrowserWindow,
  app as fakeApp,
  protocol as fakeProtocol,
  type FakeElectronState,
} from './fakes/fake-electron.js';

vi.mock('electron', () => import('./fakes/fake-electron.js'));

const { setupSelfCheck } = await import('../../electron/main/self-check.js');
const { createAppProtocolHandler, LAUNCHER_URL } = await import('../../electron/main/protocol.js');
const { launcherWindowOptions, sessionWebPreferences } =
  await import('../../electron/main/windows/window-options.js');

const state = () => (globalThis as unknown as { __fakeElectron: FakeElectronState }).__fakeElectron;
const row = (status: CheckResult['status'], name = 'x', detail = 'd'): CheckResult => ({
  name,
  status,
  detail,
  ms: 1,
});

describe('the verdict', () => {
  it('is exit 0 only when nothing failed (warnings allowed) and something was checked', () => {
    expect(selfCheckVerdict([row('pass'), row('warn')]).exitCode).toBe(0);
    expect(selfCheckVerdict([row('pass'), row('fail')]).exitCode).toBe(1);
    expect(selfCheckVerdict([]).exitCode).toBe(1);
    expect(selfCheckVerdict([row('pass'), row('fail'), row('warn')]).summary).toMatch(
      /^1 passed, 1 failed, 1 warnings: the launcher is NOT working/,
    );
  });

  it('prints one aligned line per check, failures marked FAIL, details on one line', () => {
    const table = formatCheckTable([
      row('pass', 'tray', 'tray icon'),
      row('fail', 'web preferences', 'launcher: sandbox must be true\nmore'),
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('ok    tray             tray icon');
    expect(lines[3]).toBe('FAIL  web preferences  launcher: sandbox must be true more');
  });
});

describe('runChecks', () => {
  it('keeps going after a step that throws or never answers, and reports each', async () => {
    const results = await runChecks(
      [
        { name: 'throws', run: async () => Promise.reject(new Error('the window is gone')) },
        { name: 'hangs', run: () => new Promise(() => undefined) },
        {
          name: 'two windows',
          run: async () => [
            { status: 'pass', detail: 'a' },
            { status: 'fail', detail: 'b' },
          ],
        },
        { name: 'empty', run: async () => [] },
      ],
      { timeoutMs: 50 },
    );
    expect(results.map((r) => [r.name, r.status, r.detail])).toEqual([
      ['throws', 'fail', 'the window is gone'],
      ['hangs', 'fail', 'no answer within 0 s'],
      ['two windows', 'pass', 'a'],
      ['two windows', 'fail', 'b'],
      ['empty', 'fail', 'the check measured nothing'],
    ]);
  });
});

describe('the judges', () => {
  it('fail a window with unsafe preferences, a session window with a preload, or a missing window', () => {
    const out = judgeWindowPreferences(
      [
        {
          label: 'launcher',
          role: 'launcher',
          reported: true,
          violations: ['sandbox must be true'],
          bridge: true,
          sessionPreloads: 0,
        },
        {
          label: 'lab — Desktop',
          role: 'session',
          reported: true,
          violations: [],
          bridge: true,
          sessionPreloads: 0,
        },
      ],
      { sessionWindows: 2 },
    );
    expect(out.map((o) => o.status)).toEqual(['fail', 'fail', 'fail']);
    expect(out.map((o) => o.detail)).toEqual([
      'launcher: sandbox must be true',
      'lab — Desktop: a session page has the launcher bridge',
      '1 of 2 session windows to check',
    ]);
    expect(
      judgeWindowPreferences(
        [
          {
            label: 'launcher',
            role: 'launcher',
            reported: false,
            violations: [],
            bridge: true,
            sessionPreloads: 0,
          },
        ],
        { sessionWindows: 0 },
      )[0]!.status,
    ).toBe('fail');
    expect(
      judgeWindowPreferences(
        [
          {
            label: 'launcher',
            role: 'launcher',
            reported: true,
            violations: [],
            bridge: true,
            sessionPreloads: 1,
          },
        ],
        { sessionWindows: 0 },
      )[0]!.detail,
    ).toBe('launcher: 1 session-wide preload script(s)');
  });

  it('want exactly our CSP on app:// and a 404 for a path that climbs out', () => {
    const ok = { status: 200, contentType: 'text/html; charset=utf-8', csp: LAUNCHER_CSP, escapeStatus: 404 };
    expect(judgeAppProtocol(ok, LAUNCHER_CSP).status).toBe('pass');
    expect(judgeAppProtocol({ ...ok, csp: 'default-src *' }, LAUNCHER_CSP).detail).toMatch(/differs/);
    expect(judgeAppProtocol({ ...ok, csp: null }, LAUNCHER_CSP).detail).toMatch(/no Content-Security-Policy/);
    expect(judgeAppProtocol({ ...ok, escapeStatus: 200 }, LAUNCHER_CSP).status).toBe('fail');
  });

  it('want the contract methods on window.launcher and no Node in the page', () => {
    const keys = ['appInfo', 'listComputers'];
    expect(judgeBridge({ keys, nodeGlobals: [] }, keys).status).toBe('pass');
    expect(judgeBridge({ keys: null, nodeGlobals: [] }, keys).detail).toMatch(/preload did not run/);
    expect(judgeBridge({ keys: [...keys, 'invoke'], nodeGlobals: [] }, keys).detail).toBe(
      'unexpected invoke',
    );
    expect(judgeBridge({ keys, nodeGlobals: ['require'] }, keys).detail).toMatch(/reach Node: require/);
  });

  it('fail a navigation that left the page, pass one that stayed', () => {
    const target = 'https://example.com/';
    expect(
      judgeNavigation({ label: 'launcher', before: LAUNCHER_URL, after: LAUNCHER_URL, target }).status,
    ).toBe('pass');
    expect(judgeNavigation({ label: 'launcher', before: LAUNCHER_URL, after: target, target }).status).toBe(
      'fail',
    );
  });

  it('warn, not fail, when the desktop never confirms a notification; fail when it refuses one', () => {
    expect(judgeNotification({ supported: true, event: 'timeout', platform: 'linux' }).status).toBe('warn');
    expect(
      judgeNotification({ supported: true, event: 'failed', error: 'no AUMID', platform: 'win32' }).detail,
    ).toMatch(/Start menu shortcut/);
    expect(judgeNotification({ supported: false, event: 'timeout', platform: 'linux' }).status).toBe('fail');
  });
});

describe('lfr-launcher --self-check against the fake electron', () => {
  const renderer = mkdtempSync(join(tmpdir(), 'lfr-self-check-renderer-'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>launcher</title>');
  const preload = '/app/dist/preload/index.cjs';
  const bridgeKeys = Object.keys(createApi({ invoke: async () => undefined, on: () => () => undefined }));
  const computer = {
    id: 'demo/us-west-2/lab-notebook' as ComputerId,
    name: 'lab-notebook',
    state: 'running',
  };
  let output = '';
  let navigable = false;
  let sessionPrefs = sessionWebPreferences('lfr-session-test');

  afterAll(() => rmSync(renderer, { recursive: true, force: true }));

  beforeEach(() => {
    const s = state();
    for (const w of s.windows) w.close();
    s.windows.length = 0;
    s.exitCode = undefined;
    s.appEvents.removeAllListeners('second-instance');
    navigable = false;
    sessionPrefs = sessionWebPreferences('lfr-session-test');
    fakeProtocol.handle('app', createAppProtocolHandler(renderer));
    s.executeJavaScript = (wc, code) => {
      if (code.includes("eval('1')")) return 'blocked';
      // only a window created with a preload has the bridge, as in Electron
      const hasBridge = Boolean(wc.owner!.options.webPreferences?.preload);
      if (code.includes('Object.keys(window.launcher)'))
        return hasBridge ? { keys: bridgeKeys, nodeGlobals: [] } : { keys: null, nodeGlobals: [] };
      if (code.includes("typeof window.launcher === 'object'")) return hasBridge;
      if (code.includes('window.launcher.appInfo()'))
        return { version: fakeApp.getVersion(), demo: true, platform: 'linux' };
      if (code.includes('location.assign')) {
        if (navigable) wc.owner!.loaded.push('https://example.com/');
        return true;
      }
      if (code.includes('geolocation')) return 'denied';
      return undefined;
    };
  });

  async function selfCheck(): Promise<{ exitCode: number; table: string }> {
    output = '';
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk) => ((output += String(chunk)), true));
    try {
      const launcher = new FakeBrowserWindow({ ...launcherWindowOptions({ preload }) });
      launcher.loaded.push(LAUNCHER_URL);
      // what index.ts does with a second launch: show the launcher
      fakeApp.on('second-instance', () => launcher.show());
      const check = setupSelfCheck(['electron', '.', '--self-check', '--user-data-dir=/tmp/x'], {
        launchSecond: (args) => {
          state().appEvents.emit('second-instance', {}, ['lfr-launcher', ...args]);
          return { exited: Promise.resolve(0), kill: () => undefined };
        },
      });
      expect(check).toMatchObject({ demo: true, startHidden: true });
      check!.run({
        preloadPath: preload,
        launcherWindow: () => launcher as never,
        trayModel: () =>
          [
            { type: 'normal', label: 'Show launcher', enabled: true },
            { type: 'normal', label: 'Quit', enabled: true },
          ] as never,
        core: {
          'computers:refresh': async () =>
            ({ computers: [computer], errors: [], fetchedAt: new Date(0).toISOString() }) as never,
          'session:open': async (_id: ComputerId, kind: 'app' | 'desktop') => {
            const w = new FakeBrowserWindow({
              title: `lab-notebook — ${kind}`,
              webPreferences: sessionPrefs,
            } as never);
            w.loaded.push(`http://127.0.0.1:8443/${kind}`);
            w.show();
            return { ok: true, value: null };
          },
          snapshot: () => ({ list: { computers: [], errors: [] }, windows: [], progress: [] }) as never,
        } as never,
      });
      for (let i = 0; i < 400 && state().exitCode === undefined; i++)
        await new Promise((r) => setTimeout(r, 25));
    } finally {
      write.mockRestore();
    }
    return { exitCode: state().exitCode ?? -1, table: output };
  }

  it('is off without the flag', () => {
    expect(setupSelfCheck(['electron', '.', '--demo'])).toBeUndefined();
  });

  it('passes every check of a healthy app, prints the table and exits 0', { timeout: 20_000 }, async () => {
    const { exitCode, table } = await selfCheck();
    expect(table).not.toMatch(/^FAIL/m);
    for (const name of [
      'launcher window',
      'app:// protocol',
      'CSP in the page',
      'preload bridge',
      'IPC round trip',
      'session windows',
      'web preferences',
      'refused navigation',
      'denied permission',
      'tray',
      'single-instance lock',
      'notifications',
    ]) {
      expect(table).toMatch(new RegExp(`^ok +${name.replace(/[/.]/g, '\\$&')} `, 'm'));
    }
    // one row per window: the launcher and both session windows
    expect(table.match(/^ok +web preferences /gm)).toHaveLength(3);
    expect(table).toMatch(/passed, 0 failed, 0 warnings: the launcher works on this desktop/);
    expect(exitCode).toBe(0);
    expect(state().notifications).toHaveLength(1);
  });

  it('fails, and exits 1, when a session window runs without the sandbox', { timeout: 20_000 }, async () => {
    sessionPrefs = { ...sessionPrefs, sandbox: false };
    const { exitCode, table } = await selfCheck();
    expect(table).toMatch(/^FAIL +web preferences +lab-notebook — app: sandbox must be true$/m);
    expect(exitCode).toBe(1);
  });

  it(
    'fails when a session window gets a preload (the page has the bridge)',
    { timeout: 20_000 },
    async () => {
      sessionPrefs = { ...sessionPrefs, preload };
      const { exitCode, table } = await selfCheck();
      expect(table).toMatch(
        /^FAIL +web preferences +lab-notebook — app: a session page has the launcher bridge$/m,
      );
      expect(exitCode).toBe(1);
    },
  );

  it('fails when a page could navigate away', { timeout: 20_000 }, async () => {
    navigable = true;
    const { exitCode, table } = await selfCheck();
    expect(table).toMatch(/^FAIL +refused navigation +launcher: navigated to https:\/\/example\.com$/m);
    expect(exitCode).toBe(1);
  });
});
