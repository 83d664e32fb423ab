// The tray menu as plain data, so what the tray shows is tested in Node; electron/main/tray.ts
// only turns these items into an Electron Menu and maps actions onto the launcher core.
import type {
  ComputerId,
  ComputerList,
  InstanceStateName,
  OpenWindow,
  SessionKind,
  SessionProgress,
  SignInEntry,
  SignInRef,
  VirtualComputer,
} from '../shared/models.js';
import { timeLeftLabel } from '../shared/lifetime.js';
import { kindWord, stateWord } from '../shared/vocabulary.js';

/** What clicking a tray item does. */
export type TrayAction =
  /** startComputer: the item said it starts a stopped computer, so clicking it is the consent. */
  | { type: 'open'; computerId: ComputerId; kind: SessionKind; startComputer?: true }
  | { type: 'start' | 'stop' | 'stop-session' | 'keep-going'; computerId: ComputerId }
  | { type: 'sign-in'; signIn: SignInRef }
  | { type: 'show-launcher' }
  | { type: 'quit' };

/** One tray menu entry. */
export interface TrayMenuItem {
  /** 'normal' items are clickable when enabled; 'header' is a disabled caption. */
  type: 'normal' | 'header' | 'separator' | 'submenu';
  label: string;
  enabled: boolean;
  action?: TrayAction;
  submenu?: TrayMenuItem[];
}

/** What the tray renders from. */
export interface TrayMenuInput {
  list: ComputerList;
  windows: OpenWindow[];
  progress: SessionProgress[];
  demo: boolean;
  /** Clock ms, for the sessions' time left (omitted: no time shown). */
  now?: number;
  /** IAM Identity Center sign-ins (signin:changed); those needing the user get a Sign in item. */
  signIns?: SignInEntry[];
}

const STATE_GLYPH: Record<InstanceStateName, string> = {
  pending: '◐',
  running: '●',
  stopping: '◑',
  stopped: '○',
  'shutting-down': '◑',
  terminated: '✕',
  rebooting: '◐',
  unknown: '?',
};

/** Short state text shown next to a computer name: the rows' word (shared/vocabulary.ts) after a glyph. */
export function stateBadge(state: InstanceStateName): string {
  const known = Object.hasOwn(STATE_GLYPH, state) ? state : 'unknown';
  return `${STATE_GLYPH[known]} ${stateWord(known).toLowerCase()}`;
}

const ACTIVE_PHASES = new Set(['starting-computer', 'starting-session', 'setting-up', 'opening']);
const LIVE_SESSION = new Set(['started', 'starting', 'settingUpInstance']);

const header = (label: string): TrayMenuItem => ({ type: 'header', label, enabled: false });
const separator = (): TrayMenuItem => ({ type: 'separator', label: '', enabled: false });
const item = (label: string, action: TrayAction, enabled = true): TrayMenuItem => ({
  type: 'normal',
  label,
  enabled,
  action,
});

