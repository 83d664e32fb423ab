// The session window manager: the WindowHost the launcher core drives. One SessionWindow per
// {computer, kind}; asking again focuses it (and reloads it when given a fresh URL, which is
// how Reconnect and a resumed session land). open() settles with the first load, so
// session:open never reports success for a window showing nothing.
import { acceptSessionUrl } from '../../core/dcv-url.js';
import { placementKey } from '../../core/window-state.js';
import type { ComputerId, OpenWindow, SessionKind } from '../../shared/models.js';
import { SessionCertificates } from './session-certificates.js';
import { bringToFront, SessionWindow, type SessionWindowShared } from './session-window.js';
import type { SessionWindowDeps, SessionWindowLike, SessionWindowManager } from './session-window-types.js';

export { GESTURE_WINDOW_MS, LEAVE_ANSWER_MS, loadFailureReason } from './session-window.js';
export type * from './session-window-types.js';

/** Build the session window manager. */
export function createSessionWindowManager(deps: SessionWindowDeps): SessionWindowManager {
  const windows = new Map<string, SessionWindow>();
  const listeners = new Set<(w: OpenWindow[]) => void>();
  /** Placement keys, most recently focused first. */
  let history: string[] = [];
  const list = (): OpenWindow[] => [...windows.values()].map((sw) => sw.listItem());
  const emit = () => {
    const snapshot = list();
    for (const l of listeners) l(snapshot);
  };
  const shared: SessionWindowShared = {
    deps,
    now: deps.now ?? Date.now,
    certificates: new SessionCertificates(deps, bringToFront),
    preparedPartitions: new Set(),
    lastLeave: undefined,
    windowsOf: (computerId) => [...windows.values()].filter((sw) => sw.computerId === computerId),
    added: (sw) => void windows.set(sw.key, sw),
    focused: (sw) => {
      history = [sw.key, ...history.filter((k) => k !== sw.key)];
      emit();
    },
    closed: (sw) => {
      if (windows.get(sw.key) === sw) windows.delete(sw.key);
      history = history.filter((k) => k !== sw.key);
      emit();
    },
    emit,
  };
  const openOne = (computerId: ComputerId, kind: SessionKind) => {
    const sw = windows.get(placementKey(computerId, kind));
    return sw?.isOpen() ? sw : undefined;
  };

  return {
    async open(req) {
      const url = acceptSessionUrl(req.url, { allowLoopbackHttp: req.allowLoopbackHttp === true });
      let existing = openOne(req.computerId, req.kind);
      // Chromium keeps a refused certificate's verdict in that partition for 30 minutes: a
      // retry there would fail at once, unasked. It gets a fresh window in a fresh partition.
      if (existing && shared.certificates.hasRefusal(existing.partition)) {
        existing.close();
        if (!existing.isOpen()) existing = undefined;
      }
      if (existing) {
        existing.retitle(req.title);
        existing.bringToFront();
        emit();
        // A fresh URL (Reconnect, resumed session) reloads; the same one only focuses.
        if (existing.brokenShown || req.url !== existing.url) {
          existing.origin = url.origin;
          existing.url = req.url;
          await existing.load(url.href);
        }
        return;
      }
      const created = new SessionWindow(shared, req, url);
      emit();
      await created.load(url.href);
    },
    focus(computerId, kind) {
      const sw = openOne(computerId, kind);
      sw?.bringToFront();
      return !!sw;
    },
    close(computerId, kind) {
      for (const k of kind ? [kind] : (['app', 'desktop'] as const)) openOne(computerId, k)?.close();
    },
    list,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    windowsOf(computerId) {
      const out: Partial<Record<SessionKind, SessionWindowLike>> = {};
      for (const sw of windows.values())
        if (sw.computerId === computerId && sw.isOpen()) out[sw.kind] = sw.win;
      return out;
    },
    history() {
      return history
        .map((k) => windows.get(k))
        .filter((sw): sw is SessionWindow => !!sw)
        .map((sw) => ({ computerId: sw.computerId, kind: sw.kind }));
    },
    setProgress(computerId, fraction) {
      for (const sw of windows.values()) if (sw.computerId === computerId) sw.setProgress(fraction);
    },
    openInBrowser(computerId, kind) {
      const sw = openOne(computerId, kind);
      if (!sw) return false;
      // The URL carries the session token: it goes to the browser and nowhere else (no log).
      deps.openExternal(sw.url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- the session's own vetted URL (acceptSessionUrl), on the user's menu choice
      deps.log.info(`opened the ${kind} session of ${computerId} in the browser`);
      return true;
    },
    closeAll() {
      for (const sw of [...windows.values()]) sw.close();
    },
  };
}
