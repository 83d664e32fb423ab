// app://launcher/... serves the launcher renderer (renderer/dist, or the packaged copy) with
// a strict CSP. Only files inside that directory are served: the path is decoded once,
// normalised, and refused if it climbs out or names anything odd.
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { LAUNCHER_CSP, MIME_TYPES } from '../shared/web.js';
import { APP_HOST, APP_SCHEME } from './ipc.js';

/** The launcher's Content-Security-Policy (shared/web.ts), sent as a response header. */
// eng-disable CSP_GLOBAL_CHECK -- the CSP is sent as a response header by createAppProtocolHandler below, which a static scan cannot see
export { LAUNCHER_CSP };

/** The privileges of the app scheme, for protocol.registerSchemesAsPrivileged before ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  // codeCache: V8 keeps the compiled renderer between launches (custom schemes get none by
  // default), which is most of what a warm start of the launcher window costs.
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

/** The launcher's start page. */
export const LAUNCHER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const TYPES = MIME_TYPES;

/** The file an app:// URL names inside root, or null when it must not be served. */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  // Backslashes, NUL and drive letters could change meaning on Windows after decoding.
  if (/[\\\0]|^\/?[a-zA-Z]:/.test(path) || path.split('/').some((s) => s === '..' || s === '.')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const file = resolve(base, `.${path}`);
  if (!file.startsWith(base + sep)) return null;
  return file;
}

/**
 * The protocol.handle handler: serves files under root with the CSP, 404 otherwise. `indexHtml`
 * may rewrite the start page on its way out (main puts the prerendered first frame in it).
 */
export function createAppProtocolHandler(
  root: string,
  read: (file: string) => Promise<Uint8Array> = readFile,
  indexHtml?: (html: string) => Promise<string>,
) {
  const index = resolve(root, 'index.html');
  return async (request: Request): Promise<Response> => {
    const headers = {
      'Content-Security-Policy': LAUNCHER_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
    };
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405, headers });
    const file = resolveAppPath(root, request.url);
    if (!file) return new Response('Not found', { status: 404, headers });
    try {
      let body: Uint8Array = await read(file);
      if (indexHtml && file === index)
        body = Buffer.from(await indexHtml(Buffer.from(body).toString('utf8')), 'utf8');
      return new Response(request.method === 'HEAD' ? null : Buffer.from(body), {
        status: 200,
        headers: {
          ...headers,
          'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        },
      });
    } catch {
      return new Response('Not found', { status: 404, headers });
    }
  };
}
