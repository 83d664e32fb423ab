// App state: what the core told us (list, profiles, windows, progress, settings) and the
// actions the user can take. Events from the core keep it current; the UI reads it reactively.
import { ManageState } from './manage.svelte.js';
import type {
  AppInfo,
  ComputerId,
  ComputerList,
  CostSummary,
  IdleRule,
  LauncherError,
  NewSsoProfile,
  OpenWindow,
  ProfileSummary,
  SessionKind,
  SessionProgress,
  Settings,
  SignInRef,
  SignInState,
} from '../../../electron/shared/models.js';
import type { FirstFrameState } from '../../../electron/shared/first-frame.js';
import type { LauncherApi } from '../../../electron/preload/index.js';
import type { OpenTarget } from '../../../electron/shared/settings.js';
import { isInProgress } from './list-model.js';
import { retryDelay } from './retry.js';
import { clientErrors } from '../../../electron/shared/client-errors.js';

type Patch = Partial<Settings>;
type SeqKind = 'list' | 'profiles' | 'windows' | 'settings' | 'signIns' | 'costs';
type SsoRef = { startUrl: string; region: string; session: string };

const NO_SIGN_INS: SignInState = { entries: [], mfa: [] };

/** A question the core published (session:startQuestion), waiting for the user's answer on one row. */
export interface StartQuestion {
  kind: SessionKind;
}

/** How long "Ready" stays on a row before the progress line goes away. */
const READY_LINGER_MS = 2_500;

export class LauncherState {
  // What the core sends is replaced whole, never changed in place: raw, so it is not proxied.
  list = $state.raw<ComputerList | undefined>();
  profiles = $state.raw<ProfileSummary[] | undefined>();
  windows = $state.raw<OpenWindow[]>([]);
  settings = $state.raw<Settings | undefined>();
  info = $state.raw<AppInfo | undefined>();
  /** IAM Identity Center sign-ins and MFA requests (user codes and times, never a token). */
  signIns = $state.raw<SignInState>(NO_SIGN_INS);
  /** Month-to-date costs per profile and in all (cost:summary, then cost:changed). */
  costs = $state.raw<CostSummary | undefined>();
  // Per-computer records below change one key at a time, so they stay deeply reactive.
  progress = $state<Record<ComputerId, SessionProgress>>({});
  /** The launcher itself could not be reached (browser host down, main not answering). */
  offline = $state<string | undefined>();
  /** Failures of a user action on one computer (start, stop, open…). */
  actionErrors = $state<Record<ComputerId, LauncherError>>({});
  /** Actions waiting for an answer, per computer, so their buttons show it. */
  pending = $state<Record<ComputerId, string>>({});
  /** "Start it and open?" questions waiting on stopped computers. */
  questions = $state<Record<ComputerId, StartQuestion>>({});
  /** The kind last asked for per computer, for Retry. */
  lastKind = $state<Record<ComputerId, SessionKind>>({});
  /** When the next automatic retry runs (epoch ms), while one is scheduled. */
  retryAt = $state<number | undefined>();
  /** Ticks once a second while something shows elapsed time or a countdown. */
  now = $state(Date.now());
  /** A refresh the user asked for is running. */
  refreshing = $state(false);
  /** Rows the first frame holds, when something other than the window's height decided it. */
  firstRows: number | undefined;

  #api: LauncherApi;
  #unsubscribe: (() => void)[] = [];
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryAttempt = 0;
  #first: Promise<void> | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  /** Timers removing a finished progress line; not state, so a plain record. */
  #lingers: Record<ComputerId, ReturnType<typeof setTimeout>> = {};
  /** Computers whose last open the user agreed to start, so Retry does not ask again. */
  #consented: Record<ComputerId, boolean> = {};
  /** Events seen per kind: an answer must not overwrite an event that arrived after its request. */
  #seq: Record<SeqKind, number> = { list: 0, profiles: 0, windows: 0, settings: 0, signIns: 0, costs: 0 };

  /** New computer, delete, snapshots, disks and CPU figures. */
  readonly manage: ManageState;

  constructor(api: LauncherApi) {
    this.#api = api;
    this.manage = new ManageState(api);
  }

  /**
   * Take what the prerendered first frame showed, so the live app starts from exactly that
   * frame (and can adopt its DOM) without waiting for an answer.
   */
  seed(state: FirstFrameState): void {
    this.#setList(state.list);
    this.windows = state.windows;
    this.settings = state.settings;
    this.info = state.info;
  }

