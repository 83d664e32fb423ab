// Fault injection: rules matched per request by operation, region, computer and access key,
// each applying a limited number of times or until removed.
import { randomUUID } from 'node:crypto';

/** The faults the simulator can inject. */
export const FAULT_KINDS = [
  'AccessDeniedException',
  'InvalidInputException',
  'NotFoundException',
  'ServiceException',
  'UnauthenticatedException',
  'ThrottlingException',
  // A modeled error of every LfR operation: the region is still being set up for the account.
  'RegionSetupInProgressException',
  'http500',
  'latency',
  'hang',
  'malformed',
  'failedStartingGUISession',
  'failedInstanceCreation',
  // On the wire: the real answer sent one byte every intervalMs; or cut off half way.
  'trickle',
  'truncated',
  // In the answer: GetInstances / GetBlueprints always naming the same next page.
  'repeatPageToken',
  // In a GetInstances page: the instance named `computer` (else the first) with a createdAt
  // no Date can hold, without its name, or listed twice.
  'badTimestamp',
  'missingName',
  'duplicateName',
  // In CreateGUISessionAccessDetails: `status` and/or `percentage` forced (stuck at starting,
  // going backwards, over 100), or the session list made wrong.
  'sessionStatus',
  'twoPrimarySessions',
  'noPrimarySession',
  'missingSessionUrls',
  // The documents do not promise two sessions or an isPrimary: only the first session, or
  // every session without the isPrimary field.
  'oneSession',
  'sessionsWithoutIsPrimary',
] as const;

/** One of FAULT_KINDS. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault to inject. Filters left out match everything. */
export interface FaultSpec {
  kind: FaultKind;
  /** Lightsail operation name, e.g. GetInstances. */
  operation?: string;
  region?: string;
  /** Instance / resource name the request is about. */
  computer?: string;
  accessKeyId?: string;
  /** How many matching requests it affects; omitted = until removed. */
  times?: number;
  /** For 'latency': added delay. */
  latencyMs?: number;
  /** For failedStartingGUISession / failedInstanceCreation. */
  failureReason?: string;
  /** Error message override for the exception kinds. */
  message?: string;
  /** For 'trickle': time between bytes (default 1000). */
  intervalMs?: number;
  /** For 'sessionStatus': the status to report. */
  status?: string;
  /** For 'sessionStatus': the percentageComplete to report (may be > 100 or < 0). */
  percentage?: number;
}

/** What a request is, for matching. */
export interface FaultContext {
  operation: string;
  region: string;
  computer?: string;
  accessKeyId: string;
}

/** An injected fault with its id and remaining uses. */
export interface ActiveFault extends FaultSpec {
  id: string;
  /** Uses left; undefined = permanent. */
  remaining?: number;
  /** Requests it has affected. */
  hits: number;
}

/** Kinds applied inside CreateGUISessionAccessDetails rather than on the wire. */
export const SESSION_FAULTS: readonly FaultKind[] = ['failedStartingGUISession', 'failedInstanceCreation'];

/** Kinds that change a successful answer's content (see applyAnswerFault). */
export const ANSWER_FAULTS: readonly FaultKind[] = [
  'repeatPageToken',
  'badTimestamp',
  'missingName',
  'duplicateName',
  'sessionStatus',
  'twoPrimarySessions',
  'noPrimarySession',
  'missingSessionUrls',
  'oneSession',
  'sessionsWithoutIsPrimary',
];

/** Kinds that change how a (real) answer is delivered. */
export const DELIVERY_FAULTS: readonly FaultKind[] = ['trickle', 'truncated'];

/** The constant token a repeatPageToken fault answers (offset 0: the first page again). */
export const REPEATED_PAGE_TOKEN = Buffer.from(JSON.stringify({ o: 0 })).toString('base64url');

type Answer = Record<string, unknown>;

/** Change a successful answer the way an answer fault says (returns a new object). */
export function applyAnswerFault(fault: FaultSpec, operation: string, answer: Answer): Answer {
  const out: Answer = { ...answer };
  switch (fault.kind) {
    case 'repeatPageToken':
      if (operation === 'GetInstances' || operation === 'GetBlueprints')
        out['nextPageToken'] = REPEATED_PAGE_TOKEN;
      return out;
    case 'badTimestamp':
    case 'missingName':
    case 'duplicateName': {
      const list = Array.isArray(out['instances']) ? [...(out['instances'] as Answer[])] : [];
      const i = fault.computer ? list.findIndex((x) => x['name'] === fault.computer) : 0;
      const target = list[i];
      if (!target) return out;
      if (fault.kind === 'badTimestamp') list[i] = { ...target, createdAt: 1e20 };
      else if (fault.kind === 'missingName') {
        const copy = { ...target };
        delete copy['name'];
        list[i] = copy;
      } else list.splice(i + 1, 0, { ...target });
      out['instances'] = list;
      return out;
    }
    case 'sessionStatus':
      if (fault.status !== undefined) {
        out['status'] = fault.status;
        if (fault.status !== 'started') out['sessions'] = [];
      }
      if (fault.percentage !== undefined) out['percentageComplete'] = fault.percentage;
      return out;
    case 'oneSession':
      if (Array.isArray(out['sessions']) && out['sessions'].length)
        out['sessions'] = (out['sessions'] as Answer[]).slice(0, 1);
      return out;
    case 'sessionsWithoutIsPrimary':
      if (Array.isArray(out['sessions'])) {
        out['sessions'] = (out['sessions'] as Answer[]).map((x) => {
          const copy = { ...x };
          delete copy['isPrimary'];
          return copy;
        });
      }
      return out;
    case 'twoPrimarySessions':
    case 'noPrimarySession':
    case 'missingSessionUrls': {
      const sessions = Array.isArray(out['sessions']) ? (out['sessions'] as Answer[]) : [];
      out['sessions'] = sessions.map((x) => {
        if (fault.kind === 'twoPrimarySessions') return { ...x, isPrimary: true };
        if (fault.kind === 'noPrimarySession') return { ...x, isPrimary: false };
        const copy = { ...x };
        delete copy['url'];
        return copy;
      });
      return out;
    }
    default:
      return out;
  }
}

