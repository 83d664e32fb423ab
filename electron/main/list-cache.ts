// The last computer list, kept so the launcher paints at once on the next start (marked
// stale until the first sweep answers). Only what the list shows is stored: names, states,
// regions; never a URL or credential (the list carries none). The file is ours but lives on
// the user's disk: each entry is checked on the way in, and a bad one is dropped, not the list.
import Conf from 'conf';
import * as v from 'valibot';
import type { ListCache } from '../core/ports.js';
import { ComputerIdSchema } from '../shared/ipc-contract.js';
import {
  GUI_SESSION_STATUSES,
  INSTANCE_STATE_NAMES,
  type ComputerList,
  type VirtualComputer,
} from '../shared/models.js';

/** One cached computer, as the list shows it. */
const CachedComputerSchema = v.object({
  id: ComputerIdSchema,
  name: v.string(),
  profile: v.string(),
  region: v.string(),
  state: v.picklist(INSTANCE_STATE_NAMES),
  app: v.object({ id: v.string(), name: v.string() }),
  plan: v.object({ id: v.string(), name: v.optional(v.string()) }),
  createdAt: v.optional(v.string()),
  sessionStatus: v.optional(v.picklist(GUI_SESSION_STATUSES)),
  arn: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  reachedThrough: v.optional(v.array(v.string())),
  aliases: v.optional(v.array(ComputerIdSchema)),
});

/** The computers of a stored list that are well formed; the rest are dropped. */
export function validCachedComputers(raw: unknown): VirtualComputer[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((c) => {
    const r = v.safeParse(CachedComputerSchema, c);
    return r.success ? [r.output as VirtualComputer] : [];
  });
}

/** A ListCache in dir/computer-list.json, off for the demo environment (disable() on a switch to demo). */
export function createListCache(dir: string, enabled = true): ListCache & { disable(): void } {
  const conf = new Conf<{ list?: unknown }>({
    cwd: dir,
    configName: 'computer-list',
    clearInvalidConfig: true,
  });
  let on = enabled;
  return {
    load() {
      if (!on) return undefined;
      const list = conf.get('list') as Partial<ComputerList> | undefined;
      if (!list || typeof list !== 'object' || !Array.isArray(list.computers)) return undefined;
      return {
        computers: validCachedComputers(list.computers),
        errors: [],
        refreshedAt: typeof list.refreshedAt === 'string' ? list.refreshedAt : '',
        stale: true,
        refreshing: false,
      };
    },
    save(list) {
      if (!on) return;
      // Errors may quote an AWS message; the list is enough to paint, so they are not kept.
      conf.set('list', { ...list, errors: [], refreshing: false });
    },
    disable() {
      on = false;
    },
  };
}
