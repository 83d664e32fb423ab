// Test-only window into the main process for the Playwright _electron suite (LFR_E2E=1).
import type { MainContext } from './context.js';
import type { OpenSource } from '../shared/vocabulary.js';
import { openSession } from './session-actions.js';

/** Put __lfrE2E on globalThis. */
export function exposeE2eHook(ctx: MainContext): void {
  Object.assign(globalThis, {
    __lfrE2E: {
      trayModel: () => ctx.tray?.model() ?? [],
      snapshot: () => ctx.core.snapshot(),
      windows: () => ctx.windows.list(),
      // As the tray does, unless another source is named (the boot specs count reports per source).
      openSession: (
        id: string,
        kind: 'app' | 'desktop',
        opts?: { startComputer?: boolean },
        source: OpenSource = 'tray',
      ) => openSession(ctx, source, id, kind, opts ?? {}),
    },
  });
}
