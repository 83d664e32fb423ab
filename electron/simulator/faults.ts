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
  'http500',
  'latency',
  'hang',
  'malformed',
  'failedStartingGUISession',
  'failedInstanceCreation',
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

/** Checks a fault spec coming from a test or over HTTP; throws a readable error. */
export function validateFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('a fault is a JSON object');
  const f = input as Record<string, unknown>;
  if (!FAULT_KINDS.includes(f['kind'] as FaultKind)) throw new Error(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
  for (const key of ['operation', 'region', 'computer', 'accessKeyId', 'failureReason', 'message'] as const) {
    if (f[key] !== undefined && typeof f[key] !== 'string') throw new Error(`fault ${key} must be a string`);
  }
  for (const key of ['times', 'latencyMs'] as const) {
    const v = f[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) throw new Error(`fault ${key} must be a whole number >= 0`);
  }
  if (f['kind'] === 'latency' && f['latencyMs'] === undefined) throw new Error('a latency fault needs latencyMs');
  const known = new Set(['kind', 'operation', 'region', 'computer', 'accessKeyId', 'times', 'latencyMs', 'failureReason', 'message']);
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
    const active: ActiveFault = { ...f, id: randomUUID(), hits: 0, ...(f.times !== undefined ? { remaining: f.times } : {}) };
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
      if (!kinds.includes(f.kind) || !matches(f, ctx) || (f.remaining !== undefined && f.remaining <= 0)) continue;
      if (f.kind === 'latency') latencyMs += f.latencyMs ?? 0;
      else if (fault) continue;
      else fault = f;
      this.use(f);
    }
    return { latencyMs, ...(fault ? { fault } : {}) };
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

function matches(f: FaultSpec, ctx: FaultContext): boolean {
  if (f.operation !== undefined && f.operation !== ctx.operation) return false;
  if (f.region !== undefined && f.region !== ctx.region) return false;
  if (f.accessKeyId !== undefined && f.accessKeyId !== ctx.accessKeyId) return false;
  if (f.computer !== undefined && f.computer !== ctx.computer) return false;
  return true;
}
