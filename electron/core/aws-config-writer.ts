// The one place that writes the AWS config file. No SDK package writes it (the CLI's
// `aws configure` writer is Python), so the writer is ours, with one rule: every value is checked
// against the grammar the AWS CLI reads for its key before it is written, never spliced raw.
// The CLI reads the file with Python's configparser (botocore's raw_config_parse): a line break
// in a value starts a new line, and a line `[profile x]` a new section, so a value with CR, LF or
// NUL could write a `credential_process` of its choosing. `[` and `]` are refused too. URLs are
// checked on the raw string: `new URL()` (and valibot's url()) strip tabs and line breaks first.
//
// Writes are serialised (one at a time in this process, and under a lock file that every
// launcher process honours), atomic (a temp file in the same folder, then rename) and the backup
// is taken only once the write is sure to happen. Existing text stays byte for byte: the new
// sections are appended to it.
import {
  access,
  chmod,
  constants,
  copyFile,
  mkdir,
  open,
  readFile,
  realpath,
  rename,
  rm,
  stat,
} from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { NewSsoProfile } from '../shared/models.js';
import { REGION_PATTERN } from '../shared/regions.js';
import { LauncherFailure, launcherErrors } from './errors.js';
import { scanIni } from './ini-diagnostics.js';

/** What the SDK's parser accepts as a section name (ini-diagnostics' PREFIX_KEY), minus quotes. */
export const CONFIG_NAME = /^[\w\-@+.%:/]+$/;
/** Longest profile or sso-session name written (the launcher's IPC contract allows no more). */
export const MAX_CONFIG_NAME = 128;
const ACCOUNT_ID = /^\d{12}$/;
// IAM's role name pattern.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// OAuth scope tokens as IAM Identity Center names them (sso:account:access, codewhisperer:completions).
const SCOPE = /^[\w:.\-/]{1,128}$/;
// The raw start URL: printable ASCII without spaces, brackets, backslashes, quotes or <>.
const RAW_URL = /^https?:\/\/[!$&'()*+,\-./0-9:;=?@A-Z_a-z~%]+$/;
const MAX_URL = 512;

/** What to append. */
export interface SsoConfigAddition {
  sessionName: string;
  startUrl: string;
  region: string;
  scopes?: string[];
  profiles: NewSsoProfile[];
}

function refused(message: string, nextStep?: string): LauncherFailure {
  return new LauncherFailure(launcherErrors.awsConfigRefused(message, nextStep));
}

const shown = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

/** Why a start URL cannot be written to the config (undefined when it can): https, or http on loopback, checked on the raw string. */
export function startUrlProblem(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_URL || !RAW_URL.test(raw))
    return `The start URL ${shown(String(raw))} is not a plain http(s) URL (no spaces, line breaks, tabs or brackets).`;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `The start URL ${shown(raw)} is not a URL.`;
  }
  if (u.username || u.password) return 'The start URL must not carry a user name or password.';
  const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost';
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback))
    return 'The start URL must be an https URL.';
  return undefined;
}

/** Why a profile or sso-session name cannot be written (undefined when it can). */
export function configNameProblem(name: string, what: 'profile' | 'sso-session'): string | undefined {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > MAX_CONFIG_NAME ||
    !CONFIG_NAME.test(name)
  ) {
    return `${shown(String(name))} cannot be a ${what} name (1 to ${MAX_CONFIG_NAME} letters, digits and - _ . @ + % : / only).`;
  }
  return undefined;
}

/** Every value of an addition checked against the CLI's grammar for its key; throws the first problem. */
export function checkAddition(add: SsoConfigAddition): void {
  const problem =
    configNameProblem(add.sessionName, 'sso-session') ??
    startUrlProblem(add.startUrl) ??
    (REGION_PATTERN.test(add.region) ? undefined : `${shown(String(add.region))} is not a region name.`) ??
    (add.scopes ?? [])
      .map((s) => (SCOPE.test(s) ? undefined : `${shown(String(s))} is not a sign-in scope.`))
      .find(Boolean) ??
    (add.profiles.length === 0 ? 'Choose at least one account and role.' : undefined);
  if (problem) throw refused(problem);
  const seen = new Set<string>();
  for (const p of add.profiles) {
    const bad =
      configNameProblem(p.name, 'profile') ??
      (seen.has(p.name) ? `The name ${p.name} is chosen twice.` : undefined) ??
      (ACCOUNT_ID.test(p.accountId)
        ? undefined
        : `${shown(String(p.accountId))} is not an AWS account id (12 digits).`) ??
      (ROLE_NAME.test(p.roleName) ? undefined : `${shown(String(p.roleName))} is not an IAM role name.`) ??
      (p.region === undefined || REGION_PATTERN.test(p.region)
        ? undefined
        : `${shown(String(p.region))} is not a region name.`);
    if (bad) throw refused(bad, 'Choose other names, then add the profiles again.');
    seen.add(p.name);
  }
}

