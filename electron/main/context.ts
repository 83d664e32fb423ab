// What every setupX(ctx) in electron/main shares: the objects made once at startup, in the
// order they depend on each other (create-context.ts). Session windows and notifications
// report what happens to them as ShellEvents, so the code that reacts (menus, Reconnect,
// downloads, a notification's click) is wired after the core exists, in its own setup file.
import { EventEmitter } from 'node:events';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { LauncherCore, NotificationAction, Notifier } from '../core/ports.js';
import type { PersistentSettingsStore } from '../core/settings.js';
import type { ComputerId, SessionKind } from '../shared/models.js';
import type { ShortcutBinding } from './global-shortcut.js';
import type { log } from './log.js';
import type { OpenReporter } from './open-reporter.js';
import type { createContentsRegistry } from './security.js';
import type { QuitState } from './quit-state.js';
import type { LauncherTray } from './tray.js';
import type { LauncherWindows } from './windows/launcher-window-controller.js';
import type {
  BrokenSession,
  SessionLike,
  SessionWindowLike,
  SessionWindowManager,
} from './windows/session-window-types.js';

/** Events the shell's own parts raise for the setup files that react to them. */
export interface ShellEventMap {
  /** A session window was made (native menu, shortcuts). */
  'session-window': [win: SessionWindowLike, computerId: ComputerId, kind: SessionKind];
  /** A computer's session partition was made (downloads). */
  'session-partition': [session: SessionLike, computerId: ComputerId];
  /** A session page crashed or did not load (offer Reconnect). */
  'session-broken': [broken: BrokenSession, win: SessionWindowLike];
  /** The user clicked a notification. */
  'notification-click': [computerId: ComputerId | undefined, action?: NotificationAction];
}

/** The shell's event bus. */
export type ShellEvents = EventEmitter<ShellEventMap>;

/** A new event bus. */
export function createShellEvents(): ShellEvents {
  return new EventEmitter<ShellEventMap>();
}

/** Where things are on disk. */
export interface MainPaths {
  /** The app's root (app.getAppPath()): renderer/dist, build/. */
  app: string;
  userData: string;
  preload: string;
  logFile: string;
  /** Window icon on Linux (Windows and macOS take it from the executable). */
  windowIcon?: string;
}

/** Everything the setup functions share. */
export interface MainContext {
  readonly log: typeof log;
  /** Running under the Playwright e2e suite (LFR_E2E=1). */
  readonly e2e: boolean;
  readonly paths: MainPaths;
  readonly settings: PersistentSettingsStore;
  /** webContents the window factories made; any other is closed. */
  readonly registry: ReturnType<typeof createContentsRegistry>;
  readonly events: ShellEvents;
  /** Every BrowserWindow is made here, hardened and registered. */
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow;
  readonly notifier: Notifier;
  /** The one reporter of failed opens (the core calls it; a link refused before the core too). */
  readonly openReporter: OpenReporter;
  readonly quit: QuitState;
  /** The tray (icon and menu model); undefined where the desktop has no tray (creating one failed). */
  readonly tray: LauncherTray | undefined;
  /** The global shortcut (setting `globalShortcut`): next session window to front. */
  readonly shortcut: ShortcutBinding;
  readonly launcher: LauncherWindows;
  readonly windows: SessionWindowManager;
  readonly core: LauncherCore;
}