  /**
   * Ask for the list and the settings right away, before the UI exists, so the very first
   * render already shows the (cached) list instead of a "Loading" frame followed by a second
   * full style and layout pass. init() does not ask again.
   */
  prefetch(): Promise<void> {
    this.#first ??= Promise.all([
      this.#fetch(
        'list',
        () => this.#api.listComputers({ refresh: true }),
        (l) => this.#setList(l),
      ),
      this.#fetch(
        'settings',
        () => this.#api.getSettings(),
        (s) => (this.settings = s),
      ),
    ]).then(() => undefined);
    return this.#first;
  }

  /** Subscribe to events and load everything; the cached list paints first. */
  async init(): Promise<void> {
    const a = this.#api;
    this.#unsubscribe.push(
      a.onComputersChanged((l) => {
        this.#seq.list++;
        this.#setList(l);
      }),
      a.onProfilesChanged((p) => {
        this.#seq.profiles++;
        this.profiles = p;
      }),
      a.onWindowsChanged((w) => {
        this.#seq.windows++;
        this.windows = w;
      }),
      a.onSettingsChanged((s) => {
        this.#seq.settings++;
        this.settings = s;
      }),
      a.onSessionProgress((p) => this.#setProgress(p)),
      // The core decided an open waits for the user's word (whatever asked: a click, a link…):
      // the question goes on the computer's row.
      a.onStartQuestion(({ computerId, kind }) => this.#ask(computerId, kind)),
      a.onSignInChanged((s) => {
        this.#seq.signIns++;
        this.signIns = s;
      }),
      a.onCostChanged((c) => {
        this.#seq.costs++;
        this.costs = c;
      }),
    );
    await this.#load(this.#first);
  }

  async #load(first?: Promise<void>): Promise<void> {
    const a = this.#api;
    await Promise.all([
      first ??
        this.#fetch(
          'list',
          () => a.listComputers({ refresh: true }),
          (l) => this.#setList(l),
        ),
      first ??
        this.#fetch(
          'settings',
          () => a.getSettings(),
          (s) => (this.settings = s),
        ),
      this.#guard(async () => (this.info = await a.appInfo())),
      this.#fetch(
        'profiles',
        () => a.listProfiles(),
        (p) => (this.profiles = p),
      ),
      this.#fetch(
        'windows',
        () => a.listWindows(),
        (w) => (this.windows = w),
      ),
      this.#fetch(
        'signIns',
        () => a.listSignIns(),
        (s) => (this.signIns = s),
      ),
      this.#fetch(
        'costs',
        () => a.costSummary(),
        (c) => (this.costs = c),
      ),
    ]);
  }

  dispose(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    clearTimeout(this.#retryTimer);
    clearInterval(this.#ticker);
    for (const t of Object.values(this.#lingers)) clearTimeout(t);
  }

  /** Sweep every profile × region now. */
  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      await this.#fetch(
        'list',
        () => this.#api.refreshComputers(),
        (l) => this.#setList(l, true),
      );
      await this.#fetch(
        'profiles',
        () => this.#api.listProfiles(),
        (p) => (this.profiles = p),
      );
      if (!this.info) await this.#guard(async () => (this.info = await this.#api.appInfo()));
    } finally {
      this.refreshing = false;
    }
  }

  /**
   * Open (or focus) the application or desktop window of a computer. The core decides: it
   * focuses an open window, or publishes a question for a stopped computer (shown on the row).
   */
  async open(id: ComputerId, kind: SessionKind): Promise<void> {
    await this.#open(id, kind, false);
  }

  /** The user agreed to start the stopped computer; optionally never ask again. */
  async startAndOpen(id: ComputerId, alwaysStart: boolean): Promise<void> {
    const q = this.questions[id];
    if (!q) return;
    delete this.questions[id];
    if (alwaysStart) void this.updateSettings({ autoStartComputers: true });
    await this.#open(id, q.kind, true);
  }

  /** The user declined: nothing starts. */
  declineStart(id: ComputerId): void {
    delete this.questions[id];
  }

  /** Run the last requested open again after a failure (the core retries a failed session itself). */
  async retry(id: ComputerId): Promise<void> {
    delete this.progress[id];
    const kind = this.lastKind[id] ?? 'app';
    return this.#consented[id] ? this.#open(id, kind, true) : this.open(id, kind);
  }

  #ask(id: ComputerId, kind: SessionKind): void {
    // The question replaces whatever the row showed for the open that raised it.
    delete this.actionErrors[id];
    delete this.progress[id];
    this.questions[id] = { kind };
  }

  async #open(id: ComputerId, kind: SessionKind, startComputer: boolean): Promise<void> {
    this.lastKind[id] = kind;
    this.#consented[id] = startComputer;
    delete this.actionErrors[id];
    delete this.questions[id];
    const r = await this.#guard(() =>
      startComputer
        ? this.#api.openSession(id, kind, { startComputer: true })
        : this.#api.openSession(id, kind),
    );
    // A waiting question is the answer; the progress line shows session failures itself; other
    // errors go on the row.
    if (
      r &&
      !r.ok &&
      r.error.kind !== 'cancelled' &&
      !this.questions[id] &&
      this.progress[id]?.phase !== 'failed'
    )
      this.actionErrors[id] = r.error;
  }

  /** Open a session in the DCV client or the system browser (or a launcher window), whatever the kind's default. */
  async openIn(id: ComputerId, kind: SessionKind, target: OpenTarget): Promise<void> {
    this.lastKind[id] = kind;
    delete this.actionErrors[id];
    const r = await this.#guard(() => this.#api.openSession(id, kind, { target }));
    if (r && !r.ok && r.error.kind !== 'cancelled' && this.progress[id]?.phase !== 'failed')
      this.actionErrors[id] = r.error;
  }

  async cancel(id: ComputerId): Promise<void> {
    await this.#guard(() => this.#api.cancelSession(id));
  }

  dismiss(id: ComputerId): void {
    delete this.progress[id];
    delete this.actionErrors[id];
    delete this.questions[id];
  }

  start(id: ComputerId) {
    return this.#action(id, 'start', () => this.#api.startComputer(id));
  }

  /** What the computer's plan costs per hour (for the start question); undefined when the launcher cannot be reached. */
  planPrice(id: ComputerId) {
    return this.#guard(() => this.#api.planPrice(id));
  }

  stop(id: ComputerId) {
    return this.#action(id, 'stop', () => this.#api.stopComputer(id));
  }

  stopSession(id: ComputerId) {
    return this.#action(id, 'stop-session', () => this.#api.stopSession(id));
  }

  /** Keep going: resume the computer's GUI session for another hour. */
  keepGoing(id: ComputerId) {
    return this.#action(id, 'keep-going', async () => {
      const r = await this.#api.keepSessionGoing(id);
      return r.ok ? { ok: true as const, value: null } : r;
    });
  }

  /** Set (or, with null, remove) the computer's idle-stop rule; true when it was saved. */
  async setIdleRule(id: ComputerId, rule: IdleRule | null): Promise<boolean> {
    let saved = false;
    await this.#action(id, 'idle-rule', async () => {
      const r = await this.#api.setIdleRule(id, rule);
      saved = r.ok;
      return r;
    });
    return saved;
  }

  /** Fetch every month-to-date estimate now. */
  async refreshCosts(): Promise<void> {
    const r = await this.#guard(() => this.#api.refreshCosts());
    if (r?.ok) this.costs = r.value;
  }

  async focusWindow(id: ComputerId, kind: SessionKind): Promise<void> {
    await this.#guard(() => this.#api.focusWindow(id, kind));
  }

  async updateSettings(patch: Patch): Promise<void> {
    await this.#fetch(
      'settings',
      () => this.#api.updateSettings(patch),
      (s) => (this.settings = s),
    );
    // Whether the new shortcut could be registered is part of app:info (shortcutError).
    if (patch.globalShortcut !== undefined)
      await this.#guard(async () => (this.info = await this.#api.appInfo()));
  }

  toggleFavourite(id: ComputerId): Promise<void> {
    const favs = this.settings?.favourites ?? [];
    return this.updateSettings({
      favourites: favs.includes(id) ? favs.filter((f) => f !== id) : [...favs, id],
    });
  }

  /** Run the device sign-in; resolves when signed in, denied, expired or cancelled (the panel shows the code meanwhile). */
  startSignIn(ref: SignInRef) {
    return this.#guard(() => this.#api.startSignIn(ref));
  }

  async cancelSignIn(ref: SignInRef): Promise<void> {
    await this.#guard(() => this.#api.cancelSignIn(ref));
  }

  signOut(ref: SignInRef) {
    return this.#guard(() => this.#api.signOut(ref));
  }

  /** The MFA code for a waiting request, or null to cancel it. */
  async answerMfa(id: string, code: string | null): Promise<void> {
    await this.#guard(() => this.#api.answerMfa(id, code));
  }

  /** Sign in to a start URL and list its accounts and roles. */
  async discoverSso(ref: SsoRef) {
    return (await this.#guard(() => this.#api.discoverSso(ref))) ?? this.#unreachable();
  }

  /** Add the chosen accounts and roles as profiles; the list takes them in at once. */
  async addSsoProfiles(add: SsoRef & { profiles: NewSsoProfile[] }) {
    const r = (await this.#guard(() => this.#api.addSsoProfiles(add))) ?? this.#unreachable();
    if (r.ok) await this.refresh();
    return r;
  }

  #unreachable(): { ok: false; error: LauncherError } {
    return { ok: false, error: clientErrors.unreachable(this.offline) };
  }

  /** Switch to the built-in simulator and load its computers. */
  async startDemo(): Promise<void> {
    const info = await this.#guard(() => this.#api.startDemo());
    if (!info) return;
    this.info = info;
    await this.#load();
  }

  async #action(
    id: ComputerId,
    what: string,
    run: () => Promise<{ ok: true; value: null } | { ok: false; error: LauncherError }>,
  ) {
    this.pending[id] = what;
    delete this.actionErrors[id];
    try {
      const r = await this.#guard(run);
      if (r && !r.ok) this.actionErrors[id] = r.error;
    } finally {
      delete this.pending[id];
    }
  }

  /** Show a list; `swept`: it answers a refresh, so a sweep has just ended. */
  #setList(l: ComputerList, swept = false): void {
    if (!this.list) performance.mark('lfr:list-received');
    const sweepEnded = swept || (this.list?.refreshing ?? true);
    this.list = l;
    // A session's time left counts down on its row.
    if (l.computers.some((c) => c.sessionExpiresAt !== undefined)) this.#tick();
    // A sweep publishes each profile × region as it ends (refreshing): the retry is decided on
    // the finished sweep, once, or every scope's error would double the back-off. A list published
    // again without a sweep (a row's cost, time left or session status) decides nothing: it would
    // put the retry off for ever.
    if (l.refreshing || !sweepEnded) return;
    this.#scheduleRetry(l.errors.some((e) => e.error.retryable));
  }

  #setProgress(p: SessionProgress): void {
    const id = p.computerId;
    this.progress[id] = p;
    // A setup started elsewhere (the tray) answers the question on the row.
    if (isInProgress(p)) delete this.questions[id];
    clearTimeout(this.#lingers[id]);
    delete this.#lingers[id];
    if (p.phase === 'ready' || p.phase === 'cancelled') {
      this.#lingers[id] = setTimeout(() => {
        delete this.#lingers[id];
        if (this.progress[id]?.phase === p.phase) delete this.progress[id];
      }, READY_LINGER_MS);
    }
    if (p.phase === 'failed' && p.error) delete this.actionErrors[id];
    this.#tick();
  }

  /** Keep `now` moving once a second while a setup or a retry countdown is on screen. */
  #tick(): void {
    const needed = () =>
      this.retryAt !== undefined ||
      Object.values(this.progress).some(isInProgress) ||
      !!this.list?.computers.some((c) => c.sessionExpiresAt !== undefined);
    this.now = Date.now();
    if (this.#ticker || !needed()) return;
    this.#ticker = setInterval(() => {
      this.now = Date.now();
      if (!needed()) {
        clearInterval(this.#ticker);
        this.#ticker = undefined;
      }
    }, 1000);
  }

  #scheduleRetry(wanted: boolean): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    if (!wanted) {
      this.#retryAttempt = 0;
      this.retryAt = undefined;
      return;
    }
    const delay = retryDelay(this.#retryAttempt++);
    this.retryAt = Date.now() + delay;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#fetch(
        'list',
        () => this.#api.refreshComputers(),
        (l) => this.#setList(l, true),
      );
    }, delay);
    this.#tick();
  }

  /**
   * Ask for something that events also deliver, and apply the answer only when no event of that
   * kind arrived meanwhile: answers and events travel separately (two HTTP connections in the
   * browser host) and an older answer must not overwrite a newer event.
   */
  async #fetch<T>(kind: SeqKind, run: () => Promise<T>, apply: (v: T) => void): Promise<void> {
    const before = this.#seq[kind];
    const v = await this.#guard(run);
    if (v !== undefined && this.#seq[kind] === before) apply(v);
  }

  /** Run a call; when the launcher itself cannot be reached, say so and retry later. */
  async #guard<T>(run: () => Promise<T>): Promise<T | undefined> {
    try {
      const v = await run();
      if (this.offline) {
        this.offline = undefined;
        this.#scheduleRetry(false);
      }
      return v;
    } catch (err) {
      this.offline = err instanceof Error ? err.message : String(err);
      this.#scheduleRetry(true);
      return undefined;
    }
  }
}
