// IPC: every contract channel, checked (sender frame, payload), and every core event forwarded
// to the launcher renderer. app:info also says when the OS refused the global shortcut.
import { ipcMain } from 'electron';
import type { LauncherService } from '../shared/ipc-contract.js';
import { eventContract, type EventChannel } from '../shared/ipc-contract.js';
import type { MainContext } from './context.js';
import { bindIpc, createIpcRouter, createSenderCheck, send } from './ipc.js';

/** The service the renderer talks to: the core, with main's own facts added to app:info. */
export function launcherService(ctx: Pick<MainContext, 'core'>, shell: { shortcutError(): string | undefined }): LauncherService {
  return {
    ...ctx.core,
    'app:info': async () => {
      const info = await ctx.core['app:info']();
      const shortcutError = shell.shortcutError();
      return shortcutError ? { ...info, shortcutError } : info;
    },
  };
}

/** Register the handlers and forward the events. */
export function setupIpc(ctx: MainContext, shell: { shortcutError(): string | undefined }): void {
  const router = createIpcRouter({
    service: launcherService(ctx, shell),
    isTrustedSender: createSenderCheck(() => {
      const wc = ctx.launcher.current()?.webContents;
      return wc ? { id: wc.id, mainFrame: { processId: wc.mainFrame.processId, routingId: wc.mainFrame.routingId } } : undefined;
    }),
    log: ctx.log,
  });
  bindIpc(ipcMain, router);
  for (const channel of Object.keys(eventContract) as EventChannel[]) {
    ctx.core.on(channel, (payload) => send(ctx.launcher.current()?.webContents, channel, payload as never));
  }
}
