// Pure list logic (filter, search, grouping, favourites, action availability, wording), kept
// free of Svelte and the DOM so it is unit-tested in Node and reused by the benchmarks.
import type {
  ComputerId,
  GuiSessionStatus,
  InstanceStateName,
  OpenWindow,
  ScopeError,
  SessionProgress,
  Settings,
  VirtualComputer,
} from '../../../electron/shared/models.js';
import { DESKTOP_UNAVAILABLE, isSetupOver } from '../../../electron/shared/session.js';
import { progressWords, sessionStatusWords, stateWord } from '../../../electron/shared/vocabulary.js';

/** The state filter offered in the toolbar. */
export type StateFilter = 'all' | 'running' | 'stopped' | 'busy' | 'session';

export const STATE_FILTERS: { value: StateFilter; label: string }[] = [
  { value: 'all', label: 'All states' },
  { value: 'running', label: 'Running' },
  { value: 'stopped', label: 'Stopped' },
  { value: 'busy', label: 'Starting or stopping' },
  { value: 'session', label: 'With a session' },
];

export interface ListQuery {
  search: string;
  state: StateFilter;
}

const BUSY_STATES: ReadonlySet<InstanceStateName> = new Set([
  'pending',
  'stopping',
  'shutting-down',
  'rebooting',
]);
const LIVE_SESSION: ReadonlySet<GuiSessionStatus> = new Set(['started', 'starting', 'settingUpInstance']);

/** True when the computer has a session running or being set up. */
export function hasSession(c: VirtualComputer, windows: readonly OpenWindow[] = []): boolean {
  return (
    (c.sessionStatus !== undefined && LIVE_SESSION.has(c.sessionStatus)) ||
    windows.some((w) => w.computerId === c.id)
  );
}

/** Does a computer pass the state filter? */
export function matchesState(
  c: VirtualComputer,
  state: StateFilter,
  windows: readonly OpenWindow[] = [],
): boolean {
  switch (state) {
    case 'all':
      return true;
    case 'running':
      return c.state === 'running';
    case 'stopped':
      return c.state === 'stopped';
    case 'busy':
      return BUSY_STATES.has(c.state);
    case 'session':
      return hasSession(c, windows);
  }
}

/** Case-insensitive search on the computer's name; `needle` is already lower-case. */
export function matchesSearch(c: VirtualComputer, needle: string): boolean {
  return !needle || c.name.toLowerCase().includes(needle);
}

/** The computers that pass search and filter, in list order. */
export function filterComputers(
  computers: readonly VirtualComputer[],
  q: ListQuery,
  windows: readonly OpenWindow[] = [],
): VirtualComputer[] {
  const needle = q.search.trim().toLowerCase();
  if (!needle && q.state === 'all') return computers.slice();
  return computers.filter((c) => matchesSearch(c, needle) && matchesState(c, q.state, windows));
}

/** True when search or filter hide something. */
export function isFiltered(q: ListQuery): boolean {
  return q.search.trim() !== '' || q.state !== 'all';
}

/** One section of the list: a profile, a region, the favourites or everything. */
export interface Group {
  key: string;
  label: string;
  /** Second line: e.g. the profile kind or "2 computers". */
  computers: VirtualComputer[];
  /** Failures that belong to this section (an AccessDenied region, a profile needing sign-in). */
  errors: ScopeError[];
}

export type GroupBy = Settings['groupBy'];

// One collator for every comparison: String#localeCompare resolves the locale on each call,
// which made sorting a 40-computer list cost ~20 ms of the first render.
const collator = new Intl.Collator();
const compare = collator.compare;
const byName = (a: VirtualComputer, b: VirtualComputer) =>
  compare(a.name, b.name) || compare(a.region, b.region) || compare(a.profile, b.profile);

/** Errors that cannot be shown on a group of this grouping (shown in a banner instead). */
export function unplacedErrors(errors: readonly ScopeError[], groupBy: GroupBy): ScopeError[] {
  if (groupBy === 'profile') return [];
  if (groupBy === 'region') return errors.filter((e) => !e.region);
  return errors.slice();
}

/**
 * Group the (already filtered) computers. Favourites come first in their own section; groups
 * that only have errors still appear so "AccessDenied in eu-west-2" is visible where it belongs.
 * When filtering, groups with no computers and no errors are dropped.
 */
