// The Electron main process: lifecycle only. Before ready: the userData override, the app
// scheme, the app's identity, the single-instance lock and the links that may arrive early.
// On ready: the shared context, then one setupX(ctx) per concern, in order. Every decision lives
// in electron/core or in the small, tested files next to this one. A startup that fails says so
// and exits: a windowless process holding the lock would swallow every later launch and link.
import { join } from 'node:path';
import { app, dialog, protocol } from 'electron';
import { redactSecrets } from '../core/redact.js';
import { applyAppIdentity } from './app-identity.js';
import { createContext, mainPaths } from './create-context.js';
import { exposeE2eHook } from './e2e-hook.js';
import { log, setupLogging } from './log.js';
import { LOG_FILE_NAME } from './log-config.js';
import { APP_SCHEME_PRIVILEGES } from './protocol.js';
import { createLinkQueue, listenForLinks, setupDeepLinks } from './setup-deep-links.js';
import { setupIpc } from './setup-ipc.js';
import { setupLauncherWindow } from './setup-launcher-window.js';
import { setupNotifications } from './setup-notifications.js';
import { setupProgress } from './setup-progress.js';
import { setupProtocol } from './setup-protocol.js';
import { setupQuit } from './setup-quit.js';
import { setupSecurity } from './setup-security.js';
import { setupStartQuestions } from './session-actions.js';
import { setupSessionWindows } from './setup-session-windows.js';
import { setupSettingsEffects } from './setup-settings-effects.js';
import { setupTray } from './setup-tray.js';
import { setupSelfCheck } from './self-check.js';

const E2E = process.env.LFR_E2E === '1';

// Tests (and power users) can isolate all state; must happen before anything reads userData.
const userDataArg = process.argv.find((a) => a.startsWith('--user-data-dir='));
if (userDataArg) app.setPath('userData', userDataArg.slice('--user-data-dir='.length));

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Before the lock: a self-check runs in a profile of its own, beside an open launcher.
const selfCheck = setupSelfCheck(process.argv);
applyAppIdentity(app, process.platform);

const links = createLinkQueue();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Neither tests nor a self-check register the app as the OS's handler for its links.
  listenForLinks(links, { e2e: E2E || selfCheck !== undefined });
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app.whenReady().then(onReady).catch(failStartup);
}

async function onReady(): Promise<void> {
  setupLogging(app.getPath('logs'));
  log.info(`starting ${app.getName()} ${app.getVersion()} on ${process.platform}${E2E ? ' (e2e)' : ''}`);
  const paths = mainPaths({
    appPath: app.getAppPath(),
    userData: app.getPath('userData'),
    logFile: join(app.getPath('logs'), LOG_FILE_NAME),
    here: import.meta.dirname,
    platform: process.platform,
  });
  const ctx = await createContext({ log, e2e: E2E, paths });
  setupSecurity(ctx);
  await setupProtocol(ctx);
  const downloads = setupSessionWindows(ctx);
  setupNotifications(ctx);
  setupProgress(ctx);
  setupTray(ctx);
  setupSettingsEffects(ctx);
  setupIpc(ctx);
  setupLauncherWindow(ctx);
  setupQuit(ctx, downloads);
  setupStartQuestions(ctx);
  setupDeepLinks(ctx, links);
  if (E2E) exposeE2eHook(ctx);
  selfCheck?.run({
    core: ctx.core,
    preloadPath: paths.preload,
    launcherWindow: () => ctx.launcher.current(),
    trayModel: () => ctx.tray?.model(),
  });
}

/** Any startup failure: logged, shown with where the log is, and the process ends (releasing the lock). */
function failStartup(err: unknown): void {
  let logFile = LOG_FILE_NAME;
  try {
    logFile = join(app.getPath('logs'), LOG_FILE_NAME);
    log.error('failed to start', err);
  } catch {
    console.error('failed to start', err);
  }
  const reason = redactSecrets(err instanceof Error ? err.message : String(err));
  dialog.showErrorBox(
    `${app.getName()} could not start`,
    `${reason}\n\nThe log file has the details:\n${logFile}`,
  );
  app.exit(1);
}
