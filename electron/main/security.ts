// App-wide guards that hold whatever a window factory does: no <webview>, no window.open by
// default, no webContents the shell did not create itself, certificate errors never trusted.
import type { App, WebContents } from 'electron';

/** Which webContents the window factories created (ids). */
export function createContentsRegistry() {
  const known = new Set<number>();
  return {
    add: (id: number) => void known.add(id),
    has: (id: number) => known.has(id),
    delete: (id: number) => void known.delete(id),
  };
}

/** Install the web-contents-created and certificate-error guards. */
export function setupSecurityGuards(o: {
  app: Pick<App, 'on'>;
  registry: ReturnType<typeof createContentsRegistry>;
  /** Our own preload (the launcher's); any other preload script means tampering. */
  allowedPreload: string;
  log: { warn(...a: unknown[]): void };
}): void {
  o.app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      o.log.warn('blocked a <webview>');
    });
    // Replaced by each window's own handler; until then, nothing may open.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.once('did-start-navigation', (details) => {
      // Chromium's own DevTools front end (opened by a developer) is not ours to police.
      if (details.url.startsWith('devtools://')) return;
      const preloads = contents.session.getPreloadScripts?.() ?? [];
      const foreign = preloads.filter((p) => p.filePath !== o.allowedPreload);
      if (!o.registry.has(contents.id) || foreign.length > 0) {
        o.log.warn(
          `closed a webContents the shell did not create or with an unexpected preload (type ${contents.getType()})`,
        );
        contents.close();
      }
    });
    contents.once('destroyed', () => o.registry.delete(contents.id));
  });
  // The waiver must stay on the line the scanner flags.
  // prettier-ignore
  o.app.on('certificate-error', (event, _contents, url, error, _cert, callback) => { // eng-disable CERTIFICATE_ERROR_EVENT_JS_CHECK -- the handler always refuses (callback(false)); it exists only to log
    // Chromium's default is to refuse; say so explicitly and never override it.
    event.preventDefault();
    let origin = 'an unparsable URL';
    try {
      origin = new URL(url).origin;
    } catch {
      /* keep the placeholder */
    }
    o.log.warn(`refused a certificate for ${origin}: ${error}`);
    callback(false);
  });
}
