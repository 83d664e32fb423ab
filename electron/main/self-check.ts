// `lfr-launcher --self-check`: the running app checks itself on this desktop. It starts hidden
// in demo mode (the built-in simulator, never a real account), opens both session windows of a
// demo computer and measures what only a real Electron can tell: the web preferences every
// window really runs with, the app:// protocol and its CSP, the preload bridge, an IPC round
// trip, a refused navigation, a denied permission, the tray, the single-instance lock and a
// notification. The verdicts are electron/core/self-check.ts's; this file only measures. It
// prints the table (and writes it next to the logs, since a Windows GUI app has no console),
// then exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, net, Notification, type WebContents, type WebPreferences } from 'electron';
import type { LauncherCore } from '../core/ports.js';
import {
  formatCheckTable,
  judgeAppProtocol,
  judgeBridge,
  judgeIpcRoundTrip,
  judgeNavigation,
  judgeNotification,
  judgePageCsp,
  judgePermission,
  judgeSessionWindows,
  judgeSingleInstance,
  judgeTray,
  judgeWindowPreferences,
  runChecks,
  selfCheckVerdict,
  type CheckOutcome,
  type CheckStep,
} from '../core/self-check.js';
import type { TrayMenuItem } from '../core/tray-menu.js';
import { createApi } from '../shared/api.js';
import type { SessionKind } from '../shared/models.js';
import { LAUNCHER_CSP } from '../shared/web.js';
import { LAUNCHER_URL } from './protocol.js';
import { webPreferencesViolations } from './windows/window-options.js';

const FLAG = '--self-check';

/** True when the app was started to check itself (demo data, hidden launcher). */
export function isSelfCheck(argv: readonly string[]): boolean {
  return argv.includes(FLAG);
}
// A second launch made by the single-instance check carries this, so it can be recognised.
const PROBE = '--self-check-probe';
const STEP_TIMEOUT_MS = 45_000;

/** What the self-check reads from the running app once main() has set it up. */
export interface SelfCheckApp {
  core: Pick<LauncherCore, 'computers:refresh' | 'session:open' | 'snapshot'>;
  launcherWindow(): BrowserWindow | undefined;
  trayModel(): readonly TrayMenuItem[] | undefined;
  preloadPath: string;
}

/** The self-check as index.ts sees it: how to start (demo, hidden), and run(app) after setup. */
export interface SelfCheck {
  demo: true;
  startHidden: true;
  run(target: SelfCheckApp): void;
}

// The contract's method names, as the preload exposes them.
const bridgeKeys = Object.keys(createApi({ invoke: async () => undefined, on: () => () => undefined }));

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once the page has finished loading (at once when it already has). */
function loaded(wc: WebContents): Promise<void> {
  if (!wc.isLoading() && wc.getURL()) return Promise.resolve();
  return new Promise((resolve) => wc.once('did-finish-load', () => resolve()));
}

/**
 * The preferences Electron really applied, with its defaults (undocumented but kept API; null
 * when absent). It reports the security switches (sandbox, contextIsolation, nodeIntegration,
 * webSecurity, webviewTag…), not the preload or the partition.
 */
function lastWebPreferences(wc: WebContents): WebPreferences | null {
  const get = (wc as WebContents & { getLastWebPreferences?: () => WebPreferences | null })
    .getLastWebPreferences;
  return typeof get === 'function' ? (get.call(wc) ?? null) : null;
}

/** Tries to leave the page for another origin and reports where it is afterwards. */
async function tryNavigation(label: string, wc: WebContents): Promise<CheckOutcome> {
  const target = 'https://example.com/';
  const before = wc.getURL();
  await wc.executeJavaScript(`location.assign(${JSON.stringify(target)}); true`, true).catch(() => undefined);
  await delay(750);
  return judgeNavigation({ label, before, after: wc.getURL(), target });
}

/** Asks the page's own permission API; the app's handlers must say no. */
async function permissionState(wc: WebContents): Promise<string> {
  return String(
    await wc.executeJavaScript(
      `new Promise((resolve) => navigator.geolocation.getCurrentPosition(() => resolve('granted'), (e) => resolve(e.code === 1 ? 'denied' : 'error ' + e.code), { timeout: 5000 }))`,
      true,
    ),
  );
}

/** Starts a second copy of the app with these arguments; resolves with its exit code. */
type LaunchSecond = (args: string[]) => { exited: Promise<number | null>; kill(): void };

const launchSecondCopy: LaunchSecond = (args) => {
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  return { exited, kill: () => void child.kill() };
};

