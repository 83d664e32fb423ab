// The OAuth 2.0 device authorization flow of IAM Identity Center through @aws-sdk/client-sso-oidc:
// RegisterClient (the launcher's own, for the device grant; reused until it expires), StartDeviceAuthorization, then
// CreateToken polled every `interval` seconds. The SDK has the three calls but no flow around
// them (the AWS CLI's is in Python), so the polling loop is ours.
import {
  CreateTokenCommand,
  RegisterClientCommand,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { LauncherFailure, launcherErrors } from './errors.js';
import type { Clock } from './clock.js';
import { ssoOidcClient, type SsoTimeouts } from './sso-clients.js';
import { cliTimestamp, type SsoCachedToken } from './sso-token-cache.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** The AWS CLI's default scope for sso-session sign-ins (gives a refresh token). */
export const DEFAULT_SSO_SCOPES = ['sso:account:access'];
/** Re-register this long before the registration expires, so a sign-in never starts on a dying client. */
const REGISTRATION_MARGIN_MS = 60 * 60_000;
const SLOW_DOWN_STEP_MS = 5_000;

/** What to sign in to: an sso-session (refreshable) or a legacy profile's start URL. */
export interface SsoTarget {
  startUrl: string;
  /** The Identity Center region (sso_region). */
  region: string;
  /** Set for [sso-session] sign-ins; absent for legacy sso_start_url profiles. */
  sessionName?: string;
  /** sso_registration_scopes of the session (default sso:account:access). */
  scopes?: string[];
}

/** A client registration (RegisterClient's answer), with the grants it was asked for. */
export interface Registration {
  clientId: string;
  clientSecret: string;
  /** Epoch ms. */
  expiresAt: number;
  /** The grant types the launcher registered it for. A client of unknown grants is never used. */
  grantTypes: string[];
}

/** What the user must see: the code and where to enter it. Never a token. */
export interface DevicePrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  /** Epoch ms when the code stops working. */
  expiresAt: number;
}

/** What the flow needs. */
export interface DeviceFlowDeps {
  clock: Clock;
  /** SSO OIDC client settings (endpoint in tests; AWS_ENDPOINT_URL_SSO_OIDC works too). */
  clientConfig?: Record<string, unknown>;
  /** Timeouts of the OIDC client (default: the Lightsail clients' policy). */
  timeouts?: SsoTimeouts;
  /** The name the client registers under. */
  clientName?: string;
}

/** Shortest and longest wait between two CreateToken polls, whatever `interval` says. */
export const MIN_POLL_INTERVAL_MS = 1_000;
export const MAX_POLL_INTERVAL_MS = 30_000;
/** Longest a device code may live (the service gives 600 s). */
export const MAX_DEVICE_CODE_LIFETIME_S = 3_600;
/** Longest an access token may claim to live (an Identity Center session lasts at most 90 days). */
export const MAX_ACCESS_TOKEN_LIFETIME_S = 90 * 86_400;

/** The grants the launcher registers its client for: the device code, and refresh for sso-sessions. */
export function grantTypesFor(target: SsoTarget): string[] {
  return target.sessionName !== undefined ? [DEVICE_GRANT, 'refresh_token'] : [DEVICE_GRANT];
}

/** True when the registration can still be used for a sign-in of these grants. */
export function registrationUsable(
  r: Registration | undefined,
  now: number,
  needs: string[] = [DEVICE_GRANT],
): r is Registration {
  return !!r && r.expiresAt - REGISTRATION_MARGIN_MS > now && needs.every((g) => r.grantTypes.includes(g));
}

function isNamed(err: unknown, name: string): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === name;
}

// The service's ways of refusing a client (revoked, expired, or registered for other grants).
const CLIENT_REFUSALS = ['InvalidClientException', 'UnauthorizedClientException', 'InvalidGrantException'];

function badAnswer(what: string): LauncherFailure {
  return new LauncherFailure(launcherErrors.invalidSignInAnswer(what));
}

/** A whole number of seconds in 1..max, or undefined. */
function lifetime(v: unknown, max: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max ? v : undefined;
}

type Oidc = ReturnType<typeof ssoOidcClient>;
type FlowOpts = { onPrompt: (p: DevicePrompt) => void; signal?: AbortSignal | undefined };

async function register(
  client: Oidc,
  target: SsoTarget,
  deps: DeviceFlowDeps,
  signal: AbortSignal | undefined,
): Promise<Registration> {
  const grantTypes = grantTypesFor(target);
  const out = await client.send(
    new RegisterClientCommand({
      clientName: deps.clientName ?? 'lfr-launcher',
      clientType: 'public',
      grantTypes,
      ...(target.sessionName !== undefined ? { scopes: target.scopes ?? DEFAULT_SSO_SCOPES } : {}),
    }),
    { abortSignal: signal },
  );
  if (!out.clientId || !out.clientSecret) throw badAnswer('a client registration without an id or secret');
  return {
    clientId: out.clientId,
    clientSecret: out.clientSecret,
    expiresAt: (out.clientSecretExpiresAt ?? 0) * 1000,
    grantTypes,
  };
}

