// Warm start: for the computers the user opted in (Settings.warmStart, offered for
// favourites), while the computer runs and has no session, the GUI session is prepared in the
// background, so that Open finds it started and only has to open the window.
import type { ComputerId, GuiSessionStatus, VirtualComputer } from '../shared/models.js';
import type { Clock } from './ports.js';

/** After a failed preparation, wait this long before trying that computer again. */
export const WARM_RETRY_MS = 5 * 60_000;

// Statuses in which there is no session to open and a preparation would start one.
const NO_SESSION: ReadonlySet<GuiSessionStatus | undefined> = new Set<GuiSessionStatus | undefined>([
  undefined,
  'notStarted',
  'startExpired',
  'stopped',
]);

/** What warm start needs. */
export interface WarmStartDeps {
  clock: Pick<Clock, 'now'>;
  /** Settings.warmStart, read each time. */
  enabled(): readonly ComputerId[];
  /** Set up (or resume) the computer's session without opening a window; resolves once it is started. */
  prepare(id: ComputerId): Promise<void>;
  /** Whether an open (or its setup) is already running for the computer. */
  busy?(id: ComputerId): boolean;
  retryMs?: number;
}

/** Keeps the sessions of opted-in computers prepared. */
export class WarmStart {
  private readonly running = new Map<ComputerId, Promise<void>>();
  private readonly failedAt = new Map<ComputerId, number>();

  constructor(private readonly deps: WarmStartDeps) {}

  /** Looks at the list and starts the preparations that are due; returns them (for tests and the shell's shutdown). */
  update(computers: readonly VirtualComputer[]): Promise<void>[] {
    const wanted = new Set(this.deps.enabled());
    const now = this.deps.clock.now();
    const started: Promise<void>[] = [];
    for (const c of computers) {
      if (!wanted.has(c.id) || c.state !== 'running' || !NO_SESSION.has(c.sessionStatus)) continue;
      if (this.running.has(c.id) || this.deps.busy?.(c.id)) continue;
      const failed = this.failedAt.get(c.id);
      if (failed !== undefined && now - failed < (this.deps.retryMs ?? WARM_RETRY_MS)) continue;
      const run = this.deps
        .prepare(c.id)
        .then(
          () => void this.failedAt.delete(c.id),
          () => void this.failedAt.set(c.id, this.deps.clock.now()),
        )
        .finally(() => this.running.delete(c.id));
      this.running.set(c.id, run);
      started.push(run);
    }
    return started;
  }

  /** Whether a preparation is running for the computer. */
  preparing(id: ComputerId): boolean {
    return this.running.has(id);
  }
}
