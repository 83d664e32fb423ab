// Credentials per profile through the SDK's own providers (@aws-sdk/credential-providers),
// memoized per profile with the SDK's memoizeIdentityProvider, so every Lightsail client of a
// profile shares one cached identity that the SDK refreshes before it expires.
import { fromIni, fromSSO } from '@aws-sdk/credential-providers';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Result } from '../shared/models.js';
import {
  loadProfileData,
  loadProfileDataSync,
  mergedProfile,
  profileKind,
  unreadableError,
  type ProfileInputs,
} from './aws-profiles.js';
import { parseProcessCredentials, runCredentialProcess } from './credential-process.js';
import { launcherErrors, LauncherFailure, toLauncherError } from './errors.js';
import { systemClock, type Clock, type CredentialsFor } from './ports.js';

/**
 * Default longest wait for one profile's credentials. Shorter than a listing scope's 30 s
 * deadline, so a hung source is reported as itself (on its profile) rather than as a silent
 * Lightsail, and the scope still ends within its own deadline.
 */
export const DEFAULT_CREDENTIAL_DEADLINE_MS = 25_000;

/** Credentials of every profile, cached per profile. */
export interface CredentialStore {
  credentialsFor: CredentialsFor;
  /** Try to get credentials now; an expired SSO token comes back as 'sign-in-required'. */
  checkCredentials(profile: string): Promise<Result<null>>;
  /** Forget the cached credentials of one profile (or all), e.g. after `aws sso login`. */
  invalidate(profile?: string): void;
}

/** Options of createCredentialStore. */
export interface CredentialStoreOptions extends ProfileInputs {
  /** Passed to the providers' inner STS/SSO clients (tests point them at 127.0.0.1). */
  clientConfig?: Record<string, unknown>;
  /**
   * Asks the user for the MFA code of a role profile with mfa_serial (the sign-in feature's
   * askMfaCode). Given to the SDK as fromIni's mfaCodeProvider; the memo below keeps the role
   * credentials for their lifetime, so the code is asked once per lifetime and never stored.
   */
  askMfaCode?: (profile: string, serial: string) => Promise<string>;
  /** fromIni's STS role assumer (tests stand in for STS with it). */
  roleAssumer?: NonNullable<Parameters<typeof fromIni>[0]>['roleAssumer'];
  /** Longest wait for one fetch of a profile's credentials (default 25 s). */
  deadlineMs?: number;
  /** Times the deadline (default: the system clock). */
  clock?: Clock;
}

/** What gives a profile its credentials, named for the user. */
function sourceOf(opts: ProfileInputs, profile: string): string {
  try {
    switch (profileKind(mergedProfile(loadProfileDataSync(opts), profile))) {
      case 'credential-process':
        return 'its credential_process';
      case 'sso':
      case 'sso-session':
        return 'IAM Identity Center (GetRoleCredentials)';
      case 'assume-role':
        return 'the role it assumes (STS, or its source profile)';
      case 'web-identity':
        return 'its web identity role (STS)';
      default:
        return 'its credential source';
    }
  } catch {
    return 'its credential source';
  }
}

/** A credential source that gave no answer within the deadline. */
function credentialTimeout(profile: string, source: string, ms: number): LauncherFailure {
  return new LauncherFailure(launcherErrors.credentialTimeout(profile, source, ms));
}

/**
 * The profile's provider with a deadline: a fetch that has not settled by then rejects, its
 * child process is killed, and (the SDK's memo dropping a rejected fetch) the next call
 * starts afresh instead of joining the stuck one.
 */
function boundedProvider(profile: string, opts: CredentialStoreOptions): AwsCredentialIdentityProvider {
  const deadlineMs = opts.deadlineMs ?? DEFAULT_CREDENTIAL_DEADLINE_MS;
  const clock = opts.clock ?? systemClock;
  return async (props) => {
    const stop = new AbortController();
    let phase: AbortController | undefined;
    let fail: (e: unknown) => void = () => undefined;
    const late = new Promise<never>((_, reject) => (fail = reject));
    const arm = () => {
      phase?.abort();
      const mine = (phase = new AbortController());
      clock.sleep(deadlineMs, AbortSignal.any([stop.signal, mine.signal])).then(
        () => fail(credentialTimeout(profile, sourceOf(opts, profile), deadlineMs)),
        () => undefined,
      );
    };
    // The user typing an MFA code in the launcher is not a hung source: no deadline meanwhile.
    const userWait: UserWait = async (ask) => {
      phase?.abort();
      try {
        return await ask();
      } finally {
        if (!stop.signal.aborted) arm();
      }
    };
    arm();
    const work = profileProvider(profile, opts, stop.signal, userWait)(props);
    // The loser of the race must not become an unhandled rejection.
    work.catch(() => undefined);
    late.catch(() => undefined);
    try {
      return await Promise.race([work, late]);
    } finally {
      stop.abort();
    }
  };
}

