// The launcher window at startup: shown, or made hidden when started at login (or for a
// self-check); a notice when settings were reset. The window itself: windows/launcher-window-controller.ts.
import { app, dialog } from 'electron';
import type { MainContext } from './context.js';
import { launchedAtLogin } from './login-item.js';
import { isSelfCheck } from './self-check.js';

/** Open the launcher window (hidden when started at login) and say when settings were reset. */
export function setupLauncherWindow(ctx: MainContext): void {
  if (launchedAtLogin() || isSelfCheck(process.argv)) ctx.launcher.createHidden();
  else ctx.launcher.show();
  const notice = ctx.settings.notice;
  const win = ctx.launcher.current();
  if (notice && win)
    win.once(
      'ready-to-show',
      () => void dialog.showMessageBox({ type: 'warning', message: 'Settings were reset', detail: notice }),
    );
  app.on('activate', () => ctx.launcher.show());
}
