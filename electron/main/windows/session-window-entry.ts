// One session window of the manager (session-window.ts): its creation, the policies it gets
// (navigation, prompts, certificates, permissions), its first load and its extra displays.
import type { BrowserWindowConstructorOptions, Certificate, WebContents } from 'electron';
import { certificateDecision, certificateFacts, certificateRefusalReason } from '../../core/certificate-policy.js';
import { LauncherFailure, launcherErrors, sessionPageFailure } from '../../core/errors.js';
import type { SessionWindowRequest } from '../../core/ports.js';
import { placementKey, restorePlacement } from '../../core/window-state.js';
import type { ComputerId, SessionKind } from '../../shared/models.js';
import { guardNavigation, type WindowOpenAnswer } from './navigation-guard.js';
import { installPermissionPolicy } from './permissions.js';
import type { CertificateAnswer, RefusedCertificate, SessionLike, SessionWindowDeps, SessionWindowLike } from './session-window.js';
import { assertSecureWebPreferences, sessionPartition, sessionWindowOptions } from './window-options.js';

/** What one load of a session URL met, collected from the window's events. */
export interface LoadAttempt {
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
export interface PromptState {
  open: boolean;
  lastGesture: number;
}

/** One session window and what the manager knows about it. */
export interface Entry {
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

/** What the manager shares with each of its windows. */
export interface Windows {
  deps: SessionWindowDeps;
  entries: Map<string, Entry>;
  // Partitions whose session got its handlers (one per computer, shared by all its windows).
  preparedPartitions: Set<string>;
  prompts: WeakMap<SessionWindowLike, PromptState>;
  now: () => number;
  /** Placement keys, most recently focused first. */
  history: string[];
  lastLeave: { at: number; leave: boolean } | undefined;
  // Both windows of a computer meet the same certificate: one question, one answer.
  certificateQuestions: Map<string, Promise<CertificateAnswer>>;
  // Certificates the user refused, per host: Chromium caches that verdict and stops asking the
  // proc, so a later load fails with a bare ERR_FAILED that this turns back into the reason.
  refusedHosts: Map<string, RefusedCertificate>;
  /** Tell listeners the list of windows changed. */
  emit: () => void;
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

const bare = (host: string) => host.toLowerCase().replace(/^\[|\]$/g, '');

const entriesOf = (w: Windows, computerId: ComputerId) => [...w.entries.values()].filter((e) => e.computerId === computerId);
const originsOf = (w: Windows, computerId: ComputerId) => entriesOf(w, computerId).map((e) => e.origin);

/** Show, restore and focus a window. */
export const bringToFront = (win: SessionWindowLike) => {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
};

const savePlacement = (w: Windows, e: Entry) => {
  if (e.win.isDestroyed()) return;
  const bounds = e.win.getNormalBounds();
  const displayId = w.deps.screen.displayIdFor(bounds);
  w.deps.placements.set(placementKey(e.computerId, e.kind), {
    bounds,
    maximized: e.win.isMaximized(),
    ...(displayId !== undefined ? { displayId } : {}),
  });
};

const broken = (w: Windows, e: Entry, reason: string) => {
  if (e.brokenShown || e.win.isDestroyed()) return;
  e.brokenShown = true;
  // A window that never loaded was never shown: show it so the offer has a parent.
  bringToFront(e.win);
  w.deps.log.warn(`session window ${e.computerId} (${e.kind}) needs reconnecting: ${reason}`);
  w.deps.onBroken({ computerId: e.computerId, kind: e.kind, reason }, e.win);
};

/** Load a URL and settle with what happened; rejects with the reason the user reads. */
export const load = async (w: Windows, e: Entry, url: string, certificateAsked = false): Promise<void> => {
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
  if (e.win.isDestroyed()) throw sessionPageFailure(e.kind, 'the window was closed');
  if (!attempt.refused && attempt.failure?.code === -2) {
    const known = w.refusedHosts.get(bare(new URL(url).hostname));
    if (known) attempt.refused = known;
  }
  if (attempt.refused && attempt.question && !certificateAsked) {
    const answer = await attempt.question;
    // Normally the load went on once the user trusted (the verify proc waited for the answer);
    // a load that gave up meanwhile (a handshake timeout) is tried once more, now pinned.
    if (answer === 'trust' && !e.win.isDestroyed()) return load(w, e, url, true);
    if (answer === 'browser') {
      w.deps.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- the session's own https URL, after the user chose "Open in browser instead"
      const err = launcherErrors.cancelled();
      throw new LauncherFailure({ ...err, name: 'OpenedInBrowser', message: 'The session was opened in your browser instead.', nextStep: 'Nothing to do.' });
    }
  }
  const reason = loadFailureReason(attempt);
  broken(w, e, reason);
  throw sessionPageFailure(e.kind, reason);
};

/** One question per certificate (both windows meet it); Trust pins it before the answer is used. */
const askCertificate = (w: Windows, refused: RefusedCertificate, win: SessionWindowLike): Promise<CertificateAnswer> | undefined => {
  const certs = w.deps.certificates;
  if (!certs) return undefined;
  const q = `${refused.facts.hostPort} ${refused.facts.sha256}`;
  let question = w.certificateQuestions.get(q);
  if (!question) {
    bringToFront(win);
    question = certs
      .ask(refused, win)
      .then(
        (answer) => {
          if (answer === 'trust') {
            if (!certs.trust(refused.facts, win)) return 'cancel';
            w.deps.log.info(`trusted the certificate of ${refused.facts.hostPort} (${refused.facts.sha256})`);
          }
          return answer;
        },
        (): CertificateAnswer => 'cancel',
      )
      .finally(() => w.certificateQuestions.delete(q));
    w.certificateQuestions.set(q, question);
  }
  return question;
};

/** Open something outside only if the user just did something here, one prompt at a time. */
const offerExternal = (w: Windows, win: SessionWindowLike, target: string) => {
  const p = w.prompts.get(win);
  if (!p || p.open || w.now() - p.lastGesture > GESTURE_WINDOW_MS) {
    w.deps.log.info('dropped a request to open a link in the browser (no recent user action, or a prompt is already open)');
    return;
  }
  p.open = true;
  void w.deps
    .confirmExternal(target, win)
    .then((yes) => {
      if (yes) w.deps.openExternal(target); // eng-disable OPEN_EXTERNAL_JS_CHECK -- https only (navigationDecision), after the user agreed
    })
    .finally(() => {
      p.open = false;
      // The gesture was spent on this prompt; the next one needs another.
      p.lastGesture = -Infinity;
    });
};

const logBlocked = (w: Windows, e: Entry) => (target: string, why: string) => {
  let origin = 'an unparsable URL';
  try {
    origin = new URL(target).origin;
  } catch {
    /* keep the placeholder */
  }
  if (why === 'will-redirect' && e.attempt) e.attempt.blocked = origin;
  w.deps.log.info(`blocked ${why} to ${origin} in ${e.computerId} (${e.kind})`);
};

/** Policies every window of a session gets: title, gestures, unload, client certificates. */
const guardWindow = (w: Windows, e: Entry, win: SessionWindowLike) => {
  const contents = win.webContents;
  const state: PromptState = { open: false, lastGesture: -Infinity };
  w.prompts.set(win, state);
  // Keep our title: the DCV page would otherwise rename the window.
  win.on('page-title-updated', (event: { preventDefault(): void }) => event.preventDefault());
  contents.on('before-input-event', (_event: unknown, input: { type?: string }) => {
    if (input?.type === 'keyDown') state.lastGesture = w.now();
  });
  contents.on('before-mouse-event', (_event: unknown, mouse: { type?: string }) => {
    if (mouse?.type === 'mouseDown') state.lastGesture = w.now();
  });
  contents.on('will-prevent-unload', (event: { preventDefault(): void }) => {
    // Without this, a page's beforeunload cancels closing, Reconnect and Quit silently.
    const recent = w.lastLeave && w.now() - w.lastLeave.at <= LEAVE_ANSWER_MS ? w.lastLeave.leave : undefined;
    const leave = recent ?? w.deps.confirmLeave?.(win) ?? true;
    w.lastLeave = { at: w.now(), leave };
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
    if (!w.deps.chooseClientCertificate || certs.length === 0) return callback();
    void w.deps.chooseClientCertificate(host, certs, win).then(
      (i) => callback(i === undefined ? undefined : certs[i]),
      () => callback(),
    );
  });
};

/** The same-origin window.open of a session page: another guarded window (an extra display). */
const openDisplay = (w: Windows, e: Entry): WindowOpenAnswer => {
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
        ...(w.deps.icon ? { icon: w.deps.icon } : {}),
      });
      assertSecureWebPreferences(options);
      // Electron requires the window to adopt the webContents it passes in options.
      const win = w.deps.createWindow({ ...options, webContents: (childOptions as { webContents?: unknown }).webContents } as BrowserWindowConstructorOptions);
      e.displays.set(n, win);
      guardWindow(w, e, win);
      guardNavigation(win.webContents, () => e.origin, {
        onExternal: (target) => offerExternal(w, win, target),
        onBlocked: logBlocked(w, e),
        onSameOriginOpen: () => openDisplay(w, e),
      });
      win.once('ready-to-show', () => bringToFront(win));
      win.on('closed', () => e.displays.delete(n));
      return win.webContents as unknown as WebContents;
    },
  };
};

