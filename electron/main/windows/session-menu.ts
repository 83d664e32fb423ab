// The native menu of a session window (the app menu on macOS while a session window is
// focused). Switching between the application and the desktop is the everyday gesture, so
// it has an accelerator.
//
// Accelerator choice: the DCV web client forwards almost every Ctrl, Alt and Ctrl+Alt combo
// (and F-keys) to the remote machine, since remote apps need them. Combos holding all three
// of CmdOrCtrl+Alt+Shift are practically unused by desktop and IDE shortcuts and are not
// claimed by DCV, so they stay with the launcher. The desktops keep a few of them, and the
// OS sees a key before the window does, so those are avoided: GNOME's screencast
// (Ctrl+Alt+Shift+R), KDE's log out / shut down / restart (Ctrl+Alt+Shift+Del, PgDn, PgUp),
// macOS's log out (Cmd+Option+Shift+Q) and force quit (Cmd+Option+Shift+Esc), Windows' Office
// key (Ctrl+Alt+Shift+Win+letter; with Win only, so plain letters stay free).
import type { MenuItemConstructorOptions } from 'electron';
import type { SessionKind } from '../../shared/models.js';

/** Accelerators of the session menu. */
export const SESSION_ACCELERATORS = {
  switchToDesktop: 'CmdOrCtrl+Alt+Shift+D',
  switchToApp: 'CmdOrCtrl+Alt+Shift+A',
  reconnect: 'CmdOrCtrl+Alt+Shift+N',
  showLauncher: 'CmdOrCtrl+Alt+Shift+L',
} as const;

/** Accelerators a desktop keeps for itself (see the comment at the top). */
export const DESKTOP_RESERVED_ACCELERATORS = [
  'CmdOrCtrl+Alt+Shift+R', // GNOME: record a screencast
  'CmdOrCtrl+Alt+Shift+Q', // macOS: log out without asking
  'CmdOrCtrl+Alt+Shift+Escape', // macOS: force quit the front app
  'CmdOrCtrl+Alt+Shift+Delete', // KDE: log out without asking
  'CmdOrCtrl+Alt+Shift+PageDown', // KDE: shut down
  'CmdOrCtrl+Alt+Shift+PageUp', // KDE: restart
] as const;

/** A session shortcut the window handles itself. */
export type SessionShortcut = 'switch-desktop' | 'switch-app' | 'reconnect' | 'show-launcher';

/** The parts of Electron's before-input-event Input the matcher reads. */
export interface KeyInput {
  type: string;
  code: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

const SHORTCUT_CODES: Record<string, SessionShortcut> = {
  KeyD: 'switch-desktop',
  KeyA: 'switch-app',
  KeyN: 'reconnect',
  KeyL: 'show-launcher',
};

/**
 * Which session shortcut a key press is, if any. Session windows check this in
 * before-input-event: the DCV page captures and cancels key events to forward them to the
 * remote machine, so on Windows and Linux a menu accelerator alone would never fire. The
 * physical key (code) is matched, since Option/Alt changes the character on macOS.
 */
export function sessionShortcutFor(input: KeyInput, platform: string): SessionShortcut | undefined {
  if (input.type !== 'keyDown' || !input.alt || !input.shift) return undefined;
  const cmdOrCtrl = platform === 'darwin' ? input.meta && !input.control : input.control && !input.meta;
  if (!cmdOrCtrl) return undefined;
  return SHORTCUT_CODES[input.code];
}

/** What the menu items do. */
export interface SessionMenuActions {
  switchTo(kind: SessionKind): void;
  reconnect(): void;
  stopSession(): void;
  /** Hand this session to the system browser (the DCV web client there). */
  openInBrowser?(): void;
  /** Resume the session for another hour (StartGUISession). */
  keepGoing?(): void;
  /** Stop this computer's downloads in progress (nothing of them is kept). */
  cancelDownloads?(): void;
  showLauncher(): void;
  quit(): void;
}

/** "Cancel Download of notes.txt", or "Cancel 3 Downloads". */
export function cancelDownloadsLabel(files: readonly string[]): string {
  return files.length === 1 ? `Cancel Download of ${files[0]}` : `Cancel ${files.length} Downloads`;
}

/** The menu template for a session window of the given kind. */
export function sessionMenuTemplate(o: {
  kind: SessionKind;
  /** Which kinds are open now (the label says Show rather than Open). */
  open: Partial<Record<SessionKind, boolean>>;
  platform: string;
  appName: string;
  actions: SessionMenuActions;
  /** "42 min left": the session's time left, when the launcher knows it. */
  timeLeft?: string;
  /** Files of this computer downloading now (the only place to stop one). */
  downloading?: readonly string[];
}): MenuItemConstructorOptions[] {
  const a = o.actions;
  const verb = (k: SessionKind) => (o.open[k] ? 'Switch to' : 'Open');
  const session: MenuItemConstructorOptions = {
    label: 'Session',
    submenu: [
      {
        id: 'switch-desktop',
        label: `${verb('desktop')} Desktop`,
        accelerator: SESSION_ACCELERATORS.switchToDesktop,
        enabled: o.kind !== 'desktop',
        click: () => a.switchTo('desktop'),
      },
      {
        id: 'switch-app',
        label: `${verb('app')} Application`,
        accelerator: SESSION_ACCELERATORS.switchToApp,
        enabled: o.kind !== 'app',
        click: () => a.switchTo('app'),
      },
      { type: 'separator' },
      {
        id: 'reconnect',
        label: 'Reconnect',
        accelerator: SESSION_ACCELERATORS.reconnect,
        click: () => a.reconnect(),
      },
      ...(a.openInBrowser
        ? [{ id: 'open-in-browser', label: 'Open in Browser', click: () => a.openInBrowser?.() }]
        : []),
      // The session lasts an hour: the menu says how much is left, and renews it.
      ...(o.timeLeft ? [{ id: 'time-left', label: `Session: ${o.timeLeft}`, enabled: false }] : []),
      ...(o.timeLeft && a.keepGoing
        ? [{ id: 'keep-going', label: 'Keep Going (another hour)', click: () => a.keepGoing?.() }]
        : []),
      // No accelerator: ending the session is destructive and must be deliberate.
      { id: 'stop-session', label: 'Stop session', click: () => a.stopSession() },
      ...(o.downloading?.length && a.cancelDownloads
        ? [
            {
              id: 'cancel-downloads',
              label: cancelDownloadsLabel(o.downloading),
              click: () => a.cancelDownloads?.(),
            },
          ]
        : []),
      { type: 'separator' },
      {
        id: 'show-launcher',
        label: 'Show launcher',
        accelerator: SESSION_ACCELERATORS.showLauncher,
        click: () => a.showLauncher(),
      },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [{ role: 'togglefullscreen' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }],
  };
  if (o.platform === 'darwin') {
    // macOS routes Cmd+C/V through the Edit menu; without it clipboard shortcuts die.
    return [
      {
        label: o.appName,
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { type: 'separator' },
          { label: 'Quit', accelerator: 'Cmd+Q', click: () => a.quit() },
        ],
      },
      { role: 'editMenu' },
      session,
      view,
      { role: 'windowMenu' },
    ];
  }
  return [session, view];
}
