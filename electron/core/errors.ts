// Every failure the user can meet becomes a LauncherError with words and a next step.
import type { ErrorKind, LauncherError } from '../shared/models.js';

/** Where a call was made, for the message. */
export interface ErrorContext {
  profile?: string;
  region?: string;
  /** What we were doing, e.g. "list computers". */
  action?: string;
}

/** An expected failure thrown inside the core and turned into a Result at the boundary. */
export class LauncherFailure extends Error {
  constructor(readonly detail: LauncherError) {
    super(detail.message);
    this.name = detail.name;
  }
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
  cause?: unknown;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
]);
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EPIPE',
  'ETIMEDOUT',
]);

function where(ctx: ErrorContext): string {
  if (ctx.profile && ctx.region) return ` (profile ${ctx.profile}, ${ctx.region})`;
  if (ctx.profile) return ` (profile ${ctx.profile})`;
  if (ctx.region) return ` (${ctx.region})`;
  return '';
}

function make(
  kind: ErrorKind,
  name: string,
  message: string,
  nextStep: string,
  retryable: boolean,
  ctx: ErrorContext,
  extra: Partial<LauncherError> = {},
): LauncherError {
  const e: LauncherError = { name, kind, message, nextStep, retryable, ...extra };
  if (ctx.profile) e.profile = ctx.profile;
  if (ctx.region) e.region = ctx.region;
  return e;
}

/** The sign-in command for an SSO profile. */
export function ssoLoginCommand(profile: string): string {
  return `aws sso login --profile ${profile}`;
}

/**
 * The launcher's own errors (those no AWS call raised), built in one place so every caller
 * recognises them by `kind`, never by their name string.
 */
export const launcherErrors = {
  /** The computer is stopped and the user has not agreed to start it. */
  computerStopped(name: string, state: string, ctx: ErrorContext = {}): LauncherError {
    return make(
      'computer-stopped',
      'ComputerStopped',
      `${name} is ${state}.`,
      'Start it and open the session, or allow starting computers without asking in Settings.',
      false,
      ctx,
    );
  },
  /** An id that is not `profile/region/name`. */
  invalidComputerId(id: string): LauncherError {
    const shown = id.length > 80 ? `${id.slice(0, 80)}…` : id;
    return make('invalid-input', 'InvalidComputerId', `"${shown}" is not a computer id (profile/region/name).`, 'Refresh the list and choose the computer again.', false, {});
  },
  /** The user (or shutdown) cancelled. */
  cancelled(): LauncherError {
    return make('cancelled', 'Cancelled', 'Cancelled.', 'Nothing to do.', false, {});
  },
  /** The environment changed (demo switch) while the work ran. */
  superseded(): LauncherError {
    return make('cancelled', 'Superseded', 'The environment changed during the refresh.', 'Refresh again.', true, {});
  },
  /** An idle-stop rule outside what the editor allows. */
  invalidIdleRule(message: string): LauncherError {
    return make('invalid-input', 'InvalidIdleRule', message, 'Change the threshold or duration and save again.', false, {});
  },
  /** A profile whose sign-in expired or never happened. */
  signInRequired(profile: string, ctx: ErrorContext = { profile }, name = 'TokenProviderError'): LauncherError {
    return make(
      'sign-in-required',
      name,
      `The AWS sign-in for profile ${profile} has expired or was never done.`,
      `Sign in again, then refresh: ${ssoLoginCommand(profile)}`,
      false,
      ctx,
      { command: ssoLoginCommand(profile) },
    );
  },
};

/** True when err is (or carries) a LauncherError of this kind. */
export function isErrorKind(err: unknown, kind: ErrorKind): boolean {
  if (err instanceof LauncherFailure) return err.detail.kind === kind;
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === kind;
}

