// Taskbar and dock progress while sessions are being set up: the launcher's bar and badge show
// every setup in flight; each session window's bar shows its own computer's.
import { app } from 'electron';
import { isSetupOver } from '../shared/session.js';
import type { MainContext } from './context.js';
import { aggregateProgress } from './progress.js';

/** Follow session:progress on the taskbar. */
export function setupProgress(ctx: MainContext): void {
  ctx.core.on('session:progress', (p) => {
    const agg = aggregateProgress(ctx.core.snapshot().progress);
    ctx.launcher.current()?.setProgressBar(agg.fraction);
    app.setBadgeCount(agg.active);
    ctx.windows.setProgress(p.computerId, isSetupOver(p.phase) ? -1 : Math.max(0.02, p.percentage / 100));
  });
}
