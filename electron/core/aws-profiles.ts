// The AWS profiles on this machine, read through the SDK's own loader
// (@smithy/shared-ini-file-loader) and checked line by line by ini-diagnostics.
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { externalDataInterceptor, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ParsedIniData } from '@smithy/types';
import type { ProfileDiagnostic, ProfileKind, ProfileSummary } from '../shared/models.js';
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
}

function expandHome(path: string, homedir: string): string {
  return path.startsWith('~/') || path.startsWith('~\\') ? join(homedir, path.slice(2)) : path;
}

/** The config and credentials file paths, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. */
export function sharedFilePaths({ env, homedir }: ProfileInputs): SharedFilePaths {
  return {
    configFile: expandHome(env.AWS_CONFIG_FILE || join(homedir, '.aws', 'config'), homedir),
    credentialsFile: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(homedir, '.aws', 'credentials'), homedir),
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

function isSpecialConfigKey(key: string): boolean {
  return key.startsWith('sso-session.') || key.startsWith('services.');
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

function toMap(obj: ParsedIniData): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const [name, section] of Object.entries(obj)) {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(section)) if (typeof v === 'string') values[k] = v;
    out.set(name, values);
  }
  return out;
}

// Paths whose content we handed to the SDK through externalDataInterceptor.
const intercepted = new Set<string>();

// A file with a `[profile __proto__]` section makes the SDK read nothing from it, so every
// profile in it would fail to get credentials, not only the broken one. The SDK's only way
// to be given file content is its (process-wide) externalDataInterceptor: while the file is
// in that state we hand it the text with the offending header renamed (in memory only,
// nothing is written), and we withdraw it as soon as the file is fixed, so the SDK reads the
// real file again. Every credential fetch goes through loadProfileData first.
function syncSdkView(path: string, text: string | undefined, scan: IniScan | undefined): void {
  if (text !== undefined && scan?.sdkRejectsFile) {
    externalDataInterceptor.interceptFile(path, sanitizeForSdk(text));
    intercepted.add(path);
  } else if (intercepted.has(path)) {
    const record = externalDataInterceptor.getFileRecord() as Record<string, unknown>;
    delete record[path];
    intercepted.delete(path);
  }
}

/**
 * Read both files through the SDK loader, plus our scan of each. Where the SDK would reject a
 * whole file (a `__proto__` section), it is given the file without that section, so the
 * other profiles still list and still get credentials.
 */
export async function loadProfileData(inputs: ProfileInputs): Promise<ProfileData> {
  const paths = sharedFilePaths(inputs);
  const [configText, credentialsText] = await Promise.all([readText(paths.configFile), readText(paths.credentialsFile)]);
  const scans: ProfileData['scans'] = {};
  if (configText !== undefined) scans.config = scanIni(configText, paths.configFile, 'config');
  if (credentialsText !== undefined) scans.credentials = scanIni(credentialsText, paths.credentialsFile, 'credentials');
  syncSdkView(paths.configFile, configText, scans.config);
  syncSdkView(paths.credentialsFile, credentialsText, scans.credentials);
  const sdk = await loadSharedConfigFiles({ filepath: paths.credentialsFile, configFilepath: paths.configFile, ignoreCache: true });
  return {
    paths,
    config: scans.config?.sdkRejectsFile ? scans.config.data : toMap(sdk.configFile),
    credentials: scans.credentials?.sdkRejectsFile ? scans.credentials.data : toMap(sdk.credentialsFile),
    scans,
  };
}

/** Synchronous variant built on the same scanner (which mirrors the SDK parser), for quick look-ups. */
export function loadProfileDataSync(inputs: ProfileInputs): ProfileData {
  const paths = sharedFilePaths(inputs);
  const read = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  const configText = read(paths.configFile);
  const credentialsText = read(paths.credentialsFile);
  const scans: ProfileData['scans'] = {};
  if (configText !== undefined) scans.config = scanIni(configText, paths.configFile, 'config');
  if (credentialsText !== undefined) scans.credentials = scanIni(credentialsText, paths.credentialsFile, 'credentials');
  return { paths, config: scans.config?.data ?? new Map(), credentials: scans.credentials?.data ?? new Map(), scans };
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
  return { file: d.file, line: d.line, reason: d.reason, severity: d.severity };
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
  const seenIn = (scan: IniScan | undefined, name: string) => !!scan && (scan.ignoredProfiles.includes(name) || scan.profiles.includes(name));
  for (const scan of scans) for (const name of [...scan.ignoredProfiles, ...scan.profiles]) names.add(name);

  const summaries: ProfileSummary[] = [];
  for (const name of names) {
    const settings = mergedProfile(data, name);
    const sources: string[] = [];
    if (data.config.has(name) || seenIn(data.scans.config, name)) sources.push(data.paths.configFile);
    if (data.credentials.has(name) || seenIn(data.scans.credentials, name)) sources.push(data.paths.credentialsFile);
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
    const isDefault = name === selected;
    const region = (isDefault && envRegion) || settings?.region || undefined;
    const summary: ProfileSummary = { name, kind: profileKind(settings), sources, diagnostics, isDefault };
    if (region) summary.region = region;
    summaries.push(summary);
  }
  return summaries.sort((a, b) => (a.isDefault === b.isDefault ? a.name.localeCompare(b.name) : a.isDefault ? -1 : 1));
}

// References the SDK only discovers when it fetches credentials: report them on the profile now.
function referenceProblems(data: ProfileData, name: string, settings: Record<string, string> | undefined): ProfileDiagnostic[] {
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
    out.push({ ...where('sso_session'), severity: 'error', reason: `sso_session = ${session}, but the config file has no [sso-session ${session}] section.` });
  }
  const source = settings.source_profile;
  if (source && !data.config.has(source) && !data.credentials.has(source)) {
    out.push({ ...where('source_profile'), severity: 'error', reason: `source_profile = ${source}, but there is no profile named "${source}".` });
  }
  return out;
}
