// The Electron main process: lifecycle and wiring only. Every decision lives in electron/core
// or in the small, tested helpers next to this file.
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  protocol,
  screen,
  session,
  shell,
  Tray,
  type BrowserWindowConstructorOptions,
} from 'electron';
import { startDemoEnvironment as createDemoEnvironment } from '../simulator/demo.js';
import { DEEP_LINK_SCHEME, findDeepLink } from '../core/deep-link.js';
import { createAwsEnvironment } from '../core/environment.js';
import { loadFirstFrameRenderer, withFirstFrame } from '../core/first-frame.js';
import { createLauncher } from '../core/launcher.js';
import { systemClock, type Environment, type LauncherCore } from '../core/ports.js';
import type { TrayAction } from '../core/tray-menu.js';
import { eventContract, type EventChannel } from '../shared/ipc-contract.js';
import type { ComputerId, SessionKind } from '../shared/models.js';
import { handleDeepLink, handleSecondInstance, wantsDemo, type DeepLinkDeps } from './deep-links.js';
import { handleDownload } from './downloads.js';
import { createShortcutBinding, nextShortcutTarget } from './global-shortcut.js';
import { bindIpc, createIpcRouter, createSenderCheck, send } from './ipc.js';
import { log, setupLogging } from './log.js';
import { applyStartAtLogin, launchedAtLogin } from './login-item.js';
import { createExpiryReminder, createNotifier } from './notifications.js';
import { aggregateProgress } from './progress.js';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol.js';
import { createContentsRegistry, setupSecurityGuards } from './security.js';
import { openSettings } from './settings-store.js';
import { setupTray, trayIconPath } from './tray.js';
import { createLauncherWindow, showWindow } from './windows/launcher-window.js';
import { installLauncherPermissionPolicy } from './windows/permissions.js';
import { sessionMenuTemplate, sessionShortcutFor } from './windows/session-menu.js';
import { createSessionWindowManager, type SessionWindowManager } from './windows/session-window.js';
import { createPlacementStore } from './window-state.js';
import { createListCache } from './list-cache.js';

const E2E = process.env.LFR_E2E === '1';
const here = import.meta.dirname;
const preloadPath = join(here, '..', 'preload', 'index.cjs');

// Tests (and power users) can isolate all state; must happen before anything reads userData.
const userDataArg = process.argv.find((a) => a.startsWith('--user-data-dir='));
if (userDataArg) app.setPath('userData', userDataArg.slice('--user-data-dir='.length));

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const pendingLinks: string[] = [];
let deepLinkDeps: DeepLinkDeps | undefined;
const onLink = (url: string) => (deepLinkDeps ? void handleDeepLink(url, deepLinkDeps) : void pendingLinks.push(url));
// macOS delivers links as an event, possibly before ready.
app.on('open-url', (event, url) => {
  event.preventDefault();
  onLink(url);
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const startLink = findDeepLink(process.argv);
  if (startLink) pendingLinks.push(startLink);
  app.on('second-instance', (_event, argv) => {
    if (deepLinkDeps) void handleSecondInstance(argv, deepLinkDeps);
    else {
      const link = findDeepLink(argv);
      if (link) pendingLinks.push(link);
    }
  });
  if (!E2E) {
    // In development the app runs as `electron .`, so the OS must be told the script too.
    // Links are parsed strictly (core/deep-link.ts) and only ever open a listed computer.
    if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [join(process.cwd(), process.argv[1])]); // eng-disable PROTOCOL_HANDLER_JS_CHECK -- deep links are parsed strictly with the contract's schemas and can only open a listed computer's session
    else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK -- deep links are parsed strictly with the contract's schemas and can only open a listed computer's session
  }
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app.whenReady().then(main, (err: unknown) => {
    console.error('failed to start', err);
    app.exit(1);
  });
}

