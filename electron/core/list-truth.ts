// What the list shows when it does not know: a scope that failed keeps its last-known rows,
// marked stale with the reason; the GUI session status of running computers is asked of the
// service (never guessed as "no session").
import { CreateGUISessionAccessDetailsCommand } from '@aws-sdk/client-lightsail';
import pLimit from 'p-limit';
import {
  isGuiSessionStatus,
  type ComputerId,
  type GuiSessionStatus,
  type ScopeError,
  type VirtualComputer,
} from '../shared/models.js';
import type { ClientFactory } from './ports.js';

/** How many session-status requests run at once after a refresh. */
export const SESSION_STATUS_CONCURRENCY = 4;

/**
 * Rows of the previous list whose profile × region failed in this sweep, kept and marked stale
 * with the reason; a computer the sweep found again through another profile is not kept twice.
 */
export function staleRows(
  previous: readonly VirtualComputer[],
  errors: readonly ScopeError[],
  fresh: readonly VirtualComputer[],
): VirtualComputer[] {
  const seen = new Set(fresh.flatMap((c) => [c.id, ...(c.arn ? [c.arn] : [])]));
  const out: VirtualComputer[] = [];
  for (const c of previous) {
    if (seen.has(c.id) || (c.arn && seen.has(c.arn))) continue;
    const failed = errors.find(
      (e) => e.profile === c.profile && (e.region === undefined || e.region === c.region),
    );
    if (!failed) continue;
    out.push({ ...c, staleReason: failed.error.message });
    seen.add(c.id);
  }
  return out;
}

/**
 * The GUI session status of each running computer, from CreateGUISessionAccessDetails, at most
 * `concurrency` at a time. A computer whose answer fails or is not a known status is left out
 * (it stays "unknown"). The session URLs in the answers are dropped unread.
 */
export async function sessionStatuses(
  computers: readonly VirtualComputer[],
  clients: ClientFactory,
  opts: { signal?: AbortSignal; concurrency?: number } = {},
): Promise<Map<ComputerId, GuiSessionStatus>> {
  const limit = pLimit(Math.max(1, opts.concurrency ?? SESSION_STATUS_CONCURRENCY));
  const out = new Map<ComputerId, GuiSessionStatus>();
  await Promise.all(
    computers
      .filter((c) => c.state === 'running' && !c.staleReason)
      .map((c) =>
        limit(async () => {
          if (opts.signal?.aborted) return;
          try {
            const res = await clients
              .client(c.profile, c.region)
              .send(new CreateGUISessionAccessDetailsCommand({ resourceName: c.name }), {
                abortSignal: opts.signal,
              });
            if (isGuiSessionStatus(res.status)) out.set(c.id, res.status);
          } catch {
            // Unknown it stays: the row says so rather than guessing.
          }
        }),
      ),
  );
  return out;
}
