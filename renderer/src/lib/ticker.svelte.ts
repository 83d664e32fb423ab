// The renderer's clock for what counts on screen (a setup's elapsed time, a retry countdown, a
// session's time left): `now` moves once a second while something needs it, and stops after.

/** `now`, ticking while `needed()` holds. */
export class Ticker {
  /** Ticks once a second while something shows elapsed time or a countdown. */
  now = $state(Date.now());

  #needed: () => boolean;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(needed: () => boolean) {
    this.#needed = needed;
  }

  /** Take the time now, and keep it moving once a second while it is needed. */
  tick(): void {
    this.now = Date.now();
    if (this.#timer || !this.#needed()) return;
    this.#timer = setInterval(() => {
      this.now = Date.now();
      if (!this.#needed()) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    }, 1000);
  }

  dispose(): void {
    clearInterval(this.#timer);
  }
}
