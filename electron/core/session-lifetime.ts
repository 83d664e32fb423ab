// How long each GUI session has left. A session lasts one hour from when it became `started`:
// the launcher takes that to be the first time it saw the session started, or the moment a
// StartGUISession it sent succeeded. Five minutes before the end it warns ("Keep going" sends
// StartGUISession again); with `keepSessionsAlive` on and a window of the computer open it
// renews the session by itself shortly before the end, and if the session expired anyway
// (the service did not renew it, or the launcher was asleep) it resumes it and has the windows
// reloaded with the fresh URLs. Time comes from the injected clock; nothing here runs a timer
// of its own: the shell calls tick() (or run()) and the core's list feeds observe().
import { StartGUISessionCommand, type LightsailClient } from '@aws-sdk/client-lightsail';
import type { ComputerId, GuiSessionStatus, Result, VirtualComputer } from '../shared/models.js';
import { toLauncherError } from './errors.js';
import type { Clock } from './ports.js';

/** A GUI session's lifetime (StartGUISession: "active for 1 hour"). */
export const SESSION_LIFETIME_MS = 3_600_000;
/** When the warning comes, before the end. */
export const SESSION_WARNING_MS = 5 * 60_000;
/** How long before the end the automatic keep-going renews a session with open windows. */
export const KEEP_ALIVE_LEAD_MS = 2 * 60_000;

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
  /** Whether a session window of the computer is open. */
  windowsOpen(id: ComputerId): boolean;
  /** Settings.keepSessionsAlive, read each time. */
  keepSessionsAlive(): boolean;
  /** The computer's name, for the notification. */
  nameOf(id: ComputerId): string;
  notify(n: SessionExpiryNotice): void;
  /** After an expired session was resumed while its windows were open: reload them with the new URLs, keeping their bounds. */
  reopen?(id: ComputerId): Promise<void>;
  /** A StartGUISession sent here (Keep going, automatic or asked) succeeded: the new expiry is known. */
  renewed?(id: ComputerId): void;
  lifetimeMs?: number;
  warningMs?: number;
  keepAliveLeadMs?: number;
}

interface Tracked {
  startedAt: number;
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
      if (!this.tracked.has(id)) this.tracked.set(id, { startedAt: this.deps.clock.now(), warned: false });
    } else if (status === 'startExpired') {
      this.tracked.delete(id);
      this.expired.add(id);
    } else if (status !== undefined) {
      this.tracked.delete(id);
      this.expired.delete(id);
    }
  }

  /** StartGUISession succeeded and the session is started: its hour counts from now. */
  sessionStarted(id: ComputerId, at = this.deps.clock.now()): void {
    this.expired.delete(id);
    this.tracked.set(id, { startedAt: at, warned: false });
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
      if (end !== undefined) return { ...c, sessionExpiresAt: end };
      if (c.sessionExpiresAt === undefined) return c;
      const copy = { ...c };
      delete copy.sessionExpiresAt;
      return copy;
    });
  }

  /** `session:keepGoing` and the notification's action: StartGUISession, then a new hour. */
  keepGoing(id: ComputerId): Promise<Result<{ expiresAt: number }>> {
    const t = this.tracked.get(id);
    if (t?.renewing) return t.renewing;
    const run = (async (): Promise<Result<{ expiresAt: number }>> => {
      try {
        await this.deps.startSession(id);
        this.sessionStarted(id);
        this.deps.renewed?.(id);
        return { ok: true, value: { expiresAt: this.expiresAt(id)! } };
      } catch (err) {
        const now = this.tracked.get(id);
        if (now) {
          now.renewing = undefined;
          now.renewFailed = true;
        }
        return { ok: false, error: toLauncherError(err, { action: 'keep the session going' }) };
      }
    })();
    if (t) t.renewing = run;
    return run;
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
    }
    return Math.max(0, due);
  }

  /** Warn, renew and resume what is due now. Returns when the renewals it began have settled. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    const warn = this.deps.warningMs ?? SESSION_WARNING_MS;
    const lead = this.deps.keepAliveLeadMs ?? KEEP_ALIVE_LEAD_MS;
    const pending: Promise<unknown>[] = [];
    for (const [id, t] of this.tracked) {
      const left = t.startedAt + this.lifetime - now;
      const auto = this.deps.keepSessionsAlive() && this.deps.windowsOpen(id);
      if (left <= 0) {
        // Its hour is over: the service now reports startExpired, and the windows' URLs are
        // dead, so it is resumed below (windows reloaded), not renewed in place.
        if (t.renewing) continue;
        this.tracked.delete(id);
        this.expired.add(id);
        continue;
      }
      if (auto && left <= lead && !t.renewing && !t.renewFailed) {
        pending.push(this.keepGoing(id));
        continue;
      }
      if (left <= warn && !t.warned && !(auto && !t.renewFailed)) {
        t.warned = true;
        const minutes = Math.max(1, Math.round(left / 60_000));
        this.deps.notify({
          computerId: id,
          title: `The session on ${this.deps.nameOf(id)} ends in ${minutes} minute${minutes === 1 ? '' : 's'}`,
          body: 'Keep going to resume it for another hour. Unsaved work in the session is lost when it ends.',
          action: { id: 'keep-going', label: 'Keep going' },
        });
      }
    }
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
export async function startGuiSession(client: LightsailClient, name: string, signal?: AbortSignal): Promise<void> {
  await client.send(new StartGUISessionCommand({ resourceName: name }), { abortSignal: signal });
}

export { stopWarning } from '../shared/lifetime.js';
