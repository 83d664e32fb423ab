// The manage features as the renderer uses them: new computer, delete, snapshots, automatic
// snapshots, disks and CPU figures. A thin state class over the api: which dialog is open, and
// the last failure of each, so every panel shows what went wrong and the next step.
import type { CpuPoint, NewComputer, SnapshotInfo } from '../../../electron/shared/manage.js';
import type { ComputerId, LauncherError, Result } from '../../../electron/shared/models.js';
import type { LauncherApi } from '../../../electron/preload/index.js';
import { clientErrors } from '../../../electron/shared/client-errors.js';

/** A profile and region. */
export interface ScopeRef {
  profile: string;
  region: string;
}

/** Rows ask again for figures this old (one new five-minute datapoint). */
const CPU_FRESH_MS = 5 * 60_000;
/** A row whose figures did not come (the calls-per-minute budget, say) asks again after this. */
const CPU_RETRY_MS = 60_000;

/** The time and the repeating timer rows' CPU figures follow (a test gives its own). */
export interface CpuTimers {
  now(): number;
  /** Call `fn` every `ms`; returns the stop function. */
  every(fn: () => void, ms: number): () => void;
}

const REAL_TIMERS: CpuTimers = {
  now: () => Date.now(),
  every: (fn, ms) => {
    const t = setInterval(fn, ms);
    return () => clearInterval(t);
  },
};

/** What every manage dialog is given: how it tells that it closed. */
export interface ManageDialogProps {
  onclose: () => void;
}

/** A manage dialog about one computer. */
export interface ComputerDialogProps extends ManageDialogProps {
  computerId: ComputerId;
}

/** Which manage dialog is open, and for which computer. */
export type ManageDialog =
  | { kind: 'new' }
  | { kind: 'delete'; id: ComputerId }
  | { kind: 'snapshots'; id: ComputerId; takeNow?: boolean }
  | { kind: 'disks' }
  | { kind: 'cpu'; id: ComputerId };

/** The manage features' state. */
export class ManageState {
  /** The open dialog, if any. */
  dialog = $state.raw<ManageDialog | undefined>();
  /** The last failure of an action, shown in the open dialog. */
  error = $state.raw<LauncherError | undefined>();
  /** An action is running. */
  busy = $state(false);
  /** The profile and region the new-computer and disks dialogs work in (kept between them). */
  scope = $state<ScopeRef>({ profile: '', region: '' });
  /** What a delete running now is doing ("Deleting snapshot 2 of 3 (lab-night)…"). */
  progress = $state<string | undefined>();
  /** CPU figures per computer, as last fetched (only for computers that asked). */
  cpu = $state.raw<Record<ComputerId, { points: CpuPoint[] } | { error: LauncherError }>>({});
  #api: LauncherApi;
  // Rows whose sparkline is on screen, when each last asked, and the timer that asks again.
  // Plain records: bookkeeping, not state anything on screen reads.
  #onScreen: Record<ComputerId, true> = {};
  #askedAt: Record<ComputerId, number> = {};
  #stopTimer: (() => void) | undefined;
  #timers: CpuTimers;

  constructor(api: LauncherApi, timers: CpuTimers = REAL_TIMERS) {
    this.#api = api;
    this.#timers = timers;
    // The one ManageState lives as long as the page: its subscription too.
    api.onManageProgress((p) => {
      if (this.busy) this.progress = p.step;
    });
  }

  /** Open a dialog (clears the last failure). */
  show(d: ManageDialog | undefined): void {
    this.error = undefined;
    this.dialog = d;
  }

