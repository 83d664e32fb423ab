// The stand-in DCV server, on its own port as DCV is on each computer (8443 there): session
// pages at the documented URL form https://host:port/?authToken=…#sessionId over HTTPS with a
// self-signed certificate generated at start (as DCV ships), and the page's WebSocket to the
// same origin, which refuses a wrong token. The certificate can be replaced while running,
// which is what a recreated computer looks like to a client that pinned the old one.
import { randomBytes, X509Certificate } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { generate } from 'selfsigned';
import { WebSocketServer } from 'ws';
import { dcvPageHeaders, refusedPage, sessionPage } from './dcv-page.js';

/** The session a live token opens. */
export interface DcvSession {
  computer: string;
  region: string;
  kind: 'app' | 'desktop';
  app: string;
}

/** A running DCV stand-in. */
export interface DcvServer {
  /** https://127.0.0.1:PORT (http:// without TLS). */
  origin: string;
  port: number;
  /** SHA-256 fingerprint of the certificate now served (colon hex), undefined without TLS. */
  fingerprint(): string | undefined;
  /** Serve a newly generated certificate from now on (open connections are cut); its fingerprint. */
  rotateCertificate(): Promise<string>;
  close(): Promise<void>;
}

async function makeCertificate(): Promise<{ key: string; cert: string; sha256: string }> {
  const days = 30;
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    notAfterDate: new Date(Date.now() + days * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert, sha256: new X509Certificate(pems.cert).fingerprint256 };
}

/** Start the DCV stand-in on 127.0.0.1; `resolve` says which session a token opens, if any. */
export async function startDcvServer(o: {
  tls: boolean;
  port?: number;
  resolve(token: string): DcvSession | undefined;
  log?: (line: string) => void;
}): Promise<DcvServer> {
  let current = o.tls ? await makeCertificate() : undefined;
  const sockets = new Set<Socket>();
  // DCV's session storage, per computer: what uploads put there and downloads take from it.
  const storage = new Map<string, Map<string, Buffer>>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/files' || url.pathname.startsWith('/files/')) return files(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('Method not allowed\n');
      return;
    }
    if (url.pathname !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found\n');
      return;
    }
    // The token is a credential: never logged.
    const session = o.resolve(url.searchParams.get('authToken') ?? '');
    if (!session) {
      o.log?.('DCV GET / -> 403');
      const body = refusedPage();
      res.writeHead(403, { ...dcvPageHeaders(), 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    const body = sessionPage({
      computer: session.computer,
      region: session.region,
      kind: session.kind,
      app: session.app,
      sessionName: session.kind === 'app' ? session.app : 'Ubuntu Desktop',
      client: { nonce },
    });
    o.log?.(`DCV GET / ${session.region}/${session.computer} (${session.kind}) -> 200`);
    res.writeHead(200, { ...dcvPageHeaders({ nonce }), 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  // GET /files (the list), PUT /files/NAME (an upload), GET /files/NAME (a download), each with
  // the session's token, as DCV's file storage works within a session.
  function files(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const session = o.resolve(url.searchParams.get('authToken') ?? '');
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...headers,
      });
      res.end(body);
    };
    if (!session) return send(403, JSON.stringify({ error: 'invalid session token' }));
    const key = `${session.region}/${session.computer}`;
    let store = storage.get(key);
    if (!store)
      storage.set(key, (store = new Map([['results.csv', Buffer.from('run,score\n1,0.91\n2,0.94\n')]])));
    const name = decodeURIComponent(url.pathname.slice('/files/'.length));
    if (url.pathname === '/files' && req.method === 'GET')
      return send(200, JSON.stringify([...store].map(([n, b]) => ({ name: n, size: b.length }))));
    if (!/^[\w .()-]{1,200}$/.test(name) || name.startsWith('.'))
      return send(400, JSON.stringify({ error: 'bad file name' }));
    if (req.method === 'GET') {
      const body = store.get(name);
      if (!body) return send(404, JSON.stringify({ error: 'no such file' }));
      return send(200, body, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${name}"`,
        'content-length': String(body.length),
      });
    }
    if (req.method !== 'PUT') return send(405, JSON.stringify({ error: 'method not allowed' }));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // 10 MB is plenty for a stand-in; more is refused rather than held in memory.
      if (size > 10 * 1024 * 1024) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      store.set(name, Buffer.concat(chunks));
      o.log?.(`DCV PUT /files ${key} (${size} bytes) -> 201`);
      send(201, JSON.stringify({ name, size }));
    });
  }

  const server = current
    ? createHttpsServer({ key: current.key, cert: current.cert }, handler)
    : createHttpServer(handler);
  server.keepAliveTimeout = 5_000;
  server.on(current ? 'secureConnection' : 'connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  // The session's WebSocket: same origin, same token; a wrong one is refused before upgrading.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const session = url.pathname === '/ws' ? o.resolve(url.searchParams.get('authToken') ?? '') : undefined;
    if (!session) {
      o.log?.('DCV WebSocket refused (wrong or expired token)');
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ type: 'connected', kind: session.kind }));
      ws.on('message', (data) => {
        if (String(data) === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `${current ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    origin,
    port,
    fingerprint: () => current?.sha256,
    async rotateCertificate() {
      if (!current) throw new Error('the DCV stand-in runs without TLS');
      current = await makeCertificate();
      (server as HttpsServer).setSecureContext({ key: current.key, cert: current.cert });
      // Kept-alive connections would go on showing the old certificate.
      for (const s of sockets) s.destroy();
      return current.sha256;
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}
