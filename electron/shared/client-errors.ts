// The errors the renderer builds itself (the launcher cannot be reached, a call that threw): the
// renderer may not import the core's catalogue (electron/core/errors.ts), so its few live here,
// and the catalogue test allows these two files only.
import type { LauncherError } from './models.js';

/** The renderer's own failures, built in one place like the core's. */
export const clientErrors = {
  /** The launcher itself did not answer (browser host down, main not answering). */
  unreachable(reason: string | undefined): LauncherError {
    return {
      name: 'Offline',
      kind: 'network',
      message: `Cannot reach the launcher (${reason ?? 'no answer'}).`,
      nextStep: 'Try again in a moment.',
      retryable: true,
    };
  },
  /** A call that threw instead of answering with a Result. */
  unexpected(err: unknown): LauncherError {
    return {
      name: 'Error',
      kind: 'unknown',
      message: err instanceof Error ? err.message : String(err),
      nextStep: 'Try again.',
      retryable: true,
    };
  },
};
