// The OAuth 2.0 device authorization flow of IAM Identity Center through @aws-sdk/client-sso-oidc:
// RegisterClient (reused until the registration expires), StartDeviceAuthorization, then
// CreateToken polled every `interval` seconds. The SDK has the three calls but no flow around
// them (the AWS CLI's is in Python), so the polling loop is ours.
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { LauncherFailure, launcherErrors } from './errors.js';
import type { Clock } from './clock.js';
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

/** A client registration (RegisterClient's answer). */
export interface Registration {
  clientId: string;
  clientSecret: string;
  /** Epoch ms. */
  expiresAt: number;
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
  /** The name the client registers under. */
  clientName?: string;
}

/** True when the registration can still be used for a sign-in. */
export function registrationUsable(r: Registration | undefined, now: number): r is Registration {
  return !!r && r.expiresAt - REGISTRATION_MARGIN_MS > now;
}

function isNamed(err: unknown, name: string): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === name;
}

/** Run the device flow to a token in the CLI's cache format. Rejects with a LauncherFailure (cancelled, denied, expired). */
export async function runDeviceFlow(
  target: SsoTarget,
  deps: DeviceFlowDeps,
  opts: { registration?: Registration; onPrompt: (p: DevicePrompt) => void; onRegistered?: (r: Registration) => void; signal?: AbortSignal },
): Promise<SsoCachedToken> {
  const client = new SSOOIDCClient({ region: target.region, maxAttempts: 3, ...deps.clientConfig });
  const signal = opts.signal;
  const cancelled = () => new LauncherFailure(launcherErrors.cancelled());
  try {
    const refreshable = target.sessionName !== undefined;
    let reg = opts.registration;
    if (!registrationUsable(reg, deps.clock.now())) {
      const out = await client.send(
        new RegisterClientCommand({
          clientName: deps.clientName ?? 'lfr-launcher',
          clientType: 'public',
          ...(refreshable ? { scopes: target.scopes ?? DEFAULT_SSO_SCOPES, grantTypes: [DEVICE_GRANT, 'refresh_token'] } : {}),
        }),
        { abortSignal: signal },
      );
      reg = { clientId: out.clientId!, clientSecret: out.clientSecret!, expiresAt: (out.clientSecretExpiresAt ?? 0) * 1000 };
      opts.onRegistered?.(reg);
    }
    if (signal?.aborted) throw cancelled();
    const auth = await client.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: target.startUrl }), { abortSignal: signal });
    const started = deps.clock.now();
    const codeExpiresAt = started + (auth.expiresIn ?? 600) * 1000;
    opts.onPrompt({
      userCode: auth.userCode!,
      verificationUri: auth.verificationUri!,
      verificationUriComplete: auth.verificationUriComplete ?? auth.verificationUri!,
      expiresAt: codeExpiresAt,
    });
    let intervalMs = Math.max(1, auth.interval ?? 5) * 1000;
    for (;;) {
      try {
        await deps.clock.sleep(intervalMs, signal);
      } catch {
        throw cancelled();
      }
      try {
        const tok = await client.send(
          new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: DEVICE_GRANT, deviceCode: auth.deviceCode! }),
          { abortSignal: signal },
        );
        const out: SsoCachedToken = {
          startUrl: target.startUrl,
          region: target.region,
          accessToken: tok.accessToken!,
          expiresAt: cliTimestamp(deps.clock.now() + (tok.expiresIn ?? 3600) * 1000),
        };
        if (refreshable) {
          out.clientId = reg.clientId;
          out.clientSecret = reg.clientSecret;
          out.registrationExpiresAt = cliTimestamp(reg.expiresAt);
          if (tok.refreshToken) out.refreshToken = tok.refreshToken;
        }
        return out;
      } catch (err) {
        if (signal?.aborted) throw cancelled();
        if (isNamed(err, 'AuthorizationPendingException')) continue;
        if (isNamed(err, 'SlowDownException')) {
          // RFC 8628 §3.5: add 5 seconds to the interval for this and every later poll.
          intervalMs += SLOW_DOWN_STEP_MS;
          continue;
        }
        if (isNamed(err, 'ExpiredTokenException')) {
          throw new LauncherFailure({ name: 'ExpiredTokenException', kind: 'sign-in-required', message: 'The sign-in code expired before it was approved.', nextStep: 'Start the sign-in again and approve it in your browser within ten minutes.', retryable: true });
        }
        if (isNamed(err, 'AccessDeniedException')) {
          throw new LauncherFailure({ name: 'AccessDeniedException', kind: 'access-denied', message: 'The sign-in was denied in the browser.', nextStep: 'Start the sign-in again and choose Allow.', retryable: true });
        }
        throw err;
      }
    }
  } catch (err) {
    if (signal?.aborted && !(err instanceof LauncherFailure)) throw cancelled();
    throw err;
  } finally {
    client.destroy();
  }
}
