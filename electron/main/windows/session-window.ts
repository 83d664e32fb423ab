// The session window manager: the WindowHost the launcher core drives. One native window per
// {computer, kind}; asking again focuses it (and reloads it when given a fresh URL, which is
// how Reconnect and a resumed session land). Each window is locked to the origin Lightsail
// returned, keeps its title, remembers its placement, and reports a crash or failed load so
// the shell can offer Reconnect. open() settles with the first load: a load that fails or is
// blocked (redirect elsewhere, DNS, TLS, HTTP error, an untrusted certificate) rejects with
// the reason, so session:open never reports success for a window showing nothing.
import type { BrowserWindowConstructorOptions, Certificate, WebContents } from 'electron';
import { certificateDecision, certificateFacts, certificateRefusalReason, type CertificateDecision, type CertificateFacts, type CertificatePin } from '../../core/certificate-policy.js';
import { acceptSessionUrl } from '../../core/dcv-url.js';
import { LauncherFailure, launcherErrors } from '../../core/errors.js';
import type { SessionWindowRequest, WindowHost } from '../../core/ports.js';
import { placementKey, restorePlacement, type DisplayArea, type Rect, type WindowPlacement } from '../../core/window-state.js';
import type { ComputerId, OpenWindow, SessionKind } from '../../shared/models.js';
import { guardNavigation, type GuardedContents, type WindowOpenAnswer } from './navigation-guard.js';
import { installPermissionPolicy, type PermissionSession } from './permissions.js';
import { assertSecureWebPreferences, sessionPartition, sessionWindowOptions } from './window-options.js';

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
    trust(facts: CertificateFacts): void;
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

/** What one load of a session URL met, collected from the window's events. */
interface LoadAttempt {
  status?: number;
  statusText?: string;
  failure?: { code: number; description: string };
  blocked?: string;
  refused?: RefusedCertificate;
  /** The question the verify proc raised about that certificate. */
  question?: Promise<CertificateAnswer>;
  /** The user chose to stay on a page that guards unload. */
  kept?: boolean;
}

/** Per-window state of prompts: at most one at a time, and only after the user did something. */
interface PromptState {
  open: boolean;
  lastGesture: number;
}

