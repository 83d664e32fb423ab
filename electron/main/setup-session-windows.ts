// Session windows: the manager the core drives (made before the core, reporting through
// ShellEvents), and what main adds to each window once the core exists: its native menu, the
// shortcuts the DCV page would otherwise swallow, Reconnect after a crash, downloads.
import { app, BrowserWindow, dialog, Menu, screen, shell, type MessageBoxOptions } from 'electron';
import { timeLeftLabel } from '../shared/lifetime.js';
import type { ComputerId, SessionKind } from '../shared/models.js';
import type { MainContext, ShellEvents } from './context.js';
import { handleDownload } from './downloads.js';
import { openSession, reconnectSession } from './session-actions.js';
import { createPlacementStore } from './window-state.js';
import { sessionMenuTemplate, sessionShortcutFor } from './windows/session-menu.js';
import { brokenQuestion, sessionWindowQuestions, type SettingsAccess } from './windows/session-dialogs.js';
import { createSessionWindowManager, type SessionWindowLike, type SessionWindowManager, type SessionWindowDeps } from './windows/session-window.js';

/** A dialog over the given window (modal to it), or app-wide when it has closed meanwhile. */
function askOver(windowId: number, opts: MessageBoxOptions) {
  const win = BrowserWindow.fromId(windowId);
  return win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts);
}

/** The session window manager over real BrowserWindows and screens. */
export function createSessionWindows(o: {
  createWindow: SessionWindowDeps['createWindow'];
  userData: string;
  events: ShellEvents;
  /** Where certificate pins and media answers are kept. */
  settings: SettingsAccess;
  icon?: string;
  log: SessionWindowDeps['log'];
}): SessionWindowManager {
  return createSessionWindowManager({
    createWindow: o.createWindow,
    placements: createPlacementStore(o.userData),
    screen: {
      all: () => screen.getAllDisplays().map((d) => ({ id: d.id, workArea: d.workArea })),
      primary: () => {
        const d = screen.getPrimaryDisplay();
        return { id: d.id, workArea: d.workArea };
      },
      displayIdFor: (b) => screen.getDisplayMatching(b).id,
    },
    confirmExternal: async (url, parent) => {
      const r = await askOver(parent.id, {
        type: 'question',
        buttons: ['Open in browser', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: `Open ${new URL(url).origin} in your web browser?`,
        detail: 'The session page wants to open a link to another site. It will not open inside the session window.',
      });
      return r.response === 0;
    },
    openExternal: (url) => void shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- only https URLs (navigationDecision 'external') and only after the user agreed in a dialog
    onBroken: (broken, win) => void o.events.emit('session-broken', broken, win),
    ...sessionWindowQuestions({ dialog, fromId: (id) => BrowserWindow.fromId(id), settings: o.settings }),
    prepareSession: (ses, computerId) => void o.events.emit('session-partition', ses, computerId),
    prepareWindow: (win, computerId, kind) => void o.events.emit('session-window', win, computerId, kind),
    ...(o.icon ? { icon: o.icon } : {}),
    log: o.log,
  });
}

function sessionMenuFor(ctx: MainContext, computerId: ComputerId, kind: SessionKind) {
  const open = ctx.windows.windowsOf(computerId);
  const expiresAt = ctx.core.snapshot().list.computers.find((c) => c.id === computerId)?.sessionExpiresAt;
  return sessionMenuTemplate({
    ...(expiresAt !== undefined ? { timeLeft: timeLeftLabel(expiresAt, Date.now()) } : {}),
    kind,
    open: { app: !!open.app, desktop: !!open.desktop },
    platform: process.platform,
    appName: app.getName(),
    actions: {
      switchTo: (k) => void openSession(ctx, 'menu', computerId, k),
      reconnect: () => void reconnectSession(ctx, computerId, kind),
      stopSession: () => void ctx.core['session:stop'](computerId),
      openInBrowser: () => void ctx.windows.openInBrowser(computerId, kind),
      keepGoing: () => void ctx.core['session:keepGoing'](computerId),
      showLauncher: () => ctx.launcher.show(),
      quit: () => app.quit(),
    },
  });
}

/** The native menu (kept in step with which kinds are open) and the in-page shortcuts. */
function wireWindow(ctx: MainContext, w: SessionWindowLike, computerId: ComputerId, kind: SessionKind): void {
  const win = BrowserWindow.fromId(w.id);
  if (!win) return;
  const apply = () => {
    const menu = Menu.buildFromTemplate(sessionMenuFor(ctx, computerId, kind));
    if (process.platform === 'darwin') Menu.setApplicationMenu(menu);
    else win.setMenu(menu);
  };
  apply();
  win.on('focus', apply);
  win.webContents.on('before-input-event', (event, input) => {
    const shortcut = sessionShortcutFor(input, process.platform);
    if (!shortcut) return;
    event.preventDefault();
    if (shortcut === 'switch-desktop' || shortcut === 'switch-app') void openSession(ctx, 'shortcut', computerId, shortcut === 'switch-app' ? 'app' : 'desktop');
    else if (shortcut === 'reconnect') void reconnectSession(ctx, computerId, kind);
    else ctx.launcher.show();
  });
  const off = ctx.windows.onChange(() => {
    if (!win.isDestroyed() && process.platform !== 'darwin') apply();
  });
  win.once('closed', off);
}

/** React to what session windows report. */
export function setupSessionWindows(ctx: MainContext): void {
  ctx.events.on('session-window', (w, computerId, kind) => wireWindow(ctx, w, computerId, kind));
  const broken = brokenQuestion({
    askOver,
    reconnect: (b) => void reconnectSession(ctx, b.computerId, b.kind),
    openInBrowser: (b) => void ctx.windows.openInBrowser(b.computerId, b.kind),
    close: (b) => ctx.windows.close(b.computerId, b.kind),
  });
  ctx.events.on('session-broken', (b, w) => broken(b, w));
  ctx.events.on('session-partition', (ses, computerId) => {
    ses.on('will-download', (_event: unknown, item: Electron.DownloadItem) =>
      handleDownload(item, {
        downloadsDir: app.getPath('downloads'),
        setProgress: (f) => ctx.windows.setProgress(computerId, f),
        notify: (title, body) => ctx.notifier.notify({ title, body, computerId }),
        log: ctx.log,
      }),
    );
  });
  app.on('will-quit', () => ctx.windows.closeAll());
}
