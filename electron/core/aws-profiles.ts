// The AWS profiles on this machine: the shared files read once per change, checked line by line
// by ini-diagnostics (which reads them the way the SDK's @smithy/shared-ini-file-loader does),
// and handed to the SDK's loader with the sections that are unsafe for it removed.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { externalDataInterceptor } from '@smithy/shared-ini-file-loader';
import type { LauncherError, ProfileDiagnostic, ProfileKind, ProfileSummary } from '../shared/models.js';
import { redactSecrets } from './redact.js';
import { launcherErrors } from './errors.js';
import { sanitizeForSdk, scanIni, type IniDiagnostic, type IniScan } from './ini-diagnostics.js';

/** Where profiles come from: passed in, so the core never reads process.env itself. */
export interface ProfileInputs {
  env: Record<string, string | undefined>;
  homedir: string;
}

/** The two shared files. */
export interface SharedFilePaths {
  configFile: string;
  credentialsFile: string;
}

/** Settings of every profile, as the SDK sees them, with the per-file scans. */
export interface ProfileData {
  paths: SharedFilePaths;
  /** Config-file sections by profile name (plus `sso-session.x` / `services.x` keys). */
  config: Map<string, Record<string, string>>;
  /** Credentials-file sections by profile name. */
  credentials: Map<string, Record<string, string>>;
  scans: { config?: IniScan; credentials?: IniScan };
  /** Files that exist but cannot be read: shown as an error on the profiles, never as "no profiles". */
  unreadable: UnreadableFile[];
}

function expandHome(path: string, homedir: string): string {
  return path.startsWith('~/') || path.startsWith('~\\') ? join(homedir, path.slice(2)) : path;
}

/** The config and credentials file paths, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. */
export function sharedFilePaths({ env, homedir }: ProfileInputs): SharedFilePaths {
  return {
    configFile: expandHome(env.AWS_CONFIG_FILE || join(homedir, '.aws', 'config'), homedir),
    credentialsFile: expandHome(
      env.AWS_SHARED_CREDENTIALS_FILE || join(homedir, '.aws', 'credentials'),
      homedir,
    ),
  };
}

/** The profile the SDK and the CLI use when none is named: AWS_PROFILE, else `default`. */
export function selectedProfile(env: Record<string, string | undefined>): string {
  return env.AWS_PROFILE || 'default';
}

/** How the SDK's fromIni would get credentials for a profile (same order as its resolveProfileData). */
export function profileKind(data: Record<string, string> | undefined): ProfileKind {
  if (!data) return 'unknown';
  const has = (k: string) => typeof data[k] === 'string';
  if (has('role_arn') && has('source_profile') !== has('credential_source')) return 'assume-role';
  if (has('aws_access_key_id') && has('aws_secret_access_key')) return 'static';
  if (has('web_identity_token_file') && has('role_arn')) return 'web-identity';
  if (has('credential_process')) return 'credential-process';
  // The modern form names an [sso-session] section (refreshable tokens); the legacy form
  // carries sso_start_url on the profile itself.
  if (has('sso_session')) return 'sso-session';
  if (['sso_start_url', 'sso_account_id', 'sso_region', 'sso_role_name'].some(has)) return 'sso';
  return 'unknown';
}

/** True for the config keys of [sso-session x] and [services x] sections; every other key is a profile, dotted names included. */
export function isSpecialConfigKey(key: string): boolean {
  return key.startsWith('sso-session.') || key.startsWith('services.');
}

/** A file that exists but cannot be read (permissions, a directory): its profiles are missing. */
export interface UnreadableFile {
  file: string;
  /** The system error code (EACCES, EISDIR…). */
  code: string;
  reason: string;
}

// One shared file as last read. `stamp` says which version of the file the rest describes.
interface FileState {
  stamp: string;
  text?: string;
  scan?: IniScan;
  unreadable?: UnreadableFile;
}

// Process-wide, by path: every profile listing, client and credential provider shares one
// read and one parse per change of a file (the SDK's interceptor it feeds is process-wide too).
const fileStates = new Map<string, FileState>();
const dataCache = new Map<string, { config: FileState; credentials: FileState; data: ProfileData }>();

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
}

function unreadable(file: string, code: string): UnreadableFile {
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a directory, not a file'
        : `error ${code}`;
  return {
    file,
    code,
    reason: `${file} cannot be read (${why}), so the profiles and settings in it are missing.`,
  };
}

// A version stamp from stat: a rewrite changes size or mtime, an atomic replace the inode.
// Called for every client built, so a missing file must not cost an exception.
function stampOf(path: string): { stamp: string; code?: string; isFile?: boolean } {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return { stamp: 'missing' };
    return { stamp: `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`, isFile: st.isFile() };
  } catch (err) {
    const code = errorCode(err);
    return { stamp: code === 'ENOTDIR' ? 'missing' : `error:${code}`, code };
  }
}

