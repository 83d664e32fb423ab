import { describe, expect, it } from 'vitest';
import { buildTrayMenu, trayActions, type TrayMenuItem } from '../../electron/core/tray-menu.js';
import type {
  ComputerList,
  OpenWindow,
  SessionProgress,
  SignInEntry,
  VirtualComputer,
} from '../../electron/shared/models.js';

function computer(
  profile: string,
  region: string,
  name: string,
  state: VirtualComputer['state'],
  extra: Partial<VirtualComputer> = {},
): VirtualComputer {
  return {
    id: `${profile}/${region}/${name}`,
    name,
    profile,
    region,
    state,
    app: { id: 'lfr_jupyterlab', name: 'JupyterLab' },
    plan: { id: 'app_standard_xl_1_0' },
    ...extra,
  };
}

function list(computers: VirtualComputer[]): ComputerList {
  return { computers, errors: [], refreshedAt: '2026-01-01T00:00:00Z', stale: false, refreshing: false };
}

const running = computer('research', 'us-east-2', 'jupyter-1', 'running');
const stopped = computer('research', 'us-east-2', 'rstudio-1', 'stopped');
const other = computer('lab', 'eu-west-1', 'vscode-1', 'running', { sessionStatus: 'started' });

const sub = (items: TrayMenuItem[], label: string) => items.find((i) => i.label.startsWith(label))!.submenu!;
const labelled = (items: TrayMenuItem[], label: string) => items.find((i) => i.label === label)!;

describe('buildTrayMenu', () => {
  it('groups computers by profile and region with a state badge, then Show launcher and Quit', () => {
    const menu = buildTrayMenu({
      list: list([running, stopped, other]),
      windows: [],
      progress: [],
      demo: false,
    });
    const top = menu.filter((i) => i.type !== 'separator').map((i) => `${i.type}:${i.label}`);
    expect(top).toEqual([
      'header:lab · eu-west-1',
      'submenu:vscode-1  ● running',
      'header:research · us-east-2',
      'submenu:jupyter-1  ● running',
      'submenu:rstudio-1  ○ stopped',
      'normal:Show launcher',
      'normal:Quit',
    ]);
    expect(labelled(menu, 'Show launcher').action).toEqual({ type: 'show-launcher' });
    expect(labelled(menu, 'Quit').action).toEqual({ type: 'quit' });
  });

  it('offers open application / desktop, start or stop, and stop session per computer', () => {
    const menu = buildTrayMenu({ list: list([running, stopped]), windows: [], progress: [], demo: false });
    const r = sub(menu, 'jupyter-1');
    expect(r.filter((i) => i.type === 'normal').map((i) => [i.label, i.enabled, i.action])).toEqual([
      ['Open application', true, { type: 'open', computerId: running.id, kind: 'app' }],
      ['Open desktop', true, { type: 'open', computerId: running.id, kind: 'desktop' }],
      ['Stop computer', true, { type: 'stop', computerId: running.id }],
      ['Stop session', false, { type: 'stop-session', computerId: running.id }],
    ]);
    expect(labelled(sub(menu, 'rstudio-1'), 'Start computer').action).toEqual({
      type: 'start',
      computerId: stopped.id,
    });
  });

  it('a started session without a desktop: Open desktop is there, disabled; the time left says "about" when the end is presumed', () => {
    const c = {
      ...other,
      desktopUnavailable: 'one-session' as const,
      sessionExpiresAt: 40 * 60_000,
      sessionExpiresApprox: true as const,
    };
    const menu = buildTrayMenu({ list: list([c]), windows: [], progress: [], demo: false, now: 0 });
    const s = sub(menu, 'vscode-1');
    expect(s.find((i) => i.label.startsWith('Open desktop'))).toMatchObject({ enabled: false });
    expect(s.find((i) => i.label === 'Open application')).toMatchObject({ enabled: true });
    expect(s.map((i) => i.label)).toContain('Session: about 40 min left');
  });

  it('for a stopped computer, says the open items start it and carries that consent in their action', () => {
    const menu = buildTrayMenu({ list: list([running, stopped]), windows: [], progress: [], demo: false });
    const s = sub(menu, 'rstudio-1').filter((i) => i.type === 'normal');
    expect(s.slice(0, 2).map((i) => [i.label, i.enabled, i.action])).toEqual([
      [
        'Start and open application',
        true,
        { type: 'open', computerId: stopped.id, kind: 'app', startComputer: true },
      ],
      [
        'Start and open desktop',
        true,
        { type: 'open', computerId: stopped.id, kind: 'desktop', startComputer: true },
      ],
    ]);
    // A running computer's items never start anything.
    const r = sub(menu, 'jupyter-1').filter((i) => i.action?.type === 'open');
    expect(r.map((i) => i.action)).not.toContainEqual(expect.objectContaining({ startComputer: true }));
    // Nor do those of a computer on its way up or down.
    for (const state of ['pending', 'stopping'] as const) {
      const m = buildTrayMenu({
        list: list([computer('p', 'us-east-2', 'c1', state)]),
        windows: [],
        progress: [],
        demo: false,
      });
      expect(sub(m, 'c1').map((i) => i.label)).toEqual(
        expect.arrayContaining(['Open application', 'Open desktop']),
      );
    }
  });

  it('says Show for open windows and enables Stop session when a session exists', () => {
    const windows: OpenWindow[] = [{ computerId: running.id, kind: 'desktop', title: 't', focused: false }];
    const menu = buildTrayMenu({ list: list([running, other]), windows, progress: [], demo: false });
    const r = sub(menu, 'jupyter-1');
    expect(r.map((i) => i.label)).toContain('Open application');
    expect(r.map((i) => i.label)).toContain('Show desktop');
    expect(labelled(r, 'Stop session').enabled).toBe(true);
    // A session known from Lightsail (no window open) can be stopped too.
    expect(labelled(sub(menu, 'vscode-1'), 'Stop session').enabled).toBe(true);
  });

  it('shows setup progress and allows stopping the session being set up', () => {
    const progress: SessionProgress[] = [
      { computerId: running.id, phase: 'setting-up', percentage: 42.4, startedAt: 0 },
    ];
    const menu = buildTrayMenu({ list: list([running]), windows: [], progress, demo: false });
    expect(menu.find((i) => i.type === 'submenu')!.label).toBe('jupyter-1  ● running — setting up 42%');
    expect(labelled(sub(menu, 'jupyter-1'), 'Stop session').enabled).toBe(true);
  });

  it('disables Stop computer while a computer is changing state', () => {
    const menu = buildTrayMenu({
      list: list([computer('p', 'us-east-2', 'c1', 'stopping')]),
      windows: [],
      progress: [],
      demo: false,
    });
    expect(labelled(sub(menu, 'c1'), 'Stop computer').enabled).toBe(false);
  });

  it('marks demo mode and says when there is nothing to list', () => {
    const menu = buildTrayMenu({ list: list([]), windows: [], progress: [], demo: true });
    expect(menu[0]).toMatchObject({ type: 'header', label: expect.stringContaining('Demo') });
    expect(menu.some((i) => i.label === 'No virtual computers')).toBe(true);
    expect(trayActions(menu).map((a) => a.action.type)).toEqual(['show-launcher', 'quit']);
  });
});

