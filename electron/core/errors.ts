// Every failure the user can meet becomes a LauncherError with words and a next step.
import { parseComputerId } from '../shared/computer-id.js';
import type { DesktopUnavailable, ErrorKind, LauncherError, SessionKind } from '../shared/models.js';
import { DESKTOP_UNAVAILABLE } from '../shared/session.js';

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

const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Longest message a LauncherError carries (the UI, notifications and logs show it whole). */
export const MAX_MESSAGE_CHARS = 2048;
/** Longest part of a service's own message quoted in ours. */
const MAX_QUOTED_CHARS = 500;

/**
 * Text from the network fit to show as it is: the SDK's debugging hints (the hidden
 * `$response` field) dropped, control characters and runs of whitespace collapsed, bounded.
 */
export function boundText(raw: string, max = MAX_QUOTED_CHARS): string {
  // Look at the start only: a 5 MB message need not be scanned whole to show 500 characters.
  const text = raw
    .slice(0, 16 * max)
    .split('\n')
    .filter((line) => !/\$response|Deserialization error: to see the raw response/i.test(line))
    .join(' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** A service or SDK message to quote inside one of ours: boundText without its final full stop. */
export function cleanMessage(raw: string, max = MAX_QUOTED_CHARS): string {
  return boundText(raw, max).replace(/[.]+$/, '');
}

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
  const bound = (t: string) => (t.length > MAX_MESSAGE_CHARS ? `${t.slice(0, MAX_MESSAGE_CHARS - 1)}…` : t);
  const e: LauncherError = { name: bound(name).slice(0, 200), kind, message: bound(message), nextStep: bound(nextStep), retryable, ...extra };
  if (e.failureReason !== undefined) e.failureReason = boundText(e.failureReason, MAX_MESSAGE_CHARS);
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
/** Why a session page did not open (failed, blocked or refused load); Reconnect may help. */
export function sessionPageFailure(kind: SessionKind, reason: string): LauncherFailure {
  return new LauncherFailure({
    name: 'SessionPageFailed',
    kind: 'session-failed',
    message: `The ${kind === 'app' ? 'application' : 'desktop'} session did not open: ${reason}.`,
    nextStep: 'Reconnect from the session window, or open the session in your browser.',
    retryable: true,
  });
}

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
  /** The session cannot go to the DCV client or the browser. */
  handoffUnavailable(target: 'client' | 'browser', reason: string): LauncherError {
    const what = target === 'client' ? 'the DCV client' : 'your browser';
    return make('session-failed', 'HandoffUnavailable', `The session could not be opened in ${what}: ${reason.replace(/[.]+$/, '')}.`, 'Open it in a launcher window instead, or install the DCV client (see the README).', false, {});
  },
  /** A computer the launcher does not list (a link, the tray or an old favourite named it). */
  notListed(id: string): LauncherError {
    const ref = parseComputerId(id);
    const what = ref ? `${ref.name} (profile ${ref.profile}, ${ref.region})` : 'That computer';
    return make('not-found', 'ComputerNotListed', `${what} is not in the launcher's list.`, 'Refresh the list; check that its profile is not hidden and its region is chosen in Settings.', false, ref ? { profile: ref.profile, region: ref.region } : {});
  },
  /** The user (or shutdown) cancelled. */
  cancelled(): LauncherError {
    return make('cancelled', 'Cancelled', 'Cancelled.', 'Nothing to do.', false, {});
  },
  /** The environment changed (demo switch) while the work ran. */
  superseded(): LauncherError {
    return make('cancelled', 'Superseded', 'The environment changed during the refresh.', 'Refresh again.', true, {});
  },
  /** Keep going was sent, but the status does not show a new hour (still started, or something else). */
  renewalUnconfirmed(name: string, status: string | undefined, ctx: ErrorContext = {}): LauncherError {
    return make(
      'session-failed',
      'RenewalUnconfirmed',
      `Lightsail accepted Keep going for ${name}, but ${status ? `its session status (${status})` : 'no session status'} shows no new hour, so the session may still end as before.`,
      'Save your work. With "Keep sessions going" on and a window open, the launcher resumes the session if it ends.',
      true,
      ctx,
    );
  },
  /** The started session has no desktop (one session only, or none told apart by isPrimary). */
  desktopUnavailable(name: string, why: DesktopUnavailable | undefined, ctx: ErrorContext = {}): LauncherError {
    return make('session-failed', 'DesktopUnavailable', DESKTOP_UNAVAILABLE[why ?? 'one-session'], `Open the application of ${name}; stop the session and open it again to ask Lightsail once more.`, false, ctx);
  },
  /** GetCostEstimate answered with values that are not costs (NaN, Infinity, negative): the cost is unknown. */
  unreadableCost(name: string, dropped: readonly string[], ctx: ErrorContext = {}): LauncherError {
    return make('service', 'UnreadableCostEstimate', `The cost estimate of ${name} could not be read (${dropped.join('; ') || 'no value'}).`, 'Refresh the costs later; check the estimate in the Lightsail console.', true, ctx);
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
  const name = typeof e.name === 'string' ? e.name.slice(0, 200) : 'Error';
  // AWS messages often end in a full stop of their own; ours add one.
  const raw = typeof e.message === 'string' ? cleanMessage(e.message) : '';
  const fullRaw = typeof e.message === 'string' ? e.message : '';
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
  // Lightsail's not-found answers carry code DoesNotExist, sometimes under another name.
  if (code === 'DoesNotExist') {
    return make('not-found', name, `Not found${at}: ${raw || 'the computer no longer exists'}.`, 'Refresh the list: the computer may have been deleted or renamed.', false, ctx);
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
    case 'RegionSetupInProgressException': {
      // A modeled error of every LfR operation: the region is still being set up for the account.
      const place = ctx.region ? `${ctx.region} is` : 'This region is';
      return make('service', name, `${place} being set up for your account${ctx.profile ? ` (profile ${ctx.profile})` : ''}.`, 'Wait a few minutes; the launcher tries again at the next refresh.', true, ctx);
    }
    case 'OperationFailureException':
      return make('service', name, `Lightsail could not complete the operation${at}${raw ? `: ${raw}` : ''}.`, 'Check the computer’s state in the list, then try again.', true, ctx);
    case 'TimeoutError':
    case 'RequestTimeout':
    case 'RequestTimeoutException':
      return make('timeout', name, `Lightsail did not answer in time${at}.`, 'Check your network connection, then try again.', true, ctx);
  }
  if (CERTIFICATE_CODES.has(code) || /self[- ]signed certificate|unable to verify the first certificate|unable to get local issuer certificate/i.test(raw)) {
    return make(
      'network',
      code || name,
      `The certificate of the Lightsail endpoint is not trusted${at}.`,
      'On a network that inspects HTTPS, set AWS_CA_BUNDLE (or ca_bundle in the profile) to your organisation’s CA bundle file, then try again.',
      false,
      ctx,
    );
  }
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name) || /ECONNREFUSED|ENOTFOUND|socket hang up|network|aborted|premature close/i.test(raw)) {
    return make('network', name, `Could not reach Lightsail${at}.`, 'Check your network connection (and proxy or VPN), then try again.', true, ctx);
  }
  if (typeof status === 'number' && status >= 500) {
    return make('service', name, `Lightsail answered with an error (HTTP ${status})${at}.`, 'Try again in a moment.', true, ctx);
  }
  if (name === 'SyntaxError' || /Deserialization error|Unexpected end of JSON|is not valid JSON|Unexpected token/i.test(fullRaw)) {
    return make('service', name, `Lightsail sent an answer that could not be read${at}.`, 'Try again in a moment; a proxy or firewall may be cutting answers short.', true, ctx);
  }
  return make('unknown', name, `${raw || name}${at}.`, 'Try again; if it keeps failing, see the log file (Help → Show logs).', false, ctx);
}
