import { describe, expect, it, vi } from 'vitest';
import {
  createShortcutBinding,
  isWaylandSession,
  nextShortcutTarget,
} from '../../electron/main/global-shortcut.js';
import type { OpenWindow } from '../../electron/shared/models.js';

const A = 'p/us-east-2/a1';
const B = 'p/us-east-2/b1';
const w = (computerId: string, kind: 'app' | 'desktop', focused = false): OpenWindow => ({
  computerId,
  kind,
  title: '',
  focused,
});

describe('nextShortcutTarget', () => {
  it('brings the last used session window to front when none is focused', () => {
    expect(
      nextShortcutTarget(
        [w(A, 'app'), w(B, 'desktop')],
        [
          { computerId: B, kind: 'desktop' },
          { computerId: A, kind: 'app' },
        ],
      ),
    ).toEqual({ computerId: B, kind: 'desktop' });
  });

  it('cycles between the focused computer’s application and desktop', () => {
    const open = (focus: 'app' | 'desktop') => [
      w(A, 'app', focus === 'app'),
      w(A, 'desktop', focus === 'desktop'),
      w(B, 'app'),
    ];
    expect(nextShortcutTarget(open('app'), [])).toEqual({ computerId: A, kind: 'desktop' });
    expect(nextShortcutTarget(open('desktop'), [])).toEqual({ computerId: A, kind: 'app' });
  });

  it('stays on a focused window whose other kind is not open', () => {
    expect(nextShortcutTarget([w(A, 'app', true), w(B, 'desktop')], [])).toEqual({
      computerId: A,
      kind: 'app',
    });
  });

  it('skips closed windows in the history and returns nothing when none is open', () => {
    expect(
      nextShortcutTarget(
        [w(A, 'desktop')],
        [
          { computerId: B, kind: 'app' },
          { computerId: A, kind: 'desktop' },
        ],
      ),
    ).toEqual({ computerId: A, kind: 'desktop' });
    expect(nextShortcutTarget([], [{ computerId: A, kind: 'app' }])).toBeUndefined();
  });
});

describe('createShortcutBinding', () => {
  it('registers, swaps and clears the shortcut as the setting changes', () => {
    const registered = new Set<string>();
    const gs = {
      register: vi.fn((a: string) => (registered.add(a), true)),
      unregister: vi.fn((a: string) => void registered.delete(a)),
    };
    const b = createShortcutBinding(gs, () => undefined, { warn: () => undefined });
    expect(b.apply('')).toBe(true);
    expect(gs.register).not.toHaveBeenCalled();
    b.apply('CmdOrCtrl+Alt+Shift+S');
    b.apply('CmdOrCtrl+Alt+Shift+X');
    expect([...registered]).toEqual(['CmdOrCtrl+Alt+Shift+X']);
    b.apply('');
    expect(registered.size).toBe(0);
  });

  it('reports a shortcut the OS refuses or that is malformed', () => {
    const warn = vi.fn();
    const b = createShortcutBinding(
      {
        register: (a: string) =>
          a === 'bad'
            ? (() => {
                throw new Error('invalid');
              })()
            : false,
        unregister: () => undefined,
      },
      () => undefined,
      { warn },
    );
    expect(b.apply('CmdOrCtrl+C')).toBe(false);
    expect(b.apply('bad')).toBe(false);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('keeps why the OS refused it for the settings dialog, naming the Wayland portal there, and forgets it once one works', () => {
    const b = createShortcutBinding(
      { register: (a: string) => a === 'CmdOrCtrl+Alt+Shift+S', unregister: () => undefined },
      () => undefined,
      { warn: () => undefined },
      { platform: 'linux', wayland: true },
    );
    b.apply('CmdOrCtrl+Alt+Shift+X');
    expect(b.error()).toMatch(/Wayland.*GlobalShortcuts portal/);
    b.apply('CmdOrCtrl+Alt+Shift+S');
    expect(b.error()).toBeUndefined();
    const x11 = createShortcutBinding(
      { register: () => false, unregister: () => undefined },
      () => undefined,
      { warn: () => undefined },
      { platform: 'linux', wayland: false },
    );
    x11.apply('CmdOrCtrl+Alt+Shift+X');
    expect(x11.error()).toMatch(/another app or the desktop already uses it/);
  });

  it('tells a Wayland session from X11', () => {
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'wayland' }, 'linux')).toBe(true);
    expect(isWaylandSession({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'x11' }, 'linux')).toBe(false);
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'wayland' }, 'darwin')).toBe(false);
  });
});
