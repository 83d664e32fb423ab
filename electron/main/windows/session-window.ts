// One session window: a native window for one {computer, kind}, locked to the origin Lightsail
// returned, in the computer's in-memory partition. It keeps its title, remembers its placement,
// asks before the page opens anything outside, and settles each load with what happened: a load
// that fails or is blocked (redirect elsewhere, DNS, TLS, HTTP error, an untrusted certificate)
// rejects with the reason, so session:open never reports success for a window showing nothing.
// Its extra displays (DCV multi-monitor) are guarded the same way and close with it.
import type { BrowserWindowConstructorOptions, Certificate, WebContents } from 'electron';
import { certificateRefusalReason, clientCertificateServer } from '../../core/certificate-policy.js';
import { LauncherFailure, launcherErrors, sessionPageFailure } from '../../core/errors.js';
import type { SessionWindowRequest } from '../../core/ports.js';
import { placementKey, restorePlacement } from '../../core/window-state.js';
import type { ComputerId, OpenWindow, SessionKind } from '../../shared/models.js';
import { guardNavigation, type WindowOpenAnswer } from './navigation-guard.js';
import { installPermissionPolicy } from './permissions.js';
import type { SessionCertificates } from './session-certificates.js';
import type {
  CertificateSubject,
  LoadAttempt,
  PromptState,
  SessionLike,
  SessionWindowDeps,
  SessionWindowLike,
} from './session-window-types.js';
import { assertSecureWebPreferences, sessionWindowOptions } from './window-options.js';

/** How long a user gesture lets a page ask to open something (Chromium's transient activation). */
export const GESTURE_WINDOW_MS = 5_000;
/** One "Leave the session?" answer covers the windows closed with it (quit, stop, both kinds). */
export const LEAVE_ANSWER_MS = 2_000;

/** Words for a failed load, from Chromium's code or the HTTP status (never the URL). */
export function loadFailureReason(a: LoadAttempt): string {
  if (a.refused) return certificateRefusalReason(a.refused);
  if (a.blocked)
    return `the session page redirected to another site (${a.blocked}), which the launcher does not open`;
  if (a.failure) {
    const { code, description } = a.failure;
    const name = description.replace(/^net::/, '');
    if (code === -105 || code === -137) return `the computer's address could not be found (${name})`;
    if (code <= -200 && code > -300) return `the connection is not secure (${name})`;
    if (code === -102 || code === -118 || code === -7) return `the computer did not answer (${name})`;
    return `the session page did not load (${name || code})`;
  }
  if (a.status !== undefined && a.status >= 400)
    return `the session server answered HTTP ${a.status}${a.statusText ? ` (${a.statusText})` : ''}`;
  return 'the session page did not load';
}

/** Show, restore and focus a window. */
export function bringToFront(win: SessionWindowLike): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** What a manager shares with its windows. */
export interface SessionWindowShared {
  readonly deps: SessionWindowDeps;
  readonly now: () => number;
  readonly certificates: SessionCertificates;
  /** Partitions whose session got its handlers (one set per partition, shared by its windows). */
  readonly preparedPartitions: Set<string>;
  /** The last "Leave the session?" answer, reused for the windows closed with it. */
  lastLeave: { at: number; leave: boolean } | undefined;
  /** The manager's open windows of a computer. */
  windowsOf(computerId: ComputerId): readonly SessionWindow[];
  /** The window exists (before its page loads): the manager lists it. */
  added(sw: SessionWindow): void;
  focused(sw: SessionWindow): void;
  closed(sw: SessionWindow): void;
  /** Tell listeners the list of windows changed. */
  emit(): void;
}

/** One session window for {computer, kind}: its partition, guards, dialogs and loads. */
export class SessionWindow implements CertificateSubject {
  readonly computerId: ComputerId;
  readonly computerName: string;
  readonly kind: SessionKind;
  title: string;
  /** Exact origin of the URL Lightsail returned. */
  origin: string;
  /** The URL itself carries a token: kept in memory only, to tell a fresh URL from a repeat. */
  url: string;
  readonly win: SessionWindowLike;
  /** The in-memory partition this window was made in. */
  readonly partition: string;
  brokenShown = false;
  attempt: LoadAttempt | undefined;
  /** Extra displays (DCV multi-monitor) opened from this window. */
  private readonly displays = new Map<number, SessionWindowLike>();
  private readonly prompts = new WeakMap<SessionWindowLike, PromptState>();

