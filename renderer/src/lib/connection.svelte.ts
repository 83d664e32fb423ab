// The connection to the launcher itself, and the automatic retry: every call goes through guard(),
// so a launcher that cannot be reached (browser host down, main not answering) says so once and
// the list is asked for again with a growing back-off until it answers.
import type { LauncherError } from '../../../electron/shared/models.js';
import { clientErrors } from '../../../electron/shared/client-errors.js';
import { retryDelay } from './retry.js';

/** What the connection needs from its neighbours. */
export interface ConnectionDeps {
  /** Sweep the list again (the automatic retry). */
  retry(): void;
  /** A countdown appeared: keep the clock ticking. */
  tick(): void;
}

/** Whether the launcher answers, and when the next automatic retry runs. */
export class ConnectionState {
  /** The launcher itself could not be reached (browser host down, main not answering). */
  offline = $state<string | undefined>();
  /** When the next automatic retry runs (epoch ms), while one is scheduled. */
  retryAt = $state<number | undefined>();

  #deps: ConnectionDeps;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryAttempt = 0;

  constructor(deps: ConnectionDeps) {
    this.#deps = deps;
  }

  /** Run a call; when the launcher itself cannot be reached, say so and retry later. */
  async guard<T>(run: () => Promise<T>): Promise<T | undefined> {
    try {
      const v = await run();
      if (this.offline) {
        this.offline = undefined;
        this.decideRetry(false);
      }
      return v;
    } catch (err) {
      this.offline = err instanceof Error ? err.message : String(err);
      this.decideRetry(true);
      return undefined;
    }
  }

  /** The answer of a call that got none: the launcher is unreachable. */
  unreachable(): { ok: false; error: LauncherError } {
    return { ok: false, error: clientErrors.unreachable(this.offline) };
  }

  /**
   * Schedule the next automatic retry (the back-off grows with each), or, when nothing is wanted,
   * cancel it and start the back-off afresh. Called when a sweep ends and when the launcher stops
   * or starts answering: never on a list published again without a sweep, which would put the
   * retry off for ever.
   */
  decideRetry(wanted: boolean): void {
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
      this.#deps.retry();
    }, delay);
    this.#deps.tick();
  }

  dispose(): void {
    clearTimeout(this.#retryTimer);
  }
}
