import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { SESSION_ACCELERATORS, sessionMenuTemplate, type SessionMenuActions } from '../../electron/main/windows/session-menu.js';

function actions() {
  const a = { switchTo: vi.fn(), reconnect: vi.fn(), stopSession: vi.fn(), showLauncher: vi.fn(), quit: vi.fn() };
  return a satisfies SessionMenuActions;
}

function items(t: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return t.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
}
const byId = (t: MenuItemConstructorOptions[], id: string) => items(t).find((i) => i.id === id)!;
const click = (i: MenuItemConstructorOptions) => (i.click as () => void)();

describe('session window menu', () => {
  it('switches to the other kind, opening it when needed', () => {
    const a = actions();
    const t = sessionMenuTemplate({ kind: 'app', open: { app: true }, platform: 'linux', appName: 'L', actions: a });
    const desk = byId(t, 'switch-desktop');
    expect(desk.label).toBe('Open Desktop');
    expect(desk.enabled).toBe(true);
    expect(byId(t, 'switch-app').enabled).toBe(false);
    click(desk);
    expect(a.switchTo).toHaveBeenCalledWith('desktop');
    const t2 = sessionMenuTemplate({ kind: 'desktop', open: { app: true, desktop: true }, platform: 'linux', appName: 'L', actions: a });
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

  it('uses accelerators the DCV client leaves alone: three modifiers, all distinct', () => {
    const accs = Object.values(SESSION_ACCELERATORS);
    expect(new Set(accs).size).toBe(accs.length);
    for (const acc of accs) expect(acc).toMatch(/^CmdOrCtrl\+Alt\+Shift\+[A-Z]$/);
  });

  it('on macOS becomes the app menu with an Edit menu (clipboard shortcuts) and Quit', () => {
    const a = actions();
    const t = sessionMenuTemplate({ kind: 'app', open: {}, platform: 'darwin', appName: 'Launcher', actions: a });
    expect(t[0]!.label).toBe('Launcher');
    expect(t.some((i) => i.role === 'editMenu')).toBe(true);
    click(items(t).find((i) => i.label === 'Quit')!);
    expect(a.quit).toHaveBeenCalled();
  });
});
