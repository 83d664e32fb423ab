// The optional global shortcut (setting `globalShortcut`, off by default): from anywhere it
// brings the last used session window to front; pressed again in a session window it flips
// between that computer's application and desktop windows.
import type { GlobalShortcut } from 'electron';
import type { ComputerId, OpenWindow, SessionKind } from '../shared/models.js';

/** A session window to bring to front. */
export interface WindowRef {
  computerId: ComputerId;
  kind: SessionKind;
}

/** Which window the shortcut brings to front, or undefined when no session window is open. */
export function nextShortcutTarget(
  windows: readonly OpenWindow[],
  history: readonly WindowRef[],
): WindowRef | undefined {
  const isOpen = (r: WindowRef) => windows.some((w) => w.computerId === r.computerId && w.kind === r.kind);
  const focused = windows.find((w) => w.focused);
  if (focused) {
    const other: WindowRef = {
      computerId: focused.computerId,
      kind: focused.kind === 'app' ? 'desktop' : 'app',
    };
    return isOpen(other) ? other : { computerId: focused.computerId, kind: focused.kind };
  }
  const last = history.find(isOpen);
  if (last) return last;
  const first = windows[0];
  return first ? { computerId: first.computerId, kind: first.kind } : undefined;
}

/** Why a shortcut did not register, in words for the settings dialog. */
export function shortcutRefusal(
  accelerator: string,
  o: { invalid: boolean; platform: string; wayland: boolean },
): string {
  if (o.invalid) return `"${accelerator}" is not a valid shortcut.`;
  if (o.wayland) {
    return `"${accelerator}" could not be registered: on Wayland an app gets global shortcuts only through the desktop's GlobalShortcuts portal (KDE Plasma, GNOME 48 or later), which this desktop did not grant.`;
  }
  return `"${accelerator}" could not be registered: another app or the ${o.platform === 'darwin' ? 'system' : 'desktop'} already uses it.`;
}

/** True in a Wayland session (where Electron needs the GlobalShortcutsPortal feature). */
export function isWaylandSession(
  env: Readonly<Record<string, string | undefined>>,
  platform: string,
): boolean {
  return platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || !!env.WAYLAND_DISPLAY);
}

/** Registers the one shortcut and swaps it when the setting changes. */
export function createShortcutBinding(
  gs: Pick<GlobalShortcut, 'register' | 'unregister'>,
  onPress: () => void,
  log: { warn(...a: unknown[]): void },
  where: { platform: string; wayland: boolean } = { platform: process.platform, wayland: false },
) {
  let current = '';
  let error: string | undefined;
  return {
    /** Apply the setting; '' turns the shortcut off. Returns false when the OS refused it. */
    apply(accelerator: string): boolean {
      if (accelerator === current) return true;
      if (current) gs.unregister(current);
      current = '';
      error = undefined;
      if (!accelerator) return true;
      let ok = false;
      let invalid = false;
      try {
        ok = gs.register(accelerator, onPress);
      } catch (err) {
        invalid = true;
        log.warn(`global shortcut "${accelerator}" is not a valid accelerator`, err);
      }
      if (ok) current = accelerator;
      else {
        error = shortcutRefusal(accelerator, { invalid, ...where });
        log.warn(`global shortcut: ${error}`);
      }
      return ok;
    },
    /** Why the last setting is not in effect, or undefined when it is. */
    error: () => error,
    dispose() {
      if (current) gs.unregister(current);
      current = '';
    },
  };
}

/** The global shortcut on the main context: apply a setting, say why it is not in effect, let go. */
export type ShortcutBinding = ReturnType<typeof createShortcutBinding>;
