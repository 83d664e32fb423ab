// The IAM Identity Center clients (SSO OIDC for sign-in, the SSO portal for accounts, roles and
// sign-out) under the same timeout policy as the Lightsail clients: retries, a connection
// timeout, a request timeout that really rejects and an overall deadline per call, so a silent
// endpoint is an error rather than a wait without end.
import { SSOClient } from '@aws-sdk/client-sso';
import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  DEFAULT_CALL_DEADLINE_MS,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  withCallDeadline,
} from './call-deadline.js';

/** Timeouts of the SSO clients (tests shorten them; the defaults are the Lightsail ones). */
export interface SsoTimeouts {
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Overall deadline of one call, retries included (default 30 s). */
  callDeadlineMs?: number;
  maxAttempts?: number;
}

function base(region: string, clientConfig: Record<string, unknown>, t: SsoTimeouts) {
  return {
    region,
    maxAttempts: t.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: 'standard' as const,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: t.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeout: t.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    }),
    ...clientConfig,
  };
}

/** An SSO OIDC client with the launcher's timeouts and call deadline. */
export function ssoOidcClient(
  region: string,
  clientConfig: Record<string, unknown> = {},
  t: SsoTimeouts = {},
): SSOOIDCClient {
  return withCallDeadline(
    new SSOOIDCClient(base(region, clientConfig, t)),
    t.callDeadlineMs ?? DEFAULT_CALL_DEADLINE_MS,
  );
}

/** An SSO portal client with the launcher's timeouts and call deadline. */
export function ssoPortalClient(
  region: string,
  clientConfig: Record<string, unknown> = {},
  t: SsoTimeouts = {},
): SSOClient {
  return withCallDeadline(
    new SSOClient(base(region, clientConfig, t)),
    t.callDeadlineMs ?? DEFAULT_CALL_DEADLINE_MS,
  );
}