function computerItem(c: VirtualComputer, input: TrayMenuInput): TrayMenuItem {
  const open = (kind: SessionKind) => input.windows.some((w) => w.computerId === c.id && w.kind === kind);
  const running = input.progress.find((p) => p.computerId === c.id && ACTIVE_PHASES.has(p.phase));
  const sessionExists =
    open('app') ||
    open('desktop') ||
    running !== undefined ||
    (c.sessionStatus !== undefined && LIVE_SESSION.has(c.sessionStatus));
  const usable = c.state !== 'terminated' && c.state !== 'shutting-down';
  const stopped = c.state === 'stopped';
  const openItem = (kind: SessionKind): TrayMenuItem => {
    const what = kindWord(kind);
    if (open(kind)) return item(`Show ${what}`, { type: 'open', computerId: c.id, kind }, usable);
    // The started session has no desktop (one session, or none told apart): nothing to open.
    if (kind === 'desktop' && c.desktopUnavailable && c.state === 'running')
      return item(`Open ${what} (not available)`, { type: 'open', computerId: c.id, kind }, false);
    // A menu has no room for a question, so the label asks it: choosing the item is the consent.
    if (stopped)
      return item(`Start and open ${what}`, { type: 'open', computerId: c.id, kind, startComputer: true });
    return item(`Open ${what}`, { type: 'open', computerId: c.id, kind }, usable);
  };
  const submenu: TrayMenuItem[] = [openItem('app'), openItem('desktop'), separator()];
  if (stopped) submenu.push(item('Start computer', { type: 'start', computerId: c.id }));
  else submenu.push(item('Stop computer', { type: 'stop', computerId: c.id }, c.state === 'running'));
  submenu.push(item('Stop session', { type: 'stop-session', computerId: c.id }, sessionExists));
  const left =
    c.sessionExpiresAt !== undefined && input.now !== undefined
      ? timeLeftLabel(c.sessionExpiresAt, input.now, c.sessionExpiresApprox)
      : undefined;
  if (left !== undefined)
    submenu.push(
      separator(),
      header(`Session: ${left}`),
      item('Keep going', { type: 'keep-going', computerId: c.id }),
    );
  const progress = running
    ? ` — setting up ${Math.round(running.percentage)}%`
    : left !== undefined
      ? ` — ${left}`
      : '';
  const byRule = stopped && c.stoppedByRule ? ' by its idle rule' : '';
  return {
    type: 'submenu',
    label: `${c.name}  ${stateBadge(c.state)}${byRule}${progress}`,
    enabled: true,
    submenu,
  };
}

// Same rule as the core's refOf (sso-sign-in.ts): a session by name, a legacy start URL by a profile using it.
const signInRef = (e: SignInEntry): SignInRef =>
  e.kind === 'sso-session' ? { session: e.label } : { profile: e.profiles[0] ?? e.label };

/** Sign in items for the sign-ins that need the user, first in the menu (nothing of theirs lists until then). */
function signInItems(entries: SignInEntry[]): TrayMenuItem[] {
  const items = entries.flatMap((e): TrayMenuItem[] => {
    const what = `${e.kind === 'sso-session' ? e.label : e.profiles.join(', ') || e.label}`;
    if (e.status === 'signing-in')
      return [
        item(
          `Signing in to ${what}… (approve in your browser)`,
          { type: 'sign-in', signIn: signInRef(e) },
          false,
        ),
      ];
    if (e.status === 'needs-sign-in' || e.status === 'expiring')
      return [item(`Sign in to ${what}`, { type: 'sign-in', signIn: signInRef(e) })];
    return [];
  });
  return items.length ? [...items, separator()] : [];
}

/** The tray menu: Sign in items, computers grouped by profile and region, then Show launcher and Quit. */
export function buildTrayMenu(input: TrayMenuInput): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  if (input.demo) items.push(header('Demo mode (simulated computers)'), separator());
  items.push(...signInItems(input.signIns ?? []));
  const groups = new Map<string, VirtualComputer[]>();
  const sorted = [...input.list.computers].sort(
    (a, b) =>
      a.profile.localeCompare(b.profile) || a.region.localeCompare(b.region) || a.name.localeCompare(b.name),
  );
  for (const c of sorted) {
    const key = `${c.profile} · ${c.region}`;
    const group = groups.get(key) ?? [];
    group.push(c);
    groups.set(key, group);
  }
  if (groups.size === 0)
    items.push(header(input.list.refreshing ? 'Looking for computers…' : 'No virtual computers'));
  for (const [key, computers] of groups) {
    items.push(header(key));
    for (const c of computers) items.push(computerItem(c, input));
  }
  items.push(separator(), item('Show launcher', { type: 'show-launcher' }), item('Quit', { type: 'quit' }));
  return items;
}

/** Every action in a menu, depth first (for tests and the e2e hook). */
export function trayActions(
  items: TrayMenuItem[],
): { label: string; action: TrayAction; enabled: boolean }[] {
  return items.flatMap((i) => [
    ...(i.action ? [{ label: i.label, action: i.action, enabled: i.enabled }] : []),
    ...trayActions(i.submenu ?? []),
  ]);
}
