// The console's cost control rule: the `StopInstanceOnIdle` add-on. Read from an instance's
// `addOns`, set with EnableAddOn, removed with DisableAddOn; and telling, from the states the
// launcher sees, whether a stop was the rule's doing.
import {
  DisableAddOnCommand,
  EnableAddOnCommand,
  type AddOn,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import type { ComputerId, IdleRule, InstanceStateName, Result, VirtualComputer } from '../shared/models.js';
import { idleRuleProblem } from '../shared/lifetime.js';
import { launcherErrors, toLauncherError } from './errors.js';
import type { Clock } from './ports.js';

/** The add-on type of the rule, as the service model spells it. */
export const IDLE_ADD_ON = 'StopInstanceOnIdle';

export {
  DEFAULT_IDLE_RULE,
  IDLE_RULE_LIMITS,
  IDLE_RULE_WARNING,
  idleRuleProblem,
} from '../shared/lifetime.js';

/** The rule in an instance's addOns, or undefined when none is enabled (or it is unreadable: see readIdleRule). */
export function idleRuleOf(addOns: readonly AddOn[] | undefined): IdleRule | undefined {
  const r = readIdleRule(addOns);
  return r === 'unreadable' ? undefined : r;
}

// A plain decimal: no sign, exponent, hex, spaces or unit, which Number() would all accept.
const DECIMAL = /^\d{1,6}(?:\.\d{1,6})?$/;
// Wider than the editor's limits: a rule set in the console is read as long as it means something.
const READ_LIMITS = {
  thresholdPercent: { min: 0, max: 100 },
  durationMinutes: { min: 1, max: 525_600 },
} as const;

function strictNumber(v: string | undefined, limits: { min: number; max: number }): number | undefined {
  if (v === undefined || !DECIMAL.test(v)) return undefined;
  const n = Number(v);
  return n >= limits.min && n <= limits.max ? n : undefined;
}

/**
 * The enabled idle rule in an instance's addOns; 'unreadable' when its threshold or duration is
 * not a plain decimal in range ("", "1e3", "0x10", "-5"); undefined when no rule is enabled.
 */
export function readIdleRule(addOns: readonly AddOn[] | undefined): IdleRule | 'unreadable' | undefined {
  const a = addOns?.find((x) => x.name === IDLE_ADD_ON);
  if (!a || (a.status !== undefined && !/^enabl/i.test(a.status))) return undefined;
  const thresholdPercent = strictNumber(a.threshold, READ_LIMITS.thresholdPercent);
  const durationMinutes = strictNumber(a.duration, READ_LIMITS.durationMinutes);
  if (thresholdPercent === undefined || durationMinutes === undefined) return 'unreadable';
  return { thresholdPercent, durationMinutes };
}

/** Sets (EnableAddOn) or removes (DisableAddOn, rule null) a computer's idle-stop rule. */
export async function setIdleRule(
  client: LightsailClient,
  computer: Pick<VirtualComputer, 'name' | 'profile' | 'region'>,
  rule: IdleRule | null,
  signal?: AbortSignal,
): Promise<Result<IdleRule | null>> {
  if (rule) {
    const problem = idleRuleProblem(rule);
    if (problem) return { ok: false, error: launcherErrors.invalidIdleRule(problem) };
  }
  try {
    if (rule) {
      await client.send(
        new EnableAddOnCommand({
          resourceName: computer.name,
          addOnRequest: {
            addOnType: IDLE_ADD_ON,
            stopInstanceOnIdleRequest: {
              threshold: String(rule.thresholdPercent),
              duration: String(rule.durationMinutes),
            },
          },
        }),
        { abortSignal: signal },
      );
    } else {
      await client.send(new DisableAddOnCommand({ resourceName: computer.name, addOnType: IDLE_ADD_ON }), {
        abortSignal: signal,
      });
    }
    return { ok: true, value: rule };
  } catch (err) {
    return {
      ok: false,
      error: toLauncherError(err, {
        profile: computer.profile,
        region: computer.region,
        action: rule ? 'set the idle-stop rule' : 'remove the idle-stop rule',
      }),
    };
  }
}

/**
 * Tells which stops were the rule's doing. GetInstance does not say who stopped an instance, so
 * this is a heuristic: a computer that has a rule, that the launcher saw running (or starting)
 * and then saw stopping or stopped, is "stopped by its rule" unless this launcher asked it to
 * stop (or saw a stop it did not ask for before the rule could have fired: a computer that had
 * not yet run for the rule's duration since it was seen starting was stopped by someone else).
 * Another client stopping it after the duration is misread as the rule; the mark is cleared as
 * soon as the computer is seen starting again.
 */
export class RuleStopDetector {
  private readonly seen = new Map<
    ComputerId,
    { state: InstanceStateName; runningSince?: number; byRule: boolean }
  >();
  private readonly userStops = new Map<ComputerId, number>();

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    /** How long a stop this launcher asked for explains a stopped state. Default 30 min. */
    private readonly userStopMemoryMs = 30 * 60_000,
  ) {}

  /** The launcher (or its user) asked this computer to stop. */
  userStopped(id: ComputerId): void {
    this.userStops.set(id, this.clock.now());
  }

  /** The list with `stoppedByRule` set where the heuristic says so. */
  update(computers: readonly VirtualComputer[]): VirtualComputer[] {
    const now = this.clock.now();
    const ids = new Set<ComputerId>();
    const out = computers.map((c) => {
      ids.add(c.id);
      const before = this.seen.get(c.id);
      const up = c.state === 'running' || c.state === 'pending';
      const down = c.state === 'stopping' || c.state === 'stopped';
      let byRule = before?.byRule ?? false;
      let runningSince = before?.runningSince;
      if (up) {
        byRule = false;
        if (runningSince === undefined) runningSince = before ? now : undefined;
      } else if (down && before && (before.state === 'running' || before.state === 'pending') && c.idleRule) {
        const askedAt = this.userStops.get(c.id);
        const askedByUs = askedAt !== undefined && now - askedAt <= this.userStopMemoryMs;
        const tooEarly =
          runningSince !== undefined && now - runningSince < c.idleRule.durationMinutes * 60_000;
        byRule = !askedByUs && !tooEarly;
      }
      if (!up) runningSince = undefined;
      if (!up && this.userStops.has(c.id) && c.state === 'stopped') this.userStops.delete(c.id);
      this.seen.set(c.id, {
        state: c.state,
        ...(runningSince !== undefined ? { runningSince } : {}),
        byRule,
      });
      if (byRule) return { ...c, stoppedByRule: true };
      if (c.stoppedByRule) {
        const copy = { ...c };
        delete copy.stoppedByRule;
        return copy;
      }
      return c;
    });
    for (const id of [...this.seen.keys()]) if (!ids.has(id)) this.seen.delete(id);
    return out;
  }
}