async function main(): Promise<void> {
  setupLogging(app.getPath('logs'));
  log.info(`starting ${app.getName()} ${app.getVersion()} on ${process.platform}${E2E ? ' (e2e)' : ''}`);
  const registry = createContentsRegistry();
  let launcherWindow: BrowserWindow | undefined;
  let quitConfirmed = false;
  // Replaced once the launcher window factory exists (below).
  let showLauncher = () => showWindow(launcherWindow);

  // --- settings and the global shortcut
  const shortcut = createShortcutBinding(globalShortcut, () => cycleSessionWindows(), log);
  const settings = openSettings(app.getPath('userData'), {
    setStartAtLogin: (on) => {
      if (!E2E) applyStartAtLogin(on);
    },
    setGlobalShortcut: (acc) => shortcut.apply(acc),
  });

  // --- setupProtocol(): the renderer from app://launcher with its CSP
  const rendererDir = join(app.getAppPath(), 'renderer', 'dist');
  // The launcher's first frame, prerendered from the cached list into index.html, paints before
  // the renderer's JavaScript runs. Without the server build (or a list) the page is served as is.
  const renderFirstFrame = await loadFirstFrameRenderer(join(app.getAppPath(), 'renderer', 'dist-ssr', 'first-frame.js'));
  // The core exists further down; the launcher window (and so this page) only after it.
  const firstFrameSource: { core?: LauncherCore } = {};
  protocol.handle(
    'app',
    createAppProtocolHandler(rendererDir, undefined, async (html) =>
      firstFrameSource.core ? withFirstFrame(html, firstFrameSource.core, renderFirstFrame) : html,
    ),
  );
  installLauncherPermissionPolicy(session.defaultSession);

  // --- setupSecurityGuards()
  setupSecurityGuards({ app, registry, allowedPreload: preloadPath, log });

  // --- the core
  const notifier = createNotifier({
    supported: () => Notification.isSupported(),
    create: (o) => new Notification(o),
    onClick: (id) => {
      const open = id ? windows.windowsOf(id) : {};
      const win = open.app ?? open.desktop;
      if (id && win) windows.focus(id, open.app ? 'app' : 'desktop');
      else showLauncher();
    },
  });
  const placements = createPlacementStore(app.getPath('userData'));
  let environment: Environment;
  const demoAtStart = wantsDemo(process.argv, process.env);
  environment = demoAtStart ? await createDemoEnvironment() : createAwsEnvironment({ env: process.env, homedir: homedir() });
  // A newcomer without any AWS profile sees the whole flow on the built-in simulator; the
  // launcher says it is a demo and how to add a profile.
  if (!environment.demo && (await environment.profiles.list()).length === 0) {
    log.info('no AWS profiles found: starting in demo mode');
    await environment.dispose();
    environment = await createDemoEnvironment();
  }

  /** A dialog over the given window (modal to it), or app-wide when it has closed meanwhile. */
  const askOver = (windowId: number, opts: Electron.MessageBoxOptions) => {
    const win = BrowserWindow.fromId(windowId);
    return win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts);
  };

  const createWindow = (options: BrowserWindowConstructorOptions) => {
    // The factories (window-options.ts) already set these and assert them; restating them
    // literally means no later edit of a factory can drop them, and the scanner can see them.
    const win = new BrowserWindow({ // eng-disable AUXCLICK_JS_CHECK -- middle-click cannot open windows: every webContents denies window.open (security.ts, navigation-guard.ts); the DCV client needs middle-click for the remote desktop
      ...options,
      webPreferences: {
        ...options.webPreferences,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        webviewTag: false,
        allowRunningInsecureContent: false,
      },
    });
    registry.add(win.webContents.id);
    return win;
  };
  const windows: SessionWindowManager = createSessionWindowManager({
    createWindow,
    // Read at each open: app:startDemo swaps the environment while running.
    allowLoopbackHttp: () => environment.allowLoopbackHttp,
    placements,
    screen: {
      all: () => screen.getAllDisplays().map((d) => ({ id: d.id, workArea: d.workArea })),
      primary: () => {
        const d = screen.getPrimaryDisplay();
        return { id: d.id, workArea: d.workArea };
      },
      displayIdFor: (b) => screen.getDisplayMatching(b).id,
    },
    confirmExternal: async (url, parent) => {
      const origin = new URL(url).origin;
      const r = await askOver(parent.id, {
        type: 'question',
        buttons: ['Open in browser', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: `Open ${origin} in your web browser?`,
        detail: 'The session page wants to open a link to another site. It will not open inside the session window.',
      });
      return r.response === 0;
    },
    openExternal: (url) => void shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- only https URLs (navigationDecision 'external') and only after the user agreed in a dialog
    onBroken: (broken, w) => {
      void askOver(w.id, {
        type: 'warning',
        buttons: ['Reconnect', 'Close window'],
        defaultId: 0,
        cancelId: 1,
        message: 'The session was disconnected',
        detail: `${broken.reason}. Reconnect fetches fresh access details from Lightsail.`,
      }).then(async (r) => {
        if (r.response !== 0) return windows.close(broken.computerId, broken.kind);
        await reconnect(broken.computerId, broken.kind);
      });
    },
    prepareSession: (ses, computerId) => {
      ses.on('will-download', (_event: unknown, item: Electron.DownloadItem) =>
        handleDownload(item, {
          downloadsDir: app.getPath('downloads'),
          setProgress: (f) => windows.setProgress(computerId, f),
          notify: (title, body) => notifier.notify({ title, body, computerId }),
          log,
        }),
      );
    },
    prepareWindow: (w, computerId, kind) => {
      const win = BrowserWindow.fromId(w.id);
      if (!win) return;
      const apply = () => {
        const menu = Menu.buildFromTemplate(sessionMenuFor(computerId, kind));
        if (process.platform === 'darwin') Menu.setApplicationMenu(menu);
        else win.setMenu(menu);
      };
      apply();
      win.on('focus', apply);
      win.webContents.on('before-input-event', (event, input) => {
        const shortcut = sessionShortcutFor(input, process.platform);
        if (!shortcut) return;
        event.preventDefault();
        if (shortcut === 'switch-desktop' || shortcut === 'switch-app') void openSession(computerId, shortcut === 'switch-app' ? 'app' : 'desktop');
        else if (shortcut === 'reconnect') void reconnect(computerId, kind);
        else showLauncher();
      });
      const off = windows.onChange(() => {
        if (!win.isDestroyed() && process.platform !== 'darwin') apply();
      });
      win.once('closed', off);
    },
    log,
  });

  const reconnect = async (computerId: ComputerId, kind: SessionKind) => {
    const res = await core.reconnect(computerId, kind);
    if (!res.ok && res.error.kind !== 'cancelled') dialog.showErrorBox('Reconnect failed', `${res.error.message}\n\n${res.error.nextStep}`);
  };

  const sessionMenuFor = (computerId: ComputerId, kind: SessionKind) => {
    const open = windows.windowsOf(computerId);
    return sessionMenuTemplate({
      kind,
      open: { app: !!open.app, desktop: !!open.desktop },
      platform: process.platform,
      appName: app.getName(),
      actions: {
        switchTo: (k) => void openSession(computerId, k),
        reconnect: () => void reconnect(computerId, kind),
        stopSession: () => void core['session:stop'](computerId),
        showLauncher: () => showLauncher(),
        quit: () => app.quit(),
      },
    });
  };

  const core: LauncherCore = createLauncher({
    env: environment,
    windows,
    notifier,
    settings,
    clock: systemClock,
    // Demo runs use no cache: the simulated list must not show up in a real start.
    listCache: createListCache(app.getPath('userData'), () => !environment.demo),
    version: app.getVersion(),
    platform: process.platform,
    createDemoEnvironment: async () => {
      const demo = await createDemoEnvironment();
      environment = demo;
      return demo;
    },
  });
  const launcher = core;
  firstFrameSource.core = core;

  const openSession = async (computerId: ComputerId, kind: SessionKind, opts?: { startComputer?: boolean }) => {
    const r = opts ? await launcher['session:open'](computerId, kind, opts) : await launcher['session:open'](computerId, kind);
    if (!r.ok && r.error.kind !== 'cancelled') notifier.notify({ title: 'Could not open the session', body: `${r.error.message} ${r.error.nextStep}`, computerId });
    return r;
  };

  function cycleSessionWindows() {
    const target = nextShortcutTarget(windows.list(), windows.history());
    if (target) windows.focus(target.computerId, target.kind);
    else showLauncher();
  }

  // --- setupIpc(): every contract channel, checked, and every core event forwarded
  const router = createIpcRouter({
    service: launcher,
    isTrustedSender: createSenderCheck(() => {
      if (!launcherWindow || launcherWindow.isDestroyed()) return undefined;
      const wc = launcherWindow.webContents;
      return { id: wc.id, mainFrame: { processId: wc.mainFrame.processId, routingId: wc.mainFrame.routingId } };
    }),
    log,
  });
  bindIpc(ipcMain, router);
  for (const channel of Object.keys(eventContract) as EventChannel[]) {
    launcher.on(channel, (payload) => send(launcherWindow?.webContents, channel, payload as never));
  }

  // Taskbar / dock progress and the expiry reminder.
  const reminder = createExpiryReminder({ notifier, nameOf: (id) => id.split('/')[2] ?? id });
  launcher.on('session:progress', (p) => {
    reminder.onProgress(p);
    const agg = aggregateProgress(launcher.snapshot().progress);
    if (launcherWindow && !launcherWindow.isDestroyed()) launcherWindow.setProgressBar(agg.fraction);
    app.setBadgeCount(agg.active);
    const active = p.phase !== 'ready' && p.phase !== 'failed' && p.phase !== 'cancelled';
    windows.setProgress(p.computerId, active ? Math.max(0.02, p.percentage / 100) : -1);
  });
  windows.onChange((list) => {
    const open = new Set(list.map((w) => w.computerId));
    for (const c of launcher.snapshot().list.computers) if (!open.has(c.id)) reminder.cancel(c.id);
  });

  // --- setupTray()
  const onTrayAction = (a: TrayAction) => {
    switch (a.type) {
      case 'open':
        // A stopped computer's item reads "Start and open…": the click is the user's consent.
        return void openSession(a.computerId, a.kind, a.startComputer ? { startComputer: true } : undefined);
      case 'start':
        return void launcher['computers:start'](a.computerId);
      case 'stop':
        return void launcher['computers:stop'](a.computerId);
      case 'stop-session':
        return void launcher['session:stop'](a.computerId);
      case 'show-launcher':
        return showLauncher();
      case 'quit':
        return app.quit();
    }
  };
  const tray = setupTray({
    electron: {
      createTray: (image) => new Tray(image),
      buildMenu: (t) => Menu.buildFromTemplate(t),
      imageFromPath: (p) => nativeImage.createFromPath(p),
      emptyImage: () => nativeImage.createEmpty(),
    },
    iconPath: trayIconPath(join(app.getAppPath(), 'build'), process.platform, nativeTheme.shouldUseDarkColors),
    input: () => ({ ...launcher.snapshot(), demo: environment.demo }),
    onAction: onTrayAction,
    onClick: process.platform === 'darwin' ? undefined : () => showLauncher(),
  });
  for (const channel of ['computers:changed', 'session:progress', 'windows:changed'] as const) launcher.on(channel, () => tray.render());

  // --- createLauncherWindow(): made again when asked for after it was really closed
  const launcherMenu = Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]);
  const makeLauncherWindow = (startHidden: boolean) => {
    const win = createLauncherWindow({
      createWindow,
      preload: preloadPath,
      hideOnClose: () => !quitConfirmed && settings.get().closeToTray,
      log,
      startHidden,
    });
    // macOS: the launcher's own app menu (Edit keeps Cmd+C/V working); elsewhere no menu bar.
    if (process.platform === 'darwin') win.on('focus', () => Menu.setApplicationMenu(launcherMenu));
    else win.removeMenu();
    win.on('closed', () => {
      if (launcherWindow === win) launcherWindow = undefined;
      // Without closeToTray, closing the launcher ends the app.
      if (!quitConfirmed) app.quit();
    });
    return win;
  };
  showLauncher = () => {
    if (!launcherWindow || launcherWindow.isDestroyed()) launcherWindow = makeLauncherWindow(false);
    else showWindow(launcherWindow);
  };
  launcherWindow = makeLauncherWindow(launchedAtLogin());
  if (settings.notice) {
    const notice = settings.notice;
    launcherWindow.once('ready-to-show', () => void dialog.showMessageBox({ type: 'warning', message: 'Settings were reset', detail: notice }));
  }

  // --- quitting: explicit, and asks while sessions are starting
  app.on('before-quit', (event) => {
    if (quitConfirmed) return;
    const starting = aggregateProgress(launcher.snapshot().progress).active;
    if (starting === 0 || E2E) {
      quitConfirmed = true;
      return;
    }
    event.preventDefault();
    void dialog
      .showMessageBox({
        type: 'question',
        buttons: ['Quit', 'Keep running'],
        defaultId: 1,
        cancelId: 1,
        message: `${starting === 1 ? 'A session is' : `${starting} sessions are`} still starting. Quit anyway?`,
        detail: 'Setup continues on the computer; you can open the session again later.',
      })
      .then((r) => {
        if (r.response === 0) {
          quitConfirmed = true;
          app.quit();
        }
      });
  });
  app.on('will-quit', () => {
    shortcut.dispose();
    reminder.dispose();
    windows.closeAll();
    void launcher.dispose();
  });
  app.on('activate', () => showLauncher());

  // --- deep links and forwarded command lines
  deepLinkDeps = {
    open: openSession,
    showLauncher: () => showLauncher(),
    notify: (title, body) => notifier.notify({ title, body }),
    log,
  };
  for (const link of pendingLinks.splice(0)) void handleDeepLink(link, deepLinkDeps);

  if (E2E) {
    // Test-only window into the main process for the Playwright _electron suite.
    Object.assign(globalThis, {
      __lfrE2E: {
        trayModel: () => tray.model(),
        snapshot: () => launcher.snapshot(),
        windows: () => windows.list(),
        openSession,
      },
    });
  }
}