/** StartDeviceAuthorization, then CreateToken until approved, denied or the code's expiry. */
async function authorize(
  client: Oidc,
  target: SsoTarget,
  deps: DeviceFlowDeps,
  reg: Registration,
  opts: FlowOpts,
): Promise<SsoCachedToken> {
  const signal = opts.signal;
  const cancelled = () => new LauncherFailure(launcherErrors.cancelled());
  const auth = await client.send(
    new StartDeviceAuthorizationCommand({
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      startUrl: target.startUrl,
    }),
    { abortSignal: signal },
  );
  const codeLife = lifetime(auth.expiresIn, MAX_DEVICE_CODE_LIFETIME_S);
  if (codeLife === undefined)
    throw badAnswer(`a sign-in code with an impossible lifetime (${String(auth.expiresIn)} s)`);
  if (!auth.deviceCode || !auth.userCode || !auth.verificationUri)
    throw badAnswer('a sign-in code without its code or address');
  const codeExpiresAt = deps.clock.now() + codeLife * 1000;
  opts.onPrompt({
    userCode: auth.userCode,
    verificationUri: auth.verificationUri,
    verificationUriComplete: auth.verificationUriComplete ?? auth.verificationUri,
    expiresAt: codeExpiresAt,
  });
  // A missing, tiny or huge interval would mean hammering the service or never asking again.
  const clamp = (ms: number) => Math.min(MAX_POLL_INTERVAL_MS, Math.max(MIN_POLL_INTERVAL_MS, ms));
  let intervalMs = clamp(
    typeof auth.interval === 'number' && Number.isFinite(auth.interval) ? auth.interval * 1000 : 5_000,
  );
  // Bounded twice: by the code's expiry on the clock, and by the most polls that fit in it.
  const maxPolls = Math.ceil((codeLife * 1000) / MIN_POLL_INTERVAL_MS) + 1;
  for (let polls = 0; polls < maxPolls; polls++) {
    const left = codeExpiresAt - deps.clock.now();
    if (left <= 0) break;
    try {
      await deps.clock.sleep(Math.min(intervalMs, left), signal);
    } catch {
      throw cancelled();
    }
    try {
      const tok = await client.send(
        new CreateTokenCommand({
          clientId: reg.clientId,
          clientSecret: reg.clientSecret,
          grantType: DEVICE_GRANT,
          deviceCode: auth.deviceCode,
        }),
        { abortSignal: signal },
      );
      const life = lifetime(tok.expiresIn, MAX_ACCESS_TOKEN_LIFETIME_S);
      if (!tok.accessToken || life === undefined)
        throw badAnswer(`a token with an impossible lifetime (${String(tok.expiresIn)} s)`);
      const out: SsoCachedToken = {
        startUrl: target.startUrl,
        region: target.region,
        accessToken: tok.accessToken,
        expiresAt: cliTimestamp(deps.clock.now() + life * 1000),
      };
      if (target.sessionName !== undefined) {
        out.clientId = reg.clientId;
        out.clientSecret = reg.clientSecret;
        out.registrationExpiresAt = cliTimestamp(reg.expiresAt);
        if (tok.refreshToken) out.refreshToken = tok.refreshToken;
      }
      return out;
    } catch (err) {
      if (signal?.aborted) throw cancelled();
      if (isNamed(err, 'AuthorizationPendingException')) continue;
      // RFC 8628 §3.5: add 5 seconds to the interval for this and every later poll.
      if (isNamed(err, 'SlowDownException')) {
        intervalMs = clamp(intervalMs + SLOW_DOWN_STEP_MS);
        continue;
      }
      if (isNamed(err, 'ExpiredTokenException')) throw codeExpired();
      if (isNamed(err, 'AccessDeniedException')) {
        throw new LauncherFailure(launcherErrors.signInDenied());
      }
      throw err;
    }
  }
  throw codeExpired();
}

function codeExpired(): LauncherFailure {
  return new LauncherFailure(launcherErrors.signInCodeExpired());
}

/**
 * Run the device flow to a token in the CLI's cache format. Uses only a client the launcher
 * registered for these grants; when the service refuses a reused client, registers once more
 * and starts again. Rejects with a LauncherFailure (cancelled, denied, expired).
 */
export async function runDeviceFlow(
  target: SsoTarget,
  deps: DeviceFlowDeps,
  opts: {
    registration?: Registration;
    onPrompt: (p: DevicePrompt) => void;
    onRegistered?: (r: Registration) => void;
    signal?: AbortSignal;
  },
): Promise<SsoCachedToken> {
  const client = ssoOidcClient(target.region, deps.clientConfig, deps.timeouts);
  const signal = opts.signal;
  const fresh = async () => {
    const r = await register(client, target, deps, signal);
    opts.onRegistered?.(r);
    return r;
  };
  try {
    const reused = registrationUsable(opts.registration, deps.clock.now(), grantTypesFor(target))
      ? opts.registration
      : undefined;
    const reg = reused ?? (await fresh());
    if (signal?.aborted) throw new LauncherFailure(launcherErrors.cancelled());
    try {
      return await authorize(client, target, deps, reg, opts);
    } catch (err) {
      if (!reused || signal?.aborted || !CLIENT_REFUSALS.some((n) => isNamed(err, n))) throw err;
      return await authorize(client, target, deps, await fresh(), opts);
    }
  } catch (err) {
    if (signal?.aborted && !(err instanceof LauncherFailure))
      throw new LauncherFailure(launcherErrors.cancelled());
    throw err;
  } finally {
    client.destroy();
  }
}
