// Test-only window into the main process for the Playwright _electron suite (LFR_E2E=1).
import type { TrayMenuItem } from '../core/tray-menu.js';
import type { MainContext } from './context.js';
import { openSession } from './session-actions.js';

/** Put __lfrE2E on globalThis. */
export function exposeE2eHook(ctx: MainContext, tray: { model(): TrayMenuItem[] } | undefined): void {
  Object.assign(globalThis, {
    __lfrE2E: {
      trayModel: () => tray?.model() ?? [],
      snapshot: () => ctx.core.snapshot(),
      windows: () => ctx.windows.list(),
      openSession: (id: string, kind: 'app' | 'desktop', opts?: { startComputer?: boolean }) => openSession(ctx, id, kind, opts),
    },
  });
}
