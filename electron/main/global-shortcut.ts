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
export function nextShortcutTarget(windows: readonly OpenWindow[], history: readonly WindowRef[]): WindowRef | undefined {
  const isOpen = (r: WindowRef) => windows.some((w) => w.computerId === r.computerId && w.kind === r.kind);
  const focused = windows.find((w) => w.focused);
  if (focused) {
    const other: WindowRef = { computerId: focused.computerId, kind: focused.kind === 'app' ? 'desktop' : 'app' };
    return isOpen(other) ? other : { computerId: focused.computerId, kind: focused.kind };
  }
  const last = history.find(isOpen);
  if (last) return last;
  const first = windows[0];
  return first ? { computerId: first.computerId, kind: first.kind } : undefined;
}

/** Registers the one shortcut and swaps it when the setting changes. */
export function createShortcutBinding(gs: Pick<GlobalShortcut, 'register' | 'unregister'>, onPress: () => void, log: { warn(...a: unknown[]): void }) {
  let current = '';
  return {
    /** Apply the setting; '' turns the shortcut off. Returns false when the OS refused it. */
    apply(accelerator: string): boolean {
      if (accelerator === current) return true;
      if (current) gs.unregister(current);
      current = '';
      if (!accelerator) return true;
      let ok = false;
      try {
        ok = gs.register(accelerator, onPress);
      } catch (err) {
        log.warn(`global shortcut "${accelerator}" is not a valid accelerator`, err);
      }
      if (ok) current = accelerator;
      else log.warn(`global shortcut "${accelerator}" could not be registered (taken by another app?)`);
      return ok;
    },
    dispose() {
      if (current) gs.unregister(current);
      current = '';
    },
  };
}
