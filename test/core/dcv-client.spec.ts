import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'ini';
import { describe, expect, it } from 'vitest';
import {
  dcvConnectionFile,
  dcvConnectionOf,
  detectDcvClient,
  executableExists,
  openInDcvClient,
  removePendingConnectionFiles,
  removeStaleConnectionFiles,
  type DcvClient,
} from '../../electron/core/dcv-client.js';

const URL_OK =
  'https://ec2-3-14-15-92.us-east-2.compute.amazonaws.com:8443/?authToken=tok_abc-123%3D#session-app';

function fakeRoot(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'lfr-dcv-detect-'));
  for (const f of files) {
    const p = join(root, f);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, '#!/bin/sh\n');
    chmodSync(p, 0o755);
  }
  return root;
}

describe('detecting the DCV client', () => {
  it('finds dcvviewer on the Linux PATH, and says why when it is not there', async () => {
    const root = fakeRoot(['opt/dcv/bin/dcvviewer']);
    const found = await detectDcvClient({
      platform: 'linux',
      env: { PATH: `/nowhere:${join(root, 'opt/dcv/bin')}` },
      exists: executableExists,
    });
    expect(found).toEqual({ found: true, kind: 'executable', path: join(root, 'opt/dcv/bin/dcvviewer') });
    const missing = await detectDcvClient({
      platform: 'linux',
      env: { PATH: '/nowhere' },
      exists: executableExists,
    });
    expect(missing).toEqual({ found: false, reason: expect.stringMatching(/dcvviewer is not on the PATH/) });
  });

  it('finds DCV Viewer.app, or the older NICE DCV Viewer.app, on macOS', async () => {
    const seen: string[] = [];
    const exists = async (p: string) => (
      seen.push(p),
      p === '/Applications/NICE DCV Viewer.app/Contents/MacOS/dcvviewer'
    );
    expect(await detectDcvClient({ platform: 'darwin', env: { HOME: '/Users/r' }, exists })).toEqual({
      found: true,
      kind: 'executable',
      path: '/Applications/NICE DCV Viewer.app/Contents/MacOS/dcvviewer',
    });
    expect(seen[0]).toBe('/Applications/DCV Viewer.app/Contents/MacOS/dcvviewer');
    expect((await detectDcvClient({ platform: 'darwin', env: {}, exists: async () => false })).found).toBe(
      false,
    );
  });

  it('finds the Windows install folder, else the dcv: link handler', async () => {
    const exe = 'C:\\Program Files\\NICE\\DCV\\Client\\bin\\dcvviewer.exe';
    const env = { ProgramFiles: 'C:\\Program Files' };
    expect(await detectDcvClient({ platform: 'win32', env, exists: async (p) => p === exe })).toEqual({
      found: true,
      kind: 'executable',
      path: exe,
    });
    expect(
      await detectDcvClient({
        platform: 'win32',
        env,
        exists: async () => false,
        hasDcvUrlHandler: async () => true,
      }),
    ).toEqual({ found: true, kind: 'url-handler', path: 'dcv:' });
    expect(
      await detectDcvClient({
        platform: 'win32',
        env,
        exists: async () => false,
        hasDcvUrlHandler: async () => false,
      }),
    ).toMatchObject({ found: false, reason: expect.stringMatching(/not installed/) });
  });
});

describe('the connection file', () => {
  it('parses as INI with exactly the documented keys', () => {
    const c = dcvConnectionOf(URL_OK);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const parsed = parse(dcvConnectionFile(c.value, { fullscreen: false }));
    expect(parsed).toEqual({
      version: { format: '1.0' },
      connect: {
        host: 'ec2-3-14-15-92.us-east-2.compute.amazonaws.com',
        port: '8443',
        sessionid: 'session-app',
        authtoken: 'tok_abc-123=',
      },
      options: { fullscreen: false },
    });
  });

  it.each([
    ['https://host.example:8443/#s1', /no authToken/],
    ['https://host.example:8443/?authToken=t', /no session id/],
    ['not a url', /not a URL/],
    ['https://host.example:8443/?authToken=a%0Ahost%3Devil#s', /cannot carry/],
  ])('refuses %s, with the reason', (url, reason) => {
    const c = dcvConnectionOf(url);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.reason).toMatch(reason);
  });

  it('takes the scheme default port when the URL names none', () => {
    const c = dcvConnectionOf('https://host.example/?authToken=t#s');
    expect(c.ok && c.value.port).toBe(443);
  });
});

