// One LightsailClient per profile × region, each with retries, a connection timeout, a
// request timeout that really rejects, an overall deadline per call, the standard endpoint
// overrides, and the proxy and CA bundle of a corporate network.
import { LightsailClient } from '@aws-sdk/client-lightsail';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { cleanMessage, launcherErrors, LauncherFailure } from './errors.js';
import { networkAgents, type NetworkAgents } from './network-agent.js';
import type { Clock, ClientFactory, CredentialsFor } from './ports.js';
import {
  DEFAULT_CALL_DEADLINE_MS,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  withCallDeadline,
} from './call-deadline.js';

/** Options of createClientFactory. */
export interface ClientFactoryOptions {
  credentialsFor: CredentialsFor;
  /** Environment variables (AWS_ENDPOINT_URL…), passed in rather than read from process.env. */
  env: Record<string, string | undefined>;
  /** The profile's configured Lightsail endpoint (`[services]` lightsail.endpoint_url or endpoint_url). */
  profileEndpoint?: (profile: string) => string | undefined;
  /** True when the profile sets ignore_configured_endpoint_urls = true. */
  profileIgnoresConfiguredEndpoints?: (profile: string) => boolean;
  /** Explicit endpoint for every client (demo mode, tests); beats everything else. */
  endpoint?: string;
  /** Total attempts including the first (default 3). */
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
  /** Time to establish the connection (default 5 s). */
  connectionTimeoutMs?: number;
  /**
   * Socket idle time (default 20 s) after which one attempt rejects with a TimeoutError. Only
   * an idle timeout: a server trickling a byte now and then never trips it (see callDeadlineMs).
   */
  requestTimeoutMs?: number;
  /**
   * Overall deadline of one call, retries included (default 30 s): whatever the server does,
   * `send` settles by then, rejecting with a CallDeadlineError (name TimeoutError). Composed
   * with the caller's own abortSignal.
   */
  callDeadlineMs?: number;
  /** What the call deadline is measured on (default the system clock; a test world's clock in tests). */
  clock?: Clock;
  /** The profile's `ca_bundle` path (AWS_CA_BUNDLE in env wins over it). */
  profileCaBundle?: (profile: string) => string | undefined;
  /** Reads a CA bundle file (default readFileSync utf8). */
  readFile?: (path: string) => string;
}

/** A factory that can also drop its clients (after credentials changed) and close them all. */
export type LightsailClientFactory = ClientFactory & {
  /** Drop the cached clients of one profile (or all), so the next call builds fresh ones. */
  invalidate(profile?: string): void;
  dispose(): void;
};

export {
  CallDeadlineError,
  DEFAULT_CALL_DEADLINE_MS,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  withCallDeadline,
} from './call-deadline.js';

function isTrue(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  return value.trim().toLowerCase() === 'true';
}

/**
 * The Lightsail endpoint for a profile, or undefined for the regional AWS endpoint.
 * Precedence as the AWS SDKs and CLI document it: explicit > AWS_ENDPOINT_URL_LIGHTSAIL >
 * AWS_ENDPOINT_URL > the profile's `[services]` lightsail endpoint_url > its endpoint_url;
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or, when that is unset, the profile's
 * ignore_configured_endpoint_urls) = true turns off all but the explicit one.
 *
 * Resolved here rather than by the SDK's own "configured endpoints" support because that one
 * reads process.env and the AWS_PROFILE profile only, not the environment and profile of each
 * client we build.
 */
export function resolveLightsailEndpoint(input: {
  explicit?: string;
  env: Record<string, string | undefined>;
  profileEndpoint?: string;
  profileIgnores?: boolean;
}): string | undefined {
  if (input.explicit) return input.explicit;
  const ignore = isTrue(input.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) ?? input.profileIgnores ?? false;
  if (ignore) return undefined;
  return (
    input.env.AWS_ENDPOINT_URL_LIGHTSAIL || input.env.AWS_ENDPOINT_URL || input.profileEndpoint || undefined
  );
}

/** Build the Lightsail client factory. */
export function createClientFactory(opts: ClientFactoryOptions): LightsailClientFactory {
  const clients = new Map<string, { profile: string; client: LightsailClient }>();
  const build = (profile: string, region: string): LightsailClient => {
    const endpoint = resolveLightsailEndpoint({
      explicit: opts.endpoint,
      env: opts.env,
      profileEndpoint: opts.profileEndpoint?.(profile),
      profileIgnores: opts.profileIgnoresConfiguredEndpoints?.(profile),
    });
    const caBundle = opts.profileCaBundle?.(profile);
    let agents: NetworkAgents;
    try {
      agents = networkAgents({
        endpoint: endpoint ?? `https://lightsail.${region}.amazonaws.com`,
        env: opts.env,
        ...(caBundle ? { profileCaBundle: caBundle } : {}),
        ...(opts.readFile ? { readFile: opts.readFile } : {}),
      });
    } catch (err) {
      // An unreadable bundle: said once on the profile, rather than a certificate error later.
      const which = opts.env.AWS_CA_BUNDLE?.trim()
        ? `AWS_CA_BUNDLE (${opts.env.AWS_CA_BUNDLE.trim()})`
        : `ca_bundle (${caBundle ?? ''})`;
      throw new LauncherFailure(
        launcherErrors.caBundleUnreadable(
          profile,
          which,
          cleanMessage(err instanceof Error ? err.message : String(err), 200),
        ),
      );
    }
    const client = new LightsailClient({
      region,
      credentials: opts.credentialsFor(profile),
      maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      retryMode: opts.retryMode ?? 'standard',
      // One handler (and socket pool) per client: LightsailClient.destroy() destroys its handler.
      requestHandler: new NodeHttpHandler({
        connectionTimeout: opts.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
        requestTimeout: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        // Without this the handler only logs a warning when requestTimeout passes and the call
        // keeps hanging; with it the request is destroyed and the call rejects (TimeoutError).
        throwOnRequestTimeout: true,
        httpAgent: agents.httpAgent,
        httpsAgent: agents.httpsAgent,
      }),
      ...(endpoint ? { endpoint } : {}),
      // We resolved the endpoint above; the SDK must not add one from process.env / AWS_PROFILE.
      ignoreConfiguredEndpointUrls: true,
    });
    return withCallDeadline(client, opts.callDeadlineMs ?? DEFAULT_CALL_DEADLINE_MS, opts.clock);
  };
  return {
    client(profile, region) {
      const key = JSON.stringify([profile, region]);
      let entry = clients.get(key);
      if (!entry) {
        entry = { profile, client: build(profile, region) };
        clients.set(key, entry);
      }
      return entry.client;
    },
    invalidate(profile) {
      for (const [key, entry] of clients) {
        if (profile === undefined || entry.profile === profile) {
          entry.client.destroy();
          clients.delete(key);
        }
      }
    },
    dispose() {
      for (const entry of clients.values()) entry.client.destroy();
      clients.clear();
    },
  };
}
