// The real AWS environment: the profiles on this machine and Lightsail clients built from them.
import {
  listProfiles,
  loadProfileDataSync,
  profileEndpointUrl,
  profileIgnoresConfiguredEndpoints,
} from './aws-profiles.js';
import { profileCaBundle } from './network-agent.js';
import { createCredentialStore, type CredentialStore } from './credentials.js';
import { createClientFactory, type ClientFactoryOptions } from './lightsail-client.js';
import type { ProfileSummary } from '../shared/models.js';
import { systemClock, type Clock, type Environment } from './ports.js';
import type { SsoTimeouts } from './sso-clients.js';
import { createSignIn, type SignIn } from './sso-sign-in.js';

/** Options of createAwsEnvironment. */
export interface AwsEnvironmentOptions {
  env: Record<string, string | undefined>;
  homedir: string;
  /** Retry and timeout settings, or an explicit endpoint, for every Lightsail client. */
  clientOptions?: Omit<
    ClientFactoryOptions,
    'credentialsFor' | 'env' | 'profileEndpoint' | 'profileIgnoresConfiguredEndpoints' | 'profileCaBundle'
  >;
  /** Opens the IAM Identity Center verification URL in the system browser (shell.openExternal). */
  openExternal?: (url: string) => void | Promise<void>;
  /** Schedules token refreshes and expiry warnings (default: the system clock). */
  clock?: Clock;
  /** SSO OIDC / portal client settings for the sign-in and the SSO credential provider (tests). */
  ssoClientConfig?: Record<string, unknown>;
  /** Timeouts of the SSO OIDC and portal clients (default: the Lightsail clients' policy). */
  ssoTimeouts?: SsoTimeouts;
  /** Longest wait for one profile's credentials (default 25 s), timed on `clock`. */
  credentialDeadlineMs?: number;
  /**
   * Offer the credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) as a
   * profile named `env`, as the AWS CLI uses them (the CLI does; a file profile named env wins).
   */
  environmentCredentials?: boolean;
}

/** The name the credentials from environment variables go by. */
export const ENV_PROFILE = 'env';

/** The `env` profile, when the environment carries credentials and no file profile has that name. */
function envProfile(
  env: Record<string, string | undefined>,
  listed: readonly ProfileSummary[],
): ProfileSummary | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY || listed.some((p) => p.name === ENV_PROFILE))
    return undefined;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  return {
    name: ENV_PROFILE,
    kind: 'static',
    sources: ['environment variables'],
    diagnostics: [],
    isDefault: !env.AWS_PROFILE && !listed.some((p) => p.isDefault),
    ...(region ? { region } : {}),
  };
}

/** The environment plus its credential store, for callers that check credentials directly. */
export type AwsEnvironment = Environment & { credentials: CredentialStore; signIn: SignIn };

/** Build the environment over the shared AWS files and the SDK's credential providers. */
export function createAwsEnvironment(opts: AwsEnvironmentOptions): AwsEnvironment {
  const inputs = { env: opts.env, homedir: opts.homedir };
  // A client asks three things of the files as it is built: look at them once per build (the
  // parse is shared anyway; this saves the change checks), fresh again on the next turn.
  let held: ReturnType<typeof loadProfileDataSync> | undefined;
  const profileData = () => {
    if (!held) {
      held = loadProfileDataSync(inputs);
      queueMicrotask(() => (held = undefined));
    }
    return held;
  };
  // MFA codes for mfa_serial roles are asked through the sign-in's state (signin:changed).
  const credentials: CredentialStore = createCredentialStore({
    ...inputs,
    askMfaCode: (profile, serial) => signIn.askMfaCode(profile, serial),
    clock: opts.clock ?? systemClock,
    ...(opts.credentialDeadlineMs ? { deadlineMs: opts.credentialDeadlineMs } : {}),
    ...(opts.ssoClientConfig ? { clientConfig: opts.ssoClientConfig } : {}),
  });
  // One sign-in serves every profile of its session: forget their credentials, so the next
  // listing uses the new token without a restart.
  const forget = (profiles: string[]) => {
    for (const p of profiles) {
      credentials.invalidate(p);
      clients.invalidate(p);
    }
  };
  const signIn: SignIn = createSignIn({
    inputs,
    clock: opts.clock ?? systemClock,
    openExternal: opts.openExternal ?? (() => {}),
    ...(opts.ssoClientConfig ? { clientConfig: opts.ssoClientConfig } : {}),
    ...(opts.ssoTimeouts ? { timeouts: opts.ssoTimeouts } : {}),
    onSignedIn: forget,
    onSignedOut: forget,
  });
  // The env profile exists only while no file profile takes its name (checked as profiles are listed).
  let envInUse = false;
  const fromEnvironment = async () => ({
    accessKeyId: opts.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: opts.env.AWS_SECRET_ACCESS_KEY ?? '',
    ...(opts.env.AWS_SESSION_TOKEN ? { sessionToken: opts.env.AWS_SESSION_TOKEN } : {}),
  });
  const clients = createClientFactory({
    ...opts.clientOptions,
    env: opts.env,
    credentialsFor: (profile) =>
      envInUse && profile === ENV_PROFILE ? fromEnvironment : credentials.credentialsFor(profile),
    // Asked when a client is first built for a profile × region: a stat of each file, the
    // files being read and parsed again only when they changed (shared with listing and the
    // credential providers).
    profileEndpoint: (profile) => profileEndpointUrl(profileData(), profile),
    profileIgnoresConfiguredEndpoints: (profile) => profileIgnoresConfiguredEndpoints(profileData(), profile),
    profileCaBundle: (profile) => profileCaBundle(profileData(), profile),
  });
  return {
    profiles: {
      async list() {
        const listed = await listProfiles(inputs);
        const fromEnv = opts.environmentCredentials ? envProfile(opts.env, listed) : undefined;
        envInUse = fromEnv !== undefined;
        if (!fromEnv) return listed;
        return fromEnv.isDefault ? [fromEnv, ...listed] : [...listed, fromEnv];
      },
      invalidate(profile) {
        credentials.invalidate(profile);
        // Clients memoize credentials that never expire (static keys) themselves: drop them too.
        clients.invalidate(profile);
      },
    },
    clients,
    credentials,
    signIn,
    allowLoopbackHttp: opts.env.LFR_ALLOW_LOOPBACK === '1',
    demo: false,
    async dispose() {
      signIn.dispose();
      clients.dispose();
    },
  };
}