/** The sections to append, from checked values only. */
function sectionsFor(add: SsoConfigAddition, withSession: boolean): string {
  const blocks: string[] = [];
  if (withSession) {
    blocks.push(
      [
        `[sso-session ${add.sessionName}]`,
        `sso_start_url = ${add.startUrl}`,
        `sso_region = ${add.region}`,
        `sso_registration_scopes = ${(add.scopes ?? ['sso:account:access']).join(',')}`,
      ].join('\n'),
    );
  }
  for (const p of add.profiles) {
    const header = p.name === 'default' ? '[default]' : `[profile ${p.name}]`;
    blocks.push(
      [
        header,
        `sso_session = ${add.sessionName}`,
        `sso_account_id = ${p.accountId}`,
        `sso_role_name = ${p.roleName}`,
        `region = ${p.region ?? add.region}`,
      ].join('\n'),
    );
  }
  return blocks.join('\n\n');
}

async function readOrMissing(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Refuse names that exist in either file, and a session name that is another start URL's. */
function checkAgainstFiles(
  add: SsoConfigAddition,
  config: string,
  credentials: string | undefined,
  files: { configFile: string; credentialsFile: string },
): { newSession: boolean } {
  const data = scanIni(config, files.configFile, 'config').data;
  const creds =
    credentials === undefined
      ? new Map<string, unknown>()
      : scanIni(credentials, files.credentialsFile, 'credentials').data;
  const session = data.get(`sso-session.${add.sessionName}`);
  if (session && session.sso_start_url !== add.startUrl) {
    throw refused(
      `An sso-session named ${add.sessionName} already exists for another start URL (${session.sso_start_url ?? 'none'}).`,
      'Choose another session name.',
    );
  }
  for (const p of add.profiles) {
    if (data.has(p.name))
      throw refused(
        `A profile named ${p.name} already exists in ${files.configFile}.`,
        'Choose other names, then add the profiles again.',
      );
    // A profile only in the credentials file would keep its static keys, which win over the new SSO settings.
    if (creds.has(p.name))
      throw refused(
        `A profile named ${p.name} already exists in ${files.credentialsFile}; its keys would win over the new sign-in.`,
        'Choose other names, then add the profiles again.',
      );
  }
  return { newSession: !session };
}

// One write at a time in this process; the lock file covers other processes.
let queue: Promise<unknown> = Promise.resolve();

/** Run fn under the config's lock file (proper-lockfile: an mkdir lock, stale after 10 s, honoured by every launcher process). */
async function underLock<T>(configFile: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dirname(configFile), { recursive: true, mode: 0o700 });
  let release: () => Promise<void>;
  try {
    // realpath: false, so a config that does not exist yet can be locked too.
    release = await lockfile.lock(configFile, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 20, minTimeout: 50, maxTimeout: 500 },
    });
  } catch (err) {
    throw new LauncherFailure(
      launcherErrors.awsConfigNotWritten(
        configFile,
        (err as NodeJS.ErrnoException).code === 'ELOCKED'
          ? 'another program is writing it'
          : `it cannot be locked (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      ),
    );
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}

/** Write text to file atomically (temp file, then rename) with a backup of the old file taken just before the rename. */
async function replaceFile(
  file: string,
  text: string,
  old: string | undefined,
  backupPath: string,
): Promise<string | undefined> {
  const mode = old === undefined ? 0o600 : (await stat(file)).mode & 0o777;
  if (old !== undefined) {
    // A read-only config is the user's choice: refuse rather than replace it by rename.
    await access(file, constants.W_OK).catch(() => {
      throw new LauncherFailure(launcherErrors.awsConfigNotWritten(file, 'it is read-only'));
    });
  }
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let backup: string | undefined;
  try {
    const h = await open(tmp, 'wx', mode);
    try {
      await h.writeFile(text);
      await h.sync();
    } finally {
      await h.close();
    }
    await chmod(tmp, mode);
    if (old !== undefined) {
      await copyFile(file, backupPath);
      backup = backupPath;
    }
    await rename(tmp, file);
    return backup;
  } catch (err) {
    await rm(tmp, { force: true });
    if (backup) await rm(backup, { force: true });
    if (err instanceof LauncherFailure) throw err;
    throw new LauncherFailure(
      launcherErrors.awsConfigNotWritten(
        file,
        `it could not be written (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      ),
    );
  }
}

/**
 * Append an sso-session and its profiles to the config file: values checked, names new in both
 * files, one write at a time under the lock, atomic, backed up (answers with the backup path;
 * none for a new file).
 */
export async function appendSsoProfiles(
  files: { configFile: string; credentialsFile: string },
  add: SsoConfigAddition,
  now: number,
): Promise<{ backup?: string; added: string[] }> {
  checkAddition(add);
  // A config that is a symlink (a dotfiles checkout) is written where it points: a rename onto
  // the link would replace the link with a plain file.
  const configFile = await realpath(files.configFile).catch(() => files.configFile);
  files = { ...files, configFile };
  const run = async () =>
    underLock(files.configFile, async () => {
      // Read under the lock: a write that waited sees what the one before it wrote.
      const old = await readOrMissing(files.configFile);
      const credentials = await readOrMissing(files.credentialsFile).catch(() => undefined);
      const { newSession } = checkAgainstFiles(add, old ?? '', credentials, files);
      const text = old ?? '';
      const lead = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
      const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
      const backup = await replaceFile(
        files.configFile,
        `${text}${lead}${sectionsFor(add, newSession)}\n`,
        old,
        `${files.configFile}.bak-${stamp}`,
      );
      return { ...(backup ? { backup } : {}), added: add.profiles.map((p) => p.name) };
    });
  const result = queue.then(run, run);
  queue = result.catch(() => {});
  return result;
}
