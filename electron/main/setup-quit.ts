// Quitting is explicit, and asks while sessions are still starting; the core is disposed last.
import { app, dialog } from 'electron';
import type { MainContext } from './context.js';
import { aggregateProgress } from './progress.js';
import { removePendingConnectionFiles } from '../core/dcv-client.js';

/** The question asked when quitting while n sessions are starting. */
export function quitQuestion(starting: number) {
  return {
    type: 'question' as const,
    buttons: ['Quit', 'Keep running'],
    defaultId: 1,
    cancelId: 1,
    message: `${starting === 1 ? 'A session is' : `${starting} sessions are`} still starting. Quit anyway?`,
    detail: 'Setup continues on the computer; you can open the session again later.',
  };
}

/** Confirm quitting when needed; dispose the core when the app goes. */
export function setupQuit(ctx: MainContext): void {
  app.on('before-quit', (event) => {
    if (ctx.quit.confirmed) return;
    const starting = aggregateProgress(ctx.core.snapshot().progress).active;
    if (starting === 0 || ctx.e2e) return ctx.quit.confirm();
    event.preventDefault();
    void dialog.showMessageBox(quitQuestion(starting)).then((r) => {
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