describe('opening in the DCV client', () => {
  const client: DcvClient = { found: true, kind: 'executable', path: '/usr/bin/dcvviewer' };

  it('writes the file 0600 in a private folder, starts the client with it, and deletes it after the read window', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lfr-dcv-open-'));
    let started = '';
    let contents = '';
    let release!: () => void;
    const window = new Promise<void>((r) => (release = r));
    const r = await openInDcvClient(client, URL_OK, {
      tmpDir: tmp,
      start: async (_c, target) => {
        started = target;
        contents = readFileSync(target, 'utf8');
        expect(statSync(target).mode & 0o777).toBe(0o600);
        expect(statSync(join(target, '..')).mode & 0o777).toBe(0o700);
      },
      sleep: () => window,
    });
    expect(r).toMatchObject({ ok: true });
    expect(contents).toContain('authtoken=tok_abc-123=');
    expect(existsSync(started)).toBe(true);
    release();
    if (r.ok) await r.removed;
    expect(existsSync(started)).toBe(false);
    expect(existsSync(join(started, '..'))).toBe(false);
  });

  it('deletes the file at once when the client does not start', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lfr-dcv-fail-'));
    let path = '';
    const r = await openInDcvClient(client, URL_OK, {
      tmpDir: tmp,
      start: async (_c, target) => {
        path = target;
        throw new Error('ENOENT');
      },
      sleep: () => new Promise(() => undefined),
    });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/did not start/) });
    expect(existsSync(path)).toBe(false);
  });

  it('hands a dcv: URI to the link handler, and writes no file', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lfr-dcv-uri-'));
    let target = '';
    await openInDcvClient({ found: true, kind: 'url-handler', path: 'dcv:' }, URL_OK, {
      tmpDir: tmp,
      start: async (_c, t) => void (target = t),
      sleep: async () => undefined,
    });
    expect(target).toBe(
      'dcv://ec2-3-14-15-92.us-east-2.compute.amazonaws.com:8443/?authToken=tok_abc-123%3D#session-app',
    );
  });

  it('says why when there is no client', async () => {
    expect(
      await openInDcvClient({ found: false, reason: 'not installed' }, URL_OK, {
        tmpDir: tmpdir(),
        start: async () => undefined,
        sleep: async () => undefined,
      }),
    ).toEqual({ ok: false, reason: 'not installed' });
  });
});

describe('hostile and awkward session addresses, and files left behind', () => {
  const client: DcvClient = { found: true, kind: 'executable', path: '/usr/bin/dcvviewer' };

  it('brackets an IPv6 host in the dcv: URI for the Windows link handler', async () => {
    let target = '';
    await openInDcvClient(
      { found: true, kind: 'url-handler', path: 'dcv:' },
      'https://[2001:db8::7]:8443/?authToken=t#s1',
      { tmpDir: tmpdir(), start: async (_c, t) => void (target = t), sleep: async () => undefined },
    );
    expect(target).toBe('dcv://[2001:db8::7]:8443/?authToken=t#s1');
    expect(new URL(target).hostname).toBe('[2001:db8::7]');
  });

  it('refuses a malformed % escape in the session id with a clear reason instead of throwing', () => {
    expect(dcvConnectionOf('https://h:8443/?authToken=t#%E0%A4%A')).toEqual({
      ok: false,
      reason: expect.stringMatching(/session id/),
    });
    expect(dcvConnectionOf('https://h:8443/?authToken=t#%')).toEqual({
      ok: false,
      reason: expect.stringMatching(/session id/),
    });
  });

  it('removes the connection files still waiting out their read window when the launcher quits', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lfr-dcv-quit-'));
    let path = '';
    const r = await openInDcvClient(client, URL_OK, {
      tmpDir: tmp,
      start: async (_c, t) => void (path = t),
      sleep: () => new Promise(() => undefined),
    });
    expect(r.ok && existsSync(path)).toBe(true);
    await removePendingConnectionFiles();
    expect(existsSync(path)).toBe(false);
  });

  it('removes stale connection folders at the next start, and leaves fresh ones and other files alone', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lfr-dcv-stale-'));
    const stale = join(tmp, 'lfr-dcv-old123');
    const fresh = join(tmp, 'lfr-dcv-new456');
    const other = join(tmp, 'someone-else');
    for (const d of [stale, fresh, other]) mkdirSync(d);
    writeFileSync(join(stale, 'a.dcv'), 'authtoken=x');
    const { utimesSync } = await import('node:fs');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(stale, hourAgo, hourAgo);
    utimesSync(other, hourAgo, hourAgo);
    expect(await removeStaleConnectionFiles(tmp, Date.now())).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
