// The renderer's state, composed of one small store per concern: the connection to the launcher
// and its automatic retry (connection.svelte.ts), what the core publishes and its ordering
// (lists.svelte.ts), the row actions and their questions (actions.svelte.ts), sign-ins
// (sign-in-actions.ts), the manage features (manage.svelte.ts) and the clock for countdowns
// (ticker.svelte.ts). Components reach them through the context (context.ts); the names below
// forward to the store that holds each, so a component reads `app.list` or calls `app.open`
// without knowing which one that is.
import { ManageState } from './manage.svelte.js';
import type {
  ComputerId,
  IdleRule,
  NewSsoProfile,
  SessionKind,
  Settings,
  SignInRef,
} from '../../../electron/shared/models.js';
import type { FirstFrameState } from '../../../electron/shared/first-frame.js';
import type { LauncherApi } from '../../../electron/preload/index.js';
import type { OpenTarget } from '../../../electron/shared/settings.js';
import { ActionsState } from './actions.svelte.js';
import { ConnectionState } from './connection.svelte.js';
import { isInProgress } from './list-model.js';
import { ListsState } from './lists.svelte.js';
import { SignInActions } from './sign-in-actions.js';
import { Ticker } from './ticker.svelte.js';

export type { StartQuestion } from './actions.svelte.js';

type SsoRef = { startUrl: string; region: string; session: string };

export class LauncherState {
  /** Whether the launcher answers, and the automatic retry. */
  readonly connection: ConnectionState;
  /** What the core publishes: list, profiles, windows, settings, info, sign-ins, costs. */
  readonly lists: ListsState;
  /** Row actions, their progress, failures and start questions. */
  readonly actions: ActionsState;
  /** IAM Identity Center sign-ins and profiles from a start URL. */
  readonly signIn: SignInActions;
  /** New computer, delete, snapshots, disks and CPU figures. */
  readonly manage: ManageState;
  /** `now`, moving while something on screen counts. */
  readonly ticker: Ticker;
  /** Rows the first frame holds, when something other than the window's height decided it. */
  firstRows: number | undefined;

  #api: LauncherApi;
  #unsubscribe: (() => void)[] = [];

  constructor(api: LauncherApi) {
    this.#api = api;
    this.ticker = new Ticker(
      () =>
        this.connection.retryAt !== undefined ||
        Object.values(this.actions.progress).some(isInProgress) ||
        !!this.lists.list?.computers.some((c) => c.sessionExpiresAt !== undefined),
    );
    const tick = () => this.ticker.tick();
    this.connection = new ConnectionState({ retry: () => void this.lists.sweep(), tick });
    this.lists = new ListsState(api, this.connection, tick);
    this.actions = new ActionsState({
      api,
      connection: this.connection,
      updateSettings: (patch) => this.lists.updateSettings(patch),
      tick,
    });
    this.signIn = new SignInActions(api, this.connection, () => this.lists.refresh());
    this.manage = new ManageState(api);
  }

  /** Take what the prerendered first frame showed (see ListsState.seed). */
  seed(state: FirstFrameState): void {
    this.lists.seed(state);
  }

  /** Ask for the list and the settings before the UI exists (see ListsState.prefetch). */
  prefetch(): Promise<void> {
    this.#subscribe();
    return this.lists.prefetch();
  }

  /** Subscribe to events and load everything; the cached list paints first. */
  async init(): Promise<void> {
    this.#subscribe();
    await this.lists.load();
  }

  // Before the first request: the sweep that request starts may end before the window mounts,
  // and an event nobody listens to yet is gone (Electron's IPC; the browser host's stream sends
  // the current list when it opens, then only what follows). Answers older than an event are
  // already dropped (ListsState's ordering), so listening early costs nothing.
  #subscribe(): void {
    if (this.#unsubscribe.length > 0) return;
    this.#unsubscribe.push(...this.lists.subscribe(), ...this.actions.subscribe());
  }

  dispose(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    this.connection.dispose();
    this.ticker.dispose();
    this.actions.dispose();
  }

  /** Switch to the built-in simulator and load its computers. */
  async startDemo(): Promise<void> {
    const info = await this.connection.guard(() => this.#api.startDemo());
    if (!info) return;
    this.lists.setInfo(info);
    await this.lists.load(true);
  }

  // What the stores hold, under the names the components read.
  get list() {
    return this.lists.list;
  }
  get profiles() {
    return this.lists.profiles;
  }
  get windows() {
    return this.lists.windows;
  }
  get settings() {
    return this.lists.settings;
  }
  get info() {
    return this.lists.info;
  }
  get signIns() {
    return this.lists.signIns;
  }
  get costs() {
    return this.lists.costs;
  }
  get refreshing() {
    return this.lists.refreshing;
  }
  get offline() {
    return this.connection.offline;
  }
  get retryAt() {
    return this.connection.retryAt;
  }
  get now() {
    return this.ticker.now;
  }
  get progress() {
    return this.actions.progress;
  }
  get actionErrors() {
    return this.actions.actionErrors;
  }
  get pending() {
    return this.actions.pending;
  }
  get questions() {
    return this.actions.questions;
  }
  get lastKind() {
    return this.actions.lastKind;
  }

  // What the stores do, under the names the components call.
  refresh() {
    return this.lists.refresh();
  }
  refreshCosts() {
    return this.lists.refreshCosts();
  }
  updateSettings(patch: Partial<Settings>) {
    return this.lists.updateSettings(patch);
  }
  toggleFavourite(id: ComputerId) {
    return this.lists.toggleFavourite(id);
  }
  open(id: ComputerId, kind: SessionKind) {
    return this.actions.open(id, kind);
  }
  startAndOpen(id: ComputerId, alwaysStart: boolean) {
    return this.actions.startAndOpen(id, alwaysStart);
  }
  declineStart(id: ComputerId) {
    return this.actions.declineStart(id);
  }
  retry(id: ComputerId) {
    return this.actions.retry(id);
  }
  openIn(id: ComputerId, kind: SessionKind, target: OpenTarget) {
    return this.actions.openIn(id, kind, target);
  }
  cancel(id: ComputerId) {
    return this.actions.cancel(id);
  }
  dismiss(id: ComputerId) {
    return this.actions.dismiss(id);
  }
  start(id: ComputerId) {
    return this.actions.start(id);
  }
  planPrice(id: ComputerId) {
    return this.actions.planPrice(id);
  }
  stop(id: ComputerId) {
    return this.actions.stop(id);
  }
  stopSession(id: ComputerId) {
    return this.actions.stopSession(id);
  }
  keepGoing(id: ComputerId) {
    return this.actions.keepGoing(id);
  }
  setIdleRule(id: ComputerId, rule: IdleRule | null) {
    return this.actions.setIdleRule(id, rule);
  }
  focusWindow(id: ComputerId, kind: SessionKind) {
    return this.actions.focusWindow(id, kind);
  }
  startSignIn(ref: SignInRef) {
    return this.signIn.startSignIn(ref);
  }
  cancelSignIn(ref: SignInRef) {
    return this.signIn.cancelSignIn(ref);
  }
  signOut(ref: SignInRef) {
    return this.signIn.signOut(ref);
  }
  answerMfa(id: string, code: string | null) {
    return this.signIn.answerMfa(id, code);
  }
  discoverSso(ref: SsoRef) {
    return this.signIn.discoverSso(ref);
  }
  addSsoProfiles(add: SsoRef & { profiles: NewSsoProfile[] }) {
    return this.signIn.addSsoProfiles(add);
  }
}