/** Open both kinds on a running demo computer and wait for their pages. */
async function checkSessionWindows(target: SelfCheckApp, sessionWindows: () => BrowserWindow[]) {
  const list = await target.core['computers:refresh']();
  const computer = list.computers.find((c) => c.state === 'running');
  if (!computer) return judgeSessionWindows({ computer: null, opened: [] });
  const opened = [];
  for (const kind of ['app', 'desktop'] as SessionKind[]) {
    const r = await target.core['session:open'](computer.id, kind);
    opened.push(r.ok ? { kind, ok: true } : { kind, ok: false, error: r.error.message });
  }
  // The windows exist once session:open has answered; wait for their pages.
  await Promise.all(sessionWindows().map((w) => Promise.race([loaded(w.webContents), delay(15_000)])));
  return judgeSessionWindows({ computer: computer.name, opened });
}

/** The web preferences every open window was created with. */
async function checkWebPreferences(target: SelfCheckApp) {
  const launcherWin = target.launcherWindow();
  const reports = await Promise.all(
    BrowserWindow.getAllWindows()
      .filter((w) => !w.isDestroyed())
      .map(async (w) => {
        const role = w === launcherWin ? ('launcher' as const) : ('session' as const);
        const prefs = lastWebPreferences(w.webContents);
        const bridge =
          (await w.webContents.executeJavaScript(
            `typeof window.launcher === 'object' && window.launcher !== null`,
          )) === true;
        return {
          label: role === 'launcher' ? 'launcher' : w.getTitle() || `window ${w.id}`,
          role,
          reported: prefs !== null,
          violations: prefs
            ? webPreferencesViolations(prefs, role === 'launcher' ? target.preloadPath : undefined)
            : [],
          bridge,
          sessionPreloads: w.webContents.session.getPreloadScripts().length,
        };
      }),
  );
  return judgeWindowPreferences(reports, { sessionWindows: 2 });
}

/** A second copy hands its arguments over and quits; the launcher shows. */
async function checkSingleInstance(launcher: () => BrowserWindow, launchSecond: LaunchSecond) {
  const hasLock = app.hasSingleInstanceLock();
  launcher().hide();
  const forwarded = new Promise<boolean>((resolve) => {
    const onSecond = (_e: unknown, argv: string[]) => {
      if (!argv.includes(PROBE)) return;
      app.off('second-instance', onSecond);
      resolve(true);
    };
    app.on('second-instance', onSecond);
    setTimeout(() => (app.off('second-instance', onSecond), resolve(false)), 15_000);
  });
  // The same program and app, the same profile directory: the lock is per profile.
  const args = [
    ...(process.defaultApp ? [app.getAppPath()] : []),
    PROBE,
    `--user-data-dir=${app.getPath('userData')}`,
  ];
  const second = launchSecond(args);
  const exited = Promise.race([second.exited, delay(20_000).then(() => null)]);
  const [wasForwarded, secondExit] = await Promise.all([forwarded, exited]);
  if (secondExit === null) second.kill();
  await delay(250);
  const shown = launcher().isVisible();
  launcher().hide();
  return judgeSingleInstance({ hasLock, forwarded: wasForwarded, secondExit, launcherShown: shown });
}

/** A notification reaches the system. */
async function checkNotifications() {
  const supported = Notification.isSupported();
  if (!supported) return judgeNotification({ supported, event: 'timeout', platform: process.platform });
  const n = new Notification({
    title: 'Lightsail for Research Launcher',
    body: 'Self-check: notifications work.',
    silent: true,
  });
  const outcome = await new Promise<{ event: 'show' | 'failed' | 'timeout'; error?: string }>((resolve) => {
    n.once('show', () => resolve({ event: 'show' }));
    n.once('failed', (_e, error) => resolve({ event: 'failed', error }));
    setTimeout(() => resolve({ event: 'timeout' }), 8_000);
    n.show();
  });
  n.close();
  return judgeNotification({ supported, ...outcome, platform: process.platform });
}

