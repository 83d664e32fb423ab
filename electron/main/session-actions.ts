// How main's entry points (tray, a session window's menu and shortcuts, links, the e2e hook)
// ask for a session: straight to the core, saying where the open came from. The core decides
// (focus, ask, open) and reports a failure once, through main's reporter (open-reporter.ts).
import type { LauncherCore } from '../core/ports.js';
import type { OpenOptions } from '../shared/ipc-contract.js';
import type { ComputerId, Result, SessionKind } from '../shared/models.js';
import type { OpenSource } from '../shared/vocabulary.js';

/** Open (or focus) a session, asked from `source`. */
export function openSession(
  ctx: { core: LauncherCore },
  source: OpenSource,
  computerId: ComputerId,
  kind: SessionKind,
  opts: Omit<OpenOptions, 'source'> = {},
): Promise<Result<null>> {
  return ctx.core['session:open'](computerId, kind, { ...opts, source });
}

/** Fetch fresh access details and reload the window; a failure is an error box (the reporter's). */
export async function reconnectSession(
  ctx: { core: LauncherCore },
  computerId: ComputerId,
  kind: SessionKind,
): Promise<void> {
  await ctx.core.reconnect(computerId, kind);
}

/** A question waits (start this stopped computer?): it is asked on the computer's row, so the launcher comes up, whatever asked. */
export function setupStartQuestions(ctx: { core: LauncherCore; launcher: { show(): void } }): void {
  ctx.core.on('session:startQuestion', () => ctx.launcher.show());
}
