// How long each GUI session has left. A session lasts one hour from when it became `started`.
// When this launcher started it (its StartGUISession answered, then the status turned started)
// the hour is known; a session first seen already started (from the console, another machine)
// began at some unknown time before, so its end is a presumption and the rows say "about".
// Near the presumed end the real status is asked: a session still started has been renewed
// (by someone, or by Keep going), one that says startExpired has ended. No document says what
// StartGUISession does to a started session, so Keep going claims a new hour only when the
// status confirms it: a session that restarts (starting) after it, or one still started past
// its presumed end. Five minutes before the end it warns; with `keepSessionsAlive` on and a
// window open it sends StartGUISession shortly before the end, and a session that expired
// anyway is resumed and its windows reloaded. Time comes from the injected clock; nothing here
// runs a timer of its own: the shell calls tick() (or run()) and the core's list feeds observe().
import {
  CreateGUISessionAccessDetailsCommand,
  StartGUISessionCommand,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import {
  isGuiSessionStatus,
  type ComputerId,
  type GuiSessionStatus,
  type Result,
  type VirtualComputer,
} from '../shared/models.js';
import { launcherErrors, toLauncherError } from './errors.js';
import type { Clock } from './ports.js';

/** A GUI session's lifetime (StartGUISession: "active for 1 hour"). */
export const SESSION_LIFETIME_MS = 3_600_000;
/** When the warning comes, before the end. */
export const SESSION_WARNING_MS = 5 * 60_000;
/** How long before the end the automatic keep-going renews a session with open windows. */
export const KEEP_ALIVE_LEAD_MS = 2 * 60_000;
/** The real status is asked near a presumed end at most this often. */
export const STATUS_CHECK_EVERY_MS = 60_000;

/** The five-minute warning. */
export interface SessionExpiryNotice {
  computerId: ComputerId;
  title: string;
  body: string;
  /** The one action: resume with StartGUISession. */
  action: { id: 'keep-going'; label: 'Keep going' };
}

/** What the lifetime module needs. */
export interface SessionLifetimeDeps {
  clock: Clock;
  /** StartGUISession for the computer (throws on failure). */
  startSession(id: ComputerId): Promise<void>;
  /** The session's status as the service reports it now; undefined when it could not be read. */
  sessionStatus(id: ComputerId): Promise<GuiSessionStatus | undefined>;
  /** Whether a session window of the computer is open. */
  windowsOpen(id: ComputerId): boolean;
  /** Settings.keepSessionsAlive, read each time. */
  keepSessionsAlive(): boolean;
  /** The computer's name, for the notification. */
  nameOf(id: ComputerId): string;
  notify(n: SessionExpiryNotice): void;
  /** After an expired session was resumed while its windows were open: reload them with the new URLs, keeping their bounds. */
  reopen?(id: ComputerId): Promise<void>;
  /** The status confirmed a new hour (a restart after Keep going, or started past the presumed end): the new expiry is known. */
  renewed?(id: ComputerId): void;
  lifetimeMs?: number;
  warningMs?: number;
  keepAliveLeadMs?: number;
}

interface Tracked {
  startedAt: number;
  /** The start was not seen here: startedAt is the latest it can have been, the end a presumption. */
  approx: boolean;
  /** A StartGUISession of this launcher restarted it (status starting): when it is started, the hour is known. */
  restarting?: boolean;
  /** Clock ms the real status was last asked near the end. */
  checkedAt?: number;
  warned: boolean;
  renewing?: Promise<Result<{ expiresAt: number }>>;
  /** The last renewal before the end failed: do not try again until the session changes. */
  renewFailed?: boolean;
}

/** Session lifetimes of every computer the launcher sees. */
export class SessionLifetime {
  private readonly tracked = new Map<ComputerId, Tracked>();
  private readonly expired = new Set<ComputerId>();
  private readonly resuming = new Map<ComputerId, Promise<void>>();

  constructor(private readonly deps: SessionLifetimeDeps) {}

  private get lifetime(): number {
    return this.deps.lifetimeMs ?? SESSION_LIFETIME_MS;
  }

  /** Follow the statuses the list reports: a session first seen started starts its hour now. */
  observe(computers: readonly Pick<VirtualComputer, 'id' | 'sessionStatus'>[]): void {
    for (const c of computers) this.observeStatus(c.id, c.sessionStatus);
  }

  /** One computer's status, as the list or a session run saw it. */
  observeStatus(id: ComputerId, status: GuiSessionStatus | undefined): void {
    if (status === 'started') {
      this.expired.delete(id);
      const t = this.tracked.get(id);
      if (t?.restarting) this.sessionStarted(id, true);
      else if (!t) this.tracked.set(id, { startedAt: this.deps.clock.now(), approx: true, warned: false });
    } else if (status === 'startExpired') {
      this.tracked.delete(id);
      this.expired.add(id);
    } else if (status !== undefined) {
      this.tracked.delete(id);
      this.expired.delete(id);
    }
  }

  /**
   * A session run found the session started: its hour counts from now when the run saw it
   * start (`seen`) or a Keep going of ours restarted it; otherwise the start is presumed now.
   */
  sessionStarted(id: ComputerId, seen = true, at = this.deps.clock.now()): void {
    this.expired.delete(id);
    const before = this.tracked.get(id);
    if (!seen && before && !before.restarting) return;
    this.tracked.set(id, { startedAt: at, approx: !seen && !before?.restarting, warned: false });
  }

  /** True when the end of the computer's session is a presumption (its start was not seen). */
  approximate(id: ComputerId): boolean {
    return this.tracked.get(id)?.approx ?? false;
  }

  /** Epoch ms the session ends, when known. */
  expiresAt(id: ComputerId): number | undefined {
    const t = this.tracked.get(id);
    return t ? t.startedAt + this.lifetime : undefined;
  }

  /** Ms left (never below 0), when known. */
  timeLeftMs(id: ComputerId): number | undefined {
    const end = this.expiresAt(id);
    return end === undefined ? undefined : Math.max(0, end - this.deps.clock.now());
  }

  /** The list with `sessionExpiresAt` where known. */
  annotate(computers: readonly VirtualComputer[]): VirtualComputer[] {
    return computers.map((c) => {
      const end = this.expiresAt(c.id);
      const copy = { ...c };
      delete copy.sessionExpiresApprox;
      if (end !== undefined)
        return {
          ...copy,
          sessionExpiresAt: end,
          ...(this.approximate(c.id) ? { sessionExpiresApprox: true as const } : {}),
        };
      if (c.sessionExpiresAt === undefined && c.sessionExpiresApprox === undefined) return c;
      delete copy.sessionExpiresAt;
      return copy;
    });
  }

  /**
   * `session:keepGoing` and the notification's action: StartGUISession, then the real status.
   * A session that restarts (starting, settingUpInstance) gets a new hour; one that still says
   * started may or may not have been renewed, so the end stays as it was and that is said.
   */
  keepGoing(id: ComputerId): Promise<Result<{ expiresAt: number }>> {
    const t = this.tracked.get(id);
    if (t?.renewing) return t.renewing;
    const run = (async (): Promise<Result<{ expiresAt: number }>> => {
      const settle = (failed: boolean) => {
        const now = this.tracked.get(id);
        if (!now) return;
        now.renewing = undefined;
        if (failed) now.renewFailed = true;
      };
      try {
        await this.deps.startSession(id);
      } catch (err) {
        settle(true);
        return { ok: false, error: toLauncherError(err, { action: 'keep the session going' }) };
      }
      const status = await this.deps.sessionStatus(id).catch(() => undefined);
      if (status === 'starting' || status === 'settingUpInstance') {
        this.expired.delete(id);
        this.tracked.set(id, {
          startedAt: this.deps.clock.now(),
          approx: false,
          restarting: true,
          warned: false,
        });
        this.deps.renewed?.(id);
        return { ok: true, value: { expiresAt: this.expiresAt(id)! } };
      }
      settle(true);
      if (status !== undefined && status !== 'started') this.observeStatus(id, status);
      return { ok: false, error: launcherErrors.renewalUnconfirmed(this.deps.nameOf(id), status) };
    })();
    if (t) t.renewing = run;
    return run;
  }

  /** Near (or past) a presumed end: ask the real status; true when the session is still tracked. */
  private async check(id: ComputerId, t: Tracked, now: number): Promise<void> {
    t.checkedAt = now;
    const status = await this.deps.sessionStatus(id).catch(() => undefined);
    if (this.tracked.get(id) !== t) return;
    const ended = t.startedAt + this.lifetime <= this.deps.clock.now();
    if (status === 'started') {
      if (!ended) return;
      // Still started past its end: renewed (by Keep going or elsewhere) at a time not known
      // here; presumed from now, as a session first seen started.
      this.tracked.set(id, { startedAt: this.deps.clock.now(), approx: true, warned: false });
      this.deps.renewed?.(id);
      return;
    }
    if (status === undefined) {
      // Unknown: past the end the hour is taken as over (as before any check).
      if (ended) this.observeStatus(id, 'startExpired');
      return;
    }
    this.observeStatus(id, status);
  }

  /** Ms until something is due (a warning, a renewal, an end), capped at maxMs. */
  nextDueMs(maxMs = 60_000): number {
    const now = this.deps.clock.now();
    let due = maxMs;
    const warn = this.deps.warningMs ?? SESSION_WARNING_MS;
    const lead = this.deps.keepAliveLeadMs ?? KEEP_ALIVE_LEAD_MS;
    for (const t of this.tracked.values()) {
      const end = t.startedAt + this.lifetime;
      for (const at of [end - warn, end - lead, end]) if (at > now) due = Math.min(due, at - now);
      // A renewal that was not confirmed: the warning it stood in for is due now.
      if (t.renewFailed && !t.warned && now >= end - warn) due = 0;
    }
    return Math.max(0, due);
  }

  /** Warn, renew and resume what is due now. Returns when the renewals it began have settled. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    const warn = this.deps.warningMs ?? SESSION_WARNING_MS;
    const lead = this.deps.keepAliveLeadMs ?? KEEP_ALIVE_LEAD_MS;
    const pending: Promise<unknown>[] = [];
    const checks: Promise<void>[] = [];
    for (const [id, t] of this.tracked) {
      const left = t.startedAt + this.lifetime - now;
      const auto = this.deps.keepSessionsAlive() && this.deps.windowsOpen(id);
      if (left <= 0) {
        // Its (presumed) hour is over: the real status says whether it ended (then it is
        // resumed below, windows reloaded) or was renewed.
        if (t.renewing) continue;
        if (t.checkedAt === undefined || now - t.checkedAt >= STATUS_CHECK_EVERY_MS)
          checks.push(this.check(id, t, now));
        continue;
      }
      // A presumed end may come sooner: the status is asked once as it nears.
      if (t.approx && left <= warn && t.checkedAt === undefined) checks.push(this.check(id, t, now));
      if (auto && left <= lead && !t.renewing && !t.renewFailed) {
        pending.push(this.keepGoing(id));
        continue;
      }
      if (left <= warn && !t.warned && !(auto && !t.renewFailed)) {
        t.warned = true;
        const minutes = Math.max(1, Math.round(left / 60_000));
        this.deps.notify({
          computerId: id,
          title: `The session on ${this.deps.nameOf(id)} ends in ${t.approx ? 'about ' : ''}${minutes} minute${minutes === 1 ? '' : 's'}`,
          body: 'Keep going to resume it for another hour. Unsaved work in the session is lost when it ends.',
          action: { id: 'keep-going', label: 'Keep going' },
        });
      }
    }
    await Promise.all(checks);
    for (const id of this.expired) {
      if (this.resuming.has(id) || !this.deps.keepSessionsAlive() || !this.deps.windowsOpen(id)) continue;
      const run = this.resume(id).finally(() => this.resuming.delete(id));
      this.resuming.set(id, run);
      pending.push(run);
    }
    await Promise.all(pending);
  }

  /** Ticks until the signal aborts, sleeping until the next thing is due. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.deps.clock.sleep(Math.max(250, this.nextDueMs()), signal);
      } catch {
        return;
      }
      await this.tick();
    }
  }

  private async resume(id: ComputerId): Promise<void> {
    const r = await this.keepGoing(id);
    if (r.ok) {
      this.expired.delete(id);
      await this.deps.reopen?.(id);
    }
  }
}

/** StartGUISession for one computer: what `startSession` does in the app. */
export async function startGuiSession(
  client: LightsailClient,
  name: string,
  signal?: AbortSignal,
): Promise<void> {
  await client.send(new StartGUISessionCommand({ resourceName: name }), { abortSignal: signal });
}

/** The session status from CreateGUISessionAccessDetails (its URLs dropped unread); undefined when not a known status. */
export async function guiSessionStatus(
  client: LightsailClient,
  name: string,
  signal?: AbortSignal,
): Promise<GuiSessionStatus | undefined> {
  const res = await client.send(new CreateGUISessionAccessDetailsCommand({ resourceName: name }), {
    abortSignal: signal,
  });
  return isGuiSessionStatus(res.status) ? res.status : undefined;
}

export { stopWarning } from '../shared/lifetime.js';