const prepareSession = (w: Windows, req: SessionWindowRequest, ses: SessionLike) => {
  installPermissionPolicy(
    ses,
    () => originsOf(w, req.computerId),
    (p, o) => w.deps.log.info(`denied permission ${p} for ${o ?? 'an unknown origin'}`),
    w.deps.media
      ? {
          granted: () => w.deps.media!.granted(req.computerId),
          ask: () => w.deps.media!.ask(req.computerId, req.computerName, entriesOf(w, req.computerId)[0]?.win),
        }
      : undefined,
  );
  // The verify proc, not certificate-error: it also covers the page's WebSocket to the host.
  ses.setCertificateVerifyProc((request, callback) => { // eng-disable CERTIFICATE_VERIFY_PROC_JS_CHECK -- publicly trusted certificates pass as Chromium verified them; an unverified one passes only when the user pinned that exact fingerprint for that host:port (core/certificate-policy.ts)
    // Electron passes the host name only; the ports are those of this computer's sessions.
    const candidates = entriesOf(w, req.computerId).filter((e) => {
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
      const d = certificateDecision({ facts, systemTrusted: false, pins: w.deps.certificates?.pins() ?? [] });
      if (d.action === 'accept') return callback(0);
      refused = d;
      if (e.attempt) {
        e.attempt.refused = d;
        loading.push(e);
      }
    }
    if (!refused) return callback(-2);
    w.deps.log.warn(`refused the certificate of ${refused.facts.hostPort} (${refused.why}, ${refused.facts.sha256}) until the user decides`);
    // Chromium caches what this proc answers: hold the answer until the user has decided, so
    // the cached verdict is the user's (a refusal cached first would outlive a later Trust).
    const question = loading.length > 0 ? askCertificate(w, refused, loading[0]!.win) : undefined;
    if (!question) return callback(-2);
    for (const e of loading) if (e.attempt) e.attempt.question = question;
    void question.then((answer) => {
      if (answer === 'trust') w.refusedHosts.delete(bare(request.hostname));
      else w.refusedHosts.set(bare(request.hostname), refused);
      callback(answer === 'trust' ? 0 : -2);
    });
  });
};

/** A session window for a request: created, placed, guarded and wired to the manager. */
export const createEntry = (w: Windows, req: SessionWindowRequest, url: URL): Entry => {
  const partition = sessionPartition(req.computerId);
  const placement = restorePlacement(
    w.deps.placements.get(placementKey(req.computerId, req.kind)),
    w.deps.screen.all(),
    w.deps.screen.primary(),
    w.deps.defaultSize ?? { width: 1280, height: 800 },
  );
  const options = sessionWindowOptions({ title: req.title, bounds: placement.bounds, partition, ...(w.deps.icon ? { icon: w.deps.icon } : {}) });
  assertSecureWebPreferences(options);
  const win = w.deps.createWindow(options);
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
  w.entries.set(key, entry);

  const contents = win.webContents;
  if (!w.preparedPartitions.has(partition)) {
    w.preparedPartitions.add(partition);
    prepareSession(w, req, contents.session);
    w.deps.prepareSession?.(contents.session, req.computerId);
  }
  guardWindow(w, entry, win);
  guardNavigation(contents, () => entry.origin, {
    onExternal: (target) => offerExternal(w, win, target),
    onBlocked: logBlocked(w, entry),
    onSameOriginOpen: () => openDisplay(w, entry),
  });
  win.on('focus', () => {
    w.history = [key, ...w.history.filter((k) => k !== key)];
    w.emit();
  });
  win.on('blur', w.emit);
  win.on('close', () => savePlacement(w, entry));
  win.on('closed', () => {
    if (w.entries.get(key) === entry) w.entries.delete(key);
    w.history = w.history.filter((k) => k !== key);
    for (const d of entry.displays.values()) if (!d.isDestroyed()) d.close();
    w.emit();
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
    broken(w, entry, `the session page stopped (${details?.reason ?? 'unknown'})`);
  });
  contents.on('did-fail-load', (_event: unknown, errorCode: number, errorDescription: string, _url: string, isMainFrame: boolean) => {
    if (!isMainFrame) return;
    // During our own load the outcome is reported by load(w, ); -3 (ERR_ABORTED) is then our
    // guard or a kept page, which load(w, ) tells apart.
    if (entry.attempt) {
      entry.attempt.failure = { code: errorCode, description: errorDescription };
      return;
    }
    if (errorCode === -3) return;
    broken(w, entry, `the session page did not load (${errorDescription || errorCode})`);
  });
  w.deps.prepareWindow?.(win, req.computerId, req.kind);
  return entry;
};