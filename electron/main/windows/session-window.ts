// The session window manager: the WindowHost the launcher core drives. One native window per
// {computer, kind}; asking again focuses it (and reloads it when given a fresh URL, which is
// how Reconnect and a resumed session land). Each window is locked to the origin Lightsail
// returned, keeps its title, remembers its placement, and reports a crash or failed load so
// the shell can offer Reconnect. open() settles with the first load: a load that fails or is
// blocked (redirect elsewhere, DNS, TLS, HTTP error, an untrusted certificate) rejects with
// the reason, so session:open never reports success for a window showing nothing.
import type { BrowserWindowConstructorOptions, Certificate } from 'electron';
import type { CertificateDecision, CertificateFacts, CertificatePin } from '../../core/certificate-policy.js';
import { acceptSessionUrl } from '../../core/dcv-url.js';
import type { WindowHost } from '../../core/ports.js';
import { placementKey, type DisplayArea, type Rect, type WindowPlacement } from '../../core/window-state.js';
import type { ComputerId, OpenWindow, SessionKind } from '../../shared/models.js';
import type { GuardedContents } from './navigation-guard.js';
import type { PermissionSession } from './permissions.js';
import { bringToFront, createEntry, load, type Entry, type Windows } from './session-window-entry.js';

export { GESTURE_WINDOW_MS, LEAVE_ANSWER_MS, loadFailureReason, type LoadAttempt } from './session-window-entry.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- Electron's overloaded `on` signatures */
type Listener = (...args: any[]) => void;

/** What Electron's verify proc is given (Electron's `Request`), as far as the policy reads it. */
export interface VerifyRequest {
  hostname: string;
  certificate: { data: string };
  verificationResult: string;
  errorCode: number;
}

