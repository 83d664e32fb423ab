// The session window manager over real BrowserWindows, screens, dialogs and the shell: made
// before the core (which drives it), reporting through ShellEvents what the setup files react to.
import { BrowserWindow, dialog, screen, shell, type MessageBoxOptions } from 'electron';
import type { ShellEvents } from '../context.js';
import { createPlacementStore } from '../window-state.js';
import { sessionWindowQuestions, type SettingsAccess } from './session-dialogs.js';
import { createSessionWindowManager } from './session-window-manager.js';
import type { SessionWindowDeps, SessionWindowManager } from './session-window-types.js';

/** A dialog over the given window (modal to it), or app-wide when it has closed meanwhile. */
export function askOver(windowId: number, opts: MessageBoxOptions) {
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
  /** A page kept its window: a quit under way did not happen. */
  onStay?: () => void;
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
        detail:
          'The session page wants to open a link to another site. It will not open inside the session window.',
      });
      return r.response === 0;
    },
    openExternal: (url) => void shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- only https URLs (navigationDecision 'external') and only after the user agreed in a dialog
    onBroken: (broken, win) => void o.events.emit('session-broken', broken, win),
    ...sessionWindowQuestions({ dialog, fromId: (id) => BrowserWindow.fromId(id), settings: o.settings }),
    prepareSession: (ses, computerId) => void o.events.emit('session-partition', ses, computerId),
    prepareWindow: (win, computerId, kind) => void o.events.emit('session-window', win, computerId, kind),
    ...(o.icon ? { icon: o.icon } : {}),
    ...(o.onStay ? { onStay: o.onStay } : {}),
    log: o.log,
  });
}
