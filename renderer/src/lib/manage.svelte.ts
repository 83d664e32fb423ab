// The manage features as the renderer uses them: new computer, delete, snapshots, automatic
// snapshots, disks and CPU figures. A thin state class over the api: which dialog is open, and
// the last failure of each, so every panel shows what went wrong and the next step.
import type { CpuPoint, NewComputer, SnapshotInfo } from '../../../electron/shared/manage.js';
import type { ComputerId, LauncherError, Result } from '../../../electron/shared/models.js';
import type { LauncherApi } from '../../../electron/preload/index.js';

/** A profile and region. */
export interface ScopeRef {
  profile: string;
  region: string;
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
  /** What a delete running now is doing ("Deleting snapshot 2 of 3 (lab-night)…"). */
  progress = $state<string | undefined>();
  /** CPU figures per computer, as last fetched (only for computers that asked). */
  cpu = $state.raw<Record<ComputerId, { points: CpuPoint[] } | { error: LauncherError }>>({});
  #api: LauncherApi;

  constructor(api: LauncherApi) {
    this.#api = api;
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
      this.error = {
        name: 'Error',
        kind: 'unknown',
        message: err instanceof Error ? err.message : String(err),
        nextStep: 'Try again.',
        retryable: true,
      };
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

  /** Fetch a computer's CPU figures (the core caches and bounds the calls). */
  async loadCpu(id: ComputerId): Promise<void> {
    const r = await this.#api.cpuFigures(id).catch(() => undefined);
    if (!r) return;
    this.cpu = { ...this.cpu, [id]: r.ok ? { points: r.value.points } : { error: r.error } };
  }
}
