// Session windows: what main adds to each window once the core exists (the manager itself is
// made before the core, in windows/session-windows-factory.ts): its native menu, the shortcuts
// the DCV page would otherwise swallow, Reconnect after a crash, downloads.
import { app, BrowserWindow, Menu } from 'electron';
import { timeLeftLabel } from '../shared/lifetime.js';
import type { ComputerId, SessionKind } from '../shared/models.js';
import type { MainContext } from './context.js';
import { openSession, reconnectSession } from './session-actions.js';
import { sessionMenuTemplate, sessionShortcutFor } from './windows/session-menu.js';
import { brokenQuestion } from './windows/session-dialogs.js';
import { createSessionDownloads, type SessionDownloads } from './windows/session-downloads.js';
import type { SessionWindowLike } from './windows/session-window-types.js';
import { askOver } from './windows/session-windows-factory.js';

function sessionMenuFor(
  ctx: MainContext,
  downloads: SessionDownloads,
  computerId: ComputerId,
  kind: SessionKind,
) {
  const open = ctx.windows.windowsOf(computerId);
  const row = ctx.core.snapshot().list.computers.find((c) => c.id === computerId);
  const expiresAt = row?.sessionExpiresAt;
  return sessionMenuTemplate({
    ...(expiresAt !== undefined
      ? { timeLeft: timeLeftLabel(expiresAt, Date.now(), row?.sessionExpiresApprox) }
      : {}),
    kind,
    open: { app: !!open.app, desktop: !!open.desktop },
    downloading: downloads.names(computerId),
    platform: process.platform,
    appName: app.getName(),
    actions: {
      switchTo: (k) => void openSession(ctx, 'menu', computerId, k),
      reconnect: () => void reconnectSession(ctx, computerId, kind),
      stopSession: () => void ctx.core['session:stop'](computerId),
      openInBrowser: () => void ctx.windows.openInBrowser(computerId, kind),
      keepGoing: () => void ctx.core['session:keepGoing'](computerId),
      cancelDownloads: () => downloads.cancel(computerId),
      showLauncher: () => ctx.launcher.show(),
      quit: () => app.quit(),
    },
  });
}

/** The native menu (kept in step with which kinds are open) and the in-page shortcuts. */
function wireWindow(
  ctx: MainContext,
  downloads: SessionDownloads,
  w: SessionWindowLike,
  computerId: ComputerId,
  kind: SessionKind,
): void {
  const win = BrowserWindow.fromId(w.id);
  if (!win) return;
  const apply = () => {
    const menu = Menu.buildFromTemplate(sessionMenuFor(ctx, downloads, computerId, kind));
    if (process.platform === 'darwin') Menu.setApplicationMenu(menu);
    else win.setMenu(menu);
  };
  apply();
  win.on('focus', apply);
  win.webContents.on('before-input-event', (event, input) => {
    const shortcut = sessionShortcutFor(input, process.platform);
    if (!shortcut) return;
    event.preventDefault();
    if (shortcut === 'switch-desktop' || shortcut === 'switch-app')
      void openSession(ctx, 'shortcut', computerId, shortcut === 'switch-app' ? 'app' : 'desktop');
    else if (shortcut === 'reconnect') void reconnectSession(ctx, computerId, kind);
    else ctx.launcher.show();
  });
  const off = ctx.windows.onChange(() => {
    if (!win.isDestroyed() && process.platform !== 'darwin') apply();
  });
  // The menu lists the downloads in progress (Cancel); on macOS it is the app menu, so only the
  // focused window rebuilds it.
  const offDownloads = downloads.onChange(() => {
    if (!win.isDestroyed() && (process.platform !== 'darwin' || win.isFocused())) apply();
  });
  win.once('closed', () => {
    off();
    offDownloads();
  });
}

/** React to what session windows report; returns the downloads in flight (quitting asks about them). */
export function setupSessionWindows(ctx: MainContext): SessionDownloads {
  const downloads = createSessionDownloads({
    downloadsDir: () => app.getPath('downloads'),
    setProgress: (computerId, f) => ctx.windows.setProgress(computerId, f),
    notify: (n) => ctx.notifier.notify(n),
    log: ctx.log,
  });
  ctx.events.on('session-window', (w, computerId, kind) => wireWindow(ctx, downloads, w, computerId, kind));
  const broken = brokenQuestion({
    askOver,
    reconnect: (b) => void reconnectSession(ctx, b.computerId, b.kind),
    openInBrowser: (b) => void ctx.windows.openInBrowser(b.computerId, b.kind),
    close: (b) => ctx.windows.close(b.computerId, b.kind),
  });
  ctx.events.on('session-broken', (b, w) => broken(b, w));
  ctx.events.on('session-partition', (ses, computerId) => {
    ses.on('will-download', (_event: unknown, item: Electron.DownloadItem) => {
      const name = ctx.core.snapshot().list.computers.find((c) => c.id === computerId)?.name;
      downloads.handle(item, computerId, name);
    });
  });
  app.on('will-quit', () => ctx.windows.closeAll());
  return downloads;
}
