import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { BRIDGE_SECRET_HEADER, createHttpTransport } from '../../electron/browser-host/bridge-transport.js';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server.js';
import { fakeCore, makeComputers } from '../bench/renderer.bench.js';

let dir: string;
let host: BrowserHost;

beforeAll(async () => {
  // A stand-in renderer build: an index and one content-hashed asset, as Vite writes them.
  dir = mkdtempSync(join(tmpdir(), 'lfr-host-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="./assets/index-BkO9IHY1.js"></script></head><body></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-BkO9IHY1.js'), 'export {};');
  writeFileSync(join(dir, 'assets', 'notes.js'), 'export {};');
  writeFileSync(join(tmpdir(), 'lfr-host-secret.txt'), 'secret');
  host = await startBrowserHost({ launcher: fakeCore(makeComputers(3)), rendererDir: dir });
});

afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

const origin = () => host.origin;
const base = () => `${host.origin}/`;

describe('browser host', () => {
  it('serves the renderer with the bridge script placed before the app, under the CSP', async () => {
    const res = await fetch(host.url);
    const html = await res.text();
    expect(html.indexOf('host-bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('host-bridge.js')).toBeLessThan(html.indexOf('index-BkO9IHY1.js'));
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('lets the browser keep content-hashed assets (and so their compiled code), but nothing else', async () => {
    const hashed = await fetch(`${base()}assets/index-BkO9IHY1.js`);
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('cache-control')).toContain('immutable');
    const plain = await fetch(`${base()}assets/notes.js`);
    expect(plain.headers.get('cache-control')).toBe('no-store');
  });

  it('answers contract calls from its own page', async () => {
    const res = await fetch(`${base()}ipc/computers:list`, {
      method: 'POST',
      headers: { origin: origin(), 'content-type': 'application/json', [BRIDGE_SECRET_HEADER]: host.secret },
      body: '[{}]',
    });
    const body = (await res.json()) as { value: { computers: unknown[] } };
    expect(body.value.computers).toHaveLength(3);
  });

  it('refuses calls from another origin, bad arguments and unknown channels', async () => {
    const call = (channel: string, headers: Record<string, string>, body = '[]') =>
      fetch(`${base()}ipc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [BRIDGE_SECRET_HEADER]: host.secret, ...headers },
        body,
      });
    expect((await call('computers:list', { origin: 'http://evil.example' }, '[{}]')).status).toBe(403);
    expect((await call('computers:list', {}, '[{}]')).status).toBe(403);
    expect((await call('session:open', { origin: origin() }, '[1]')).status).toBe(400);
    expect((await call('secrets:dump', { origin: origin() })).status).toBe(404);
  });

  it("refuses a local process that forges Origin and Host but lacks the run's secret", async () => {
    // node's fetch cannot forge Host; http.request can, as any local process can.
    const forged = (path: string, method: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          `${origin()}${path}`,
          {
            method,
            headers: {
              host: new URL(origin()).host,
              origin: origin(),
              'content-type': 'application/json',
              ...headers,
            },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => {
              body += c;
              // The event stream never ends on its own: the status and first bytes are enough.
              if (res.statusCode === 200 && path.startsWith('/events')) req.destroy();
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            res.on('close', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end(method === 'POST' ? '[{"id":"x"}]' : undefined);
      });
    for (const channel of ['computers:list', 'computers:start', 'session:open']) {
      expect((await forged(`/ipc/${channel}`, 'POST')).status, channel).toBe(403);
      expect(
        (await forged(`/ipc/${channel}`, 'POST', { [BRIDGE_SECRET_HEADER]: 'guess' })).status,
        channel,
      ).toBe(403);
      expect(
        (await forged(`/ipc/${channel}?k=${host.secret}`, 'POST')).status,
        `${channel}: the header, not the query`,
      ).toBe(403);
    }
    expect((await forged('/events', 'GET')).status).toBe(403);
    expect((await forged('/events?k=wrong', 'GET')).status).toBe(403);
    // Nor can it read the secret off the page: the page is only served with it.
    const page = await forged('/', 'GET');
    expect(page.status).toBe(403);
    expect(page.body).not.toContain(host.secret);
    expect((await forged('/index.html?k=nope', 'GET')).status).toBe(403);
    // With the secret, the stream opens.
    expect((await forged(`/events?k=${host.secret}`, 'GET')).status).toBe(200);
  });

  it('hands the secret to the bridge through the page, fresh for every run', async () => {
    const html = await (await fetch(host.url)).text();
    expect(html).toContain(`<meta name="lfr-bridge-secret" content="${host.secret}">`);
    expect(host.secret.length).toBeGreaterThanOrEqual(32);
    const other = await startBrowserHost({ launcher: fakeCore(makeComputers(1)), rendererDir: dir });
    try {
      expect(other.secret).not.toBe(host.secret);
    } finally {
      await other.close();
    }
  });

  it('stays inside the renderer folder', async () => {
    const res = await fetch(`${base()}..%2f..%2flfr-host-secret.txt`);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('secret');
  });
});

describe('bridge transport', () => {
  it('sends the secret on every call and on the event stream', async () => {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    const streams: string[] = [];
    const t = createHttpTransport({
      base: 'http://127.0.0.1:1/',
      secret: 's3cret/+=',
      fetch: async (url, init) => {
        calls.push({ url, headers: init.headers });
        return { ok: true, status: 200, json: async () => ({ value: 1 }) };
      },
      eventSource: (url) => {
        streams.push(url);
        return { addEventListener() {}, removeEventListener() {} };
      },
    });
    expect(await t.invoke('computers:list', [{}])).toBe(1);
    t.on('computers:changed', () => undefined);
    expect(calls[0]?.headers[BRIDGE_SECRET_HEADER]).toBe('s3cret/+=');
    expect(streams).toEqual(['http://127.0.0.1:1/events?k=s3cret%2F%2B%3D']);
  });
});