function readState(path: string, kind: 'config' | 'credentials'): FileState {
  const { stamp, code, isFile } = stampOf(path);
  const known = fileStates.get(path);
  if (known && known.stamp === stamp) return known;
  let state: FileState;
  if (stamp === 'missing') state = { stamp };
  else if (code !== undefined) state = { stamp, unreadable: unreadable(path, code) };
  else if (!isFile) state = { stamp, unreadable: unreadable(path, 'EISDIR') };
  else {
    try {
      const text = readFileSync(path, 'utf8');
      state = { stamp, text, scan: scanIni(text, path, kind) };
    } catch (err) {
      state = { stamp, unreadable: unreadable(path, errorCode(err)) };
    }
  }
  fileStates.set(path, state);
  // The SDK's credential providers and config loaders read these paths through its own
  // parser, which is unsafe for some section names (see unsafeSection): hand it the text we
  // just read, with those sections renamed (in memory; nothing is written). It then never
  // reads the file itself, and sees each change as soon as we do.
  const record = externalDataInterceptor.getFileRecord() as Record<string, unknown>;
  if (state.text !== undefined)
    externalDataInterceptor.interceptFile(
      path,
      state.scan?.needsSanitizing ? sanitizeForSdk(state.text) : state.text,
    );
  else delete record[path];
  return state;
}

/**
 * Both files as they are now. Each is stat'ed on every call, but read and parsed (once, for
 * every caller in the process) only when it changed; unchanged files give the same object.
 */
export function loadProfileDataSync(inputs: ProfileInputs): ProfileData {
  const paths = sharedFilePaths(inputs);
  const config = readState(paths.configFile, 'config');
  const credentials = readState(paths.credentialsFile, 'credentials');
  const key = `${paths.configFile}\0${paths.credentialsFile}`;
  const cached = dataCache.get(key);
  if (cached && cached.config === config && cached.credentials === credentials) return cached.data;
  const scans: ProfileData['scans'] = {};
  if (config.scan) scans.config = config.scan;
  if (credentials.scan) scans.credentials = credentials.scan;
  const data: ProfileData = {
    paths,
    config: config.scan?.data ?? new Map(),
    credentials: credentials.scan?.data ?? new Map(),
    scans,
    unreadable: [config.unreadable, credentials.unreadable].filter(
      (u): u is UnreadableFile => u !== undefined,
    ),
  };
  dataCache.set(key, { config, credentials, data });
  return data;
}

/**
 * The same, for async callers. The data is our scan's reading, which is the SDK's own
 * (test/core/ini-diagnostics.spec.ts compares the two on every sample) minus the sections
 * that are unsafe for it; the SDK's providers parse the text we hand them themselves.
 */
export async function loadProfileData(inputs: ProfileInputs): Promise<ProfileData> {
  return loadProfileDataSync(inputs);
}

/** A profile's settings merged the way the SDK merges them (credentials file wins per key). */
export function mergedProfile(data: ProfileData, name: string): Record<string, string> | undefined {
  const c = data.config.get(name);
  const k = data.credentials.get(name);
  if (!c && !k) return undefined;
  return { ...c, ...k };
}

/** The endpoint a profile configures for Lightsail: `[services x]` lightsail.endpoint_url, then endpoint_url. */
export function profileEndpointUrl(data: ProfileData, name: string): string | undefined {
  const p = mergedProfile(data, name);
  if (!p) return undefined;
  const servicesName = p.services;
  const services = servicesName ? data.config.get(`services.${servicesName}`) : undefined;
  return services?.['lightsail.endpoint_url'] || p.endpoint_url || undefined;
}

/** True when the profile sets ignore_configured_endpoint_urls = true. */
export function profileIgnoresConfiguredEndpoints(data: ProfileData, name: string): boolean {
  return mergedProfile(data, name)?.ignore_configured_endpoint_urls?.toLowerCase() === 'true';
}

function plain(d: IniDiagnostic): ProfileDiagnostic {
  // Reasons quote section headers and key names from the file, never values; masked anyway.
  return { file: d.file, line: d.line, reason: redactSecrets(d.reason), severity: d.severity };
}

/** The account a profile's settings name: sso_account_id, else the account of its role_arn. */
export function accountOfSettings(settings: Record<string, string> | undefined): string | undefined {
  const sso = settings?.sso_account_id?.trim();
  if (sso && /^\d{12}$/.test(sso)) return sso;
  return /^arn:[\w-]+:iam::(\d{12}):role\//.exec(settings?.role_arn?.trim() ?? '')?.[1];
}