type UserWait = <T>(ask: () => Promise<T>) => Promise<T>;

function profileProvider(
  profile: string,
  opts: CredentialStoreOptions,
  signal: AbortSignal,
  userWait: UserWait,
): AwsCredentialIdentityProvider {
  return async (props) => {
    // Checked on every (uncached) fetch, so edits and a fresh `aws sso login` are picked up; the
    // files are re-read and re-parsed only when they changed, and the SDK parses what we hand it.
    const data = await loadProfileData(opts);
    const settings = mergedProfile(data, profile);
    const unreadable = data.unreadable[0];
    if (!settings && unreadable) throw new LauncherFailure(unreadableError(unreadable, profile));
    if (!settings) {
      const why = [data.scans.config, data.scans.credentials]
        .flatMap((s) => s?.diagnostics ?? [])
        .find((d) => d.severity === 'error' && d.target?.type === 'profile' && d.target.name === profile);
      const message = why
        ? `Profile ${profile} cannot be used: ${why.reason} (${why.file}, line ${why.line})`
        : `Profile ${profile} was not found in ${data.paths.configFile} or ${data.paths.credentialsFile}.`;
      throw new LauncherFailure(launcherErrors.profileNotUsable(profile, message));
    }
    // The SDK would look the session up in a plain object, where an Object.prototype name
    // finds an inherited function instead of "missing": refuse before it does.
    const session = settings.sso_session;
    if (session !== undefined && !data.config.has(`sso-session.${session}`)) {
      throw new LauncherFailure(launcherErrors.ssoSessionNotFound(profile, session, data.paths.configFile));
    }
    const init = {
      profile,
      filepath: data.paths.credentialsFile,
      configFilepath: data.paths.configFile,
      ignoreCache: true,
      ...(opts.clientConfig ? { clientConfig: opts.clientConfig } : {}),
    };
    // fromIni hands SSO profiles to fromSSO without the file paths (credential-provider-ini's
    // resolveSsoCredentials passes only the profile), which would read the default files
    // instead of AWS_CONFIG_FILE as passed to us; so SSO profiles go to fromSSO directly.
    // Note: the SDK finds the SSO token cache under $HOME/.aws/sso/cache of the process.
    const kind = profileKind(settings);
    if (kind === 'sso' || kind === 'sso-session') return fromSSO(init)(props);
    // Run by us so that it can be killed (see credential-process.ts).
    const command = settings.credential_process;
    if (kind === 'credential-process' && command) {
      return parseProcessCredentials(
        profile,
        await runCredentialProcess(profile, command, signal),
        settings.aws_account_id,
        (opts.clock ?? systemClock).now(),
      );
    }
    const ask = opts.askMfaCode;
    return fromIni({
      ...init,
      ...(ask ? { mfaCodeProvider: (serial: string) => userWait(() => ask(profile, serial)) } : {}),
      ...(opts.roleAssumer ? { roleAssumer: opts.roleAssumer } : {}),
    })(props);
  };
}

/** Build the per-profile credential cache. */
export function createCredentialStore(opts: CredentialStoreOptions): CredentialStore {
  const memos = new Map<string, AwsCredentialIdentityProvider>();
  const current = (profile: string): AwsCredentialIdentityProvider => {
    let memo = memos.get(profile);
    if (!memo) {
      memo = memoizeIdentityProvider<AwsCredentialIdentity>(
        boundedProvider(profile, opts),
        isIdentityExpired,
        doesIdentityRequireRefresh,
      )!;
      memos.set(profile, memo);
    }
    return memo;
  };
  // A stable function per profile that looks up the current memo on every call: clients
  // built before an invalidate() then pick up the fresh credentials too.
  const stable = new Map<string, AwsCredentialIdentityProvider>();
  const credentialsFor: CredentialsFor = (profile) => {
    let provider = stable.get(profile);
    if (!provider) {
      provider = (props) => current(profile)(props);
      stable.set(profile, provider);
    }
    return provider;
  };
  return {
    credentialsFor,
    async checkCredentials(profile) {
      try {
        await credentialsFor(profile)();
        return { ok: true, value: null };
      } catch (err) {
        return { ok: false, error: toLauncherError(err, { profile, action: 'get credentials' }) };
      }
    },
    invalidate(profile) {
      if (profile === undefined) memos.clear();
      else memos.delete(profile);
    },
  };
}
