// The real AWS environment: the profiles on this machine and Lightsail clients built from them.
import { listProfiles, loadProfileDataSync, profileEndpointUrl, profileIgnoresConfiguredEndpoints } from './aws-profiles.js';
import { createCredentialStore, type CredentialStore } from './credentials.js';
import { createClientFactory, type ClientFactoryOptions } from './lightsail-client.js';
import type { Environment } from './ports.js';

/** Options of createAwsEnvironment. */
export interface AwsEnvironmentOptions {
  env: Record<string, string | undefined>;
  homedir: string;
  /** Retry and timeout settings, or an explicit endpoint, for every Lightsail client. */
  clientOptions?: Omit<ClientFactoryOptions, 'credentialsFor' | 'env' | 'profileEndpoint' | 'profileIgnoresConfiguredEndpoints'>;
  /** Asks for a role profile's MFA code (the sign-in feature's askMfaCode). */
  askMfaCode?: (profile: string, serial: string) => Promise<string>;
}

/** The environment plus its credential store, for callers that check credentials directly. */
export type AwsEnvironment = Environment & { credentials: CredentialStore };

/** Build the environment over the shared AWS files and the SDK's credential providers. */
export function createAwsEnvironment(opts: AwsEnvironmentOptions): AwsEnvironment {
  const inputs = { env: opts.env, homedir: opts.homedir };
  const credentials = createCredentialStore({ ...inputs, ...(opts.askMfaCode ? { askMfaCode: opts.askMfaCode } : {}) });
  const clients = createClientFactory({
    ...opts.clientOptions,
    env: opts.env,
    credentialsFor: credentials.credentialsFor,
    // Read when a client is first built for a profile (clients are then cached), so a plain
    // synchronous read of the two small files is fine here.
    profileEndpoint: (profile) => profileEndpointUrl(loadProfileDataSync(inputs), profile),
    profileIgnoresConfiguredEndpoints: (profile) => profileIgnoresConfiguredEndpoints(loadProfileDataSync(inputs), profile),
  });
  return {
    profiles: {
      list: () => listProfiles(inputs),
      invalidate(profile) {
        credentials.invalidate(profile);
        // Clients memoize credentials that never expire (static keys) themselves: drop them too.
        clients.invalidate(profile);
      },
    },
    clients,
    credentials,
    allowLoopbackHttp: opts.env.LFR_ALLOW_LOOPBACK === '1',
    demo: false,
    async dispose() {
      clients.dispose();
    },
  };
}