  constructor(
    private readonly shared: SessionWindowShared,
    req: SessionWindowRequest,
    url: URL,
  ) {
    const { deps } = shared;
    this.computerId = req.computerId;
    this.computerName = req.computerName;
    this.kind = req.kind;
    this.title = req.title;
    this.origin = url.origin;
    this.url = req.url;
    this.partition = shared.certificates.nextPartition(req.computerId);
    const placement = restorePlacement(
      deps.placements.get(this.key),
      deps.screen.all(),
      deps.screen.primary(),
      deps.defaultSize ?? { width: 1280, height: 800 },
    );
    const options = sessionWindowOptions({
      title: req.title,
      bounds: placement.bounds,
      partition: this.partition,
      ...(deps.icon ? { icon: deps.icon } : {}),
    });
    assertSecureWebPreferences(options);
    this.win = deps.createWindow(options);
    shared.added(this);
    const ses = this.win.webContents.session;
    if (!shared.preparedPartitions.has(this.partition)) {
      shared.preparedPartitions.add(this.partition);
      this.prepareSession(ses);
      deps.prepareSession?.(ses, req.computerId);
    }
    this.guard(this.win);
    this.watch(placement.maximized === true);
    deps.prepareWindow?.(this.win, req.computerId, req.kind);
  }

  /** The placement key, one per {computer, kind}. */
  get key(): string {
    return placementKey(this.computerId, this.kind);
  }

  /** The window is still there. */
  isOpen(): boolean {
    return !this.win.isDestroyed();
  }

  /** What the launcher shows of this window. */
  listItem(): OpenWindow {
    return {
      computerId: this.computerId,
      kind: this.kind,
      title: this.title,
      focused: this.isOpen() && this.win.isFocused(),
    };
  }

  /** Show, restore and focus it. */
  bringToFront(): void {
    bringToFront(this.win);
  }

  /** A new title from a new request. */
  retitle(title: string): void {
    if (this.title === title) return;
    this.title = title;
    this.win.setTitle(title);
  }

  /** Close it and its displays (a guarded page may keep it; see will-prevent-unload). */
  close(): void {
    if (this.isOpen()) this.win.close();
  }

  /** Taskbar progress (-1 clears it). */
  setProgress(fraction: number): void {
    if (this.isOpen()) this.win.setProgressBar(fraction);
  }

  /** Load a URL and settle with what happened; rejects with the reason the user reads. */
  async load(url: string, certificateAsked = false): Promise<void> {
    this.brokenShown = false;
    const attempt: LoadAttempt = {};
    this.attempt = attempt;
    let threw = false;
    try {
      await this.win.loadURL(url);
    } catch {
      // Electron's rejection message holds the URL (and so the token): never kept or logged.
      threw = true;
    }
    if (this.attempt !== attempt) return; // a newer load (Reconnect) took over and reports itself
    this.attempt = undefined;
    if (attempt.kept) return; // the user chose to stay on the page that was open
    // ERR_ABORTED with nothing of ours behind it (no blocked redirect, no kept page, no refused
    // certificate): the page started another navigation of its own before the first finished,
    // which rejects loadURL in Electron; that navigation reports its own failure, if any.
    if (attempt.failure?.code === -3 && !attempt.blocked && !attempt.refused) return;
    if (
      !threw &&
      !attempt.failure &&
      !attempt.blocked &&
      (attempt.status === undefined || attempt.status < 400)
    )
      return;
    if (!this.isOpen()) throw sessionPageFailure(this.kind, 'the window was closed');
    if (!attempt.refused && attempt.failure?.code === -2) {
      // Only a refusal cached in this window's own partition explains a bare ERR_FAILED.
      const known = this.shared.certificates.refusalIn(this.partition, new URL(url).hostname);
      if (known) attempt.refused = known;
    }
    if (attempt.refused && attempt.question && !certificateAsked) {
      const answer = await attempt.question;
      // Normally the load went on once the user trusted (the verify proc waited for the answer);
      // a load that gave up meanwhile (a handshake timeout) is tried once more, now pinned.
      if (answer === 'trust' && this.isOpen()) return this.load(url, true);
      if (answer === 'browser') {
        this.shared.deps.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- the session's own https URL, after the user chose "Open in browser instead"
        throw new LauncherFailure(launcherErrors.openedInBrowser());
      }
    }
    const reason = loadFailureReason(attempt);
    this.broken(reason);
    throw sessionPageFailure(this.kind, reason);
  }

