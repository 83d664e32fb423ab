// The GUI-session engine: for one computer, start it if allowed, start (or resume) its GUI
// session, follow the setup with as few CreateGUISessionAccessDetails calls as possible, and
// hand back the two DCV URLs. Runs are keyed (one per computer): a second request joins the
// first. All time comes from the injected Clock, so tests and benchmarks can run it fast.
import {
  CreateGUISessionAccessDetailsCommand,
  GetInstanceStateCommand,
  StartGUISessionCommand,
  StartInstanceCommand,
  type CreateGUISessionAccessDetailsResult,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import { RESOURCE_NAME } from '../shared/computer-id.js';
import type { DesktopUnavailable, GuiSessionStatus, LauncherError, SessionPhase } from '../shared/models.js';
import { acceptSessionUrl } from './dcv-url.js';
import { boundText, isErrorKind, LauncherFailure, launcherErrors, toLauncherError } from './errors.js';
import type { Clock } from './ports.js';

/** The DCV sessions of a computer. The URLs carry tokens: never log or persist them. */
export interface SessionUrls {
  /** The primary session (isPrimary: true), or what there is when none is marked: the application. */
  app: { name: string; url: string };
  /** The secondary session: the operating-system desktop; absent when Lightsail named none. */
  desktop?: { name: string; url: string };
  /** Why there is no desktop: one session only, none marked primary, or every one marked. */
  desktopUnavailable?: DesktopUnavailable;
  /** This run sent the StartGUISession that began the session: its hour counts from now. */
  startSeen: boolean;
}

/** One progress event of a run. */
export interface EngineProgress {
  phase: SessionPhase;
  status?: GuiSessionStatus;
  /** 0..100 */
  percentage: number;
  /** Clock ms when the run started. */
  startedAt: number;
  /** Set on the final 'failed' / 'cancelled' event. */
  error?: LauncherError;
}

/** What the engine needs. */
export interface GuiSessionEngineDeps {
  clock: Clock;
  /** Accept http session URLs on loopback (demo and test environments only). */
  allowLoopbackHttp: boolean;
  /** Overall limit of one run, computer start included. Default 10 minutes. */
  timeoutMs?: number;
  /** How long a computer usually takes to start, for its progress bar. Default 60 s. */
  typicalComputerStartMs?: number;
  /**
   * Longest time without a successful answer from Lightsail before the run fails with
   * "stopped answering" (default 60 s). Bounds hanging calls and the retries of timeouts.
   */
  silenceLimitMs?: number;
}

/** One request to open a computer's session. */
export interface OpenRequest {
  /** The computer (instance) name. */
  name: string;
  /** Start the computer first when it is stopped; otherwise a stopped computer is an error. */
  startComputer: boolean;
  onProgress?: (p: EngineProgress) => void;
}

/** Polling knobs, in clock ms. Exported for the benchmark's report. */
export const POLLING = {
  /** Never poll more often than this. */
  minDelayMs: 250,
  /** Never wait longer than this between polls. */
  maxDelayMs: 10_000,
  /** Second sample after the first (no rate yet), and after a status change. */
  firstDelayMs: 1_000,
  /** While the percentage does not move: start here, grow ×1.5 up to noProgressMaxMs. */
  noProgressMaxMs: 3_000,
  /** Within this of the predicted ready time, stop halving and aim at the prediction. */
  closeWindowMs: 3_000,
  /** Aim this early, at most, to absorb the percentage's whole-number rounding. */
  maxSlackMs: 1_000,
  /** Computer start (GetInstanceState) poll interval. */
  computerPollMs: 2_000,
  /** Wait before asking StartGUISession again when the status still says it is not started. */
  restartAfterMs: 10_000,
  /** Backoff after transient errors: base, doubling to max. */
  backoffBaseMs: 1_000,
  backoffMaxMs: 10_000,
  /** Give up after this many transient errors in a row. */
  maxConsecutiveTransient: 8,
  /** At (or over) 100 % while not yet started: look no more often than this. */
  atFullMs: 2_000,
  /** After StartGUISession was refused (InvalidInputException): status reads before failing. */
  afterRefusedStartPolls: 3,
} as const;

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_COMPUTER_START_MS = 60_000;
const DEFAULT_SILENCE_LIMIT_MS = 60_000;

const FAILED: ReadonlySet<string> = new Set([
  'failedInstanceCreation',
  'failedStartingGUISession',
  'failedStoppingGUISession',
]);
const NEEDS_START: ReadonlySet<string> = new Set(['notStarted', 'stopped', 'startExpired']);
const IN_PROGRESS: ReadonlySet<string> = new Set(['starting', 'settingUpInstance', 'stopping']);

interface Run {
  promise: Promise<SessionUrls>;
  controller: AbortController;
  listeners: Set<(p: EngineProgress) => void>;
  last?: EngineProgress;
  /** Callers that have not given up (an AbortSignal they passed is still live, or none). */
  interested: number;
}

interface Sample {
  t: number;
  pct: number;
}

/** Where to aim the next CreateGUISessionAccessDetails poll, from the samples of one status. */
export function nextPollDelay(samples: readonly Sample[], now: number, stalls: number): number {
  const { minDelayMs, maxDelayMs, firstDelayMs, noProgressMaxMs, closeWindowMs, maxSlackMs } = POLLING;
  const clamp = (ms: number) => Math.min(maxDelayMs, Math.max(minDelayMs, ms));
  const last = samples[samples.length - 1];
  if (!last) return firstDelayMs;
  // 100 % but not started: the end is near but not predictable; no call storm meanwhile.
  if (last.pct >= 100) return POLLING.atFullMs;
  const first = samples[0]!;
  if (samples.length < 2) return firstDelayMs;
  // Widest baseline within this status: the percentage is a whole number, so nearby samples
  // give a very noisy rate while first-to-last averages the rounding out.
  const rate = (last.pct - first.pct) / (last.t - first.t); // percent per ms
  if (!(rate > 0) || !Number.isFinite(rate)) {
    return clamp(Math.min(noProgressMaxMs, firstDelayMs * 1.5 ** stalls));
  }
  const remaining = last.t + (100 - last.pct) / rate - now;
  if (remaining > closeWindowMs) {
    // Far away: halve the distance, so a wrong early estimate is corrected on the way at the
    // cost of a handful of calls (log2 of the setup length), never a late answer.
    return clamp(remaining / 2);
  }
  // Close: aim a little before the prediction (by the time one percent takes, the rounding
  // error of the sample), then the minimum delay carries us over the line.
  const slack = Math.min(maxSlackMs, 1 / rate);
  return clamp(remaining - slack);
}

function failure(detail: LauncherError): LauncherFailure {
  return new LauncherFailure(detail);
}

function cancelledFailure(): LauncherFailure {
  return failure(toLauncherError({ name: 'AbortError', message: 'cancelled' }));
}

function isStatus(s: unknown): s is GuiSessionStatus {
  return (
    typeof s === 'string' && (FAILED.has(s) || NEEDS_START.has(s) || IN_PROGRESS.has(s) || s === 'started')
  );
}

/** Opens GUI sessions, one shared run per key (usually the computer id). */
export class GuiSessionEngine {
  private readonly runs = new Map<string, Run>();
  private readonly clock: Clock;
  private readonly allowLoopbackHttp: boolean;
  private readonly timeoutMs: number;
  private readonly computerStartMs: number;
  private readonly silenceLimitMs: number;

  constructor(deps: GuiSessionEngineDeps) {
    this.silenceLimitMs = deps.silenceLimitMs ?? DEFAULT_SILENCE_LIMIT_MS;
    this.clock = deps.clock;
    this.allowLoopbackHttp = deps.allowLoopbackHttp;
    this.timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.computerStartMs = deps.typicalComputerStartMs ?? DEFAULT_COMPUTER_START_MS;
  }

  /**
   * Get the computer's session ready and resolve with its two URLs. A second call for the
   * same key while a run is going joins it: same promise, its onProgress also gets the events.
   * A caller's signal ends the run only once every caller has given up.
   */
  open(key: string, client: LightsailClient, req: OpenRequest, signal?: AbortSignal): Promise<SessionUrls> {
    const existing = this.runs.get(key);
    if (existing) {
      this.attach(existing, req.onProgress, signal);
      return existing.promise;
    }
    const controller = new AbortController();
    const run: Run = {
      promise: undefined as unknown as Promise<SessionUrls>,
      controller,
      listeners: new Set(),
      interested: 0,
    };
    this.runs.set(key, run);
    this.attach(run, req.onProgress, signal);
    run.promise = this.execute(run, client, req).finally(() => {
      if (this.runs.get(key) === run) this.runs.delete(key);
    });
    return run.promise;
  }

  /** Cancel the run for key; false when none is going. */
  cancel(key: string): boolean {
    const run = this.runs.get(key);
    if (!run) return false;
    run.controller.abort(cancelledFailure());
    return true;
  }

  /** True while a run for key is going. */
  running(key: string): boolean {
    return this.runs.has(key);
  }

  private attach(run: Run, onProgress: OpenRequest['onProgress'], signal: AbortSignal | undefined): void {
    if (onProgress) {
      run.listeners.add(onProgress);
      if (run.last) onProgress(run.last);
    }
    run.interested++;
    if (!signal) return;
    const giveUp = () => {
      run.interested--;
      if (run.interested <= 0) run.controller.abort(cancelledFailure());
    };
    if (signal.aborted) giveUp();
    else signal.addEventListener('abort', giveUp, { once: true });
  }

  private async execute(run: Run, client: LightsailClient, req: OpenRequest): Promise<SessionUrls> {
    const startedAt = this.clock.now();
    const signal = run.controller.signal;
    const emit = (p: Omit<EngineProgress, 'startedAt'>) => {
      const event: EngineProgress = { ...p, startedAt };
      run.last = event;
      for (const l of run.listeners) {
        try {
          l(event);
        } catch {
          // A listener's bug must not break the run for the other callers.
        }
      }
    };
    // Watchdog: the overall timeout also cuts a request that hangs.
    const watchdog = new AbortController();
    this.clock.sleep(this.timeoutMs, watchdog.signal).then(
      () => run.controller.abort(failure(launcherErrors.sessionTimeout(req.name, this.timeoutMs))),
      () => undefined,
    );
    try {
      if (!RESOURCE_NAME.test(req.name)) {
        throw failure(launcherErrors.invalidComputerName(req.name));
      }
      emit({ phase: 'starting-session', percentage: 0 });
      const flow = new Flow(this.clock, client, req, signal, emit, this.computerStartMs, this.silenceLimitMs);
      await flow.ensureComputerRunning();
      const result = await flow.ensureSession();
      const urls = this.pickUrls(result, req.name, flow.startSeen);
      emit({ phase: 'opening', status: 'started', percentage: 100 });
      return urls;
    } catch (err) {
      const reason: unknown = signal.aborted ? signal.reason : err;
      const detail = toLauncherError(reason);
      emit({
        phase: detail.kind === 'cancelled' ? 'cancelled' : 'failed',
        status: run.last?.status,
        percentage: run.last?.percentage ?? 0,
        error: detail,
      });
      throw reason instanceof LauncherFailure ? reason : failure(detail);
    } finally {
      watchdog.abort();
    }
  }

  /**
   * The application and desktop from the session list. The docs promise neither two sessions
   * nor isPrimary: one session, or none (or every one) marked primary, opens what there is as
   * the application and leaves the desktop unavailable, with the reason; never a guess.
   */
  private pickUrls(res: CreateGUISessionAccessDetailsResult, name: string, startSeen: boolean): SessionUrls {
    const sessions = (Array.isArray(res.sessions) ? res.sessions : []).filter(
      (s) => typeof s === 'object' && s !== null && typeof s.url === 'string' && s.url !== '',
    );
    if (!sessions.length) {
      throw failure(launcherErrors.missingSessionUrls(name));
    }
    const primaries = sessions.filter((s) => s.isPrimary === true);
    const primary = primaries.length === 1 ? primaries[0]! : (primaries[0] ?? sessions[0]!);
    const others = sessions.filter((s) => s !== primary && s.isPrimary !== true);
    let desktopUnavailable: DesktopUnavailable | undefined;
    if (sessions.length === 1) desktopUnavailable = 'one-session';
    else if (primaries.length === 0) desktopUnavailable = 'no-primary';
    else if (!others.length) desktopUnavailable = 'every-primary';
    const policy = { allowLoopbackHttp: this.allowLoopbackHttp };
    const app = {
      name: sessionName(primary.name, 'application'),
      url: acceptSessionUrl(primary.url!, policy).href,
    };
    if (desktopUnavailable) return { app, desktopUnavailable, startSeen };
    const secondary = others[0]!;
    return {
      app,
      desktop: {
        name: sessionName(secondary.name, 'desktop'),
        url: acceptSessionUrl(secondary.url!, policy).href,
      },
      startSeen,
    };
  }
}

/** A DCV session name fit for a window title. */
function sessionName(name: unknown, fallback: string): string {
  return (typeof name === 'string' && boundText(name, 100)) || fallback;
}

/** The steps of one run. */
class Flow {
  /** This run's StartGUISession was answered and the session then became started. */
  startSeen = false;
  /** A StartGUISession of this run was answered. */
  private startAnswered = false;
  /** This run's StartGUISession was refused (InvalidInputException): reads of the status since. */
  private refused: { error: LauncherError; polls: number } | undefined;
  private transientInARow = 0;
  /** Clock ms of the last successful answer (or of the start). */
  private answeredAt: number;
  /** Highest session percentage emitted, so the bar never goes back between statuses. */
  private shownPct = 0;

  constructor(
    private readonly clock: Clock,
    private readonly client: LightsailClient,
    private readonly req: OpenRequest,
    private readonly signal: AbortSignal,
    private readonly emit: (p: Omit<EngineProgress, 'startedAt'>) => void,
    private readonly computerStartMs: number,
    private readonly silenceLimitMs: number,
  ) {
    this.answeredAt = clock.now();
  }

  private silent(last: LauncherError | undefined): LauncherFailure {
    // The service answered, only with errors (throttling, 5xx): say what it said.
    if (last && last.kind !== 'timeout' && last.kind !== 'network') return failure(last);
    return failure(launcherErrors.sessionServiceSilent(this.req.name, this.silenceLimitMs));
  }

  private sleep(ms: number): Promise<void> {
    return this.clock.sleep(Math.max(0, ms), this.signal);
  }

  /**
   * Send one command. Transient failures (throttling, network, 5xx, request timeouts) back
   * off and retry, with `onRetry` told so progress keeps flowing; anything else is fatal.
   */
  private async send<T>(
    call: (c: LightsailClient, opts: { abortSignal: AbortSignal }) => Promise<T>,
    onRetry: () => void,
  ): Promise<T> {
    let last: LauncherError | undefined;
    for (;;) {
      if (this.signal.aborted) throw this.signal.reason;
      const left = this.silenceLimitMs - (this.clock.now() - this.answeredAt);
      if (left <= 0) throw this.silent(last);
      // The call may take only what is left of the silence budget (on the engine's clock).
      const budget = new AbortController();
      const timer = new AbortController();
      this.clock.sleep(left, timer.signal).then(
        () => budget.abort(),
        () => undefined,
      );
      try {
        const out = await call(this.client, { abortSignal: AbortSignal.any([this.signal, budget.signal]) });
        this.transientInARow = 0;
        this.answeredAt = this.clock.now();
        return out;
      } catch (err) {
        if (this.signal.aborted) throw this.signal.reason;
        if (budget.signal.aborted) throw this.silent(last);
        const detail = toLauncherError(err);
        if (!detail.retryable || ++this.transientInARow > POLLING.maxConsecutiveTransient)
          throw failure(detail);
        last = detail;
        onRetry();
        const backoff = Math.min(
          POLLING.backoffMaxMs,
          POLLING.backoffBaseMs * 2 ** (this.transientInARow - 1),
        );
        // No point waiting out a backoff that ends past the budget: say so now.
        if (this.clock.now() + backoff - this.answeredAt >= this.silenceLimitMs) throw this.silent(detail);
        await this.sleep(backoff);
      } finally {
        timer.abort();
      }
    }
  }

  async ensureComputerRunning(): Promise<void> {
    const name = this.req.name;
    let startRequested = false;
    let startT = 0;
    const progress = () => {
      const pct = startRequested
        ? Math.min(95, Math.floor(((this.clock.now() - startT) / this.computerStartMs) * 100))
        : 0;
      this.emit({ phase: 'starting-computer', percentage: Math.max(0, pct) });
    };
    for (;;) {
      const out = await this.send(
        (c, o) => c.send(new GetInstanceStateCommand({ instanceName: name }), o),
        () => {
          if (startRequested) progress();
        },
      );
      const state = out.state?.name ?? 'unknown';
      if (state === 'running') {
        if (startRequested) this.emit({ phase: 'starting-computer', percentage: 100 });
        return;
      }
      if (state === 'terminated' || state === 'shutting-down') {
        throw failure(launcherErrors.computerBeingDeleted(name));
      }
      if ((state === 'stopped' || state === 'stopping') && !startRequested) {
        if (!this.req.startComputer) {
          throw new LauncherFailure(launcherErrors.computerStopped(name, state));
        }
        if (state === 'stopped') {
          startRequested = true;
          startT = this.clock.now();
          progress();
          await this.send((c, o) => c.send(new StartInstanceCommand({ instanceName: name }), o), progress);
        } else {
          // Lightsail refuses to start a computer that is still stopping: wait for stopped.
          this.emit({ phase: 'starting-computer', percentage: 0 });
        }
      } else if (startRequested || state === 'pending' || state === 'rebooting') {
        if (!startRequested) {
          // Someone else is starting it: follow along from now.
          startRequested = true;
          startT = this.clock.now();
        }
        progress();
      }
      await this.sleep(POLLING.computerPollMs);
    }
  }

  private emitSession(status: GuiSessionStatus | undefined, pct: number | undefined): void {
    if (typeof pct === 'number' && Number.isFinite(pct))
      this.shownPct = Math.max(this.shownPct, Math.min(100, Math.max(0, pct)));
    const phase: SessionPhase = status === 'settingUpInstance' ? 'setting-up' : 'starting-session';
    this.emit({ phase, status, percentage: this.shownPct });
  }

  /**
   * StartGUISession. An InvalidInputException is not fatal at once: the service may refuse a
   * start it considers under way, so the status is read a few more times first (see ensureSession).
   */
  private async startSession(status: GuiSessionStatus | undefined): Promise<void> {
    try {
      await this.send(
        (c, o) => c.send(new StartGUISessionCommand({ resourceName: this.req.name }), o),
        () => this.emitSession(status, undefined),
      );
      this.startAnswered = true;
      this.refused = undefined;
    } catch (err) {
      if (this.signal.aborted || !isErrorKind(err, 'invalid-input')) throw err;
      this.refused = { error: toLauncherError(err), polls: 0 };
    }
  }

  async ensureSession(): Promise<CreateGUISessionAccessDetailsResult> {
    const resourceName = this.req.name;
    let lastStart = Number.NEGATIVE_INFINITY;
    let lastStatus: GuiSessionStatus | undefined;
    let samples: Sample[] = [];
    let stalls = 0;
    for (;;) {
      const res = await this.send(
        (c, o) => c.send(new CreateGUISessionAccessDetailsCommand({ resourceName }), o),
        () => this.emitSession(lastStatus, undefined),
      );
      const now = this.clock.now();
      const status = isStatus(res.status) ? res.status : undefined;
      // Checked at the boundary: a percentage outside 0..100 (or not a number) is clamped or ignored.
      const pct =
        typeof res.percentageComplete === 'number' && Number.isFinite(res.percentageComplete)
          ? Math.min(100, Math.max(0, res.percentageComplete))
          : undefined;

      if (status === 'started') {
        this.emitSession(status, 100);
        this.startSeen = this.startAnswered;
        return res;
      }
      if (this.refused) {
        if (status && IN_PROGRESS.has(status) && status !== 'stopping') {
          // Started after all (by another client, or the refusal was about a start under way).
          this.refused = undefined;
        } else if (!(status && FAILED.has(status))) {
          if (++this.refused.polls >= POLLING.afterRefusedStartPolls) throw failure(this.refused.error);
          this.emitSession(status, pct);
          await this.sleep(POLLING.firstDelayMs * 2);
          continue;
        }
      }
      if (status && FAILED.has(status) && lastStart === Number.NEGATIVE_INFINITY) {
        // A failure left by an earlier attempt (this run has not started anything yet): this
        // run is the user's retry, so start the session again rather than report old news.
        this.emitSession(status, 0);
        await this.startSession(status);
        lastStart = this.clock.now();
        lastStatus = status;
        continue;
      }
      if (status && FAILED.has(status)) {
        this.emitSession(status, pct);
        const reason = typeof res.failureReason === 'string' ? res.failureReason : undefined;
        throw failure(launcherErrors.sessionStatusFailed(resourceName, status, reason));
      }
      // The percentage runs across settingUpInstance and starting; keep the samples (and the
      // rate) through that change unless it went back, which means a new setup began.
      const lastPct = samples[samples.length - 1]?.pct;
      const reset =
        status !== lastStatus &&
        !(status && IN_PROGRESS.has(status) && lastPct !== undefined && pct !== undefined && pct >= lastPct);
      if (reset) {
        samples = [];
        stalls = 0;
      }
      if (status && NEEDS_START.has(status) && now - lastStart >= POLLING.restartAfterMs) {
        this.emitSession(status, pct);
        await this.startSession(status);
        lastStart = this.clock.now();
        lastStatus = status;
        // Read the new status at once: the first sample of the setup.
        continue;
      }
      this.emitSession(status, pct);
      let delay: number;
      if (status && IN_PROGRESS.has(status) && status !== 'stopping' && pct !== undefined) {
        const prev = samples[samples.length - 1];
        samples.push({ t: now, pct });
        if (prev && pct <= prev.pct) stalls++;
        else stalls = 0;
        // A fresh setup after another in-progress status: look again soon for a rate.
        delay =
          reset && lastStatus !== undefined && IN_PROGRESS.has(lastStatus)
            ? POLLING.firstDelayMs / 2
            : nextPollDelay(samples, now, stalls);
        // However the statuses alternate, a setup at 100 % is not asked about more often.
        if (pct >= 100) delay = Math.max(delay, POLLING.atFullMs);
      } else {
        // Stopping, waiting for a start to register, or a status we do not know: no usable
        // rate, so a steady moderate pace.
        delay = POLLING.firstDelayMs * 2;
      }
      lastStatus = status;
      await this.sleep(delay);
    }
  }
}
