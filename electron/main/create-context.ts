// The objects every setupX shares, made once, each from what was made before it. The launcher
// window and the session windows exist (as factories) before the core, which drives them.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { app, dialog, globalShortcut, nativeImage, nativeTheme, Notification, shell, Tray } from 'electron';
import { createSessionHandoff } from '../core/session-handoff.js';
import { createAwsEnvironment } from '../core/environment.js';
import { createLauncher } from '../core/launcher.js';
import { systemClock, type Environment } from '../core/ports.js';
import { createShellEvents, type MainContext, type MainPaths } from './context.js';
import { createQuitState } from './quit-state.js';
import { wantsDemo } from './deep-links.js';
import { createListCache } from './list-cache.js';
import type { log as mainLog } from './log.js';
import { createNotifier } from './notifications.js';
import { createOpenReporter } from './open-reporter.js';
import { openSettings } from './settings-store.js';
import { createLauncherWindows, explainNoTray } from './windows/launcher-window-controller.js';
import { createSessionWindows } from './windows/session-windows-factory.js';
import { createContentsRegistry } from './security.js';
import { createShortcutBinding, isWaylandSession, nextShortcutTarget } from './global-shortcut.js';
import { createLauncherTray, createTrayIcon, trayIconPath } from './tray.js';
import { trayWatcherPresent } from './tray-presence.js';
import { createWindowFactory } from './windows/window-factory.js';

/** Where things are, for this platform. */
export function mainPaths(o: {
  appPath: string;
  userData: string;
  logFile: string;
  here: string;
  platform: string;
}): MainPaths {
  return {
    app: o.appPath,
    userData: o.userData,
    preload: join(o.here, '..', 'preload', 'index.cjs'),
    logFile: o.logFile,
    // Windows and macOS take the icon from the executable; Linux window managers need it given.
    ...(o.platform === 'linux' ? { windowIcon: join(o.appPath, 'build', 'icons', '256x256.png') } : {}),
  };
}

// The demo (the simulator, its DCV stand-in and their certificate and WebSocket libraries) is a
// chunk of its own, loaded only when the demo runs: a start with AWS profiles never parses it.
const createDemoEnvironment = async (): Promise<Environment> =>
  (await import('../simulator/demo.js')).startDemoEnvironment();

/** The AWS environment, or the demo when asked for or when this machine has no AWS profile. */
async function startEnvironment(log: typeof mainLog): Promise<Environment> {
  if (wantsDemo(process.argv, process.env)) return createDemoEnvironment();
  const aws = createAwsEnvironment({
    env: process.env,
    homedir: homedir(),
    // The sign-in's verification page; sso-sign-in.ts opens only https (or loopback) URLs.
    openExternal: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- an IAM Identity Center verification URL checked by isOpenableVerificationUrl
  });
  // A newcomer without any AWS profile sees the whole flow on the built-in simulator; the
  // launcher says it is a demo and how to add a profile.
  if ((await aws.profiles.list()).length > 0) return aws;
  log.info('no AWS profiles found: starting in demo mode');
  await aws.dispose();
  return createDemoEnvironment();
}

/** Build the shared context. */
export async function createContext(o: {
  log: typeof mainLog;
  e2e: boolean;
  paths: MainPaths;
}): Promise<MainContext> {
  const { log, e2e, paths } = o;
  const settings = openSettings(paths.userData, log);
  const registry = createContentsRegistry();
  const createWindow = createWindowFactory(registry);
  const events = createShellEvents();
  const notifier = createNotifier({
    supported: () => Notification.isSupported(),
    create: (opts) => new Notification(opts),
    onClick: (id, action) => void events.emit('notification-click', id, action),
  });
  const quit = createQuitState();
  const tray = createLauncherTray(
    createTrayIcon(
      {
        createTray: (image) => new Tray(image),
        imageFromPath: (p) => nativeImage.createFromPath(p),
        emptyImage: () => nativeImage.createEmpty(),
      },
      trayIconPath(join(paths.app, 'build'), process.platform, nativeTheme.shouldUseDarkColors),
      log,
    ),
  );
  // Asked while the environment starts. The e2e suite runs under xvfb, where nothing shows a
  // tray, yet the tray flow is what it tests.
  const [environment, trayShown] = await Promise.all([
    startEnvironment(log),
    e2e ? true : trayWatcherPresent(process.platform),
  ]);
  if (tray && !trayShown)
    log.info(
      'no StatusNotifierWatcher on the session bus: the tray icon will not show, closing the launcher minimises it',
    );
  const launcher = createLauncherWindows({
    createWindow,
    preload: paths.preload,
    ...(paths.windowIcon ? { icon: paths.windowIcon } : {}),
    settings,
    quit,
    hasTray: tray !== undefined && trayShown,
    log,
    explainNoTray,
  });
  // Demo runs use no cache: the simulated list must not show up in a real start.
  const listCache = createListCache(paths.userData, !environment.demo);
  const windows = createSessionWindows({
    createWindow,
    userData: paths.userData,
    events,
    settings,
    ...(paths.windowIcon ? { icon: paths.windowIcon } : {}),
    log,
    onStay: () => quit.cancel(),
  });
  // Pressed: the next session window to front, or the launcher when none is open.
  const shortcut = createShortcutBinding(
    globalShortcut,
    () => {
      const target = nextShortcutTarget(windows.list(), windows.history());
      if (target) windows.focus(target.computerId, target.kind);
      else launcher.show();
    },
    log,
    { platform: process.platform, wayland: isWaylandSession(process.env, process.platform) },
  );
  const openReporter = createOpenReporter({
    notify: (n) => notifier.notify(n),
    showError: (title, body) => dialog.showErrorBox(title, body),
    showLauncher: () => launcher.show(),
  });
  const core = createLauncher({
    env: environment,
    windows,
    notifier,
    reportOpenFailure: openReporter.report,
    settings,
    clock: systemClock,
    listCache,
    handoff: createSessionHandoff({
      platform: process.platform,
      env: process.env,
      tmpDir: app.getPath('temp'),
      spawn,
      openExternal: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- only a vetted session URL the user asked to open in the browser, or a dcv:// URI built from one
      applicationNameForProtocol: (url) => app.getApplicationNameForProtocol(url),
      log,
      clock: systemClock,
    }),
    log: { warn: (m) => log.warn(m) },
    version: app.getVersion(),
    platform: process.platform,
    createDemoEnvironment: () => {
      listCache.disable();
      return createDemoEnvironment();
    },
  });
  return {
    log,
    e2e,
    paths,
    settings,
    registry,
    events,
    createWindow,
    notifier,
    openReporter,
    quit,
    tray,
    shortcut,
    launcher,
    windows,
    core,
  };
}
