import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  DESKTOP_RESERVED_ACCELERATORS,
  SESSION_ACCELERATORS,
  sessionMenuTemplate,
  sessionShortcutFor,
  type SessionMenuActions,
} from '../../electron/main/windows/session-menu.js';

function actions() {
  const a = {
    switchTo: vi.fn(),
    reconnect: vi.fn(),
    stopSession: vi.fn(),
    showLauncher: vi.fn(),
    quit: vi.fn(),
  };
  return a satisfies SessionMenuActions;
}

function items(t: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return t.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
}
const byId = (t: MenuItemConstructorOptions[], id: string) => items(t).find((i) => i.id === id)!;
const click = (i: MenuItemConstructorOptions) => (i.click as () => void)();

describe('session window menu', () => {
  it('offers to cancel the computer’s downloads while some are saving, and only then', () => {
    const a = { ...actions(), cancelDownloads: vi.fn() };
    const menu = (downloading: string[]) =>
      sessionMenuTemplate({
        kind: 'app',
        open: { app: true },
        platform: 'linux',
        appName: 'L',
        actions: a,
        downloading,
      });
    expect(items(menu([])).some((i) => i.id === 'cancel-downloads')).toBe(false);
    expect(byId(menu(['notes.txt']), 'cancel-downloads').label).toBe('Cancel Download of notes.txt');
    const two = byId(menu(['notes.txt', 'data.csv']), 'cancel-downloads');
    expect(two.label).toBe('Cancel 2 Downloads');
    click(two);
    expect(a.cancelDownloads).toHaveBeenCalledOnce();
  });

  it('switches to the other kind, opening it when needed', () => {
    const a = actions();
    const t = sessionMenuTemplate({
      kind: 'app',
      open: { app: true },
      platform: 'linux',
      appName: 'L',
      actions: a,
    });
    const desk = byId(t, 'switch-desktop');
    expect(desk.label).toBe('Open Desktop');
    expect(desk.enabled).toBe(true);
    expect(byId(t, 'switch-app').enabled).toBe(false);
    click(desk);
    expect(a.switchTo).toHaveBeenCalledWith('desktop');
    const t2 = sessionMenuTemplate({
      kind: 'desktop',
      open: { app: true, desktop: true },
      platform: 'linux',
      appName: 'L',
      actions: a,
    });
    expect(byId(t2, 'switch-app').label).toBe('Switch to Application');
  });

  it('has Reconnect, Stop session and Show launcher wired to their actions', () => {
    const a = actions();
    const t = sessionMenuTemplate({ kind: 'desktop', open: {}, platform: 'win32', appName: 'L', actions: a });
    click(byId(t, 'reconnect'));
    click(byId(t, 'stop-session'));
    click(byId(t, 'show-launcher'));
    expect([a.reconnect, a.stopSession, a.showLauncher].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
    expect(byId(t, 'stop-session').accelerator).toBeUndefined();
  });

  it("shows the session's time left and renews it with Keep Going, only when the time is known", () => {
    const keepGoing = vi.fn();
    const a = { ...actions(), keepGoing };
    const t = sessionMenuTemplate({
      kind: 'app',
      open: { app: true },
      platform: 'linux',
      appName: 'L',
      actions: a,
      timeLeft: '12 min left',
    });
    expect(byId(t, 'time-left')).toMatchObject({ label: 'Session: 12 min left', enabled: false });
    click(byId(t, 'keep-going'));
    expect(keepGoing).toHaveBeenCalledTimes(1);
    const unknown = sessionMenuTemplate({
      kind: 'app',
      open: { app: true },
      platform: 'linux',
      appName: 'L',
      actions: a,
    });
    expect(items(unknown).some((i) => i.id === 'time-left' || i.id === 'keep-going')).toBe(false);
  });

  it('uses accelerators the DCV client leaves alone: three modifiers, all distinct', () => {
    const accs = Object.values(SESSION_ACCELERATORS);
    expect(new Set(accs).size).toBe(accs.length);
    for (const acc of accs) expect(acc).toMatch(/^CmdOrCtrl\+Alt\+Shift\+[A-Z]$/);
  });

  it('avoids what GNOME, KDE and macOS keep for themselves (Reconnect is not GNOME’s screencast key)', () => {
    expect(SESSION_ACCELERATORS).toEqual({
      switchToDesktop: 'CmdOrCtrl+Alt+Shift+D',
      switchToApp: 'CmdOrCtrl+Alt+Shift+A',
      reconnect: 'CmdOrCtrl+Alt+Shift+N',
      showLauncher: 'CmdOrCtrl+Alt+Shift+L',
    });
    for (const acc of Object.values(SESSION_ACCELERATORS))
      expect(DESKTOP_RESERVED_ACCELERATORS).not.toContain(acc);
  });

  it('on macOS becomes the app menu with an Edit menu (clipboard shortcuts) and Quit', () => {
    const a = actions();
    const t = sessionMenuTemplate({
      kind: 'app',
      open: {},
      platform: 'darwin',
      appName: 'Launcher',
      actions: a,
    });
    expect(t[0]!.label).toBe('Launcher');
    expect(t.some((i) => i.role === 'editMenu')).toBe(true);
    click(items(t).find((i) => i.label === 'Quit')!);
    expect(a.quit).toHaveBeenCalled();
  });
});

describe('session shortcuts seen before the page', () => {
  const key = (
    code: string,
    mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }>,
    type = 'keyDown',
  ) => ({
    type,
    code,
    control: false,
    meta: false,
    alt: false,
    shift: false,
    ...mods,
  });

  it('matches Ctrl+Alt+Shift on Windows and Linux, Cmd+Option+Shift on macOS, by physical key', () => {
    expect(sessionShortcutFor(key('KeyD', { control: true, alt: true, shift: true }), 'linux')).toBe(
      'switch-desktop',
    );
    expect(sessionShortcutFor(key('KeyA', { control: true, alt: true, shift: true }), 'win32')).toBe(
      'switch-app',
    );
    expect(sessionShortcutFor(key('KeyN', { meta: true, alt: true, shift: true }), 'darwin')).toBe(
      'reconnect',
    );
    expect(
      sessionShortcutFor(key('KeyR', { control: true, alt: true, shift: true }), 'linux'),
    ).toBeUndefined();
    expect(sessionShortcutFor(key('KeyL', { meta: true, alt: true, shift: true }), 'darwin')).toBe(
      'show-launcher',
    );
  });

  it('leaves every other combination to the remote machine', () => {
    expect(sessionShortcutFor(key('KeyD', { control: true, alt: true }), 'linux')).toBeUndefined();
    expect(
      sessionShortcutFor(key('KeyD', { control: true, alt: true, shift: true }), 'darwin'),
    ).toBeUndefined();
    expect(sessionShortcutFor(key('KeyD', { meta: true, alt: true, shift: true }), 'linux')).toBeUndefined();
    expect(
      sessionShortcutFor(key('KeyC', { control: true, alt: true, shift: true }), 'linux'),
    ).toBeUndefined();
    expect(
      sessionShortcutFor(key('KeyD', { control: true, alt: true, shift: true }, 'keyUp'), 'linux'),
    ).toBeUndefined();
  });

  it('matches exactly the menu accelerators', () => {
    const fromAccel = (acc: string) => `Key${acc.at(-1)}`;
    const codes = Object.values(SESSION_ACCELERATORS).map(fromAccel);
    for (const code of codes)
      expect(sessionShortcutFor(key(code, { control: true, alt: true, shift: true }), 'linux')).toBeDefined();
  });
});

describe('Open in browser', () => {
  it('is offered for both kinds and hands the session over when clicked', () => {
    for (const kind of ['app', 'desktop'] as const) {
      const openInBrowser = vi.fn();
      const t = sessionMenuTemplate({
        kind,
        open: { [kind]: true },
        platform: 'linux',
        appName: 'L',
        actions: { ...actions(), openInBrowser },
      });
      const item = byId(t, 'open-in-browser');
      expect(item.label).toBe('Open in Browser');
      click(item);
      expect(openInBrowser).toHaveBeenCalledTimes(1);
    }
  });
});
