// IPC: every contract channel, checked (sender frame, payload), and every core event forwarded
// to the launcher renderer. app:info also says when the OS refused the global shortcut.
import { ipcMain } from 'electron';
import {
  eventContract,
  invokeContract,
  type EventChannel,
  type InvokeChannel,
  type LauncherService,
} from '../shared/ipc-contract.js';
import type { MainContext } from './context.js';
import { bindIpc, createIpcRouter, createSenderCheck, send } from './ipc.js';

/** The service the renderer talks to: the core, with main's own facts added to app:info. */
export function launcherService(ctx: Pick<MainContext, 'core' | 'shortcut'>): LauncherService {
  // Each channel calls the core as its own method (the core may be a class instance).
  const forward = Object.fromEntries(
    (Object.keys(invokeContract) as InvokeChannel[]).map((c) => [
      c,
      (...args: unknown[]) => (ctx.core[c] as (...a: unknown[]) => unknown).apply(ctx.core, args),
    ]),
  ) as unknown as LauncherService;
  return {
    ...forward,
    'app:info': async () => {
      const info = await ctx.core['app:info']();
      const shortcutError = ctx.shortcut.error();
      return shortcutError ? { ...info, shortcutError } : info;
    },
  };
}

/** Register the handlers and forward the events. */
export function setupIpc(ctx: MainContext): void {
  const router = createIpcRouter({
    service: launcherService(ctx),
    isTrustedSender: createSenderCheck(() => {
      const wc = ctx.launcher.current()?.webContents;
      return wc
        ? { id: wc.id, mainFrame: { processId: wc.mainFrame.processId, routingId: wc.mainFrame.routingId } }
        : undefined;
    }),
    log: ctx.log,
  });
  bindIpc(ipcMain, router);
  for (const channel of Object.keys(eventContract) as EventChannel[]) {
    ctx.core.on(channel, (payload) => send(ctx.launcher.current()?.webContents, channel, payload as never));
  }
}
