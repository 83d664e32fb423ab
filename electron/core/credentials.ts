// Credentials per profile through the SDK's own providers (@aws-sdk/credential-providers),
// memoized per profile with the SDK's memoizeIdentityProvider, so every Lightsail client of a
// profile shares one cached identity that the SDK refreshes before it expires.
import { fromIni, fromSSO } from '@aws-sdk/credential-providers';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Result } from '../shared/models.js';
import { loadProfileData, mergedProfile, profileKind, unreadableError, type ProfileInputs } from './aws-profiles.js';
import { launcherErrors, LauncherFailure, toLauncherError } from './errors.js';
import type { CredentialsFor } from './ports.js';

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
}

function profileProvider(profile: string, opts: CredentialStoreOptions): AwsCredentialIdentityProvider {
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
    const ask = opts.askMfaCode;
    return fromIni({
      ...init,
      ...(ask ? { mfaCodeProvider: (serial: string) => ask(profile, serial) } : {}),
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
      memo = memoizeIdentityProvider<AwsCredentialIdentity>(profileProvider(profile, opts), isIdentityExpired, doesIdentityRequireRefresh)!;
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
