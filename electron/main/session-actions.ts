// The two things every entry point (menu, shortcut, tray, deep link, dialog) does with a
// session, each telling the user when it fails.
import { dialog } from 'electron';
import type { LauncherCore, Notifier } from '../core/ports.js';
import type { ComputerId, Result, SessionKind } from '../shared/models.js';

/** Open (or focus) a session window; a failure is a notification. */
export async function openSession(
  ctx: { core: LauncherCore; notifier: Notifier },
  computerId: ComputerId,
  kind: SessionKind,
  opts?: { startComputer?: boolean },
): Promise<Result<null>> {
  const r = opts ? await ctx.core['session:open'](computerId, kind, opts) : await ctx.core['session:open'](computerId, kind);
  if (!r.ok && r.error.kind !== 'cancelled') ctx.notifier.notify({ title: 'Could not open the session', body: `${r.error.message} ${r.error.nextStep}`, computerId });
  return r;
}

/** Fetch fresh access details and reload the window; a failure is an error box. */
export async function reconnectSession(ctx: { core: LauncherCore }, computerId: ComputerId, kind: SessionKind): Promise<void> {
  const res = await ctx.core.reconnect(computerId, kind);
  if (!res.ok && res.error.kind !== 'cancelled') dialog.showErrorBox('Reconnect failed', `${res.error.message}\n\n${res.error.nextStep}`);
}