describe('session time left and idle-rule stops in the tray', () => {
  it('shows the time left with Keep going, and says when a computer was stopped by its rule', () => {
    const now = 1_000_000;
    const live = computer('research', 'us-east-2', 'genomics-lab', 'running', {
      sessionStatus: 'started',
      sessionExpiresAt: now + 42 * 60_000,
    });
    const ruled = computer('research', 'us-east-2', 'stats-lab', 'stopped', {
      stoppedByRule: true,
      idleRule: { thresholdPercent: 5, durationMinutes: 30 },
    });
    const menu = buildTrayMenu({ list: list([live, ruled]), windows: [], progress: [], demo: false, now });
    expect(menu.map((i) => i.label)).toContain('genomics-lab  ● running — 42 min left');
    expect(menu.map((i) => i.label)).toContain('stats-lab  ○ stopped by its idle rule');
    const s = sub(menu, 'genomics-lab');
    expect(s.map((i) => i.label)).toContain('Session: 42 min left');
    expect(labelled(s, 'Keep going').action).toEqual({ type: 'keep-going', computerId: live.id });
    // Without a clock, or without a known expiry, no time is shown.
    expect(
      buildTrayMenu({ list: list([live]), windows: [], progress: [], demo: false }).map((i) => i.label),
    ).toContain('genomics-lab  ● running');
  });
});

describe('Sign in from the tray', () => {
  const entry = (status: SignInEntry['status'], patch: Partial<SignInEntry> = {}): SignInEntry => ({
    id: 'session:lab',
    label: 'lab',
    kind: 'sso-session',
    startUrl: 'https://lab.awsapps.com/start',
    region: 'us-east-1',
    profiles: ['research-sso', 'teaching-sso'],
    status,
    ...patch,
  });
  const base = { list: list([running]), windows: [], progress: [], demo: false };

  it('offers Sign in first for a session that needs it, starting that session', () => {
    const items = buildTrayMenu({ ...base, signIns: [entry('needs-sign-in')] });
    expect(items[0]).toMatchObject({
      label: 'Sign in to lab',
      enabled: true,
      action: { type: 'sign-in', signIn: { session: 'lab' } },
    });
    expect(items[1]?.type).toBe('separator');
  });

  it('a legacy start URL signs in through a profile that uses it; an ending session also offers it', () => {
    const legacy = entry('expiring', {
      id: 'url:https://old.awsapps.com/start',
      label: 'https://old.awsapps.com/start',
      kind: 'sso',
      profiles: ['legacy'],
    });
    expect(trayActions(buildTrayMenu({ ...base, signIns: [legacy] }))[0]).toEqual({
      label: 'Sign in to legacy',
      enabled: true,
      action: { type: 'sign-in', signIn: { profile: 'legacy' } },
    });
  });

  it('says a sign-in is waiting for approval (not clickable), and offers nothing once signed in', () => {
    expect(buildTrayMenu({ ...base, signIns: [entry('signing-in')] })[0]).toMatchObject({
      label: 'Signing in to lab… (approve in your browser)',
      enabled: false,
    });
    const signedIn = buildTrayMenu({ ...base, signIns: [entry('signed-in')] });
    expect(trayActions(signedIn).some((a) => a.action.type === 'sign-in')).toBe(false);
    expect(signedIn).toEqual(buildTrayMenu(base));
  });
});