/** Map anything thrown by the SDK, a credential provider or the network to a LauncherError. */
export function toLauncherError(err: unknown, ctx: ErrorContext = {}): LauncherError {
  if (err instanceof LauncherFailure) return err.detail;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  // AWS messages often end in a full stop of their own; ours add one.
  const raw = typeof e.message === 'string' ? e.message.trim().replace(/[.]+$/, '') : '';
  const code = typeof e.code === 'string' ? e.code : typeof (e.cause as ErrorLike)?.code === 'string' ? ((e.cause as ErrorLike).code as string) : '';
  const status = e.$metadata?.httpStatusCode;
  const at = where(ctx);
  const profile = ctx.profile ?? 'default';

  if (name === 'AbortError' || name === 'CancelledError') {
    return make('cancelled', 'Cancelled', 'Cancelled.', 'Nothing to do.', false, ctx);
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    // Providers wrap the failure of their own HTTP call (SSO portal, STS, IMDS) in a
    // CredentialsProviderError: that is a network problem, not a broken profile.
    if (NETWORK_CODES.has(code) || /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up/i.test(raw)) {
      return make('network', name, `Could not reach AWS to get the credentials of profile ${profile}.`, 'Check your network connection (and proxy or VPN), then try again.', true, ctx);
    }
    if (/sso|token/i.test(raw) && /(expired|login|refresh|not found|invalid)/i.test(raw)) {
      return launcherErrors.signInRequired(profile, ctx, name);
    }
    return make(
      'no-credentials',
      name,
      `No usable credentials for profile ${profile}: ${raw || 'the provider gave none'}.`,
      `Check the profile in your AWS config and credentials files (aws configure --profile ${profile}).`,
      false,
      ctx,
    );
  }
  if (EXPIRED.has(name) || /security token included in the request is expired/i.test(raw)) {
    return make(
      'expired-credentials',
      name,
      `The credentials of profile ${profile} have expired${at}.`,
      'Renew them (sign in again or refresh your temporary keys), then refresh the list.',
      false,
      ctx,
    );
  }
  if (THROTTLING.has(name) || status === 429) {
    return make('throttled', name, `Lightsail is limiting requests${at}.`, 'Retrying shortly; if it persists, wait a minute and refresh.', true, ctx);
  }
  switch (name) {
    case 'AccessDeniedException':
      return make(
        'access-denied',
        name,
        `Access denied${at}${raw ? `: ${raw}` : ''}.`,
        'Ask your administrator for the Lightsail permissions listed in the README (least-privilege policy), or choose another profile or region.',
        false,
        ctx,
      );
    case 'InvalidInputException':
      return make('invalid-input', name, `Lightsail refused the request${at}: ${raw || 'invalid input'}.`, 'Check the computer name and region; refresh the list in case it changed.', false, ctx);
    case 'NotFoundException':
      return make('not-found', name, `Not found${at}: ${raw || 'the computer no longer exists'}.`, 'Refresh the list: the computer may have been deleted or renamed.', false, ctx);
    case 'UnauthenticatedException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
    case 'InvalidClientTokenId':
      return make(
        'unauthenticated',
        name,
        `AWS did not accept the credentials of profile ${profile}${at}.`,
        `Check the access keys (aws configure --profile ${profile}) or sign in again.`,
        false,
        ctx,
      );
    case 'ServiceException':
    case 'InternalFailure':
    case 'ServiceUnavailable':
      return make('service', name, `Lightsail had an internal error${at}.`, 'Try again in a moment; if it persists, check the AWS Health Dashboard.', true, ctx);
    case 'AccountSetupInProgressException':
      return make('service', name, `The Lightsail account is still being set up${at}.`, 'Wait a few minutes, then refresh.', true, ctx);
    case 'OperationFailureException':
      return make('service', name, `Lightsail could not complete the operation${at}${raw ? `: ${raw}` : ''}.`, 'Check the computer’s state in the list, then try again.', true, ctx);
    case 'TimeoutError':
    case 'RequestTimeout':
    case 'RequestTimeoutException':
      return make('timeout', name, `Lightsail did not answer in time${at}.`, 'Check your network connection, then try again.', true, ctx);
  }
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name) || /ECONNREFUSED|ENOTFOUND|socket hang up|network/i.test(raw)) {
    return make('network', name, `Could not reach Lightsail${at}.`, 'Check your network connection (and proxy or VPN), then try again.', true, ctx);
  }
  if (typeof status === 'number' && status >= 500) {
    return make('service', name, `Lightsail answered with an error (HTTP ${status})${at}.`, 'Try again in a moment.', true, ctx);
  }
  return make('unknown', name, `${raw || name}${at}.`, 'Try again; if it keeps failing, see the log file (Help → Show logs).', false, ctx);
}
