// The tray: its menu follows the computer list, sessions and windows; its items act on the core.
import { app, Menu } from 'electron';
import type { TrayAction } from '../core/tray-menu.js';
import type { SignInEntry, SignInState } from '../shared/models.js';
import type { MainContext } from './context.js';
import { openSession } from './session-actions.js';

function onTrayAction(ctx: MainContext, a: TrayAction): void {
  switch (a.type) {
    case 'open':
      // A stopped computer's item reads "Start and open…": the click is the user's consent.
      return void openSession(
        ctx,
        'tray',
        a.computerId,
        a.kind,
        a.startComputer ? { startComputer: true } : {},
      );
    case 'start':
      return void ctx.core['computers:start'](a.computerId);
    case 'stop':
      return void ctx.core['computers:stop'](a.computerId);
    case 'stop-session':
      return void ctx.core['session:stop'](a.computerId);
    case 'keep-going':
      return void ctx.core['session:keepGoing'](a.computerId);
    case 'sign-in':
      // The device flow opens the browser itself; the launcher shows the code to check.
      ctx.launcher.show();
      return void ctx.core['signin:start'](a.signIn);
    case 'show-launcher':
      return ctx.launcher.show();
    case 'quit':
      return app.quit();
  }
}

/** Render the context's tray menu now and on every change. */
export function setupTray(ctx: MainContext): void {
  if (!ctx.tray) return;
  const tray = ctx.tray;
  // The menu is built synchronously: keep the last sign-in state the core sent.
  let signIns: SignInEntry[] = [];
  const takeSignIns = (s: SignInState) => {
    signIns = s.entries;
    menu.render();
  };
  const menu = tray.bindMenu({
    buildMenu: (t) => Menu.buildFromTemplate(t),
    input: () => ({ ...ctx.core.snapshot(), demo: ctx.core.environment().demo, now: Date.now(), signIns }),
    onAction: (a) => onTrayAction(ctx, a),
    onClick: process.platform === 'darwin' ? undefined : () => ctx.launcher.show(),
  });
  for (const channel of ['computers:changed', 'session:progress', 'windows:changed'] as const)
    ctx.core.on(channel, () => menu.render());
  ctx.core.on('signin:changed', takeSignIns);
  void ctx.core['signin:list']().then(takeSignIns, () => {});
  // The menu shows each session's time left: keep it within a minute of the truth.
  const tick = setInterval(() => menu.render(), 60_000);
  tick.unref?.();
  app.on('will-quit', () => {
    clearInterval(tick);
    tray.icon.destroy();
  });
}