/** The session (partition) of a session window, as far as the manager uses it. */
export interface SessionLike extends PermissionSession {
  on(event: 'will-download', listener: Listener): unknown;
  /** 0 accepts, -2 refuses, -3 keeps Chromium's own verdict. */
  setCertificateVerifyProc(proc: ((request: VerifyRequest, callback: (result: number) => void) => void) | null): void;
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

/** A certificate the policy refused, for the prompt. */
export type RefusedCertificate = Extract<CertificateDecision, { action: 'refuse' }>;

/** The user's answer to a refused certificate. */
export type CertificateAnswer = 'trust' | 'browser' | 'cancel';

/** What the manager needs from the shell. */
export interface SessionWindowDeps {
  createWindow(options: BrowserWindowConstructorOptions): SessionWindowLike;
  placements: { get(key: string): WindowPlacement | undefined; set(key: string, placement: WindowPlacement): void };
  screen: { all(): DisplayArea[]; primary(): DisplayArea; displayIdFor(bounds: Rect): number | undefined };
  /** Ask the user before handing an https link to the system browser. */
  confirmExternal(url: string, parent: SessionWindowLike): Promise<boolean>;
  openExternal(url: string): void;
  /** Offer Reconnect / Open in browser / Close (a native dialog in the shell). */
  onBroken(broken: BrokenSession, win: SessionWindowLike): void;
  /** Certificate pins (settings) and the prompt over the window (session-dialogs.ts). */
  certificates?: {
    pins(): readonly CertificatePin[];
    /** Pin it; false when the pin could not be saved (the shell has told the user). */
    trust(facts: CertificateFacts, win: SessionWindowLike): boolean;
    ask(refused: RefusedCertificate, win: SessionWindowLike): Promise<CertificateAnswer>;
  };
  /** The page guards unload: ask "Leave the session?" now (Electron needs the answer synchronously). */
  confirmLeave?(win: SessionWindowLike): boolean;
  /** A server asked for a client certificate: the index the user chose, or undefined for none. */
  chooseClientCertificate?(host: string, certificates: readonly Certificate[], win: SessionWindowLike): Promise<number | undefined>;
  /** Microphone and webcam, per computer: the remembered answer, and asking once. */
  media?: {
    granted(computerId: ComputerId): boolean | undefined;
    ask(computerId: ComputerId, computerName: string, win: SessionWindowLike | undefined): Promise<boolean>;
  };
  /** Called once per partition session (downloads, etc.). */
  prepareSession?(session: SessionLike, computerId: ComputerId): void;
  /** Called once per window (native menu, etc.). */
  prepareWindow?(win: SessionWindowLike, computerId: ComputerId, kind: SessionKind): void;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
  icon?: string;
  defaultSize?: { width: number; height: number };
  now?: () => number;
}

/** A WindowHost over BrowserWindows, plus what the shell needs for menus and shortcuts. */
export interface SessionWindowManager extends WindowHost {
  /** Open windows of a computer, by kind. */
  windowsOf(computerId: ComputerId): Partial<Record<SessionKind, SessionWindowLike>>;
  /** Most recently focused first. */
  history(): { computerId: ComputerId; kind: SessionKind }[];
  /** Taskbar progress on a computer's open windows (-1 to clear). */
  setProgress(computerId: ComputerId, fraction: number): void;
  /** Hand the session's URL to the system browser (the user asked); false when not open. */
  openInBrowser(computerId: ComputerId, kind: SessionKind): boolean;
  /** Close every window (on quit). */
  closeAll(): void;
}

/** Build the session window manager. */
export function createSessionWindowManager(deps: SessionWindowDeps): SessionWindowManager {
  const listeners = new Set<(w: OpenWindow[]) => void>();
  const list = (): OpenWindow[] =>
    [...w.entries.values()].map((e) => ({ computerId: e.computerId, kind: e.kind, title: e.title, focused: !e.win.isDestroyed() && e.win.isFocused() }));
  const w: Windows = {
    deps,
    entries: new Map(),
    preparedPartitions: new Set(),
    prompts: new WeakMap(),
    now: deps.now ?? Date.now,
    history: [],
    lastLeave: undefined,
    certificateQuestions: new Map(),
    refusedHosts: new Map(),
    emit: () => {
      const snapshot = list();
      for (const l of listeners) l(snapshot);
    },
  };
  const { entries, emit } = w;

  return {
    async open(req) {
      const url = acceptSessionUrl(req.url, { allowLoopbackHttp: req.allowLoopbackHttp === true });
      const key = placementKey(req.computerId, req.kind);
      const existing = entries.get(key);
      if (existing && !existing.win.isDestroyed()) {
        if (existing.title !== req.title) {
          existing.title = req.title;
          existing.win.setTitle(req.title);
        }
        bringToFront(existing.win);
        emit();
        // A fresh URL (Reconnect, resumed session) reloads; the same one only focuses.
        if (existing.brokenShown || req.url !== existing.url) {
          existing.origin = url.origin;
          existing.url = req.url;
          await load(w, existing, url.href);
        }
        return;
      }
      const entry = createEntry(w, req, url);
      emit();
      await load(w, entry, url.href);
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
      return w.history.map((k) => entries.get(k)).filter((e): e is Entry => !!e).map((e) => ({ computerId: e.computerId, kind: e.kind }));
    },
    setProgress(computerId, fraction) {
      for (const e of entries.values()) if (e.computerId === computerId && !e.win.isDestroyed()) e.win.setProgressBar(fraction);
    },
    openInBrowser(computerId, kind) {
      const e = entries.get(placementKey(computerId, kind));
      if (!e || e.win.isDestroyed()) return false;
      // The URL carries the session token: it goes to the browser and nowhere else (no log).
      deps.openExternal(e.url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- the session's own vetted URL (acceptSessionUrl), on the user's menu choice
      deps.log.info(`opened the ${kind} session of ${computerId} in the browser`);
      return true;
    },
    closeAll() {
      for (const e of [...entries.values()]) if (!e.win.isDestroyed()) e.win.close();
    },
  };
}

