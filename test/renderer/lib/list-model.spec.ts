import { describe, expect, it } from 'vitest';
import type {
  OpenWindow,
  ScopeError,
  SessionProgress,
  VirtualComputer,
} from '../../../electron/shared/models.js';
import {
  actionsFor,
  appInitials,
  clampPercent,
  filterComputers,
  firstPaintRows,
  formatClock,
  formatElapsed,
  groupComputers,
  limitRows,
  planLabel,
  progressLabel,
  reasonKey,
  REASONS,
  unplacedErrors,
  visibleIds,
} from '../../../renderer/src/lib/list-model.js';
import { computer } from './fixtures.js';

function pc(
  profile: string,
  region: string,
  name: string,
  extra: Partial<VirtualComputer> = {},
): VirtualComputer {
  return computer(name, { profile, region, app: { id: 'lfr_jupyterlab_1_0', name: 'JupyterLab' }, ...extra });
}

const computers = [
  pc('research', 'us-east-2', 'genomics-lab'),
  pc('research', 'eu-west-2', 'survey-analysis', { app: { id: 'lfr_rstudio_1_0', name: 'RStudio' } }),
  pc('research', 'us-east-2', 'gpu-training', { state: 'stopped' }),
  pc('teaching', 'eu-west-2', 'class-notebook'),
  pc('teaching', 'us-east-2', 'course-vscodium', { state: 'pending' }),
];
const classNotebook = computers.find((c) => c.name === 'class-notebook')!.id;

const accessDenied = (profile: string, region?: string): ScopeError => ({
  profile,
  ...(region ? { region } : {}),
  error: {
    name: 'AccessDeniedException',
    kind: 'access-denied',
    message: 'Access denied.',
    nextStep: 'Ask.',
    retryable: false,
  },
});

describe('filterComputers', () => {
  it('searches the name case-insensitively, ignoring surrounding spaces', () => {
    expect(filterComputers(computers, { search: '  GEN ', state: 'all' }).map((c) => c.name)).toEqual([
      'genomics-lab',
    ]);
  });

  it('does not match the app name, only the computer name', () => {
    expect(filterComputers(computers, { search: 'rstudio', state: 'all' })).toEqual([]);
  });

  it('filters by state, including "starting or stopping" and "with a session"', () => {
    expect(filterComputers(computers, { search: '', state: 'stopped' }).map((c) => c.name)).toEqual([
      'gpu-training',
    ]);
    expect(filterComputers(computers, { search: '', state: 'busy' }).map((c) => c.name)).toEqual([
      'course-vscodium',
    ]);
    const windows: OpenWindow[] = [{ computerId: classNotebook, kind: 'app', title: 't', focused: true }];
    expect(filterComputers(computers, { search: '', state: 'session' }, windows).map((c) => c.name)).toEqual([
      'class-notebook',
    ]);
  });

  it('combines search and filter', () => {
    expect(
      filterComputers(computers, { search: 'a', state: 'running' })
        .map((c) => c.name)
        .sort(),
    ).toEqual(['class-notebook', 'genomics-lab', 'survey-analysis']);
  });
});