  /** Show the window with the reason, and let the shell offer Reconnect. */
  private broken(reason: string): void {
    if (this.brokenShown || !this.isOpen()) return;
    this.brokenShown = true;
    // A window that never loaded was never shown: show it so the offer has a parent.
    this.bringToFront();
    this.shared.deps.log.warn(
      `session window ${this.computerId} (${this.kind}) needs reconnecting: ${reason}`,
    );
    this.shared.deps.onBroken({ computerId: this.computerId, kind: this.kind, reason }, this.win);
  }

  private savePlacement(): void {
    if (!this.isOpen()) return;
    const bounds = this.win.getNormalBounds();
    const displayId = this.shared.deps.screen.displayIdFor(bounds);
    this.shared.deps.placements.set(this.key, {
      bounds,
      maximized: this.win.isMaximized(),
      ...(displayId !== undefined ? { displayId } : {}),
    });
  }

  /** The partition's permission policy and certificate check (once per partition). */
  private prepareSession(ses: SessionLike): void {
    const { deps } = this.shared;
    const computerId = this.computerId;
    const computerName = this.computerName;
    installPermissionPolicy(
      ses,
      () => this.shared.windowsOf(computerId).map((e) => e.origin),
      (p, o) => deps.log.info(`denied permission ${p} for ${o ?? 'an unknown origin'}`),
      deps.media
        ? {
            granted: () => deps.media!.granted(computerId),
            ask: () => deps.media!.ask(computerId, computerName, this.shared.windowsOf(computerId)[0]?.win),
          }
        : undefined,
    );
    const partition = this.partition;
    this.shared.certificates.install(ses, partition, () =>
      this.shared.windowsOf(computerId).filter((e) => e.partition === partition),
    );
  }

  /** The window's and its page's events: focus, placement, crashes and failed loads. */
  private watch(maximized: boolean): void {
    const { win, shared } = this;
    const contents = win.webContents;
    win.on('focus', () => shared.focused(this));
    win.on('blur', () => shared.emit());
    win.on('close', () => this.savePlacement());
    win.on('closed', () => {
      shared.closed(this);
      for (const d of this.displays.values()) if (!d.isDestroyed()) d.close();
    });
    win.once('ready-to-show', () => {
      if (maximized) win.maximize();
      bringToFront(win);
    });
    contents.on(
      'did-navigate',
      (_event: unknown, _url: string, httpResponseCode: number, httpStatusText: string) => {
        if (this.attempt) {
          this.attempt.status = httpResponseCode;
          this.attempt.statusText = httpStatusText;
        }
      },
    );
    contents.on('render-process-gone', (_event: unknown, details: { reason?: string }) => {
      if (details?.reason === 'clean-exit') return;
      this.broken(`the session page stopped (${details?.reason ?? 'unknown'})`);
    });
    contents.on(
      'did-fail-load',
      (_event: unknown, errorCode: number, errorDescription: string, _url: string, isMainFrame: boolean) => {
        if (!isMainFrame) return;
        // During our own load the outcome is reported by load(); -3 (ERR_ABORTED) is then our
        // guard or a kept page, which load() tells apart.
        if (this.attempt) {
          this.attempt.failure = { code: errorCode, description: errorDescription };
          return;
        }
        if (errorCode === -3) return;
        this.broken(`the session page did not load (${errorDescription || errorCode})`);
      },
    );
  }

