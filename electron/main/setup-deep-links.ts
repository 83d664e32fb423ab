// lfr-launcher:// links and forwarded command lines. Links arrive from the first moment (macOS
// open-url can come before ready, a second launch at any time): they wait in a LinkQueue until
// setupDeepLinks has the core, then each is handled as it comes.
import { app } from 'electron';
import { join } from 'node:path';
import { DEEP_LINK_SCHEME, findDeepLink } from '../core/deep-link.js';
import type { MainContext } from './context.js';
import { handleDeepLink, handleSecondInstance, type DeepLinkDeps } from './deep-links.js';
import { openSession } from './session-actions.js';

/** A forwarded command line or a link, in arrival order. */
export type Arrival = { type: 'link'; url: string } | { type: 'argv'; argv: readonly string[] };

/** Holds arrivals until a handler is attached, then hands each to it. */
export interface LinkQueue {
  push(a: Arrival): void;
  /** Handle what waited, in order, and everything after as it comes. */
  drain(handler: (a: Arrival) => void): void;
}

/** A LinkQueue. */
export function createLinkQueue(): LinkQueue {
  const waiting: Arrival[] = [];
  let handler: ((a: Arrival) => void) | undefined;
  return {
    push(a) {
      if (handler) handler(a);
      else waiting.push(a);
    },
    drain(h) {
      handler = h;
      for (const a of waiting.splice(0)) h(a);
    },
  };
}

/** Listen for links and second launches from the very start (before ready). */
export function listenForLinks(queue: LinkQueue, o: { e2e: boolean }): void {
  // macOS delivers links as an event, possibly before ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    queue.push({ type: 'link', url });
  });
  const startLink = findDeepLink(process.argv);
  if (startLink) queue.push({ type: 'link', url: startLink });
  app.on('second-instance', (_event, argv) => queue.push({ type: 'argv', argv }));
  if (o.e2e) return;
  // In development the app runs as `electron .`, so the OS must be told the script too.
  // Links are parsed strictly (core/deep-link.ts) and only ever open a listed computer.
  // The waivers must stay on the lines the scanner flags.
  // prettier-ignore
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [join(process.cwd(), process.argv[1])]); // eng-disable PROTOCOL_HANDLER_JS_CHECK -- deep links are parsed strictly with the contract's schemas and can only open a listed computer's session
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK -- deep links are parsed strictly with the contract's schemas and can only open a listed computer's session
}

/** Handle the links that waited and every later one. */
export function setupDeepLinks(ctx: MainContext, queue: LinkQueue): void {
  const deps: DeepLinkDeps = {
    // Straight to the core, as a link: it decides, and main's reporter says what failed.
    open: (id, kind, target) => openSession(ctx, 'link', id, kind, target ? { target } : {}),
    refused: (reason) => ctx.openReporter.linkRefused(reason),
    showLauncher: () => ctx.launcher.show(),
    log: ctx.log,
  };
  queue.drain(
    (a) => void (a.type === 'link' ? handleDeepLink(a.url, deps) : handleSecondInstance(a.argv, deps)),
  );
}
