// The browser host: serves the built renderer and exposes a LauncherCore over the same IPC
// contract as the preload (POST /ipc/<channel>, server-sent events on /events), so the real UI
// runs in plain Chromium for the e2e suite, the benchmarks and a no-Electron preview.
// It only ever sends contract payloads: session URLs stay with the WindowHost.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { eventContract, isInvokeChannel, type EventChannel } from '../shared/ipc-contract.js';
import { createIpcRouter, type SenderInfo } from '../core/ipc-router.js';
import { redactErrorTexts } from '../core/redact.js';
import type { LauncherCore } from '../core/ports.js';
import { redactSecrets } from '../core/redact.js';
import { withFirstFrame, type RenderFirstFrame } from '../core/first-frame.js';
import { LAUNCHER_CSP, MIME_TYPES } from '../shared/web.js';
import { BRIDGE_SECRET_HEADER, BRIDGE_SECRET_META, BRIDGE_SECRET_PARAM } from './bridge-transport.js';

/** The launcher renderer's CSP: the one electron/main/protocol.ts sets, so tests see the same rules. */
export const RENDERER_CSP = LAUNCHER_CSP;

const MAX_BODY = 1 << 20;
/** The sender the router sees for a call from the page this host served. */
const PAGE_SENDER: SenderInfo = { sender: { id: 0 }, senderFrame: null };
const TYPES = MIME_TYPES;

export interface BrowserHostOptions {
  launcher: LauncherCore;
  /** The built renderer (renderer/dist). */
  rendererDir: string;
  /** 0 or omitted: a free port. */
  port?: number;
  /**
   * A script to serve as host-bridge.js instead of the HTTP bridge: the benchmarks use one that
   * answers in the page, as the Electron preload does, without a request interceptor's delay.
   */
  bridge?: string;
  /** The renderer's server build, to prerender the first frame into index.html as main does. */
  renderFirstFrame?: RenderFirstFrame;
}

export interface BrowserHost {
  /** The page to open: http://127.0.0.1:PORT/?k=SECRET (the secret is what lets the page call). */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** This run's bridge secret: every call and the event stream must carry it. */
  secret: string;
  close(): Promise<void>;
}

let bridgeJs: Promise<string> | undefined;

