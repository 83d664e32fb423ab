import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server.js';
import { fakeCore, makeComputers } from '../bench/renderer.bench.js';

let dir: string;
let host: BrowserHost;

beforeAll(async () => {
  // A stand-in renderer build: an index and one content-hashed asset, as Vite writes them.
  dir = mkdtempSync(join(tmpdir(), 'lfr-host-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/index-BkO9IHY1.js"></script></head><body></body></html>');
  writeFileSync(join(dir, 'assets', 'index-BkO9IHY1.js'), 'export {};');
  writeFileSync(join(dir, 'assets', 'notes.js'), 'export {};');
  writeFileSync(join(tmpdir(), 'lfr-host-secret.txt'), 'secret');
  host = await startBrowserHost({ launcher: fakeCore(makeComputers(3)), rendererDir: dir });
});

afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

const origin = () => host.url.replace(/\/$/, '');

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
    const hashed = await fetch(`${host.url}assets/index-BkO9IHY1.js`);
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('cache-control')).toContain('immutable');
    const plain = await fetch(`${host.url}assets/notes.js`);
    expect(plain.headers.get('cache-control')).toBe('no-store');
  });

  it('answers contract calls from its own page', async () => {
    const res = await fetch(`${host.url}ipc/computers:list`, {
      method: 'POST',
      headers: { origin: origin(), 'content-type': 'application/json' },
      body: '[{}]',
    });
    const body = (await res.json()) as { value: { computers: unknown[] } };
    expect(body.value.computers).toHaveLength(3);
  });

  it('refuses calls from another origin, bad arguments and unknown channels', async () => {
    const call = (channel: string, headers: Record<string, string>, body = '[]') =>
      fetch(`${host.url}ipc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await call('computers:list', { origin: 'http://evil.example' }, '[{}]')).status).toBe(403);
    expect((await call('computers:list', {}, '[{}]')).status).toBe(403);
    expect((await call('session:open', { origin: origin() }, '[1]')).status).toBe(400);
    expect((await call('secrets:dump', { origin: origin() })).status).toBe(404);
  });

  it('stays inside the renderer folder', async () => {
    const res = await fetch(`${host.url}..%2f..%2flfr-host-secret.txt`);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('secret');
  });
});
