import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, LAUNCHER_CSP, resolveAppPath } from '../../electron/main/protocol.js';

let base: string;
let root: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'lfr-proto-'));
  root = join(base, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>launcher</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'outside');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveAppPath', () => {
  it('maps app://launcher paths into the renderer directory', () => {
    expect(resolveAppPath(root, 'app://launcher/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://launcher/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://launcher/assets/app.js?v=1')).toBe(join(root, 'assets', 'app.js'));
  });

  it.each([
    'app://launcher/../secret.txt',
    'app://launcher/%2e%2e/secret.txt',
    'app://launcher/assets/%2e%2e/%2e%2e/secret.txt',
  ])('never resolves %s outside the renderer directory', async (url) => {
    const file = resolveAppPath(root, url);
    expect(file === null || file.startsWith(root + '/')).toBe(true);
    const res = await createAppProtocolHandler(root)(new Request(url));
    expect(res.status).toBe(404);
  });

  it.each([
    'app://launcher/..%2fsecret.txt',
    'app://launcher/..%5csecret.txt',
    'app://launcher/C:/Windows/win.ini',
    'app://launcher/index.html%00.js',
    'app://other/index.html',
    'https://launcher/index.html',
    'app://launcher/%E0%A4%A',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
});

describe('app protocol handler', () => {
  const handler = () => createAppProtocolHandler(root);

  it('serves files with the strict CSP and the right type', async () => {
    const res = await handler()(new Request('app://launcher/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(LAUNCHER_CSP);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('launcher');
    const js = await handler()(new Request('app://launcher/assets/app.js'));
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('passes the start page, and only it, through indexHtml (the prerendered first frame)', async () => {
    const h = createAppProtocolHandler(root, undefined, async (html) =>
      html.replace('<title>', '<title>first frame: '),
    );
    expect(await (await h(new Request('app://launcher/index.html'))).text()).toContain(
      'first frame: launcher',
    );
    expect(await (await h(new Request('app://launcher/'))).text()).toContain('first frame: launcher');
    expect(await (await h(new Request('app://launcher/assets/app.js'))).text()).toBe('console.log(1)');
  });

  it('answers 404 (with the CSP) for traversal and missing files, 405 for other methods', async () => {
    for (const u of ['app://launcher/%2e%2e/secret.txt', 'app://launcher/missing.js']) {
      const res = await handler()(new Request(u));
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(LAUNCHER_CSP);
    }
    expect(
      (await handler()(new Request('app://launcher/index.html', { method: 'POST', body: 'x' }))).status,
    ).toBe(405);
  });

  it('CSP forbids remote scripts, frames, objects and inline script', () => {
    expect(LAUNCHER_CSP).toContain("default-src 'self'");
    expect(LAUNCHER_CSP).toContain("script-src 'self';");
    expect(LAUNCHER_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(LAUNCHER_CSP).toContain("object-src 'none'");
    expect(LAUNCHER_CSP).toContain("frame-ancestors 'none'");
  });
});