/** Bundle the bridge once per process (esbuild: a few ms). */
function bridgeScript(): Promise<string> {
  bridgeJs ??= build({
    entryPoints: [fileURLToPath(new URL('./bridge.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bridgeJs;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    ...extra,
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, JSON.stringify(body ?? null), 'application/json; charset=utf-8');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('Request body too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Serve the renderer and the launcher contract on 127.0.0.1. */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const { launcher } = opts;
  const root = normalize(opts.rendererDir + sep);
  const streams = new Set<ServerResponse>();
  // The same router main uses; the page's origin was checked above it, so the sender is trusted.
  const router = createIpcRouter({ service: launcher, isTrustedSender: () => true, log: console });
  let origin = '';
  let host = '';
  // Origin and Host headers are forgeable by any local process; this secret is not. Only the
  // page opened with it (the printed address) learns it, and hands it to the bridge.
  const secret = randomBytes(24).toString('base64url');
  const secretBytes = Buffer.from(secret);
  const carriesSecret = (value: string | string[] | null | undefined) => {
    if (typeof value !== 'string') return false;
    const given = Buffer.from(value);
    return given.length === secretBytes.length && timingSafeEqual(given, secretBytes);
  };

  const indexHtml = async () => {
    const html = await withFirstFrame(
      await readFile(join(root, 'index.html'), 'utf8'),
      launcher,
      opts.renderFirstFrame,
    );
    // Deferred scripts run in document order once parsed: the bridge, placed first, defines
    // window.launcher before the app's module script runs, without blocking the parser.
    return html.replace(
      /<script\b/i,
      `<meta name="${BRIDGE_SECRET_META}" content="${secret}">\n    <script defer src="./host-bridge.js"></script>\n    <script`,
    );
  };

  async function handleIpc(req: IncomingMessage, res: ServerResponse, channel: string) {
    // Only the page we serve may call: a page from another origin (or a DNS-rebinding name)
    // must not drive the launcher.
    if (req.headers.origin !== origin) return sendJson(res, 403, { error: 'Cross-origin call refused.' });
    if (!carriesSecret(req.headers[BRIDGE_SECRET_HEADER]))
      return sendJson(res, 403, { error: "Call without this run's bridge secret refused." });
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
      return sendJson(res, 415, { error: 'JSON only.' });
    if (!isInvokeChannel(channel)) return sendJson(res, 404, { error: `No such channel: ${channel}` });
    let raw: unknown;
    try {
      raw = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { error: 'Invalid request body.' });
    }
    if (!Array.isArray(raw)) return sendJson(res, 400, { error: 'The body must be the argument list.' });
    try {
      const value = await router.dispatch(PAGE_SENDER, channel, raw);
      sendJson(res, 200, { value });
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      sendJson(res, name === 'InvalidIpcPayload' ? 400 : 500, {
        error: err instanceof Error ? redactSecrets(err.message) : 'The launcher failed.',
      });
    }
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    streams.add(res);
    const write = (channel: EventChannel, payload: unknown) =>
      res.write(`event: ${channel}\ndata: ${JSON.stringify(redactErrorTexts(payload))}\n\n`);
    const offs = (Object.keys(eventContract) as EventChannel[]).map((channel) =>
      launcher.on(channel, (payload) => write(channel, payload)),
    );
    // The page may have asked for the list before this stream opened; whatever changed in
    // between would be lost, so start the stream with the current state.
    const now = launcher.snapshot();
    write('computers:changed', now.list);
    write('windows:changed', now.windows);
    for (const p of now.progress) write('session:progress', p);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    const done = () => {
      clearInterval(ping);
      for (const off of offs) off();
      streams.delete(res);
    };
    req.on('close', done);
    res.on('close', done);
  }

  async function handleStatic(res: ServerResponse, pathname: string) {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, 'Bad path', 'text/plain; charset=utf-8');
    }
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) return send(res, 403, 'Forbidden', 'text/plain; charset=utf-8');
    try {
      const body = await readFile(file);
      // Vite names assets by content hash, so they never change under one URL: letting Chromium
      // keep them is what lets it keep their compiled code too (V8's code cache lives beside the
      // HTTP cache), as Electron does for app:// with codeCache on.
      const hashed = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.(js|css)$/.test(rel);
      send(
        res,
        200,
        body,
        TYPES[extname(file)] ?? 'application/octet-stream',
        hashed ? { 'cache-control': 'public, max-age=31536000, immutable' } : {},
      );
    } catch {
      send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      if (req.headers.host !== host) return send(res, 421, 'Wrong host', 'text/plain; charset=utf-8');
      const url = new URL(req.url ?? '/', origin);
      const path = url.pathname;
      try {
        if (req.method === 'POST' && path.startsWith('/ipc/'))
          return await handleIpc(req, res, path.slice(5));
        if (req.method !== 'GET' && req.method !== 'HEAD')
          return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
        const keyed = carriesSecret(url.searchParams.get(BRIDGE_SECRET_PARAM));
        if (path === '/events')
          return keyed ? handleEvents(req, res) : send(res, 403, 'Forbidden', 'text/plain; charset=utf-8');
        if (path === '/' || path === '/index.html') {
          // The page carries the secret, so it is only served to whoever already has it.
          if (!keyed)
            return send(
              res,
              403,
              "Open the address the launcher preview printed (it carries this run's key).",
              'text/plain; charset=utf-8',
            );
          return send(res, 200, await indexHtml(), TYPES['.html']!);
        }
        if (path === '/host-bridge.js')
          return send(res, 200, opts.bridge ?? (await bridgeScript()), TYPES['.js']!);
        return await handleStatic(res, path);
      } catch (err) {
        if (!res.headersSent)
          send(
            res,
            500,
            err instanceof Error ? redactSecrets(err.message) : 'Error',
            'text/plain; charset=utf-8',
          );
        else res.end();
      }
    })();
  });

  await bridgeScript();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('The browser host did not get a port.');
  host = `127.0.0.1:${addr.port}`;
  origin = `http://${host}`;

  return {
    url: `${origin}/?${BRIDGE_SECRET_PARAM}=${secret}`,
    origin,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
