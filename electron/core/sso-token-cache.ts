// The IAM Identity Center token cache, shared with the AWS CLI v2 and every AWS SDK:
// ~/.aws/sso/cache/<sha1 hex of the sso-session name, or of the start URL for legacy
// profiles>.json, with the CLI's field names. Reading and refreshing for credentials go through
// @aws-sdk/token-providers and the SDK's credential providers; what is hand-written here is what
// no SDK package does: writing the file atomically with mode 0600 (token-providers' own write
// is a plain writeFile), and removing it on sign-out.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A cached token, field for field as the AWS CLI v2 writes it. */
export interface SsoCachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  /** ISO 8601, UTC, e.g. 2026-12-02T16:40:00Z */
  expiresAt: string;
  /** sso-session tokens only: */
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
}

/** The cache key: the sso-session name, or the start URL of a legacy profile. */
export function tokenCacheKey(target: { sessionName?: string; startUrl: string }): string {
  return target.sessionName ?? target.startUrl;
}

/** Where the token of a key lives (the same path as the SDK's getSSOTokenFilepath when homedir is HOME). */
export function tokenCachePath(homedir: string, key: string): string {
  return join(homedir, '.aws', 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`);
}

/** The CLI's timestamp format: ISO 8601 UTC without milliseconds. */
export function cliTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A token timestamp as ISO 8601, or undefined. AWS CLI versions before 2.1.14 wrote
 * `2026-12-02T16:40:00UTC`, which Date.parse refuses; the CLI reads it with dateutil, for which
 * a UTC or GMT suffix means UTC.
 */
export function cliTimestampToIso(text: string): string | undefined {
  if (!Number.isNaN(Date.parse(text))) return text;
  const ms = Date.parse(text.trim().replace(/\s*(UTC|GMT)$/i, 'Z'));
  return Number.isNaN(ms) ? undefined : cliTimestamp(ms);
}

/** Read a cached token, or undefined when there is none or it is not a token. */
export async function readCachedToken(homedir: string, key: string): Promise<SsoCachedToken | undefined> {
  let raw: string;
  try {
    raw = await readFile(tokenCachePath(homedir, key), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v = JSON.parse(raw) as Partial<SsoCachedToken>;
    if (typeof v.accessToken !== 'string' || typeof v.expiresAt !== 'string') return undefined;
    const expiresAt = cliTimestampToIso(v.expiresAt);
    if (expiresAt === undefined) return undefined;
    return { ...v, expiresAt } as SsoCachedToken;
  } catch {
    return undefined;
  }
}

/** Write a token atomically (temp file in the same folder, then rename), readable by the user only. */
export async function writeCachedToken(homedir: string, key: string, token: SsoCachedToken): Promise<string> {
  const path = tokenCachePath(homedir, key);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  // Keys in the CLI's order; absent optional fields are left out, as the CLI does for legacy profiles.
  const ordered: Record<string, string> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
  };
  for (const k of ['clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken'] as const)
    if (token[k] !== undefined) ordered[k] = token[k];
  try {
    await writeFile(tmp, JSON.stringify(ordered), { mode: 0o600, flag: 'wx' });
    // The umask cannot widen 0600, but an odd filesystem might ignore the mode: set it again.
    await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return path;
}

/** Remove a cached token (sign-out); true when there was one. */
export async function removeCachedToken(homedir: string, key: string): Promise<boolean> {
  const path = tokenCachePath(homedir, key);
  try {
    await rm(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
