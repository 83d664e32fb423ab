// The launcher window controller: the window is made when first shown and made again when asked
// for after it was really closed. Closing it hides it to the tray while closeToTray holds; where
// the desktop has no tray (GNOME without the AppIndicator extension) it is minimised instead, and
// the user is told why once.
import { app, dialog, Menu, shell, type BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import type { PersistentSettingsStore } from '../../core/settings.js';
import type { QuitState } from '../quit-state.js';
import { createLauncherWindow, showWindow, type LauncherCloseAction } from './launcher-window.js';

/** The launcher window, made on demand. */
export interface LauncherWindows {
  /** The window now, if one exists. */
  current(): BrowserWindow | undefined;
  /** Show the launcher, making the window when there is none. */
  show(): void;
  /** Make the window without showing it (started at login). */
  createHidden(): void;
}

/** What the launcher window needs; all of it exists before the core. */
export interface LauncherWindowsDeps {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow;
  preload: string;
  icon?: string;
  settings: Pick<PersistentSettingsStore, 'get'>;
  quit: QuitState;
  hasTray: boolean;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
  /** Tell the user, once, why closing minimised the window. */
  explainNoTray(win: BrowserWindow): void;
}

/** The close action for the launcher, from the setting, the tray and whether we are quitting. */
export function launcherCloseAction(o: {
  quitting: boolean;
  closeToTray: boolean;
  hasTray: boolean;
}): LauncherCloseAction {
  if (o.quitting || !o.closeToTray) return 'close';
  return o.hasTray ? 'hide' : 'minimize';
}

/** The launcher window controller. */
export function createLauncherWindows(deps: LauncherWindowsDeps): LauncherWindows {
  let win: BrowserWindow | undefined;
  let explained = false;
  // macOS: the launcher's own app menu (Edit keeps Cmd+C/V working); elsewhere no menu bar.
  const launcherMenu =
    process.platform === 'darwin'
      ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }])
      : undefined;
  const make = (startHidden: boolean) => {
    const made = createLauncherWindow({
      createWindow: deps.createWindow,
      preload: deps.preload,
      ...(deps.icon ? { icon: deps.icon } : {}),
      closeAction: () => {
        const action = launcherCloseAction({
          quitting: deps.quit.confirmed,
          closeToTray: deps.settings.get().closeToTray,
          hasTray: deps.hasTray,
        });
        if (action === 'minimize' && !explained) {
          explained = true;
          deps.explainNoTray(made);
        }
        return action;
      },
      log: deps.log,
      startHidden,
      // Only an exact EXTERNAL_LINKS page reaches this (checked in createLauncherWindow).
      openExternal: (url) => void shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- a fixed link of ours, EXTERNAL_LINKS
    });
    if (launcherMenu) made.on('focus', () => Menu.setApplicationMenu(launcherMenu));
    else made.removeMenu();
    made.on('closed', () => {
      if (win === made) win = undefined;
      // Without closeToTray, closing the launcher ends the app.
      if (!deps.quit.confirmed) app.quit();
    });
    return made;
  };
  return {
    current: () => (win && !win.isDestroyed() ? win : undefined),
    show() {
      if (!win || win.isDestroyed()) win = make(false);
      else showWindow(win);
    },
    createHidden() {
      if (!win || win.isDestroyed()) win = make(true);
    },
  };
}

/** The words shown once when closing minimised the launcher for want of a tray. */
export const NO_TRAY_MESSAGE = {
  message: 'The launcher was minimised, not hidden',
  detail:
    'This desktop shows no tray icon (on GNOME, the AppIndicator extension adds one), so a hidden launcher could not be brought back. ' +
    'To quit, turn off "Close to tray" in Settings and close the window, or use Quit in a session window\'s menu.',
};

/** Show NO_TRAY_MESSAGE over the launcher. */
export function explainNoTray(win: BrowserWindow): void {
  void dialog.showMessageBox(win, { type: 'info', ...NO_TRAY_MESSAGE });
}
