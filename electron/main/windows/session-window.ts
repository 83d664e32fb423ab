// The session window manager: the WindowHost the launcher core drives. One native window per
// {computer, kind}; asking again focuses it (and reloads it when given a fresh URL, which is
// how Reconnect and a resumed session land). Each window is locked to the origin Lightsail
// returned, keeps its title, remembers its placement, and reports a crash or failed load so
// the shell can offer Reconnect.
import type { BrowserWindowConstructorOptions } from 'electron';
import { acceptSessionUrl } from '../../core/dcv-url.js';
import type { SessionWindowRequest, WindowHost } from '../../core/ports.js';
import { placementKey, restorePlacement, type DisplayArea, type Rect, type WindowPlacement } from '../../core/window-state.js';
import type { ComputerId, OpenWindow, SessionKind } from '../../shared/models.js';
import { guardNavigation, type GuardedContents } from './navigation-guard.js';
import { installPermissionPolicy, type PermissionSession } from './permissions.js';
import { assertSecureWebPreferences, sessionPartition, sessionWindowOptions } from './window-options.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- Electron's overloaded `on` signatures */
type Listener = (...args: any[]) => void;

/** The session (partition) of a session window, as far as the manager uses it. */
export interface SessionLike extends PermissionSession {
  on(event: 'will-download', listener: Listener): unknown;
}

/** The webContents of a session window, as far as the manager uses it. */
export interface SessionContentsLike extends GuardedContents {
  readonly id: number;
  readonly session: SessionLike;
  on(event: string, listener: Listener): unknown;
  isDestroyed(): boolean;
}