describe('groupComputers', () => {
  it('groups by profile, sorted, names sorted within', () => {
    const groups = groupComputers(computers, 'profile', []);
    expect(groups.map((g) => g.label)).toEqual(['research', 'teaching']);
    expect(groups[0]!.computers.map((c) => c.name)).toEqual([
      'genomics-lab',
      'gpu-training',
      'survey-analysis',
    ]);
  });

  it('groups by region', () => {
    const groups = groupComputers(computers, 'region', []);
    expect(groups.map((g) => [g.label, g.computers.length])).toEqual([
      ['eu-west-2', 2],
      ['us-east-2', 3],
    ]);
  });

  it('pins favourites on top, out of their normal group', () => {
    const groups = groupComputers(computers, 'profile', [classNotebook]);
    expect(groups[0]!.label).toBe('Favourites');
    expect(groups[0]!.computers.map((c) => c.name)).toEqual(['class-notebook']);
    expect(groups.find((g) => g.label === 'teaching')!.computers.map((c) => c.name)).toEqual([
      'course-vscodium',
    ]);
    expect(visibleIds(groups)[0]).toBe(classNotebook);
  });

  it('shows a region error on its group even when that group has no computers', () => {
    const groups = groupComputers(computers, 'region', [], [accessDenied('teaching', 'ap-northeast-1')]);
    const tokyo = groups.find((g) => g.label === 'ap-northeast-1')!;
    expect(tokyo.computers).toEqual([]);
    expect(tokyo.errors).toHaveLength(1);
  });

  it('puts profile-wide errors on the profile group, or in the banner when grouping by region', () => {
    const e = accessDenied('sso-lab');
    expect(groupComputers(computers, 'profile', [], [e]).find((g) => g.label === 'sso-lab')!.errors).toEqual([
      e,
    ]);
    expect(groupComputers(computers, 'region', [], [e]).flatMap((g) => g.errors)).toEqual([]);
    expect(unplacedErrors([e, accessDenied('x', 'eu-west-2')], 'region')).toEqual([e]);
    expect(unplacedErrors([e], 'profile')).toEqual([]);
  });

  it('without grouping, lists everything in one section', () => {
    const groups = groupComputers(computers, 'none', []);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.computers).toHaveLength(5);
  });
});

describe('limitRows', () => {
  it('keeps whole groups while they fit and cuts the one that does not', () => {
    const groups = groupComputers(computers, 'profile', []);
    expect(limitRows(groups, 4).map((g) => g.computers.length)).toEqual([3, 1]);
    expect(limitRows(groups, 3).map((g) => g.computers.length)).toEqual([3]);
    expect(limitRows(groups, 100)).toEqual(groups);
  });
});

describe('actionsFor', () => {
  const running = pc('r', 'us-east-2', 'a');
  const progress = (phase: SessionProgress['phase']): SessionProgress => ({
    computerId: running.id,
    phase,
    percentage: 40,
    startedAt: 0,
  });

  it('on a running computer without a session: open, stop; no start, no stop session (with reasons)', () => {
    const a = actionsFor(running, undefined);
    expect(a.openApp.enabled && a.openDesktop.enabled && a.stop.enabled).toBe(true);
    expect(a.start).toEqual({ enabled: false, reason: REASONS.alreadyRunning });
    expect(a.stopSession).toEqual({ enabled: false, reason: REASONS.noSession });
  });

  it('a started session without a desktop: the application opens, the desktop is disabled with its reason', () => {
    const one = actionsFor(
      { ...running, sessionStatus: 'started', desktopUnavailable: 'one-session' },
      undefined,
    );
    expect(one.openApp.enabled).toBe(true);
    expect(one.openDesktop).toEqual({ enabled: false, reason: REASONS.desktopOneSession });
    expect(REASONS.desktopOneSession).toMatch(/only one session/);
    expect(actionsFor({ ...running, desktopUnavailable: 'no-primary' }, undefined).openDesktop).toEqual({
      enabled: false,
      reason: REASONS.desktopNoPrimary,
    });
  });

  it('allows stopping a session that is running or has windows open', () => {
    expect(actionsFor({ ...running, sessionStatus: 'started' }, undefined).stopSession.enabled).toBe(true);
    expect(
      actionsFor(running, undefined, [{ computerId: running.id, kind: 'desktop', title: '', focused: false }])
        .stopSession.enabled,
    ).toBe(true);
  });

  it('while a setup runs, opening again and power actions wait, with the reason', () => {
    const a = actionsFor(running, progress('setting-up'));
    expect(a.openApp).toEqual({ enabled: false, reason: REASONS.settingUp });
    expect(a.stop.enabled).toBe(false);
    expect(actionsFor(running, progress('failed')).openApp.enabled).toBe(true);
    expect(actionsFor(running, progress('ready')).openApp.enabled).toBe(true);
  });

  it('a stopped computer can be started and opened, not stopped', () => {
    const a = actionsFor({ ...running, state: 'stopped' }, undefined);
    expect(a.start.enabled && a.openApp.enabled).toBe(true);
    expect(a.stop.reason).toBe(REASONS.alreadyStopped);
  });

  it('a stopping computer cannot be opened or started', () => {
    const a = actionsFor({ ...running, state: 'stopping' }, undefined);
    expect(a.openApp.reason).toBe(REASONS.computerStopping);
    expect(a.start.enabled).toBe(false);
  });

  it('every reason maps back to its key, for aria-describedby', () => {
    for (const [k, text] of Object.entries(REASONS)) expect(reasonKey(text)).toBe(k);
    expect(reasonKey('something else')).toBeUndefined();
  });
});