export function groupComputers(
  computers: readonly VirtualComputer[],
  groupBy: GroupBy,
  favourites: readonly ComputerId[],
  errors: readonly ScopeError[] = [],
): Group[] {
  const fav = new Set(favourites);
  const pinned: VirtualComputer[] = [];
  const rest: VirtualComputer[] = [];
  for (const c of computers) (fav.has(c.id) ? pinned : rest).push(c);
  pinned.sort(byName);
  rest.sort(byName);
  const groups: Group[] = [];
  if (pinned.length) groups.push({ key: 'favourites', label: 'Favourites', computers: pinned, errors: [] });
  if (groupBy === 'none') {
    if (rest.length)
      groups.push({
        key: 'all',
        label: pinned.length ? 'Other computers' : 'All computers',
        computers: rest,
        errors: [],
      });
    return groups;
  }
  const keyOf = (c: { profile: string; region?: string }) => (groupBy === 'profile' ? c.profile : c.region);
  const map = new Map<string, Group>();
  const get = (key: string) => {
    let g = map.get(key);
    if (!g) {
      g = { key: `${groupBy}:${key}`, label: key, computers: [], errors: [] };
      map.set(key, g);
    }
    return g;
  };
  for (const c of rest) get(keyOf(c)!).computers.push(c);
  for (const e of errors) {
    const k = keyOf(e);
    if (k) get(k).errors.push(e);
  }
  const sorted = [...map.entries()].sort(([a], [b]) => compare(a, b)).map(([, g]) => g);
  return groups.concat(sorted);
}

/** The groups with at most `limit` computers in total, in order (for incremental rendering). */
export function limitRows(groups: readonly Group[], limit: number): Group[] {
  let left = limit;
  const out: Group[] = [];
  for (const g of groups) {
    if (left <= 0) break;
    out.push(g.computers.length <= left ? g : { ...g, computers: g.computers.slice(0, left) });
    left -= g.computers.length;
  }
  return out;
}

/** Flattened ids in display order, for keyboard movement. */
export function visibleIds(groups: readonly Group[]): ComputerId[] {
  const ids: ComputerId[] = [];
  for (const g of groups) for (const c of g.computers) ids.push(c.id);
  return ids;
}

/** Whether an action can run now and, when not, why (shown on hover and to screen readers). */
export interface Availability {
  enabled: boolean;
  reason?: string;
}

export interface RowActions {
  openApp: Availability;
  openDesktop: Availability;
  start: Availability;
  stop: Availability;
  stopSession: Availability;
}

const yes: Availability = { enabled: true };
const no = (reason: string): Availability => ({ enabled: false, reason });

/** The reason texts, fixed so the page renders each once and rows point at it (aria-describedby). */
export const REASONS = {
  settingUp: 'A session is being set up for this computer; wait for it or cancel it.',
  computerStopping: 'The computer is stopping; start it again once it has stopped.',
  computerStarting: 'The computer is starting.',
  computerGone: 'The computer is being deleted.',
  alreadyRunning: 'The computer is already running.',
  alreadyStopped: 'The computer is already stopped.',
  notRunning: 'The computer is not running.',
  noSession: 'No session is running on this computer.',
  desktopOneSession: DESKTOP_UNAVAILABLE['one-session'],
  desktopNoPrimary: DESKTOP_UNAVAILABLE['no-primary'],
  desktopEveryPrimary: DESKTOP_UNAVAILABLE['every-primary'],
  busy: 'The computer is changing state; wait a moment.',
} as const;

export type ReasonKey = keyof typeof REASONS;

/** The key of a reason text, for aria-describedby ids. */
export function reasonKey(reason: string | undefined): ReasonKey | undefined {
  if (!reason) return undefined;
  return (Object.keys(REASONS) as ReasonKey[]).find((k) => REASONS[k] === reason);
}

/** True while a session setup is running (not finished, failed or cancelled). */
export function isInProgress(p: SessionProgress | undefined): boolean {
  return !!p && !isSetupOver(p.phase);
}

/** Which actions apply to a computer right now. */
export function actionsFor(
  c: VirtualComputer,
  progress: SessionProgress | undefined,
  windows: readonly OpenWindow[] = [],
): RowActions {
  const setting = isInProgress(progress);
  let open: Availability = yes;
  if (setting) open = no(REASONS.settingUp);
  else if (c.state === 'stopping') open = no(REASONS.computerStopping);
  else if (c.state === 'shutting-down' || c.state === 'terminated') open = no(REASONS.computerGone);

  let start: Availability;
  let stop: Availability;
  switch (c.state) {
    case 'stopped':
      start = setting ? no(REASONS.settingUp) : yes;
      stop = no(REASONS.alreadyStopped);
      break;
    case 'running':
      start = no(REASONS.alreadyRunning);
      stop = setting ? no(REASONS.settingUp) : yes;
      break;
    case 'pending':
      start = no(REASONS.computerStarting);
      stop = no(REASONS.busy);
      break;
    case 'stopping':
      start = no(REASONS.computerStopping);
      stop = no(REASONS.computerStopping);
      break;
    case 'shutting-down':
    case 'terminated':
      start = no(REASONS.computerGone);
      stop = no(REASONS.computerGone);
      break;
    default:
      start = no(REASONS.busy);
      stop = no(REASONS.busy);
  }
  const live = hasSession(c, windows) && c.state === 'running';
  const stopSession = setting ? no(REASONS.settingUp) : live ? yes : no(REASONS.noSession);
  // A started session without a desktop: the application opens, the desktop says why it cannot.
  const openDesktop =
    open.enabled && c.desktopUnavailable && c.state === 'running'
      ? no(DESKTOP_UNAVAILABLE[c.desktopUnavailable])
      : open;
  return { openApp: open, openDesktop, start, stop, stopSession };
}

