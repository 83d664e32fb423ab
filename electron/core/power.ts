// Starting and stopping computers, then following their state until it settles, so the row
// goes pending → running (or stopping → stopped) without a full refresh.
import {
  GetInstanceStateCommand,
  StartInstanceCommand,
  StopInstanceCommand,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import type { ComputerId, InstanceStateName, Result } from '../shared/models.js';
import type { ComputerListModule } from './computer-list.js';
import { toLauncherError } from './errors.js';
import type { ComputerAccess, Reachable } from './computer-access.js';
import type { Clock } from './ports.js';
import { toStateName } from './virtual-computers.js';

/** What power needs. */
export interface PowerDeps {
  list: ComputerListModule;
  clock: Clock;
  /** Resolves listed computers and runs the writes with the profile fallback. */
  access: Pick<ComputerAccess, 'resolveListed' | 'write'>;
  /** Aborted when the environment is left. */
  signal: AbortSignal;
  pollMs: number;
  pollMaxMs: number;
}

const STABLE_STATES = new Set<InstanceStateName>(['running', 'stopped', 'terminated']);

/** Build the power module of one environment. */
export function createPower(deps: PowerDeps) {
  const polls = new Map<ComputerId, AbortController>();
  const stopListeners: ((id: ComputerId) => void)[] = [];

  async function follow(
    id: ComputerId,
    client: LightsailClient,
    name: string,
    ctx: { profile: string; region: string },
  ): Promise<void> {
    polls.get(id)?.abort();
    const controller = new AbortController();
    polls.set(id, controller);
    const signal = AbortSignal.any([controller.signal, deps.signal]);
    const until = deps.clock.now() + deps.pollMaxMs;
    try {
      while (deps.clock.now() < until) {
        await deps.clock.sleep(deps.pollMs, signal);
        const out = await client.send(new GetInstanceStateCommand({ instanceName: name }), {
          abortSignal: signal,
        });
        const state = toStateName(out.state?.name);
        if (state !== deps.list.find(id)?.state) deps.list.update(id, { state });
        if (STABLE_STATES.has(state)) break;
      }
    } catch (err) {
      if (
        !signal.aborted &&
        toLauncherError(err, { ...ctx, action: 'read the computer state' }).kind === 'not-found'
      ) {
        deps.list.refresh().catch(() => undefined);
      }
    } finally {
      if (polls.get(id) === controller) polls.delete(id);
    }
  }

  async function send(t: Reachable, action: 'start' | 'stop'): Promise<Result<Reachable>> {
    try {
      if (action === 'start') await t.client.send(new StartInstanceCommand({ instanceName: t.name }));
      else await t.client.send(new StopInstanceCommand({ instanceName: t.name }));
      return { ok: true, value: t };
    } catch (err) {
      return {
        ok: false,
        error: toLauncherError(err, { profile: t.profile, region: t.region, action: `${action} ${t.name}` }),
      };
    }
  }

  async function power(asked: ComputerId, action: 'start' | 'stop'): Promise<Result<null>> {
    const target = await deps.access.resolveListed(asked);
    if (!target.ok) return target;
    const done = await deps.access.write(target.value, (t) => send(t, action));
    if (!done.ok) return done;
    const { id, profile, region, name, client } = done.value;
    deps.list.update(id, { state: action === 'start' ? 'pending' : 'stopping' });
    if (action === 'stop') for (const l of stopListeners) l(id);
    void follow(id, client, name, { profile, region });
    return { ok: true, value: null };
  }

  return {
    /** StartInstance, then follow the state. */
    start: (id: ComputerId) => power(id, 'start'),
    /** StopInstance, then follow the state. */
    stop: (id: ComputerId) => power(id, 'stop'),
    /** Follow the computers the user asked to stop (their session addresses are no longer good). */
    onStop(listener: (id: ComputerId) => void): void {
      stopListeners.push(listener);
    },
    /** Stop following every computer. */
    dispose(): void {
      for (const p of polls.values()) p.abort();
    },
  };
}

/** The power module of one environment. */
export type PowerModule = ReturnType<typeof createPower>;