  /** Policies every window of this session gets (its displays too): title, gestures, unload, client certificates, navigation. */
  private guard(win: SessionWindowLike): void {
    const { shared } = this;
    const contents = win.webContents;
    const state: PromptState = { open: false, lastGesture: -Infinity };
    this.prompts.set(win, state);
    // Keep our title: the DCV page would otherwise rename the window.
    win.on('page-title-updated', (event: { preventDefault(): void }) => event.preventDefault());
    contents.on('before-input-event', (_event: unknown, input: { type?: string }) => {
      if (input?.type === 'keyDown') state.lastGesture = shared.now();
    });
    contents.on('before-mouse-event', (_event: unknown, mouse: { type?: string }) => {
      if (mouse?.type === 'mouseDown') state.lastGesture = shared.now();
    });
    contents.on('will-prevent-unload', (event: { preventDefault(): void }) => {
      // Without this, a page's beforeunload cancels closing, Reconnect and Quit silently.
      const recent =
        shared.lastLeave && shared.now() - shared.lastLeave.at <= LEAVE_ANSWER_MS
          ? shared.lastLeave.leave
          : undefined;
      const leave = recent ?? shared.deps.confirmLeave?.(win) ?? true;
      shared.lastLeave = { at: shared.now(), leave };
      if (leave) return event.preventDefault();
      // Electron cancels a quit when a page keeps its window (Browser::OnWindowCloseCancelled).
      shared.deps.onStay?.();
      if (this.attempt && win === this.win) this.attempt.kept = true;
    });
    contents.on(
      'select-client-certificate',
      (
        event: { preventDefault(): void },
        hostPort: string,
        certs: Certificate[],
        callback: (c?: Certificate) => void,
      ) => {
        // Electron's default hands over the first certificate in the store: never without asking.
        event.preventDefault();
        const host = clientCertificateServer(hostPort) ?? 'the session server';
        if (!shared.deps.chooseClientCertificate || certs.length === 0) return callback();
        void shared.deps.chooseClientCertificate(host, certs, win).then(
          (i) => callback(i === undefined ? undefined : certs[i]),
          () => callback(),
        );
      },
    );
    guardNavigation(contents, () => this.origin, {
      onExternal: (target) => this.offerExternal(win, target),
      onBlocked: (target, why) => this.logBlocked(target, why),
      onSameOriginOpen: (next) => this.openDisplay(next),
    });
  }

  /** Open something outside only if the user just did something here, one prompt at a time. */
  private offerExternal(win: SessionWindowLike, target: string): void {
    const { deps, now } = this.shared;
    const p = this.prompts.get(win);
    if (!p || p.open || now() - p.lastGesture > GESTURE_WINDOW_MS) {
      deps.log.info(
        'dropped a request to open a link in the browser (no recent user action, or a prompt is already open)',
      );
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
  }

  private logBlocked(target: string, why: string): void {
    let origin = 'an unparsable URL';
    try {
      const u = new URL(target);
      // A file dropped onto a page that does not take it: Chromium navigates to it. Its path is
      // the user's business, never logged.
      origin = u.protocol === 'file:' ? 'a local file (dropped onto the window)' : u.origin;
    } catch {
      /* keep the placeholder */
    }
    if (why === 'will-redirect' && this.attempt) this.attempt.blocked = origin;
    this.shared.deps.log.info(`blocked ${why} to ${origin} in ${this.computerId} (${this.kind})`);
  }

  /**
   * The same-origin window.open of a session page: another guarded window (an extra display).
   * A shift- or middle-click on a same-origin link lands here too (Chromium's OpenURLFromTab),
   * with no webContents to adopt: Electron then loads nothing into the window made, so this
   * loads the URL itself, or the window would stay hidden forever.
   */
  private openDisplay(url: string): WindowOpenAnswer {
    const { deps } = this.shared;
    return {
      action: 'allow',
      outlivesOpener: false,
      createWindow: (childOptions) => {
        let n = 2;
        while (this.displays.has(n)) n++;
        const opener = this.win.getNormalBounds();
        const options = sessionWindowOptions({
          title: `${this.computerName} — display ${n}`,
          bounds: { x: opener.x + 40, y: opener.y + 40, width: opener.width, height: opener.height },
          partition: this.partition,
          ...(deps.icon ? { icon: deps.icon } : {}),
        });
        assertSecureWebPreferences(options);
        // Electron requires the window to adopt the webContents it passes in options.
        const adopted = (childOptions as { webContents?: unknown }).webContents;
        const win = deps.createWindow(
          (adopted ? { ...options, webContents: adopted } : options) as BrowserWindowConstructorOptions,
        );
        this.displays.set(n, win);
        this.guard(win);
        win.once('ready-to-show', () => bringToFront(win));
        win.on('closed', () => this.displays.delete(n));
        // The session window's menu and shortcuts, not Electron's default menu (Reload, DevTools).
        deps.prepareWindow?.(win, this.computerId, this.kind);
        if (!adopted) {
          win.loadURL(url).catch(() => {
            // Nothing to show: a window that did not load must not linger unseen.
            deps.log.info(`an extra display of ${this.computerId} (${this.kind}) did not load`);
            if (!win.isDestroyed()) win.close();
          });
        }
        return win.webContents as unknown as WebContents;
      },
    };
  }
}
