// The launcher window: our own renderer on app://launcher with the preload api. It never
// navigates anywhere and never opens windows; closing it hides it to the tray (minimises it
// where the desktop has no tray, so it never disappears with no way back).
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { isExternalLink } from '../../shared/links.js';
import { LAUNCHER_URL } from '../protocol.js';
import { assertSecureWebPreferences, launcherWindowOptions } from './window-options.js';

/** What the launcher window needs from the shell. */
export interface LauncherWindowDeps {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow;
  preload: string;
  icon?: string;
  /** What closing does now: hide to the tray, minimise (no tray), or really close. */
  closeAction(): LauncherCloseAction;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
  /** Start hidden (e.g. started at login). */
  startHidden?: boolean;
  /** shell.openExternal, for the launcher's own links (EXTERNAL_LINKS) only. */
  openExternal?(url: string): void;
}

/** What closing the launcher window does. */
export type LauncherCloseAction = 'hide' | 'minimize' | 'close';

/** Create and load the launcher window. */
export function createLauncherWindow(deps: LauncherWindowDeps): BrowserWindow {
  const options = launcherWindowOptions({ preload: deps.preload, ...(deps.icon ? { icon: deps.icon } : {}) });
  assertSecureWebPreferences(options, deps.preload);
  const win = deps.createWindow(options);
  const contents = win.webContents;
  const block = (what: string) => (event: { preventDefault(): void; url?: string }) => {
    event.preventDefault();
    deps.log.warn(`launcher: blocked ${what}`);
  };
  // The renderer is a single page: any navigation is a bug or an attack.
  contents.on('will-navigate', block('navigation'));
  contents.on('will-frame-navigate', (event) => {
    if (event.url !== LAUNCHER_URL) block('frame navigation')(event);
  });
  contents.on('will-redirect', block('redirect'));
  contents.on('will-attach-webview', block('webview'));
  // A link of ours (the console…) opens in the system browser; nothing opens in the app.
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) deps.openExternal?.(url);
    else deps.log.warn('launcher: blocked a new window');
    return { action: 'deny' };
  });
  win.on('close', (event) => {
    const action = deps.closeAction();
    if (action === 'close') return;
    event.preventDefault();
    if (action === 'hide') win.hide();
    else win.minimize();
  });
  win.once('ready-to-show', () => {
    if (!deps.startHidden) win.show();
  });
  void win
    .loadURL(LAUNCHER_URL)
    .catch((err: unknown) => deps.log.warn('launcher: failed to load the renderer', err));
  return win;
}

/** Show, restore and focus a window. */
export function showWindow(
  win: Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'> | undefined,
): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