/** The state badge text (shared/vocabulary.ts: the tray says the same). */
export const stateLabel = stateWord;

/** Badge tone for styling. */
export function stateTone(s: InstanceStateName): 'ok' | 'off' | 'busy' | 'bad' {
  if (s === 'running') return 'ok';
  if (s === 'stopped') return 'off';
  if (s === 'terminated' || s === 'shutting-down' || s === 'unknown') return 'bad';
  return 'busy';
}

/** The GUI session status in words (shared/vocabulary.ts). */
export const sessionStatusLabel = sessionStatusWords;

/** What the progress line says (shared/vocabulary.ts). */
export const progressLabel = progressWords;

/** Elapsed time as m:ss or h:mm:ss. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** HH:MM in local time, for "Showing the list from 09:41". */
export function formatClock(iso: string | number | Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '--:--';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Clamp a percentage to a whole 0..100. */
export function clampPercent(n: number): number {
  if (!Number.isFinite(n)) return 0;
  return Math.min(100, Math.max(0, Math.round(n)));
}

/** The plan's display name, or one made from its bundle id ("app_standard_xl_1_0" -> "Standard XL"). */
export function planLabel(plan: { id: string; name?: string }): string {
  if (plan.name) return plan.name;
  const words = plan.id
    .replace(/(_\d+)+$/, '')
    .split('_')
    .filter((w) => w && w !== 'app');
  if (!words.length) return plan.id;
  const UPPER = /^(gpu|cpu|nvidia|\d*xl|\d*xs)$/;
  return words.map((w) => (UPPER.test(w) ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1))).join(' ');
}

/** One or two letters for the app badge when there is no icon. */
export function appInitials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (!words.length) return '?';
  if (words.length === 1) {
    const w = words[0]!;
    // "JupyterLab" -> "JL", "RStudio" -> "RS": capitals inside one word read better than one letter.
    const caps = w.match(/\p{Lu}/gu);
    if (caps && caps.length >= 2) return caps.slice(0, 2).join('');
    return w.slice(0, 2).replace(/^./, (x) => x.toUpperCase());
  }
  return (words[0]![0]! + words[1]![0]!).toUpperCase();
}

/** A stable hue per app, for its badge colour. */
export function appHue(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 360;
}

/** Height of a computer row in px (ComputerRow's contain-intrinsic-size, set from this). */
export const ROW_HEIGHT = 46;
/** Toolbar, status line and list header above the first row, in px. */
const ABOVE_ROWS = 150;

/**
 * Rows the first paint renders: what a window of this height shows, plus one. Each row costs a
 * few ms of cold script on the first render, so rows below the fold wait for the next frame.
 */
export function firstPaintRows(windowHeight: number): number {
  const h = Number.isFinite(windowHeight) && windowHeight > 0 ? windowHeight : 720;
  return Math.max(4, Math.ceil((h - ABOVE_ROWS) / ROW_HEIGHT) + 1);
}

/** The state badge: the real state, or what the launcher is doing to it right now. */
export function stateBadge(
  c: VirtualComputer,
  progress: SessionProgress | undefined,
  pending: string | undefined,
): { label: string; tone: ReturnType<typeof stateTone> } {
  if (progress && isInProgress(progress)) {
    // Before its first answer a run on a computer not yet running is about to start it.
    const starting =
      progress.phase === 'starting-computer' ||
      (c.state !== 'running' && progress.phase === 'starting-session' && progress.percentage === 0);
    return starting ? { label: 'Starting…', tone: 'busy' } : { label: 'Setting up session…', tone: 'busy' };
  }
  // A session is ready only on a running computer, whatever the list has yet to hear.
  if (progress?.phase === 'ready') return { label: stateLabel('running'), tone: stateTone('running') };
  if (pending === 'start') return { label: 'Starting…', tone: 'busy' };
  if (pending === 'stop') return { label: 'Stopping…', tone: 'busy' };
  return { label: stateLabel(c.state), tone: stateTone(c.state) };
}

/** The session column's words: what the progress bar says while a setup runs, else the session status (none on a computer that is not running). */
export function sessionLine(c: VirtualComputer, progress: SessionProgress | undefined): string {
  if (progress && isInProgress(progress))
    return `${progressLabel(progress)} · ${clampPercent(progress.percentage)}%`;
  if (c.state !== 'running')
    return c.sessionStatus === 'stopped' ? sessionStatusWords('stopped') : 'No session';
  return sessionStatusLabel(c.sessionStatus, c.state);
}
