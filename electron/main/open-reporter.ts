// The one reporter of failed opens in main: the core calls it once per failed open (its
// OpenFailureReporter port) and it decides, by where the open was asked from, whether the user
// hears of it as a notification, a dialog or only the row's message. It also holds the link
// burst suppression: the same failing link clicked again and again (or sent by a page in a
// loop) is reported once. Electron-free, so the rules are unit-tested.
import type { OpenFailureAbout, OpenFailureReporter } from '../core/ports.js';
import { isSessionPageFailure } from '../core/errors.js';
import type { ComputerId, LauncherError } from '../shared/models.js';
import type { OpenSource } from '../shared/vocabulary.js';

/** What the reporter drives. */
export interface OpenReporterDeps {
  notify(n: { title: string; body: string; computerId?: ComputerId }): void;
  /** An error box (Reconnect failed). */
  showError(title: string, body: string): void;
  showLauncher(): void;
  /** For telling a repeat of the same failure apart (default Date.now). */
  now?(): number;
  /** Timers for the link burst (default setTimeout / clearTimeout). */
  setTimer?(run: () => void, ms: number): unknown;
  clearTimer?(timer: unknown): void;
}

/** How the user hears of a failed open. */
export type OpenReport = 'notification' | 'dialog' | 'row' | 'window' | 'none';

// A repeat of the same link failure within this time is not reported again.
const REPEAT_QUIET_MS = 30_000;
// Link failures close together (a page firing links in a loop) are one burst, told in one
// notification once none has come for BURST_QUIET_MS, or BURST_MAX_MS after the first.
const BURST_QUIET_MS = 1_000;
const BURST_MAX_MS = 10_000;

interface Burst {
  first: number;
  count: number;
  failures: Map<string, { title: string; body: string; computerId?: ComputerId }>;
  timer?: unknown;
}

/** Where the report of a failed open goes, by source (no side effects). */
export function openReportFor(
  source: OpenSource,
  error: Pick<LauncherError, 'kind' | 'name'>,
  o: { reconnect?: boolean } = {},
): OpenReport {
  if (error.kind === 'cancelled') return 'none';
  // Reconnect is asked from the window itself: an error box over it says why.
  if (o.reconnect) return 'dialog';
  // The session window shows the page that did not load, with Reconnect: that is the report.
  if (isSessionPageFailure(error)) return 'window';
  if (source === 'row') return 'row';
  return 'notification';
}

/** The reporter, and the report of a link refused before it reached the core. */
export interface OpenReporter {
  report: OpenFailureReporter;
  linkRefused(reason: string): void;
}

/** Build main's reporter. */
export function createOpenReporter(deps: OpenReporterDeps): OpenReporter {
  let last: { key: string; at: number } | undefined;
  let burst: Burst | undefined;
  const now = () => (deps.now ?? Date.now)();
  const setTimer = deps.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>));

  function flush(): void {
    const b = burst;
    burst = undefined;
    if (!b) return;
    const items = [...b.failures.entries()];
    const [key, one] = items.at(-1)!;
    last = { key, at: now() };
    if (items.length === 1)
      deps.notify({
        title: one.title,
        body: one.body,
        ...(one.computerId ? { computerId: one.computerId } : {}),
      });
    else
      deps.notify({
        title: `${b.count} links were not opened`,
        body: `The last one: ${one.title}. ${one.body}`,
      });
  }

  /**
   * A link's failure: the launcher comes up; a burst of failures is told in one notification
   * saying how many, and the same words within REPEAT_QUIET_MS are said once.
   */
  function linkFailure(title: string, body: string, computerId?: ComputerId): void {
    const at = now();
    const key = `${title}\n${body}`;
    deps.showLauncher();
    if (last && last.key === key && at - last.at < REPEAT_QUIET_MS) return;
    const b: Burst = (burst ??= { first: at, count: 0, failures: new Map() });
    b.count++;
    b.failures.delete(key);
    b.failures.set(key, { title, body, ...(computerId ? { computerId } : {}) });
    if (b.timer !== undefined) clearTimer(b.timer);
    b.timer = setTimer(flush, Math.max(0, Math.min(BURST_QUIET_MS, b.first + BURST_MAX_MS - at)));
  }

  function report(source: OpenSource, error: LauncherError, about: OpenFailureAbout): void {
    const how = openReportFor(source, error, about.reconnect ? { reconnect: true } : {});
    const body = `${error.message} ${error.nextStep}`;
    if (how === 'dialog') return deps.showError('Reconnect failed', `${error.message}\n\n${error.nextStep}`);
    if (how === 'none' || how === 'window') return;
    if (source === 'link') return linkFailure(`Could not open ${about.name}`, body);
    // A row shows the message too ('row'); the notification reaches a user who looked away.
    deps.notify({ title: `${about.name}: session failed`, body, computerId: about.computerId });
  }

  return { report, linkRefused: (reason) => linkFailure('Link not opened', reason) };
}
