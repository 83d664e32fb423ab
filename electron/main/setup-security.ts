// App-wide guards, installed before any window exists: no webContents the window factories did
// not make, no <webview>, certificate errors refused, and the launcher's permission policy.
import { app, session } from 'electron';
import type { MainContext } from './context.js';
import { setupSecurityGuards } from './security.js';
import { installLauncherPermissionPolicy } from './windows/permissions.js';
import { setupClientCertificateRefusal } from './windows/session-dialogs.js';

/** Install the guards. */
export function setupSecurity(ctx: MainContext): void {
  setupSecurityGuards({ app, registry: ctx.registry, allowedPreload: ctx.paths.preload, log: ctx.log });
  setupClientCertificateRefusal(app);
  installLauncherPermissionPolicy(session.defaultSession);
}