interface Entry {
  computerId: ComputerId;
  computerName: string;
  kind: SessionKind;
  title: string;
  /** Exact origin of the URL Lightsail returned. */
  origin: string;
  /** The URL itself carries a token: kept in memory only, to tell a fresh URL from a repeat. */
  url: string;
  win: SessionWindowLike;
  brokenShown: boolean;
  attempt: LoadAttempt | undefined;
  /** Extra displays (DCV multi-monitor) opened from this window. */
  displays: Map<number, SessionWindowLike>;
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

/** How long a user gesture lets a page ask to open something (Chromium's transient activation). */
export const GESTURE_WINDOW_MS = 5_000;
/** One "Leave the session?" answer covers the windows closed with it (quit, stop, both kinds). */
export const LEAVE_ANSWER_MS = 2_000;

/** Words for a failed load, from Chromium's code or the HTTP status (never the URL). */
export function loadFailureReason(a: LoadAttempt): string {
  if (a.refused) return certificateRefusalReason(a.refused);
  if (a.blocked) return `the session page redirected to another site (${a.blocked}), which the launcher does not open`;
  if (a.failure) {
    const { code, description } = a.failure;
    const name = description.replace(/^net::/, '');
    if (code === -105 || code === -137) return `the computer's address could not be found (${name})`;
    if (code <= -200 && code > -300) return `the connection is not secure (${name})`;
    if (code === -102 || code === -118 || code === -7) return `the computer did not answer (${name})`;
    return `the session page did not load (${name || code})`;
  }
  if (a.status !== undefined && a.status >= 400) return `the session server answered HTTP ${a.status}${a.statusText ? ` (${a.statusText})` : ''}`;
  return 'the session page did not load';
}

function failure(kind: SessionKind, reason: string): LauncherFailure {
  return new LauncherFailure({
    name: 'SessionPageFailed',
    kind: 'session-failed',
    message: `The ${kind === 'app' ? 'application' : 'desktop'} session did not open: ${reason}.`,
    nextStep: 'Reconnect from the session window, or open the session in your browser.',
    retryable: true,
  });
}

const bare = (host: string) => host.toLowerCase().replace(/^\[|\]$/g, '');

/** Build the session window manager. */
export function createSessionWindowManager(deps: SessionWindowDeps): SessionWindowManager {
  const entries = new Map<string, Entry>();
  const listeners = new Set<(w: OpenWindow[]) => void>();
  // Partitions whose session got its handlers (one per computer, shared by all its windows).
  const preparedPartitions = new Set<string>();
  const prompts = new WeakMap<SessionWindowLike, PromptState>();
  const now = deps.now ?? Date.now;
  let history: string[] = [];
  let lastLeave: { at: number; leave: boolean } | undefined;
  // Both windows of a computer meet the same certificate: one question, one answer.
  const certificateQuestions = new Map<string, Promise<CertificateAnswer>>();
  // Certificates the user refused, per host: Chromium caches that verdict and stops asking the
  // proc, so a later load fails with a bare ERR_FAILED that this turns back into the reason.
  const refusedHosts = new Map<string, RefusedCertificate>();

  const entriesOf = (computerId: ComputerId) => [...entries.values()].filter((e) => e.computerId === computerId);
  const originsOf = (computerId: ComputerId) => entriesOf(computerId).map((e) => e.origin);

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

  const broken = (e: Entry, reason: string) => {
    if (e.brokenShown || e.win.isDestroyed()) return;
    e.brokenShown = true;
    // A window that never loaded was never shown: show it so the offer has a parent.
    bringToFront(e.win);
    deps.log.warn(`session window ${e.computerId} (${e.kind}) needs reconnecting: ${reason}`);
    deps.onBroken({ computerId: e.computerId, kind: e.kind, reason }, e.win);
  };

  /** Load a URL and settle with what happened; rejects with the reason the user reads. */
  const load = async (e: Entry, url: string, certificateAsked = false): Promise<void> => {
    e.brokenShown = false;
    const attempt: LoadAttempt = {};
    e.attempt = attempt;
    let threw = false;
    try {
      await e.win.loadURL(url);
    } catch {
      // Electron's rejection message holds the URL (and so the token): never kept or logged.
      threw = true;
    }
    if (e.attempt !== attempt) return; // a newer load (Reconnect) took over and reports itself
    e.attempt = undefined;
    if (attempt.kept) return; // the user chose to stay on the page that was open
    // ERR_ABORTED with nothing of ours behind it (no blocked redirect, no kept page, no refused
    // certificate): the page started another navigation of its own before the first finished,
    // which rejects loadURL in Electron; that navigation reports its own failure, if any.
    if (attempt.failure?.code === -3 && !attempt.blocked && !attempt.refused) return;
    if (!threw && !attempt.failure && !attempt.blocked && (attempt.status === undefined || attempt.status < 400)) return;
    if (e.win.isDestroyed()) throw failure(e.kind, 'the window was closed');
    if (!attempt.refused && attempt.failure?.code === -2) {
      const known = refusedHosts.get(bare(new URL(url).hostname));
      if (known) attempt.refused = known;
    }
    if (attempt.refused && attempt.question && !certificateAsked) {
      const answer = await attempt.question;
      // Normally the load went on once the user trusted (the verify proc waited for the answer);
      // a load that gave up meanwhile (a handshake timeout) is tried once more, now pinned.
      if (answer === 'trust' && !e.win.isDestroyed()) return load(e, url, true);
      if (answer === 'browser') {
        deps.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- the session's own https URL, after the user chose "Open in browser instead"
        const err = launcherErrors.cancelled();
        throw new LauncherFailure({ ...err, name: 'OpenedInBrowser', message: 'The session was opened in your browser instead.', nextStep: 'Nothing to do.' });
      }
    }
    const reason = loadFailureReason(attempt);
    broken(e, reason);
    throw failure(e.kind, reason);
  };

  /** One question per certificate (both windows meet it); Trust pins it before the answer is used. */
  const askCertificate = (refused: RefusedCertificate, win: SessionWindowLike): Promise<CertificateAnswer> | undefined => {
    const certs = deps.certificates;
    if (!certs) return undefined;
    const q = `${refused.facts.hostPort} ${refused.facts.sha256}`;
    let question = certificateQuestions.get(q);
    if (!question) {
      bringToFront(win);
      question = certs
        .ask(refused, win)
        .then(
          (answer) => {
            if (answer === 'trust') {
              certs.trust(refused.facts);
              deps.log.info(`trusted the certificate of ${refused.facts.hostPort} (${refused.facts.sha256})`);
            }
            return answer;
          },
          (): CertificateAnswer => 'cancel',
        )
        .finally(() => certificateQuestions.delete(q));
      certificateQuestions.set(q, question);
    }
    return question;
  };

  /** Open something outside only if the user just did something here, one prompt at a time. */
  const offerExternal = (win: SessionWindowLike, target: string) => {
    const p = prompts.get(win);
    if (!p || p.open || now() - p.lastGesture > GESTURE_WINDOW_MS) {
      deps.log.info('dropped a request to open a link in the browser (no recent user action, or a prompt is already open)');
      return;
    }
    p.open = true;
    void deps
      .confirmExternal(target, win)
      .then((yes) => {
        if (yes) deps.openExternal(target); // eng-disable OPEN_EXTERNAL_JS_CHECK -- https only (navigationDecision), after the user agreed
      })
      .finally(() => {
        p.open = false;
        // The gesture was spent on this prompt; the next one needs another.
        p.lastGesture = -Infinity;
      });
  };

  const logBlocked = (e: Entry) => (target: string, why: string) => {
    let origin = 'an unparsable URL';
    try {
      origin = new URL(target).origin;
    } catch {
      /* keep the placeholder */
    }
    if (why === 'will-redirect' && e.attempt) e.attempt.blocked = origin;
    deps.log.info(`blocked ${why} to ${origin} in ${e.computerId} (${e.kind})`);
  };

  /** Policies every window of a session gets: title, gestures, unload, client certificates. */
  const guardWindow = (e: Entry, win: SessionWindowLike) => {
    const contents = win.webContents;
    const state: PromptState = { open: false, lastGesture: -Infinity };
    prompts.set(win, state);
    // Keep our title: the DCV page would otherwise rename the window.
    win.on('page-title-updated', (event: { preventDefault(): void }) => event.preventDefault());
    contents.on('before-input-event', (_event: unknown, input: { type?: string }) => {
      if (input?.type === 'keyDown') state.lastGesture = now();
    });
    contents.on('before-mouse-event', (_event: unknown, mouse: { type?: string }) => {
      if (mouse?.type === 'mouseDown') state.lastGesture = now();
    });
    contents.on('will-prevent-unload', (event: { preventDefault(): void }) => {
      // Without this, a page's beforeunload cancels closing, Reconnect and Quit silently.
      const recent = lastLeave && now() - lastLeave.at <= LEAVE_ANSWER_MS ? lastLeave.leave : undefined;
      const leave = recent ?? deps.confirmLeave?.(win) ?? true;
      lastLeave = { at: now(), leave };
      if (leave) event.preventDefault();
      else if (e.attempt && win === e.win) e.attempt.kept = true;
    });
    contents.on('select-client-certificate', (event: { preventDefault(): void }, url: string, certs: Certificate[], callback: (c?: Certificate) => void) => {
      // Electron's default hands over the first certificate in the store: never without asking.
      event.preventDefault();
      let host = 'the session server';
      try {
        host = new URL(url).host;
      } catch {
        /* keep the placeholder */
      }
      if (!deps.chooseClientCertificate || certs.length === 0) return callback();
      void deps.chooseClientCertificate(host, certs, win).then(
        (i) => callback(i === undefined ? undefined : certs[i]),
        () => callback(),
      );
    });
  };

  /** The same-origin window.open of a session page: another guarded window (an extra display). */
  const openDisplay = (e: Entry): WindowOpenAnswer => {
    const partition = sessionPartition(e.computerId);
    return {
      action: 'allow',
      outlivesOpener: false,
      createWindow: (childOptions) => {
        let n = 2;
        const used = new Set([...e.displays.keys()]);
        while (used.has(n)) n++;
        const opener = e.win.getNormalBounds();
        const options = sessionWindowOptions({
          title: `${e.computerName} — display ${n}`,
          bounds: { x: opener.x + 40, y: opener.y + 40, width: opener.width, height: opener.height },
          partition,
          ...(deps.icon ? { icon: deps.icon } : {}),
        });
        assertSecureWebPreferences(options);
        // Electron requires the window to adopt the webContents it passes in options.
        const win = deps.createWindow({ ...options, webContents: (childOptions as { webContents?: unknown }).webContents } as BrowserWindowConstructorOptions);
        e.displays.set(n, win);
        guardWindow(e, win);
        guardNavigation(win.webContents, () => e.origin, {
          onExternal: (target) => offerExternal(win, target),
          onBlocked: logBlocked(e),
          onSameOriginOpen: () => openDisplay(e),
        });
        win.once('ready-to-show', () => bringToFront(win));
        win.on('closed', () => e.displays.delete(n));
        return win.webContents as unknown as WebContents;
      },
    };
  };

  const prepareSession = (req: SessionWindowRequest, ses: SessionLike) => {
    installPermissionPolicy(
      ses,
      () => originsOf(req.computerId),
      (p, o) => deps.log.info(`denied permission ${p} for ${o ?? 'an unknown origin'}`),
      deps.media
        ? {
            granted: () => deps.media!.granted(req.computerId),
            ask: () => deps.media!.ask(req.computerId, req.computerName, entriesOf(req.computerId)[0]?.win),
          }
        : undefined,
    );
    // The verify proc, not certificate-error: it also covers the page's WebSocket to the host.
    ses.setCertificateVerifyProc((request, callback) => {
      // Electron passes the host name only; the ports are those of this computer's sessions.
      const candidates = entriesOf(req.computerId).filter((e) => {
        try {
          const u = new URL(e.origin);
          return u.protocol === 'https:' && bare(u.hostname) === bare(request.hostname);
        } catch {
          return false;
        }
      });
      if (candidates.length === 0 || request.verificationResult === 'OK') return callback(-3);
      let refused: RefusedCertificate | undefined;
      const loading: Entry[] = [];
      for (const e of candidates) {
        const u = new URL(e.origin);
        const facts = certificateFacts(request.certificate.data, `${u.hostname.toLowerCase()}:${u.port || '443'}`);
        if (!facts) continue;
        const d = certificateDecision({ facts, systemTrusted: false, pins: deps.certificates?.pins() ?? [] });
        if (d.action === 'accept') return callback(0);
        refused = d;
        if (e.attempt) {
          e.attempt.refused = d;
          loading.push(e);
        }
      }
      if (!refused) return callback(-2);
      deps.log.warn(`refused the certificate of ${refused.facts.hostPort} (${refused.why}, ${refused.facts.sha256}) until the user decides`);
      // Chromium caches what this proc answers: hold the answer until the user has decided, so
      // the cached verdict is the user's (a refusal cached first would outlive a later Trust).
      const question = loading.length > 0 ? askCertificate(refused, loading[0]!.win) : undefined;
      if (!question) return callback(-2);
      for (const e of loading) if (e.attempt) e.attempt.question = question;
      void question.then((answer) => {
        if (answer === 'trust') refusedHosts.delete(bare(request.hostname));
        else refusedHosts.set(bare(request.hostname), refused);
        callback(answer === 'trust' ? 0 : -2);
      });
    });
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
    const entry: Entry = {
      computerId: req.computerId,
      computerName: req.computerName,
      kind: req.kind,
      title: req.title,
      origin: url.origin,
      url: req.url,
      win,
      brokenShown: false,
      attempt: undefined,
      displays: new Map(),
    };
    const key = placementKey(req.computerId, req.kind);
    entries.set(key, entry);

    const contents = win.webContents;
    if (!preparedPartitions.has(partition)) {
      preparedPartitions.add(partition);
      prepareSession(req, contents.session);
      deps.prepareSession?.(contents.session, req.computerId);
    }
    guardWindow(entry, win);
    guardNavigation(contents, () => entry.origin, {
      onExternal: (target) => offerExternal(win, target),
      onBlocked: logBlocked(entry),
      onSameOriginOpen: () => openDisplay(entry),
    });
    win.on('focus', () => {
      history = [key, ...history.filter((k) => k !== key)];
      emit();
    });
    win.on('blur', emit);
    win.on('close', () => savePlacement(entry));
    win.on('closed', () => {
      if (entries.get(key) === entry) entries.delete(key);
      history = history.filter((k) => k !== key);
      for (const d of entry.displays.values()) if (!d.isDestroyed()) d.close();
      emit();
    });
    win.once('ready-to-show', () => {
      if (placement.maximized) win.maximize();
      bringToFront(win);
    });
    contents.on('did-navigate', (_event: unknown, _url: string, httpResponseCode: number, httpStatusText: string) => {
      if (entry.attempt) {
        entry.attempt.status = httpResponseCode;
        entry.attempt.statusText = httpStatusText;
      }
    });
    contents.on('render-process-gone', (_event: unknown, details: { reason?: string }) => {
      if (details?.reason === 'clean-exit') return;
      broken(entry, `the session page stopped (${details?.reason ?? 'unknown'})`);
    });
    contents.on('did-fail-load', (_event: unknown, errorCode: number, errorDescription: string, _url: string, isMainFrame: boolean) => {
      if (!isMainFrame) return;
      // During our own load the outcome is reported by load(); -3 (ERR_ABORTED) is then our
      // guard or a kept page, which load() tells apart.
      if (entry.attempt) {
        entry.attempt.failure = { code: errorCode, description: errorDescription };
        return;
      }
      if (errorCode === -3) return;
      broken(entry, `the session page did not load (${errorDescription || errorCode})`);
    });
    deps.prepareWindow?.(win, req.computerId, req.kind);
    return entry;
  };

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
          await load(existing, url.href);
        }
        return;
      }
      const entry = create(req, url);
      emit();
      await load(entry, url.href);
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