/** Checks a fault spec coming from a test or over HTTP; throws a readable error. */
export function validateFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new Error('a fault is a JSON object');
  const f = input as Record<string, unknown>;
  if (!FAULT_KINDS.includes(f['kind'] as FaultKind))
    throw new Error(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
  for (const key of [
    'operation',
    'region',
    'computer',
    'accessKeyId',
    'failureReason',
    'message',
    'status',
  ] as const) {
    if (f[key] !== undefined && typeof f[key] !== 'string') throw new Error(`fault ${key} must be a string`);
  }
  for (const key of ['times', 'latencyMs', 'intervalMs'] as const) {
    const v = f[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0))
      throw new Error(`fault ${key} must be a whole number >= 0`);
  }
  if (
    f['percentage'] !== undefined &&
    (typeof f['percentage'] !== 'number' || !Number.isFinite(f['percentage']))
  )
    throw new Error('fault percentage must be a number');
  if (f['kind'] === 'latency' && f['latencyMs'] === undefined)
    throw new Error('a latency fault needs latencyMs');
  const known = new Set([
    'kind',
    'operation',
    'region',
    'computer',
    'accessKeyId',
    'times',
    'latencyMs',
    'failureReason',
    'message',
    'intervalMs',
    'status',
    'percentage',
  ]);
  for (const key of Object.keys(f)) if (!known.has(key)) throw new Error(`unknown fault field ${key}`);
  return f as unknown as FaultSpec;
}

/** The set of active faults. */
export class FaultStore {
  private readonly faults: ActiveFault[] = [];
  private readonly removedListeners = new Set<(ids: Set<string> | 'all') => void>();

  /** Adds a fault; returns its id. */
  inject(spec: FaultSpec): string {
    const f = validateFaultSpec(spec);
    const active: ActiveFault = {
      ...f,
      id: randomUUID(),
      hits: 0,
      ...(f.times !== undefined ? { remaining: f.times } : {}),
    };
    this.faults.push(active);
    return active.id;
  }

  /** Removes one fault (a no-op for unknown ids). */
  remove(id: string): void {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i >= 0) this.faults.splice(i, 1);
    this.emitRemoved(new Set([id]));
  }

  /** Removes every fault. */
  clear(): void {
    this.faults.length = 0;
    this.emitRemoved('all');
  }

  /** Current faults. */
  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Called with the ids of removed faults, or 'all' after clear() (releases hung requests). */
  onRemoved(listener: (ids: Set<string> | 'all') => void): () => void {
    this.removedListeners.add(listener);
    return () => this.removedListeners.delete(listener);
  }

  /**
   * Takes the faults that apply to a request: the summed latency of matching latency faults,
   * and the first matching fault of the wanted kinds. Each fault taken uses up one of its times.
   */
  take(ctx: FaultContext, kinds: readonly FaultKind[]): { latencyMs: number; fault?: ActiveFault } {
    let latencyMs = 0;
    let fault: ActiveFault | undefined;
    for (const f of [...this.faults]) {
      if (!kinds.includes(f.kind) || !matches(f, ctx) || (f.remaining !== undefined && f.remaining <= 0))
        continue;
      if (f.kind === 'latency') latencyMs += f.latencyMs ?? 0;
      else if (fault) continue;
      else fault = f;
      this.use(f);
    }
    return { latencyMs, ...(fault ? { fault } : {}) };
  }

  /** Takes every matching fault of the wanted kinds (answer faults combine), using one time of each. */
  takeAll(ctx: FaultContext, kinds: readonly FaultKind[]): ActiveFault[] {
    const out = this.faults.filter(
      (f) => kinds.includes(f.kind) && matches(f, ctx) && (f.remaining === undefined || f.remaining > 0),
    );
    for (const f of out) this.use(f);
    return out;
  }

  private use(f: ActiveFault): void {
    f.hits++;
    if (f.remaining !== undefined) {
      f.remaining--;
      if (f.remaining <= 0) {
        const i = this.faults.indexOf(f);
        if (i >= 0) this.faults.splice(i, 1);
      }
    }
  }

  private emitRemoved(ids: Set<string> | 'all'): void {
    for (const l of this.removedListeners) l(ids);
  }
}

// These pick an instance inside a listing by `computer` instead of matching the request by it.
const PICK_BY_COMPUTER: ReadonlySet<FaultKind> = new Set(['badTimestamp', 'missingName', 'duplicateName']);

function matches(f: FaultSpec, ctx: FaultContext): boolean {
  if (f.operation !== undefined && f.operation !== ctx.operation) return false;
  if (f.region !== undefined && f.region !== ctx.region) return false;
  if (f.accessKeyId !== undefined && f.accessKeyId !== ctx.accessKeyId) return false;
  if (f.computer !== undefined && !PICK_BY_COMPUTER.has(f.kind) && f.computer !== ctx.computer) return false;
  return true;
}
