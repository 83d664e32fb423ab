// Every BrowserWindow of the app is made here: hardened and registered, so the app-wide guard
// (../security.ts) closes any webContents that did not come from this factory.
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import type { createContentsRegistry } from '../security.js';

/** A window factory that hardens options and registers each window's webContents. */
export function createWindowFactory(registry: ReturnType<typeof createContentsRegistry>) {
  return (options: BrowserWindowConstructorOptions): BrowserWindow => {
    // The factories (window-options.ts) already set these and assert them; restating them
    // literally means no later edit of a factory can drop them, and the scanner can see them.
    // The waiver must stay on the line the scanner flags.
    // prettier-ignore
    const win = new BrowserWindow({ // eng-disable AUXCLICK_JS_CHECK -- middle-click cannot open windows: every webContents denies window.open (security.ts, navigation-guard.ts); the DCV client needs middle-click for the remote desktop
      ...options,
      webPreferences: {
        ...options.webPreferences,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        webviewTag: false,
        allowRunningInsecureContent: false,
      },
    });
    registry.add(win.webContents.id);
    return win;
  };
}
