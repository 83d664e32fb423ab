// One bar for a whole open: a stopped computer's start and the session's setup each report
// 0..100 on their own, so the bar shown is weighted across them and never goes back.
import type { SessionPhase } from '../shared/models.js';

/** The share of the bar a computer's own start takes, when the open has to start it. */
export const COMPUTER_START_SHARE = 40;

/** Turns each phase's own percentage into the open's overall one, monotonic across phases. */
export class SetupProgress {
  #computerShare = 0;
  #shown = 0;

  /** The overall percentage (0..100) for a phase's own percentage. */
  overall(phase: SessionPhase, percentage: number): number {
    const pct = Math.max(0, Math.min(100, Number.isFinite(percentage) ? percentage : 0));
    let value: number;
    if (phase === 'starting-computer') {
      this.#computerShare = COMPUTER_START_SHARE;
      value = (pct * COMPUTER_START_SHARE) / 100;
    } else {
      value = this.#computerShare + (pct * (100 - this.#computerShare)) / 100;
    }
    this.#shown = Math.max(this.#shown, value);
    return this.#shown;
  }
}