  // Runs an action, keeping its failure for the dialog; the value on success.
  async #run<T>(fn: () => Promise<Result<T>>): Promise<T | undefined> {
    this.busy = true;
    this.error = undefined;
    try {
      const r = await fn();
      if (!r.ok) this.error = r.error;
      return r.ok ? r.value : undefined;
    } catch (err) {
      this.error = clientErrors.unexpected(err);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Applications and plans of a profile and region. */
  options(ref: ScopeRef) {
    return this.#run(() => this.#api.manageOptions(ref));
  }

  /** Create a computer; its id once the request was accepted. */
  create(ref: ScopeRef, req: NewComputer) {
    return this.#run(() => this.#api.createComputer(ref, req));
  }

  /** Delete a computer (the typed name must match), and its snapshots if asked; true when done. */
  async remove(id: ComputerId, typed: string, withSnapshots = false): Promise<boolean> {
    this.progress = undefined;
    try {
      return (await this.#run(() => this.#api.deleteComputer(id, typed, { withSnapshots }))) === null;
    } finally {
      this.progress = undefined;
    }
  }

  /** The computer's snapshots. */
  snapshots(id: ComputerId): Promise<SnapshotInfo[] | undefined> {
    return this.#run(() => this.#api.listSnapshots(id));
  }

  /** Snapshot now (and stop once complete, with thenStop). */
  snapshot(id: ComputerId, thenStop = false) {
    return this.#run(() => this.#api.createSnapshot(id, { thenStop }));
  }

  /** A new computer from a snapshot. */
  restore(ref: ScopeRef, snapshot: string, newName: string) {
    return this.#run(() => this.#api.restoreSnapshot(ref, snapshot, newName));
  }

  /** Delete a snapshot; true when deleted. */
  async deleteSnapshot(ref: ScopeRef, snapshot: string): Promise<boolean> {
    return (await this.#run(() => this.#api.deleteSnapshot(ref, snapshot))) === null;
  }

  /** Automatic snapshots on (at a UTC hour) or off; true when done. */
  async setAutoSnapshot(id: ComputerId, at: string | null): Promise<boolean> {
    return (await this.#run(() => this.#api.setAutoSnapshot(id, at))) === null;
  }

  /** Disks of a profile and region. */
  disks(ref: ScopeRef) {
    return this.#run(() => this.#api.listDisks(ref));
  }

  /** Create, attach, detach or delete a disk; true when done. */
  async disk(
    action: 'create' | 'attach' | 'detach' | 'delete',
    ref: ScopeRef,
    name: string,
    arg?: number | ComputerId,
  ): Promise<boolean> {
    const call = () => {
      if (action === 'create') return this.#api.createDisk(ref, name, Number(arg));
      if (action === 'attach') return this.#api.attachDisk(ref, name, String(arg));
      if (action === 'detach') return this.#api.detachDisk(ref, name);
      return this.#api.deleteDisk(ref, name);
    };
    return (await this.#run(call)) === null;
  }

  /**
   * A row's sparkline came on screen (or left it). Only rows on screen ask for figures: once when
   * they show, again while they stay once the figures are five minutes old (or a minute after a
   * refusal); the core caches them and bounds the calls per minute for all rows together.
   */
  cpuOnScreen(id: ComputerId, on: boolean): void {
    if (!on) {
      delete this.#onScreen[id];
      if (Object.keys(this.#onScreen).length > 0) return;
      this.#stopTimer?.();
      this.#stopTimer = undefined;
      return;
    }
    this.#onScreen[id] = true;
    this.#askIfDue(id);
    this.#stopTimer ??= this.#timers.every(() => {
      for (const x of Object.keys(this.#onScreen)) this.#askIfDue(x);
    }, 30_000);
  }

  #askIfDue(id: ComputerId): void {
    const f = this.cpu[id];
    const wait = f && 'points' in f ? CPU_FRESH_MS : CPU_RETRY_MS;
    const at = this.#askedAt[id];
    const now = this.#timers.now();
    if (at !== undefined && now - at < wait) return;
    this.#askedAt[id] = now;
    void this.loadCpu(id);
  }

  /** Fetch a computer's CPU figures (the core caches and bounds the calls). */
  async loadCpu(id: ComputerId): Promise<void> {
    const r = await this.#api.cpuFigures(id).catch(() => undefined);
    if (!r) return;
    this.cpu = { ...this.cpu, [id]: r.ok ? { points: r.value.points } : { error: r.error } };
  }
}
