// A profile's `credential_process`, run by the launcher rather than by the SDK: the SDK's
// fromProcess uses child_process.exec with no timeout and no signal, so a helper waiting on a
// prompt no one sees (aws-vault, a password manager) would wait, and stay running, forever.
// Here the child is in its own process group and is killed, group and all, on abort.
import { spawn } from 'node:child_process';
import type { AwsCredentialIdentity } from '@smithy/types';
import { boundText, LauncherFailure, launcherErrors } from './errors.js';

/** Most output read from a credential_process (the SDK's exec allows 1 MiB too). */
export const MAX_CREDENTIAL_PROCESS_OUTPUT = 1024 * 1024;

function failure(profile: string, why: string): LauncherFailure {
  return new LauncherFailure(launcherErrors.credentialProcessFailed(profile, why));
}

/** Kill the child and everything it started (a shell, then the helper). */
function killTree(pid: number | undefined, kill: () => void): void {
  try {
    // On POSIX the child leads its own process group (detached): a negative pid kills the group.
    if (pid !== undefined && process.platform !== 'win32') process.kill(-pid, 'SIGKILL');
    else kill();
  } catch {
    kill();
  }
}

/** Run the command and return its stdout; rejects on a non-zero exit, too much output or abort. */
export function runCredentialProcess(profile: string, command: string, signal: AbortSignal): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    // stdin closed: a helper that prompts on stdin gets end-of-file at once instead of waiting.
    const child = spawn(command, {
      shell: true,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      f();
    };
    const onAbort = () => {
      killTree(child.pid, () => child.kill('SIGKILL'));
      finish(() => reject(signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_CREDENTIAL_PROCESS_OUTPUT) {
        killTree(child.pid, () => child.kill('SIGKILL'));
        finish(() => reject(failure(profile, 'wrote more than 1 MiB')));
      } else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.reduce((n, x) => n + x.length, 0) < 4096) err.push(b);
    });
    child.on('error', (e) =>
      finish(() => reject(failure(profile, `could not be started (${boundText(e.message, 200)})`))),
    );
    child.on('close', (code, sig) => {
      const stderr = boundText(Buffer.concat(err).toString('utf8'), 300);
      if (code === 0) finish(() => resolve(Buffer.concat(out).toString('utf8')));
      else
        finish(() =>
          reject(
            failure(
              profile,
              `${sig ? `was ended by ${sig}` : `exited with code ${code}`}${stderr ? `: ${stderr}` : ''}`,
            ),
          ),
        );
    });
  });
}

/** Credentials from a credential_process's JSON output, checked as the SDK checks them. */
export function parseProcessCredentials(
  profile: string,
  stdout: string,
  accountId: string | undefined,
  now: number,
): AwsCredentialIdentity {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(stdout.trim()) as Record<string, unknown>;
  } catch {
    throw failure(profile, 'returned invalid JSON');
  }
  if (typeof data !== 'object' || data === null || data.Version !== 1)
    throw failure(profile, 'did not return Version 1');
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const accessKeyId = str(data.AccessKeyId);
  const secretAccessKey = str(data.SecretAccessKey);
  if (!accessKeyId || !secretAccessKey) throw failure(profile, 'returned invalid credentials');
  const creds: { -readonly [K in keyof AwsCredentialIdentity]: AwsCredentialIdentity[K] } = {
    accessKeyId,
    secretAccessKey,
  };
  const token = str(data.SessionToken);
  if (token) creds.sessionToken = token;
  const expiration = str(data.Expiration);
  if (expiration) {
    const at = Date.parse(expiration);
    if (!Number.isFinite(at)) throw failure(profile, 'returned an unreadable Expiration');
    if (at < now) throw failure(profile, 'returned expired credentials');
    creds.expiration = new Date(at);
  }
  const scope = str(data.CredentialScope);
  if (scope) creds.credentialScope = scope;
  const account = str(data.AccountId) ?? accountId;
  if (account) creds.accountId = account;
  return creds;
}
