// Quitting is explicit, and asks while sessions are still starting; the core is disposed last.
import { app, dialog } from 'electron';
import type { MainContext } from './context.js';
import { aggregateProgress } from './progress.js';
import { removePendingConnectionFiles } from '../core/dcv-client.js';

/** The question asked when quitting while sessions are starting or files are downloading. */
export function quitQuestion(starting: number, downloading = 0) {
  const what = [
    ...(starting > 0
      ? [starting === 1 ? 'a session is still starting' : `${starting} sessions are still starting`]
      : []),
    ...(downloading > 0
      ? [downloading === 1 ? 'a file is still downloading' : `${downloading} files are still downloading`]
      : []),
  ].join(' and ');
  return {
    type: 'question' as const,
    buttons: ['Quit', 'Keep running'],
    defaultId: 1,
    cancelId: 1,
    message: `${what.charAt(0).toUpperCase()}${what.slice(1)}. Quit anyway?`,
    detail: [
      ...(starting > 0 ? ['Setup continues on the computer; you can open the session again later.'] : []),
      // Electron cancels every download when the app quits; what was received is not kept.
      ...(downloading > 0 ? ['A download stops when the launcher quits and is not saved.'] : []),
    ].join(' '),
  };
}

/** Confirm quitting when needed; dispose the core when the app goes. */
export function setupQuit(ctx: MainContext, downloads?: { inProgress(): number }): void {
  app.on('before-quit', (event) => {
    if (ctx.quit.confirmed) return;
    const starting = aggregateProgress(ctx.core.snapshot().progress).active;
    const downloading = downloads?.inProgress() ?? 0;
    if ((starting === 0 && downloading === 0) || ctx.e2e) return ctx.quit.confirm();
    event.preventDefault();
    void dialog.showMessageBox(quitQuestion(starting, downloading)).then((r) => {
      if (r.response !== 0) return;
      ctx.quit.confirm();
      app.quit();
    });
  });
  app.on('will-quit', () => {
    // Connection files still inside their 30 s read window carry a sign-in token.
    removePendingConnectionFiles();
    void ctx.core.dispose();
  });
}
