// What the user does to one computer (open, start, stop, Stop session, Keep going, the idle rule)
// and what the row shows meanwhile: the action waiting for an answer, its failure, the session's
// progress and the core's "start this stopped computer?" question with its answer.
import type {
  ComputerId,
  IdleRule,
  LauncherError,
  SessionKind,
  SessionProgress,
  Settings,
} from '../../../electron/shared/models.js';
import type { LauncherApi } from '../../../electron/preload/index.js';
import type { OpenTarget } from '../../../electron/shared/settings.js';
import type { ConnectionState } from './connection.svelte.js';
import { isInProgress } from './list-model.js';

/** A question the core published (session:startQuestion), waiting for the user's answer on one row. */
export interface StartQuestion {
  kind: SessionKind;
}

/** What the actions need from their neighbours. */
export interface ActionsDeps {
  api: LauncherApi;
  connection: ConnectionState;
  /** Change settings ("always start without asking"). */
  updateSettings(patch: Partial<Settings>): Promise<void>;
  /** A setup began or ended: keep the clock ticking while one runs. */
  tick(): void;
}

/** How long "Ready" stays on a row before the progress line goes away. */
const READY_LINGER_MS = 2_500;

/** Row actions and what each row shows of them. Per-computer records change one key at a time, so they stay deeply reactive. */
export class ActionsState {
  progress = $state<Record<ComputerId, SessionProgress>>({});
  /** Failures of a user action on one computer (start, stop, open…). */
  actionErrors = $state<Record<ComputerId, LauncherError>>({});
  /** Actions waiting for an answer, per computer, so their buttons show it. */
  pending = $state<Record<ComputerId, string>>({});
  /** "Start it and open?" questions waiting on stopped computers. */
  questions = $state<Record<ComputerId, StartQuestion>>({});
  /** The kind last asked for per computer, for Retry. */
  lastKind = $state<Record<ComputerId, SessionKind>>({});

  #d: ActionsDeps;
  /** Timers removing a finished progress line; not state, so a plain record. */
  #lingers: Record<ComputerId, ReturnType<typeof setTimeout>> = {};
  /** Computers whose last open the user agreed to start, so Retry does not ask again. */
  #consented: Record<ComputerId, boolean> = {};

  constructor(deps: ActionsDeps) {
    this.#d = deps;
  }

  /** Follow the session's progress and the core's start questions; returns the unsubscribe functions. */
  subscribe(): (() => void)[] {
    return [
      this.#d.api.onSessionProgress((p) => this.#setProgress(p)),
      // The core decided an open waits for the user's word (whatever asked: a click, a link…):
      // the question goes on the computer's row.
      this.#d.api.onStartQuestion(({ computerId, kind }) => this.#ask(computerId, kind)),
    ];
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
    if (alwaysStart) void this.#d.updateSettings({ autoStartComputers: true });
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

  /** Open a session in the DCV client or the system browser (or a launcher window), whatever the kind's default. */
  async openIn(id: ComputerId, kind: SessionKind, target: OpenTarget): Promise<void> {
    this.lastKind[id] = kind;
    delete this.actionErrors[id];
    const r = await this.#d.connection.guard(() => this.#d.api.openSession(id, kind, { target }));
    if (r && !r.ok && r.error.kind !== 'cancelled' && this.progress[id]?.phase !== 'failed')
      this.actionErrors[id] = r.error;
  }

  async cancel(id: ComputerId): Promise<void> {
    await this.#d.connection.guard(() => this.#d.api.cancelSession(id));
  }

  dismiss(id: ComputerId): void {
    delete this.progress[id];
    delete this.actionErrors[id];
    delete this.questions[id];
  }

  start(id: ComputerId) {
    return this.#action(id, 'start', () => this.#d.api.startComputer(id));
  }

  /** What the computer's plan costs per hour (for the start question); undefined when the launcher cannot be reached. */
  planPrice(id: ComputerId) {
    return this.#d.connection.guard(() => this.#d.api.planPrice(id));
  }

  stop(id: ComputerId) {
    return this.#action(id, 'stop', () => this.#d.api.stopComputer(id));
  }

  stopSession(id: ComputerId) {
    return this.#action(id, 'stop-session', () => this.#d.api.stopSession(id));
  }

  /** Keep going: resume the computer's GUI session for another hour. */
  keepGoing(id: ComputerId) {
    return this.#action(id, 'keep-going', async () => {
      const r = await this.#d.api.keepSessionGoing(id);
      return r.ok ? { ok: true as const, value: null } : r;
    });
  }

  /** Set (or, with null, remove) the computer's idle-stop rule; true when it was saved. */
  async setIdleRule(id: ComputerId, rule: IdleRule | null): Promise<boolean> {
    let saved = false;
    await this.#action(id, 'idle-rule', async () => {
      const r = await this.#d.api.setIdleRule(id, rule);
      saved = r.ok;
      return r;
    });
    return saved;
  }

  async focusWindow(id: ComputerId, kind: SessionKind): Promise<void> {
    await this.#d.connection.guard(() => this.#d.api.focusWindow(id, kind));
  }

  dispose(): void {
    for (const t of Object.values(this.#lingers)) clearTimeout(t);
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
    const { api, connection } = this.#d;
    const r = await connection.guard(() =>
      startComputer ? api.openSession(id, kind, { startComputer: true }) : api.openSession(id, kind),
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

  async #action(
    id: ComputerId,
    what: string,
    run: () => Promise<{ ok: true; value: null } | { ok: false; error: LauncherError }>,
  ) {
    this.pending[id] = what;
    delete this.actionErrors[id];
    try {
      const r = await this.#d.connection.guard(run);
      if (r && !r.ok) this.actionErrors[id] = r.error;
    } finally {
      delete this.pending[id];
    }
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
    this.#d.tick();
  }
}
