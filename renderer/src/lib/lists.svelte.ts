// What the core publishes (the computer list, profiles, open windows, settings, sign-ins, costs),
// kept in the order it happened: an answer never overwrites an event that arrived after its
// request. Everything here is replaced whole, so it is raw state, never proxied.
import type {
  AppInfo,
  ComputerId,
  ComputerList,
  CostSummary,
  ProfileSummary,
  OpenWindow,
  Settings,
  SignInState,
} from '../../../electron/shared/models.js';
import type { FirstFrameState } from '../../../electron/shared/first-frame.js';
import type { LauncherApi } from '../../../electron/preload/index.js';
import type { ConnectionState } from './connection.svelte.js';

type SeqKind = 'list' | 'profiles' | 'windows' | 'settings' | 'signIns' | 'costs';

const NO_SIGN_INS: SignInState = { entries: [], mfa: [] };

/** The published lists, their ordering, and the calls that refresh or change them. */
export class ListsState {
  list = $state.raw<ComputerList | undefined>();
  profiles = $state.raw<ProfileSummary[] | undefined>();
  windows = $state.raw<OpenWindow[]>([]);
  settings = $state.raw<Settings | undefined>();
  info = $state.raw<AppInfo | undefined>();
  /** IAM Identity Center sign-ins and MFA requests (user codes and times, never a token). */
  signIns = $state.raw<SignInState>(NO_SIGN_INS);
  /** Month-to-date costs per profile and in all (cost:summary, then cost:changed). */
  costs = $state.raw<CostSummary | undefined>();
  /** A refresh the user asked for is running. */
  refreshing = $state(false);

  #api: LauncherApi;
  #connection: ConnectionState;
  #tick: () => void;
  #first: Promise<void> | undefined;
  /** Events seen per kind: an answer must not overwrite an event that arrived after its request. */
  #seq: Record<SeqKind, number> = { list: 0, profiles: 0, windows: 0, settings: 0, signIns: 0, costs: 0 };

  constructor(api: LauncherApi, connection: ConnectionState, tick: () => void) {
    this.#api = api;
    this.#connection = connection;
    this.#tick = tick;
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
   * full style and layout pass. load() does not ask again.
   */
  prefetch(): Promise<void> {
    this.#first ??= Promise.all([this.#fetchList(), this.#fetchSettings()]).then(() => undefined);
    return this.#first;
  }

  /** Follow the core's events; returns the unsubscribe functions. */
  subscribe(): (() => void)[] {
    const a = this.#api;
    return [
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
      a.onSignInChanged((s) => {
        this.#seq.signIns++;
        this.signIns = s;
      }),
      a.onCostChanged((c) => {
        this.#seq.costs++;
        this.costs = c;
      }),
    ];
  }

  /** Load everything; the prefetched list and settings are not asked for again unless `fresh` (the demo). */
  async load(fresh = false): Promise<void> {
    const a = this.#api;
    const first = fresh ? undefined : this.#first;
    await Promise.all([
      first ?? this.#fetchList(),
      first ?? this.#fetchSettings(),
      this.#connection.guard(async () => (this.info = await a.appInfo())),
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

  /** Sweep every profile × region now. */
  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      await this.sweep();
      await this.#fetch(
        'profiles',
        () => this.#api.listProfiles(),
        (p) => (this.profiles = p),
      );
      if (!this.info) await this.#connection.guard(async () => (this.info = await this.#api.appInfo()));
    } finally {
      this.refreshing = false;
    }
  }

  /** Sweep the list (a refresh, or the automatic retry); its answer ends a sweep. */
  sweep(): Promise<void> {
    return this.#fetch(
      'list',
      () => this.#api.refreshComputers(),
      (l) => this.#setList(l, true),
    );
  }

  /** Fetch every month-to-date estimate now. */
  async refreshCosts(): Promise<void> {
    const r = await this.#connection.guard(() => this.#api.refreshCosts());
    if (r?.ok) this.costs = r.value;
  }

  async updateSettings(patch: Partial<Settings>): Promise<void> {
    await this.#fetch(
      'settings',
      () => this.#api.updateSettings(patch),
      (s) => (this.settings = s),
    );
    // Whether the new shortcut could be registered is part of app:info (shortcutError).
    if (patch.globalShortcut !== undefined)
      await this.#connection.guard(async () => (this.info = await this.#api.appInfo()));
  }

  /** Pin the computer on top, or unpin it. */
  toggleFavourite(id: ComputerId): Promise<void> {
    const favs = this.settings?.favourites ?? [];
    return this.updateSettings({
      favourites: favs.includes(id) ? favs.filter((f) => f !== id) : [...favs, id],
    });
  }

  /** The app's info after a switch of environment (the demo). */
  setInfo(info: AppInfo): void {
    this.info = info;
  }

  #fetchList(): Promise<void> {
    return this.#fetch(
      'list',
      () => this.#api.listComputers({ refresh: true }),
      (l) => this.#setList(l),
    );
  }

  #fetchSettings(): Promise<void> {
    return this.#fetch(
      'settings',
      () => this.#api.getSettings(),
      (s) => (this.settings = s),
    );
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
    this.#connection.decideRetry(l.errors.some((e) => e.error.retryable));
  }

  /**
   * Ask for something that events also deliver, and apply the answer only when no event of that
   * kind arrived meanwhile: answers and events travel separately (two HTTP connections in the
   * browser host) and an older answer must not overwrite a newer event.
   */
  async #fetch<T>(kind: SeqKind, run: () => Promise<T>, apply: (v: T) => void): Promise<void> {
    const before = this.#seq[kind];
    const v = await this.#connection.guard(run);
    if (v !== undefined && this.#seq[kind] === before) apply(v);
  }
}
