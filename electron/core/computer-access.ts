// Computer access: the one place that turns a computer id into a client that reaches it, and
// that runs every write (start, stop, open, Stop session, Keep going, idle rule, and the manage
// writes: new computer, snapshots, disks) through the computer's profile with the AccessDenied
// fallback on the other profiles that reach it (or, for a write that names no listed computer,
// on the other profiles that reach the same account).
import type { LightsailClient } from '@aws-sdk/client-lightsail';
import { parseComputerId, type ComputerRef } from '../shared/computer-id.js';
import type { ComputerId, LauncherError, Result, VirtualComputer } from '../shared/models.js';
import { profilesOfSameAccount } from './computer-identity.js';
import { launcherErrors, toLauncherError } from './errors.js';
import type { ClientFactory, Notifier } from './ports.js';

/** A computer and the client that reaches it: the one shape every feature module uses. */
export interface Reachable extends ComputerRef {
  /** The computer's id in the list (an alias resolves to it). */
  id: ComputerId;
  client: LightsailClient;
  /** The other profiles that reach the computer, in order (tried on AccessDenied). */
  alternates: string[];
}

/** What computer access needs: the list's lookups, the clients, and a way to tell the user. */
export interface ComputerAccessDeps {
  list: {
    find(id: ComputerId): VirtualComputer | undefined;
    ready(): Promise<void>;
    /** Why a computer is not listed (its profile hidden, say), as the error to show. */
    notListed(id: ComputerId): LauncherError;
    /** A profile did a write action on a computer: prefer it next time. */
    worked(id: ComputerId, profile: string): void;
    /** The list as last published (which profiles reach which account); none when omitted. */
    current?(): { computers: readonly VirtualComputer[] };
  };
  clients: ClientFactory;
  notifier: Notifier;
}

/** Build computer access over one environment's list and clients. */
export function createComputerAccess(deps: ComputerAccessDeps) {
  /** The client for a computer (through `profile`, or the one the list uses), or why there is none. */
  function resolve(id: ComputerId, profile?: string): Result<Reachable> {
    const listed = deps.list.find(id);
    const ref = listed
      ? { profile: profile ?? listed.profile, region: listed.region, name: listed.name }
      : parseComputerId(id);
    if (!ref) return { ok: false, error: launcherErrors.invalidComputerId(id) };
    const alternates = (listed?.reachedThrough ?? []).filter((p) => p !== ref.profile);
    try {
      return {
        ok: true,
        value: {
          ...ref,
          id: listed?.id ?? id,
          alternates,
          client: deps.clients.client(ref.profile, ref.region),
        },
      };
    } catch (err) {
      return { ok: false, error: toLauncherError(err, { profile: ref.profile, region: ref.region }) };
    }
  }

  /** The client for a computer the launcher lists: only those are opened, started or stopped. */
  async function resolveListed(id: ComputerId): Promise<Result<Reachable>> {
    if (!parseComputerId(id)) return { ok: false, error: launcherErrors.invalidComputerId(id) };
    await deps.list.ready();
    if (!deps.list.find(id)) return { ok: false, error: deps.list.notListed(id) };
    return resolve(id);
  }

  /**
   * Run a write through the computer's profile; on AccessDenied, once more through the next
   * profile that reaches it, telling the user which profile did the work. `first` is an id (to
   * resolve) or a computer already resolved (an open checks it before writing).
   */
  async function write<T>(
    first: ComputerId | Reachable,
    run: (r: Reachable) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    const resolved = typeof first === 'string' ? resolve(first) : { ok: true as const, value: first };
    if (!resolved.ok) return resolved;
    return attempt(resolved.value, run, (p) => resolve(resolved.value.id, p));
  }

  /**
   * A write in a profile and region that names no listed computer (a new computer, a restore, a
   * snapshot or a disk): through that profile, and on AccessDenied once more through the next
   * profile that reaches the same account. With `computer` (a listed computer the write is
   * about), that computer's own profiles are used, as `write` does.
   */
  async function writeIn<T>(
    ref: { profile: string; region: string },
    run: (r: Reachable) => Promise<Result<T>>,
    computer?: ComputerId,
  ): Promise<Result<T>> {
    const listed = computer === undefined ? undefined : deps.list.find(computer);
    if (listed && listed.region === ref.region) return write(listed.id, run);
    const at = (profile: string): Result<Reachable> => {
      try {
        return {
          ok: true,
          value: {
            profile,
            region: ref.region,
            name: '',
            id: '',
            alternates: profilesOfSameAccount(deps.list.current?.().computers ?? [], ref.profile).filter(
              (p) => p !== profile,
            ),
            client: deps.clients.client(profile, ref.region),
          },
        };
      } catch (err) {
        return { ok: false, error: toLauncherError(err, { profile, region: ref.region }) };
      }
    };
    const first = at(ref.profile);
    if (!first.ok) return first;
    return attempt(first.value, run, at);
  }

  // Run once, and on AccessDenied once more through the first alternate profile.
  async function attempt<T>(
    target: Reachable,
    run: (r: Reachable) => Promise<Result<T>>,
    through: (profile: string) => Result<Reachable>,
  ): Promise<Result<T>> {
    const r = await run(target);
    if (r.ok && target.id) deps.list.worked(target.id, target.profile);
    const next = target.alternates[0];
    if (r.ok || r.error.kind !== 'access-denied' || next === undefined) return r;
    const other = through(next);
    if (!other.ok) return r;
    const again = await run(other.value);
    if (again.ok) {
      if (target.id) deps.list.worked(target.id, next);
      deps.notifier.notify({
        title: `${target.name || target.region}: done through profile ${next}`,
        body: `Profile ${target.profile} was denied access, so the launcher used ${next}.`,
        ...(target.id ? { computerId: target.id } : {}),
      });
    }
    return again;
  }

  return { resolve, resolveListed, write, writeIn };
}

/** Computer access of one environment. */
export type ComputerAccess = ReturnType<typeof createComputerAccess>;
