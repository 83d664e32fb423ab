// The Amazon DCV native client, for what the web client cannot do (USB devices, smart cards,
// more than two monitors, QUIC, gamepads). The launcher finds the client per platform, turns a
// session URL (`https://host:port/?authToken=…#sessionId`) into the documented connection file
// (`.dcv`, INI: [version] format=1.0, [connect] host/port/sessionid/authtoken, [options]), writes
// it 0600 into a private folder, starts the client and deletes the file once the client has read
// it: the token must not stay on disk.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, rmSync } from 'node:fs';
import { access, lstat, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Where the DCV client is, or why the launcher cannot use it. */
export type DcvClient =
  { found: true; kind: 'executable' | 'url-handler'; path: string } | { found: false; reason: string };

/** What detection reads: injected so tests use fake install folders. */
export interface DcvDetectionEnv {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** True when path exists and is executable (or, on Windows and macOS, exists). */
  exists(path: string): Promise<boolean>;
  /** Windows only: true when a `dcv:` URL handler is registered. */
  hasDcvUrlHandler?(): Promise<boolean>;
}

/** The file-system probe detection uses by default. */
export async function executableExists(path: string): Promise<boolean> {
  try {
    await access(path, process.platform === 'win32' ? fsConstants.F_OK : fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const MAC_APPS = ['/Applications/DCV Viewer.app', '/Applications/NICE DCV Viewer.app'];
const MAC_BINARY = 'Contents/MacOS/dcvviewer';

/** Find the DCV client on this platform. */
export async function detectDcvClient(d: DcvDetectionEnv): Promise<DcvClient> {
  if (d.platform === 'darwin') {
    for (const app of [...MAC_APPS, ...MAC_APPS.map((a) => join(d.env.HOME ?? '', a))]) {
      if (await d.exists(join(app, MAC_BINARY)))
        return { found: true, kind: 'executable', path: join(app, MAC_BINARY) };
    }
    return { found: false, reason: 'The DCV client is not installed (no DCV Viewer in Applications).' };
  }
  if (d.platform === 'win32') {
    const roots = [
      d.env.ProgramFiles,
      d.env['ProgramFiles(x86)'],
      d.env.LOCALAPPDATA && join(d.env.LOCALAPPDATA, 'Programs'),
    ].filter((r): r is string => !!r);
    for (const root of roots) {
      for (const folder of ['DCV\\Client\\bin', 'NICE\\DCV\\Client\\bin', 'Amazon\\DCV\\Client\\bin']) {
        const exe = `${root}\\${folder}\\dcvviewer.exe`;
        if (await d.exists(exe)) return { found: true, kind: 'executable', path: exe };
      }
    }
    if (await d.hasDcvUrlHandler?.()) return { found: true, kind: 'url-handler', path: 'dcv:' };
    return {
      found: false,
      reason: 'The DCV client is not installed (no dcvviewer.exe and no dcv: link handler).',
    };
  }
  for (const dir of (d.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const exe = join(dir, 'dcvviewer');
    if (await d.exists(exe)) return { found: true, kind: 'executable', path: exe };
  }
  return { found: false, reason: 'The DCV client is not installed (dcvviewer is not on the PATH).' };
}

/** What a connection file holds. */
export interface DcvConnection {
  host: string;
  port: number;
  sessionId: string;
  authToken: string;
}

/** The connection details in a DCV session URL, or why it has none. */
export function dcvConnectionOf(
  sessionUrl: string,
): { ok: true; value: DcvConnection } | { ok: false; reason: string } {
  let u: URL;
  try {
    u = new URL(sessionUrl);
  } catch {
    return { ok: false, reason: 'The session address is not a URL.' };
  }
  const authToken = u.searchParams.get('authToken') ?? '';
  let sessionId: string;
  try {
    sessionId = decodeURIComponent(u.hash.replace(/^#/, ''));
  } catch {
    return { ok: false, reason: 'The session address has a malformed % escape in its session id.' };
  }
  if (!u.hostname) return { ok: false, reason: 'The session address has no host.' };
  if (!authToken) return { ok: false, reason: 'The session address has no authToken.' };
  // An authtoken requires a sessionid (DCV user guide, connection file reference).
  if (!sessionId) return { ok: false, reason: 'The session address has no session id.' };
  // INI has no escaping: a value with a line break could add keys of its own.
  if ([authToken, sessionId].some((s) => /[\r\n\0]/.test(s)))
    return { ok: false, reason: 'The session address holds characters a connection file cannot carry.' };
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  return { ok: true, value: { host: u.hostname.replace(/^\[|\]$/g, ''), port, sessionId, authToken } };
}

/** The `.dcv` connection file for a session. */
export function dcvConnectionFile(
  c: DcvConnection,
  options: { fullscreen?: boolean; useAllMonitors?: boolean } = {},
): string {
  const lines = [
    '[version]',
    'format=1.0',
    '',
    '[connect]',
    `host=${c.host}`,
    `port=${c.port}`,
    `sessionid=${c.sessionId}`,
    `authtoken=${c.authToken}`,
  ];
  const opts: string[] = [];
  if (options.fullscreen !== undefined) opts.push(`fullscreen=${options.fullscreen ? 'true' : 'false'}`);
  if (options.useAllMonitors !== undefined)
    opts.push(`useallmonitors=${options.useAllMonitors ? 'true' : 'false'}`);
  if (opts.length) lines.push('', '[options]', ...opts);
  return lines.join('\n') + '\n';
}

const FOLDER_PREFIX = 'lfr-dcv-';
// The folders of this process whose file still waits out its read window: removed at quit too.
const pending = new Set<string>();

/** Write the connection file, 0600, into a fresh private folder; returns its path. */
export async function writeConnectionFile(
  tmpDir: string,
  contents: string,
): Promise<{ path: string; remove(): Promise<void> }> {
  // mkdtemp makes the folder 0700 on POSIX, so no other user can even list it.
  const dir = await mkdtemp(join(tmpDir, FOLDER_PREFIX));
  pending.add(dir);
  const path = join(dir, `${randomBytes(6).toString('hex')}.dcv`);
  const remove = async () => {
    await rm(dir, { recursive: true, force: true });
    pending.delete(dir);
  };
  try {
    await writeFile(path, contents, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    await remove();
    throw err;
  }
  return { path, remove };
}

/**
 * Remove every connection file of this process still waiting out its read window (at quit: the
 * token must not stay on disk). Synchronous, because the process may end right after.
 */
export function removePendingConnectionFiles(): void {
  for (const dir of pending) {
    rmSync(dir, { recursive: true, force: true });
    pending.delete(dir);
  }
}

/**
 * Remove connection folders an earlier run left in tmpDir (it was killed inside a read window):
 * ours by name, older than maxAgeMs, and not one this process is still using. Answers how many.
 */
export async function removeStaleConnectionFiles(
  tmpDir: string,
  now: number,
  maxAgeMs = 5 * 60_000,
): Promise<number> {
  let removed = 0;
  const names = await readdir(tmpDir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(FOLDER_PREFIX)) continue;
    const dir = join(tmpDir, name);
    if (pending.has(dir)) continue;
    const st = await lstat(dir).catch(() => undefined);
    // Only our own private folders: a symlink or another user's folder is left alone.
    if (!st?.isDirectory() || (process.getuid && st.uid !== process.getuid())) continue;
    if (now - st.mtimeMs < maxAgeMs) continue;
    await rm(dir, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** How the client is started: injected (child_process.spawn in the shell, a fake in tests). */
export interface DcvLaunchDeps {
  tmpDir: string;
  /** Start the client with the file (or, for a url-handler, open the dcv: URI); resolves once started. */
  start(client: Extract<DcvClient, { found: true }>, target: string): Promise<void>;
  /** Resolve after ms. */
  sleep(ms: number): Promise<void>;
  /** How long the client gets to read the file before it is deleted (default 30 s). */
  readWindowMs?: number;
}

/** Open a session in the DCV client; the connection file is gone within the read window. */
export async function openInDcvClient(
  client: DcvClient,
  sessionUrl: string,
  deps: DcvLaunchDeps,
): Promise<{ ok: true; removed: Promise<void> } | { ok: false; reason: string }> {
  if (!client.found) return { ok: false, reason: client.reason };
  const conn = dcvConnectionOf(sessionUrl);
  if (!conn.ok) return conn;
  if (client.kind === 'url-handler') {
    const c = conn.value;
    // An IPv6 literal needs its brackets back in a URI (the .dcv file takes it bare).
    const host = c.host.includes(':') ? `[${c.host}]` : c.host;
    await deps.start(
      client,
      `dcv://${host}:${c.port}/?authToken=${encodeURIComponent(c.authToken)}#${encodeURIComponent(c.sessionId)}`,
    );
    return { ok: true, removed: Promise.resolve() };
  }
  const file = await writeConnectionFile(deps.tmpDir, dcvConnectionFile(conn.value));
  try {
    await deps.start(client, file.path);
  } catch (err) {
    await file.remove();
    return {
      ok: false,
      reason: `The DCV client did not start: ${err instanceof Error ? err.message : String(err)}.`,
    };
  }
  // The client reads the file right after it starts; it is deleted in the background so the
  // caller is not held (a short-lived caller such as the CLI awaits `removed`).
  const removed = deps
    .sleep(deps.readWindowMs ?? 30_000)
    .catch(() => undefined)
    .then(() => file.remove());
  return { ok: true, removed };
}
