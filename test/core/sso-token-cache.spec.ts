// The token cache file as the AWS CLI and the SDK find it: path, field order, mode, atomic write.
import { getSSOTokenFilepath } from '@smithy/shared-ini-file-loader';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cliTimestamp,
  readCachedToken,
  removeCachedToken,
  tokenCachePath,
  writeCachedToken,
} from '../../electron/core/sso-token-cache.js';

let home: string;
const oldHome = process.env.HOME;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lfr-cache-'));
});
afterEach(() => {
  process.env.HOME = oldHome;
  rmSync(home, { recursive: true, force: true });
});

describe('sso token cache', () => {
  it('puts the file where the SDK looks: sha1 of the session name, or of the start URL', () => {
    process.env.HOME = home;
    expect(tokenCachePath(home, 'lab')).toBe(getSSOTokenFilepath('lab'));
    expect(tokenCachePath(home, 'https://x.awsapps.com/start')).toBe(
      getSSOTokenFilepath('https://x.awsapps.com/start'),
    );
    expect(tokenCachePath(home, 'lab')).toMatch(/\/\.aws\/sso\/cache\/[0-9a-f]{40}\.json$/);
  });

  it('writes the CLI field order, 0600, leaves no temp file, and replaces an older token whole', async () => {
    await writeCachedToken(home, 'lab', {
      startUrl: 'u',
      region: 'r',
      accessToken: 'old',
      expiresAt: cliTimestamp(0),
      refreshToken: 'rt',
      clientId: 'c',
      clientSecret: 's',
      registrationExpiresAt: cliTimestamp(1000),
    });
    const path = await writeCachedToken(home, 'lab', {
      startUrl: 'u',
      region: 'r',
      accessToken: 'new',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.aws', 'sso', 'cache')).mode & 0o077).toBe(0);
    expect(readdirSync(join(home, '.aws', 'sso', 'cache'))).toHaveLength(1);
    expect(readFileSync(path, 'utf8')).toBe(
      '{"startUrl":"u","region":"r","accessToken":"new","expiresAt":"2030-01-01T00:00:00Z"}',
    );
    expect(await readCachedToken(home, 'lab')).toMatchObject({ accessToken: 'new' });
  });

  it('formats times as the CLI does (UTC, no milliseconds)', () => {
    expect(cliTimestamp(Date.UTC(2026, 11, 2, 16, 40, 0, 123))).toBe('2026-12-02T16:40:00Z');
  });

  it('reads nothing from a missing, broken or token-less file', async () => {
    expect(await readCachedToken(home, 'none')).toBeUndefined();
    await writeCachedToken(home, 'x', {
      startUrl: 'u',
      region: 'r',
      accessToken: 'a',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    writeFileSync(tokenCachePath(home, 'x'), '{"startUrl":"u"');
    expect(await readCachedToken(home, 'x')).toBeUndefined();
    writeFileSync(tokenCachePath(home, 'x'), '{"startUrl":"u","expiresAt":"soon"}');
    expect(await readCachedToken(home, 'x')).toBeUndefined();
  });

  it('removes the token on sign-out, and says when there was none', async () => {
    await writeCachedToken(home, 'lab', {
      startUrl: 'u',
      region: 'r',
      accessToken: 'a',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    expect(await removeCachedToken(home, 'lab')).toBe(true);
    expect(await removeCachedToken(home, 'lab')).toBe(false);
  });
});

describe('token timestamps AWS CLI versions before 2.1.14 wrote', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'lfr-oldtok-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('reads "…UTC" as UTC, as the CLI (dateutil) reads it', async () => {
    const path = tokenCachePath(home, 'https://old.awsapps.com/start');
    (await import('node:fs')).mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    writeFileSync(
      path,
      JSON.stringify({
        startUrl: 'https://old.awsapps.com/start',
        region: 'us-east-1',
        accessToken: 'tok',
        expiresAt: '2099-12-02T16:40:00UTC',
      }),
    );
    const t = await readCachedToken(home, 'https://old.awsapps.com/start');
    expect(t).toBeDefined();
    expect(Date.parse(t!.expiresAt)).toBe(Date.UTC(2099, 11, 2, 16, 40, 0));
  });
});
