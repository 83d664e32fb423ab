// The last computer list, kept so the launcher paints at once on the next start (marked
// stale until the first sweep answers). Only what the list shows is stored: names, states,
// regions; never a URL or credential (the list carries none).
import Conf from 'conf';
import type { ListCache } from '../core/ports.js';
import type { ComputerList } from '../shared/models.js';

/** A ListCache in dir/computer-list.json; nothing is saved while enabled() is false (demo). */
export function createListCache(dir: string, enabled: () => boolean = () => true): ListCache {
  const conf = new Conf<{ list?: ComputerList }>({ cwd: dir, configName: 'computer-list', clearInvalidConfig: true });
  return {
    load() {
      if (!enabled()) return undefined;
      const list = conf.get('list');
      return list && Array.isArray(list.computers) && Array.isArray(list.errors) ? list : undefined;
    },
    save(list) {
      if (!enabled()) return;
      // Errors may quote an AWS message; the list is enough to paint, so they are not kept.
      conf.set('list', { ...list, errors: [], refreshing: false });
    },
  };
}
