// Session windows show remote DCV pages: they may only ever navigate within the exact origin
// Lightsail returned. Parsed URL origins are compared, never prefixes, so
// https://host.example.com.evil.test or a downgrade to http:// never passes.
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { sameOrigin } from '../../core/dcv-url.js';

/** What to do with a navigation or window.open in a session window. */
export type NavigationDecision = 'allow' | 'deny' | 'external';

/** Decide a navigation: same origin allowed; another https origin may open in the browser. */
export function navigationDecision(targetUrl: string, allowedOrigin: string): NavigationDecision {
  let target: URL;
  try {
    target = new URL(targetUrl);
  } catch {
    return 'deny';
  }
  // Opaque origins (data:, javascript:, file:, blob:, about:) never match anything.
  if (target.origin === 'null') return 'deny';
  if (target.username || target.password) return 'deny';
  if (sameOrigin(target.href, allowedOrigin)) return 'allow';
  return target.protocol === 'https:' ? 'external' : 'deny';
}

/** The window.open answer: deny, or allow with the window the shell builds itself. */
export type WindowOpenAnswer =
  | { action: 'deny' }
  | {
      action: 'allow';
      createWindow: (options: BrowserWindowConstructorOptions) => WebContents;
      outlivesOpener: false;
    };

/** What navigation guarding needs from a webContents (Electron's WebContents has it). */
export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect',
    listener: (event: NavigationEventLike) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenAnswer): void;
}

/** The part of Electron's navigation event the guard reads. */
export interface NavigationEventLike {
  url: string;
  isMainFrame: boolean;
  preventDefault(): void;
}

/** Lock a session window's navigation to its allowed origin (read at each navigation). */
export function guardNavigation(
  contents: GuardedContents,
  allowedOrigin: () => string,
  opts: {
    onExternal: (url: string) => void;
    onBlocked?: (url: string, why: string) => void;
    /** A same-origin window.open (DCV's extra displays): the window to open, or deny. */
    onSameOriginOpen?: (url: string) => WindowOpenAnswer;
  },
): void {
  const check = (why: string, askForExternal: boolean) => (event: NavigationEventLike) => {
    const decision = navigationDecision(event.url, allowedOrigin());
    if (decision === 'allow') return;
    event.preventDefault();
    opts.onBlocked?.(event.url, why);
    // Only a user's click on a link in the main frame may offer the browser; redirects and
    // frames navigating themselves are silently refused.
    if (decision === 'external' && askForExternal && event.isMainFrame) opts.onExternal(event.url);
  };
  contents.on('will-navigate', check('will-navigate', true));
  contents.on('will-frame-navigate', check('will-frame-navigate', false));
  contents.on('will-redirect', check('will-redirect', false));
  contents.setWindowOpenHandler(({ url }) => {
    const decision = navigationDecision(url, allowedOrigin());
    if (decision === 'allow' && opts.onSameOriginOpen) return opts.onSameOriginOpen(url);
    if (decision === 'external') opts.onExternal(url);
    else opts.onBlocked?.(url, 'window.open');
    return { action: 'deny' };
  });
}