/** Every profile in the shared config and credentials files: default first, then by name. */
export async function listProfiles(inputs: ProfileInputs): Promise<ProfileSummary[]> {
  const data = await loadProfileData(inputs);
  return summarize(data, inputs.env);
}

/** Build the summaries from loaded data (exported for tests and the sync path). */
export function summarize(data: ProfileData, env: Record<string, string | undefined>): ProfileSummary[] {
  const selected = selectedProfile(env);
  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  const names = new Set<string>();
  for (const key of data.config.keys()) if (!isSpecialConfigKey(key)) names.add(key);
  for (const key of data.credentials.keys()) names.add(key);
  const scans = [data.scans.config, data.scans.credentials].filter((s): s is IniScan => s !== undefined);
  // A section the SDK ignores, or one whose every line it skipped, is still shown: as a broken
  // profile carrying the reason, rather than vanishing.
  const seenIn = (scan: IniScan | undefined, name: string) =>
    !!scan && (scan.ignoredProfiles.includes(name) || scan.profiles.includes(name));
  for (const scan of scans) for (const name of [...scan.ignoredProfiles, ...scan.profiles]) names.add(name);

  const summaries: ProfileSummary[] = [];
  for (const name of names) {
    const settings = mergedProfile(data, name);
    const sources: string[] = [];
    if (data.config.has(name) || seenIn(data.scans.config, name)) sources.push(data.paths.configFile);
    if (data.credentials.has(name) || seenIn(data.scans.credentials, name))
      sources.push(data.paths.credentialsFile);
    const diagnostics: ProfileDiagnostic[] = [];
    for (const scan of scans) {
      const fromThisFile = sources.includes(scan.file);
      for (const d of scan.diagnostics) {
        const t = d.target;
        const mine =
          (t === undefined && fromThisFile) ||
          (t?.type === 'profile' && t.name === name) ||
          (t?.type === 'sso-session' && settings?.sso_session === t.name) ||
          (t?.type === 'services' && settings?.services === t.name);
        if (mine) diagnostics.push(plain(d));
      }
    }
    diagnostics.push(...referenceProblems(data, name, settings));
    // Any profile may have settings in a file we could not read.
    diagnostics.push(...data.unreadable.map(unreadableDiagnostic));
    const isDefault = name === selected;
    const region = (isDefault && envRegion) || settings?.region || undefined;
    const summary: ProfileSummary = { name, kind: profileKind(settings), sources, diagnostics, isDefault };
    if (region) summary.region = region;
    const accountId = accountOfSettings(settings);
    if (accountId) summary.accountId = accountId;
    summaries.push(summary);
  }
  // An unreadable file is not "no profiles" (which would start the demo): the profile the SDK
  // would use is listed, carrying the error, so the launcher shows it where profiles are shown.
  const first = data.unreadable[0];
  if (first && !names.has(selected)) {
    summaries.push({
      name: selected,
      kind: 'unknown',
      sources: data.unreadable.map((u) => u.file),
      diagnostics: data.unreadable.map(unreadableDiagnostic),
      isDefault: true,
      status: 'error',
      error: unreadableError(first, selected),
    });
  }
  return summaries.sort((a, b) =>
    a.isDefault === b.isDefault ? a.name.localeCompare(b.name) : a.isDefault ? -1 : 1,
  );
}

function unreadableDiagnostic(u: UnreadableFile): ProfileDiagnostic {
  return { file: u.file, line: 0, severity: 'error', reason: u.reason };
}

/** The error of a profile whose settings may be in a file that cannot be read. */
export function unreadableError(u: UnreadableFile, profile: string): LauncherError {
  return launcherErrors.awsFileUnreadable(profile, u.file, u.reason, u.code);
}

// References the SDK only discovers when it fetches credentials: report them on the profile now.
function referenceProblems(
  data: ProfileData,
  name: string,
  settings: Record<string, string> | undefined,
): ProfileDiagnostic[] {
  if (!settings) return [];
  const out: ProfileDiagnostic[] = [];
  const where = (key: string): { file: string; line: number } => {
    for (const scan of [data.scans.config, data.scans.credentials]) {
      if (!scan) continue;
      const line = scan.keyLines.get(name)?.get(key);
      if (line) return { file: scan.file, line };
    }
    return { file: data.paths.configFile, line: 0 };
  };
  const session = settings.sso_session;
  if (session && !data.config.has(`sso-session.${session}`)) {
    out.push({
      ...where('sso_session'),
      severity: 'error',
      reason: `sso_session = ${session}, but the config file has no [sso-session ${session}] section.`,
    });
  }
  const source = settings.source_profile;
  if (source && !data.config.has(source) && !data.credentials.has(source)) {
    out.push({
      ...where('source_profile'),
      severity: 'error',
      reason: `source_profile = ${source}, but there is no profile named "${source}".`,
    });
  }
  return out;
}