/** The BrowserWindow methods the manager uses; tests pass a small fake. */
export interface SessionWindowLike {
  readonly id: number;
  readonly webContents: SessionContentsLike;
  loadURL(url: string): Promise<void>;
  setTitle(title: string): void;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  close(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rect;
  setProgressBar(progress: number): void;
  on(event: string, listener: Listener): unknown;
  once(event: string, listener: Listener): unknown;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Why a session page needs the user: the renderer crashed or the page did not load. */
export interface BrokenSession {
  computerId: ComputerId;
  kind: SessionKind;
  reason: string;
}

/** What the manager needs from the shell. */
export interface SessionWindowDeps {
  createWindow(options: BrowserWindowConstructorOptions): SessionWindowLike;
  allowLoopbackHttp(): boolean;
  placements: { get(key: string): WindowPlacement | undefined; set(key: string, placement: WindowPlacement): void };
  screen: { all(): DisplayArea[]; primary(): DisplayArea; displayIdFor(bounds: Rect): number | undefined };
  /** Ask the user before handing an https link to the system browser. */
  confirmExternal(url: string, parent: SessionWindowLike): Promise<boolean>;
  openExternal(url: string): void;
  /** Offer Reconnect / Close (a native dialog in the shell). */
  onBroken(broken: BrokenSession, win: SessionWindowLike): void;
  /** Called once per partition session (downloads, etc.). */
  prepareSession?(session: SessionLike, computerId: ComputerId): void;
  /** Called once per window (native menu, etc.). */
  prepareWindow?(win: SessionWindowLike, computerId: ComputerId, kind: SessionKind): void;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
  icon?: string;
  defaultSize?: { width: number; height: number };
}

interface Entry {
  computerId: ComputerId;
  kind: SessionKind;
  title: string;
  /** Exact origin of the URL Lightsail returned. */
  origin: string;
  /** The URL itself carries a token: kept in memory only, to tell a fresh URL from a repeat. */
  url: string;
  win: SessionWindowLike;
  brokenShown: boolean;
}

/** A WindowHost over BrowserWindows, plus what the shell needs for menus and shortcuts. */
export interface SessionWindowManager extends WindowHost {
  /** Open windows of a computer, by kind. */
  windowsOf(computerId: ComputerId): Partial<Record<SessionKind, SessionWindowLike>>;
  /** Most recently focused first. */
  history(): { computerId: ComputerId; kind: SessionKind }[];
  /** Taskbar progress on a computer's open windows (-1 to clear). */
  setProgress(computerId: ComputerId, fraction: number): void;
  /** Close every window (on quit). */
  closeAll(): void;
}

/** Build the session window manager. */
export function createSessionWindowManager(deps: SessionWindowDeps): SessionWindowManager {
  const entries = new Map<string, Entry>();
  const listeners = new Set<(w: OpenWindow[]) => void>();
  // Partitions whose session got its handlers (one per computer, shared by both windows).
  const preparedPartitions = new Set<string>();
  let history: string[] = [];

  const originsOf = (computerId: ComputerId) =>
    [...entries.values()].filter((e) => e.computerId === computerId).map((e) => e.origin);

  const list = (): OpenWindow[] =>
    [...entries.values()].map((e) => ({ computerId: e.computerId, kind: e.kind, title: e.title, focused: !e.win.isDestroyed() && e.win.isFocused() }));

  const emit = () => {
    const snapshot = list();
    for (const l of listeners) l(snapshot);
  };

  const bringToFront = (win: SessionWindowLike) => {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const savePlacement = (e: Entry) => {
    if (e.win.isDestroyed()) return;
    const bounds = e.win.getNormalBounds();
    const displayId = deps.screen.displayIdFor(bounds);
    deps.placements.set(placementKey(e.computerId, e.kind), {
      bounds,
      maximized: e.win.isMaximized(),
      ...(displayId !== undefined ? { displayId } : {}),
    });
  };

  const load = (e: Entry, url: string) => {
    e.brokenShown = false;
    // Failures surface through did-fail-load; the URL is never logged.
    e.win.loadURL(url).catch(() => undefined);
  };

  const broken = (e: Entry, reason: string) => {
    if (e.brokenShown || e.win.isDestroyed()) return;
    e.brokenShown = true;
    // A window that never loaded was never shown: show it so the offer has a parent.
    bringToFront(e.win);
    deps.log.warn(`session window ${e.computerId} (${e.kind}) needs reconnecting: ${reason}`);
    deps.onBroken({ computerId: e.computerId, kind: e.kind, reason }, e.win);
  };

  const create = (req: SessionWindowRequest, url: URL): Entry => {
    const partition = sessionPartition(req.computerId);
    const placement = restorePlacement(
      deps.placements.get(placementKey(req.computerId, req.kind)),
      deps.screen.all(),
      deps.screen.primary(),
      deps.defaultSize ?? { width: 1280, height: 800 },
    );
    const options = sessionWindowOptions({ title: req.title, bounds: placement.bounds, partition, ...(deps.icon ? { icon: deps.icon } : {}) });
    assertSecureWebPreferences(options);
    const win = deps.createWindow(options);
    const entry: Entry = { computerId: req.computerId, kind: req.kind, title: req.title, origin: url.origin, url: req.url, win, brokenShown: false };
    const key = placementKey(req.computerId, req.kind);
    entries.set(key, entry);

    const contents = win.webContents;
    if (!preparedPartitions.has(partition)) {
      preparedPartitions.add(partition);
      installPermissionPolicy(contents.session, () => originsOf(req.computerId), (p, o) =>
        deps.log.info(`denied permission ${p} for ${o ?? 'an unknown origin'}`),
      );
      deps.prepareSession?.(contents.session, req.computerId);
    }
    guardNavigation(contents, () => entry.origin, {
      onExternal: (target) => {
        void deps.confirmExternal(target, win).then((yes) => {
          if (yes) deps.openExternal(target); // eng-disable OPEN_EXTERNAL_JS_CHECK -- https only (navigationDecision), after the user agreed
        });
      },
      onBlocked: (target, why) => {
        let origin = 'an unparsable URL';
        try {
          origin = new URL(target).origin;
        } catch {
          /* keep the placeholder */
        }
        deps.log.info(`blocked ${why} to ${origin} in ${req.computerId} (${req.kind})`);
      },
    });
    // Keep our title: the DCV page would otherwise rename the window.
    win.on('page-title-updated', (event: { preventDefault(): void }) => event.preventDefault());
    win.on('focus', () => {
      history = [key, ...history.filter((k) => k !== key)];
      emit();
    });
    win.on('blur', emit);
    win.on('close', () => savePlacement(entry));
    win.on('closed', () => {
      if (entries.get(key) === entry) entries.delete(key);
      history = history.filter((k) => k !== key);
      emit();
    });
    win.once('ready-to-show', () => {
      if (placement.maximized) win.maximize();
      bringToFront(win);
    });
    contents.on('render-process-gone', (_event: unknown, details: { reason?: string }) => {
      if (details?.reason === 'clean-exit') return;
      broken(entry, `the session page stopped (${details?.reason ?? 'unknown'})`);
    });
    contents.on('did-fail-load', (_event: unknown, errorCode: number, errorDescription: string, _url: string, isMainFrame: boolean) => {
      // -3 is ERR_ABORTED: our own navigation guard, or a reload replacing the page.
      if (!isMainFrame || errorCode === -3) return;
      broken(entry, `the session page did not load (${errorDescription || errorCode})`);
    });
    deps.prepareWindow?.(win, req.computerId, req.kind);
    load(entry, url.href);
    return entry;
  };

  return {
    async open(req) {
      const url = acceptSessionUrl(req.url, { allowLoopbackHttp: deps.allowLoopbackHttp() });
      const key = placementKey(req.computerId, req.kind);
      const existing = entries.get(key);
      if (existing && !existing.win.isDestroyed()) {
        if (existing.title !== req.title) {
          existing.title = req.title;
          existing.win.setTitle(req.title);
        }
        // A fresh URL (Reconnect, resumed session) reloads; the same one only focuses.
        if (existing.brokenShown || req.url !== existing.url) {
          existing.origin = url.origin;
          existing.url = req.url;
          load(existing, url.href);
        }
        bringToFront(existing.win);
        emit();
        return;
      }
      create(req, url);
      emit();
    },
    focus(computerId, kind) {
      const e = entries.get(placementKey(computerId, kind));
      if (!e || e.win.isDestroyed()) return false;
      bringToFront(e.win);
      return true;
    },
    close(computerId, kind) {
      for (const k of kind ? [kind] : (['app', 'desktop'] as const)) {
        const e = entries.get(placementKey(computerId, k));
        if (e && !e.win.isDestroyed()) e.win.close();
      }
    },
    list,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    windowsOf(computerId) {
      const out: Partial<Record<SessionKind, SessionWindowLike>> = {};
      for (const e of entries.values()) if (e.computerId === computerId && !e.win.isDestroyed()) out[e.kind] = e.win;
      return out;
    },
    history() {
      return history.map((k) => entries.get(k)).filter((e): e is Entry => !!e).map((e) => ({ computerId: e.computerId, kind: e.kind }));
    },
    setProgress(computerId, fraction) {
      for (const e of entries.values()) if (e.computerId === computerId && !e.win.isDestroyed()) e.win.setProgressBar(fraction);
    },
    closeAll() {
      for (const e of [...entries.values()]) if (!e.win.isDestroyed()) e.win.close();
    },
  };
}
