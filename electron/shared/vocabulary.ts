// The launcher's words, once: where an open was asked from, what a session kind is called, the
// question a stopped computer raises, and the words for states, session statuses and setup
// phases. Main, core, CLI and renderer all read them here, so a
// label cannot drift between the tray, the rows, the notifications and the terminal.
import type {
  GuiSessionStatus,
  InstanceStateName,
  SessionKind,
  SessionPhase,
  SessionProgress,
} from './models.js';

/** Where an open was asked from: a launcher row, the tray, a session window's menu, a shortcut, a link. */
export const OPEN_SOURCES = ['row', 'tray', 'menu', 'shortcut', 'link'] as const;

/** Where an open was asked from. */
export type OpenSource = (typeof OPEN_SOURCES)[number];

/** "Application" or "Desktop" (titles, menus). */
export function kindLabel(kind: SessionKind): string {
  return kind === 'app' ? 'Application' : 'Desktop';
}

/** "application" or "desktop" (inside a sentence). */
export function kindWord(kind: SessionKind): string {
  return kind === 'app' ? 'application' : 'desktop';
}

/** The question a stopped computer raises before anything starts it. */
export function startQuestion(name: string, kind: SessionKind): string {
  return `${name} is stopped. Start it and open the ${kindWord(kind)}?`;
}

const STATE_WORDS: Record<InstanceStateName, string> = {
  pending: 'Starting',
  running: 'Running',
  stopping: 'Stopping',
  stopped: 'Stopped',
  'shutting-down': 'Deleting',
  terminated: 'Deleted',
  rebooting: 'Restarting',
  unknown: 'Unknown',
};

/** A computer's state in words (rows, tray): "Unknown" for a state the launcher does not know. */
export function stateWord(s: InstanceStateName): string {
  return STATE_WORDS[s] ?? STATE_WORDS.unknown;
}

const STATUS_WORDS: Record<GuiSessionStatus, string> = {
  startExpired: 'Session expired, resuming',
  notStarted: 'No session',
  started: 'Session running',
  starting: 'Starting the session',
  stopped: 'Session stopped',
  stopping: 'Stopping the session',
  settingUpInstance: 'Setting up the computer',
  failedInstanceCreation: 'Setting up the computer failed',
  failedStartingGUISession: 'Starting the session failed',
  failedStoppingGUISession: 'Stopping the session failed',
};

/** The GUI session status in words. */
export function sessionStatusWords(s: GuiSessionStatus | undefined, state?: InstanceStateName): string {
  // A running computer's session may have been started elsewhere: until the service says, unknown.
  if (!s) return state === 'running' ? 'Session unknown' : 'No session';
  return STATUS_WORDS[s];
}

const PHASE_WORDS: Record<SessionPhase, string> = {
  'starting-computer': 'Starting the computer',
  'starting-session': 'Starting the session',
  'setting-up': 'Setting up the computer',
  opening: 'Opening the window',
  ready: 'Ready',
  failed: 'Could not open the session',
  cancelled: 'Cancelled',
};

/** What a setup's progress line says: the API status in words while the session is being set up. */
export function progressWords(p: Pick<SessionProgress, 'phase' | 'status'>): string {
  if ((p.phase === 'setting-up' || p.phase === 'starting-session') && p.status && p.status !== 'notStarted') {
    if (p.status === 'startExpired') return 'Resuming the expired session';
    return STATUS_WORDS[p.status];
  }
  return PHASE_WORDS[p.phase];
}