function steps(target: SelfCheckApp, launchSecond: LaunchSecond): CheckStep[] {
  const launcher = () => {
    const win = target.launcherWindow();
    if (!win || win.isDestroyed()) throw new Error('the launcher window is gone');
    return win;
  };
  const sessionWindows = () =>
    BrowserWindow.getAllWindows().filter((w) => w !== target.launcherWindow() && !w.isDestroyed());

  return [
    {
      name: 'launcher window',
      run: async () => {
        const win = launcher();
        await loaded(win.webContents);
        return win.isVisible()
          ? { status: 'fail', detail: 'started visible although asked to start hidden' }
          : { status: 'pass', detail: 'loaded, hidden as asked' };
      },
    },
    {
      name: 'app:// protocol',
      run: async () => {
        const page = await net.fetch(LAUNCHER_URL);
        const escape = await net.fetch('app://launcher/..%2F..%2Fpackage.json');
        return judgeAppProtocol(
          {
            status: page.status,
            contentType: page.headers.get('content-type'),
            csp: page.headers.get('content-security-policy'),
            escapeStatus: escape.status,
          },
          LAUNCHER_CSP,
        );
      },
    },
    {
      name: 'CSP in the page',
      run: async () => {
        const wc = launcher().webContents;
        const evalResult = String(
          await wc.executeJavaScript(
            `(() => { try { eval('1'); return 'allowed'; } catch { return 'blocked'; } })()`,
          ),
        );
        return judgePageCsp({ url: wc.getURL(), evalResult });
      },
    },
    {
      name: 'preload bridge',
      run: async () => {
        const r = (await launcher().webContents.executeJavaScript(
          `({ keys: typeof window.launcher === 'object' && window.launcher ? Object.keys(window.launcher) : null, nodeGlobals: ['require', 'process', 'module', 'Buffer'].filter((k) => typeof globalThis[k] !== 'undefined') })`,
        )) as { keys: string[] | null; nodeGlobals: string[] };
        return judgeBridge(r, bridgeKeys);
      },
    },
    {
      name: 'IPC round trip',
      run: async () =>
        judgeIpcRoundTrip(await launcher().webContents.executeJavaScript('window.launcher.appInfo()'), {
          version: app.getVersion(),
        }),
    },
    {
      name: 'session windows',
      run: () => checkSessionWindows(target, sessionWindows),
    },
    {
      name: 'web preferences',
      run: () => checkWebPreferences(target),
    },
    {
      name: 'refused navigation',
      run: async () => [
        await tryNavigation('launcher', launcher().webContents),
        ...(await Promise.all(
          sessionWindows()
            .slice(0, 1)
            .map((w) => tryNavigation('session window', w.webContents)),
        )),
      ],
    },
    {
      name: 'denied permission',
      run: async () => {
        const out = [
          judgePermission({
            label: 'launcher',
            permission: 'geolocation',
            state: await permissionState(launcher().webContents),
          }),
        ];
        for (const w of sessionWindows().slice(0, 1))
          out.push(
            judgePermission({
              label: 'session window',
              permission: 'geolocation',
              state: await permissionState(w.webContents),
            }),
          );
        return out;
      },
    },
    {
      name: 'tray',
      run: async () => {
        const model = target.trayModel();
        return judgeTray({ created: model !== undefined, labels: (model ?? []).map((i) => i.label) });
      },
    },
    {
      name: 'single-instance lock',
      run: () => checkSingleInstance(launcher, launchSecond),
    },
    {
      name: 'notifications',
      run: checkNotifications,
    },
  ];
}

/**
 * The self-check, when the command line asks for it (`--self-check`), else undefined. Call it
 * before the single-instance lock: it moves the profile to a fresh temporary directory (unless
 * --user-data-dir names one), so it runs beside a launcher that is already open and leaves the
 * user's settings alone.
 */
export function setupSelfCheck(
  argv: readonly string[],
  opts: { launchSecond?: LaunchSecond } = {},
): SelfCheck | undefined {
  if (!argv.includes(FLAG)) return undefined;
  if (!argv.some((a) => a.startsWith('--user-data-dir=')))
    app.setPath('userData', mkdtempSync(join(tmpdir(), 'lfr-self-check-')));
  return {
    demo: true,
    startHidden: true,
    run(target) {
      void (async () => {
        const results = await runChecks(steps(target, opts.launchSecond ?? launchSecondCopy), {
          timeoutMs: STEP_TIMEOUT_MS,
        });
        const verdict = selfCheckVerdict(results);
        const text = `Lightsail for Research Launcher ${app.getVersion()} self-check (${process.platform} ${process.arch}, Electron ${process.versions.electron})\n\n${formatCheckTable(results)}\n\n${verdict.summary}\n`;
        const file = join(app.getPath('logs'), 'self-check.txt');
        try {
          writeFileSync(file, text);
        } catch {
          // the table still reaches stdout
        }
        process.stdout.write(`${text}(also written to ${file})\n`);
        app.exit(verdict.exitCode);
      })().catch((err: unknown) => {
        process.stderr.write(`self-check could not run: ${err instanceof Error ? err.stack : String(err)}\n`);
        app.exit(1);
      });
    },
  };
}