describe('wording and formatting', () => {
  const p = (extra: Partial<SessionProgress>): SessionProgress => ({
    computerId: 'a/us-east-2/b',
    phase: 'setting-up',
    percentage: 0,
    startedAt: 0,
    ...extra,
  });

  it('says the API status in words while setting up', () => {
    expect(progressLabel(p({ status: 'settingUpInstance' }))).toBe('Setting up the computer');
    expect(progressLabel(p({ phase: 'starting-session', status: 'starting' }))).toBe('Starting the session');
    expect(progressLabel(p({ phase: 'starting-session', status: 'startExpired' }))).toBe(
      'Resuming the expired session',
    );
    expect(progressLabel(p({ phase: 'starting-computer' }))).toBe('Starting the computer');
    expect(progressLabel(p({ phase: 'ready', status: 'started' }))).toBe('Ready');
  });

  it('formats elapsed time as m:ss and h:mm:ss', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(7_400)).toBe('0:07');
    expect(formatElapsed(62_000)).toBe('1:02');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
    expect(formatElapsed(-5)).toBe('0:00');
  });

  it('formats the list time as local HH:MM', () => {
    expect(formatClock(new Date(2026, 0, 2, 9, 5).toISOString())).toBe('09:05');
    expect(formatClock('not a date')).toBe('--:--');
  });

  it('clamps percentages to whole 0..100', () => {
    expect([clampPercent(-3), clampPercent(42.6), clampPercent(180), clampPercent(Number.NaN)]).toEqual([
      0, 43, 100, 0,
    ]);
  });

  it('makes plan names from bundle ids when Lightsail gave none', () => {
    expect(planLabel({ id: 'app_standard_xl_1_0' })).toBe('Standard XL');
    expect(planLabel({ id: 'gpu_nvidia_2xl_1_0' })).toBe('GPU NVIDIA 2XL');
    expect(planLabel({ id: 'x', name: 'Standard XL (2 vCPU)' })).toBe('Standard XL (2 vCPU)');
  });

  it('makes app badge initials', () => {
    expect(appInitials('JupyterLab')).toBe('JL');
    expect(appInitials('RStudio')).toBe('RS');
    expect(appInitials('VSCodium')).toBe('VS');
    expect(appInitials('Ubuntu 22.04')).toBe('U2');
    expect(appInitials('scilab')).toBe('Sc');
    expect(appInitials('')).toBe('?');
  });
});

describe('firstPaintRows', () => {
  it('renders what the window shows (plus one), so a taller window gets more rows at once', () => {
    const rows720 = firstPaintRows(720);
    // 720 px: toolbar, status line and header take ~150 px; 46 px rows fill the rest.
    expect(rows720 * 46).toBeGreaterThanOrEqual(720 - 150);
    expect(rows720).toBeLessThan(24);
    expect(firstPaintRows(1400)).toBeGreaterThan(rows720);
  });

  it('falls back to a usual window when the height is unknown, and never renders too few', () => {
    expect(firstPaintRows(0)).toBe(firstPaintRows(720));
    expect(firstPaintRows(Number.NaN)).toBe(firstPaintRows(720));
    expect(firstPaintRows(100)).toBeGreaterThanOrEqual(4);
  });
});
