// Every failure the user can meet becomes a LauncherError with words and a next step.
import { parseComputerId } from '../shared/computer-id.js';
import { kindWord } from '../shared/vocabulary.js';
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
  const e: LauncherError = {
    name: bound(name).slice(0, 200),
    kind,
    message: bound(message),
    nextStep: bound(nextStep),
    retryable,
    ...extra,
  };
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
const SESSION_PAGE_FAILED = 'SessionPageFailed';

/** Why a session page did not open (failed, blocked or refused load); Reconnect may help. */
export function sessionPageFailure(kind: SessionKind, reason: string): LauncherFailure {
  return new LauncherFailure({
    name: SESSION_PAGE_FAILED,
    kind: 'session-failed',
    message: `The ${kindWord(kind)} session did not open: ${reason}.`,
    nextStep: 'Reconnect from the session window, or open the session in your browser.',
    retryable: true,
  });
}

/** The session window itself shows this failure (the page that did not load, with Reconnect). */
export function isSessionPageFailure(error: Pick<LauncherError, 'name'>): boolean {
  return error.name === SESSION_PAGE_FAILED;
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
    return make(
      'invalid-input',
      'InvalidComputerId',
      `"${shown}" is not a computer id (profile/region/name).`,
      'Refresh the list and choose the computer again.',
      false,
      {},
    );
  },
  /** The session cannot go to the DCV client or the browser. */
  handoffUnavailable(target: 'client' | 'browser', reason: string): LauncherError {
    const what = target === 'client' ? 'the DCV client' : 'your browser';
    return make(
      'session-failed',
      'HandoffUnavailable',
      `The session could not be opened in ${what}: ${reason.replace(/[.]+$/, '')}.`,
      'Open it in a launcher window instead, or install the DCV client (see the README).',
      false,
      {},
    );
  },
  /** A computer the launcher does not list (a link, the tray or an old favourite named it). */
  notListed(id: string, why?: 'hidden-profile'): LauncherError {
    const ref = parseComputerId(id);
    const what = ref ? `${ref.name} (profile ${ref.profile}, ${ref.region})` : 'That computer';
    if (ref && why === 'hidden-profile') {
      return make(
        'not-found',
        'ComputerNotListed',
        `${what} is not opened: profile ${ref.profile} is hidden in Settings.`,
        `Show profile ${ref.profile} in Settings, then try again.`,
        false,
        { profile: ref.profile, region: ref.region },
      );
    }
    return make(
      'not-found',
      'ComputerNotListed',
      `${what} is not in the launcher's list.`,
      'Refresh the list; check that its profile is not hidden and its region is chosen in Settings.',
      false,
      ref ? { profile: ref.profile, region: ref.region } : {},
    );
  },
  /** The user (or shutdown) cancelled. */
  cancelled(): LauncherError {
    return make('cancelled', 'Cancelled', 'Cancelled.', 'Nothing to do.', false, {});
  },
  /** The environment changed (demo switch) while the work ran. */
  superseded(): LauncherError {
    return make(
      'cancelled',
      'Superseded',
      'The environment changed during the refresh.',
      'Refresh again.',
      true,
      {},
    );
  },
  /** A resource name Lightsail would refuse: refused before any request. */
  invalidName(problem: string): LauncherError {
    return make('invalid-input', 'InvalidResourceName', problem, 'Change the name and try again.', false, {});
  },
  /** A deletion the user did not confirm (the typed name differs). */
  notConfirmed(name: string): LauncherError {
    return make(
      'cancelled',
      'NotConfirmed',
      `${name} was not deleted: the name typed does not match.`,
      `Type ${name} exactly to delete it.`,
      false,
      {},
    );
  },
  /** A delete with snapshots asked while one of them is still being taken: nothing was deleted. */
  snapshotStillPending(computer: string, snapshot: string, ctx: ErrorContext = {}): LauncherError {
    return make(
      'invalid-input',
      'SnapshotPending',
      `Nothing was deleted: the snapshot ${snapshot} of ${computer} is still being taken.`,
      'Wait until it is complete (Snapshots shows its progress), then delete again; or keep the snapshots.',
      true,
      ctx,
    );
  },
  /** The computer was deleted but some of its snapshots were not; they keep costing. */
  snapshotsLeft(
    computer: string,
    left: readonly string[],
    cause: LauncherError,
    ctx: ErrorContext = {},
  ): LauncherError {
    const names = left.slice(0, 20).join(', ') + (left.length > 20 ? ` and ${left.length - 20} more` : '');
    return make(
      cause.kind,
      'SnapshotsLeft',
      `${computer} was deleted, but ${left.length === 1 ? 'its snapshot' : `${left.length} of its snapshots`} ${names} ${left.length === 1 ? 'was' : 'were'} not: ${cause.message}`,
      `${left.length === 1 ? 'It keeps' : 'They keep'} costing until deleted: ${cause.nextStep} Then delete ${left.length === 1 ? 'it' : 'them'} in the Lightsail for Research console.`,
      cause.retryable,
      ctx,
    );
  },
  /** A wait (a computer to run, a snapshot to finish) that ran out of time. */
  waitedTooLong(what: string, ctx: ErrorContext = {}): LauncherError {
    return make(
      'timeout',
      'WaitTimeout',
      `${what} took longer than expected.`,
      'It may still finish: check the list in a few minutes.',
      true,
      ctx,
    );
  },
  /** CPU figures asked for more often than the launcher's own budget allows. */
  metricsBudget(): LauncherError {
    return make(
      'throttled',
      'MetricsBudget',
      'CPU figures were fetched for many computers in the last minute.',
      'They load again within a minute.',
      true,
      {},
    );
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
  desktopUnavailable(
    name: string,
    why: DesktopUnavailable | undefined,
    ctx: ErrorContext = {},
  ): LauncherError {
    return make(
      'session-failed',
      'DesktopUnavailable',
      DESKTOP_UNAVAILABLE[why ?? 'one-session'],
      `Open the application of ${name}; stop the session and open it again to ask Lightsail once more.`,
      false,
      ctx,
    );
  },
  /** GetCostEstimate answered with values that are not costs (NaN, Infinity, negative): the cost is unknown. */
  unreadableCost(name: string, dropped: readonly string[], ctx: ErrorContext = {}): LauncherError {
    return make(
      'service',
      'UnreadableCostEstimate',
      `The cost estimate of ${name} could not be read (${dropped.join('; ') || 'no value'}).`,
      'Refresh the costs later; check the estimate in the Lightsail console.',
      true,
      ctx,
    );
  },
  /** An idle-stop rule outside what the editor allows. */
  invalidIdleRule(message: string): LauncherError {
    return make(
      'invalid-input',
      'InvalidIdleRule',
      message,
      'Change the threshold or duration and save again.',
      false,
      {},
    );
  },
  /** A file the command line was told to create exists already (or its folder does not). */
  outputFileUnusable(path: string, flag: string, why: 'exists' | 'no-folder'): LauncherError {
    return why === 'exists'
      ? make(
          'invalid-input',
          'OutputFileExists',
          `${path} already exists; it is never overwritten (it may be someone's connection file).`,
          `Give ${flag} a new file name, or delete that file first.`,
          false,
          {},
        )
      : make(
          'invalid-input',
          'OutputFolderMissing',
          `The folder of ${path} does not exist.`,
          `Give ${flag} a path in an existing folder.`,
          false,
          {},
        );
  },
  /** A listing answer that is not a list (null, an object, a string): an error on that scope, never "no computers". */
  malformedAnswer(what: 'computers' | 'blueprints'): LauncherError {
    return make(
      'service',
      'MalformedAnswer',
      `Lightsail's list of ${what} could not be read (it was not a list)`,
      'Refresh; if it keeps happening, check for a proxy changing answers, or report it to AWS Support.',
      true,
      {},
    );
  },
  /** A value or name the AWS config writer refuses (it would not read back as written), with why. */
  awsConfigRefused(message: string, nextStep = 'Correct it, then add the profiles again.'): LauncherError {
    return make('invalid-input', 'AwsConfigRefused', message, nextStep, false, {});
  },
  /** The AWS config could not be written (read-only, locked by another launcher, disk full). */
  awsConfigNotWritten(file: string, reason: string): LauncherError {
    return make(
      'profile-invalid',
      'AwsConfigNotWritten',
      `${file} was not changed: ${reason}.`,
      'Fix that, then add the profiles again; nothing was written.',
      true,
      {},
    );
  },
  /** No profile in the AWS files and no credentials in the environment (the CLI). */
  noProfiles(): LauncherError {
    return make(
      'no-credentials',
      'NoProfiles',
      'No AWS profiles found in your AWS config or credentials files.',
      'Set one up with "aws configure" (or "aws configure sso"), or try the demo: npm run cli -- --demo computers',
      false,
      {},
    );
  },
  /** Profiles asked for by name that do not exist. */
  profilesNotFound(unknown: readonly string[], all: readonly string[]): LauncherError {
    return make(
      'not-found',
      'ProfileNotFound',
      `No profile named ${unknown.join(', ')} in your AWS config or credentials files.`,
      `Run "profiles" to see the profiles found${all.length ? ` (${all.join(', ')})` : ''}.`,
      false,
      {},
    );
  },
  /** More than one computer (by ARN) has this name. */
  ambiguousComputer(name: string, places: readonly { profile: string; region: string }[]): LauncherError {
    return make(
      'invalid-input',
      'AmbiguousComputer',
      `More than one virtual computer is named ${name}: ${places.map((m) => `${m.profile} ${m.region}`).join('; ')}.`,
      'Say which one with --profile and --region.',
      false,
      {},
    );
  },
  /** No listed computer has this name (the CLI's open). */
  computerNotFound(name: string, profile?: string, region?: string): LauncherError {
    return make(
      'not-found',
      'ComputerNotFound',
      `No virtual computer named ${name}${profile ? ` in profile ${profile}` : ''}${region ? ` in ${region}` : ''}.`,
      'Run "computers" to see the list (names are case-sensitive).',
      false,
      {},
    );
  },
  /** A session URL a DCV connection file cannot be built from. */
  noDcvConnection(reason: string): LauncherError {
    return make(
      'session-failed',
      'NoDcvConnection',
      reason,
      'Open the session in the launcher instead.',
      false,
      {},
    );
  },
  /** The DCV client could not take the session (the CLI's --client). */
  dcvClientUnavailable(reason: string): LauncherError {
    return make(
      'session-failed',
      'HandoffUnavailable',
      reason,
      'Install the DCV client, or use --dcv-file and open the file yourself.',
      false,
      {},
    );
  },
  /** The same error with the next step that fits where it is read (the CLI's flags, say). */
  withNextStep(e: LauncherError, nextStep: string): LauncherError {
    return { ...e, nextStep };
  },
  /** The CA bundle a profile (or AWS_CA_BUNDLE) names cannot be read. */
  caBundleUnreadable(profile: string, which: string, reason: string): LauncherError {
    return make(
      'profile-invalid',
      'CaBundleUnreadable',
      `The CA bundle named by ${which} cannot be read: ${reason}.`,
      'Fix the path in AWS_CA_BUNDLE or in the profile’s ca_bundle, then refresh.',
      false,
      { profile },
    );
  },
  /** A credential source that gave no answer within the deadline (`source`: "its credential_process"…). */
  credentialTimeout(profile: string, source: string, ms: number): LauncherError {
    const s = Math.round(ms / 100) / 10;
    return make(
      'no-credentials',
      'CredentialTimeout',
      `No credentials for profile ${profile}: ${source} did not answer in ${s} s.`,
      `Check what ${source.replace(/^its /, 'the profile’s ')} is waiting for (a prompt, a password manager, the network), then refresh.`,
      true,
      { profile },
    );
  },
  /** A profile's credential_process that failed (`why`: "exited with code 1"…). */
  credentialProcessFailed(profile: string, why: string): LauncherError {
    return make(
      'no-credentials',
      'CredentialProcessFailed',
      `No usable credentials for profile ${profile}: its credential_process ${why}.`,
      `Run the credential_process of profile ${profile} in a terminal to see what it needs, then refresh.`,
      true,
      { profile },
    );
  },
  /** A profile whose settings may be in an AWS file that cannot be read. */
  awsFileUnreadable(profile: string, file: string, reason: string, code?: string): LauncherError {
    return make(
      'profile-invalid',
      'AwsFileUnreadable',
      `Profile ${profile} cannot be used: ${reason}`,
      code === 'EISDIR'
        ? `Move the directory away and put the AWS ${file.endsWith('credentials') ? 'credentials' : 'config'} file there, then refresh.`
        : `Make the file readable for your user (e.g. chmod 600 "${file}"), then refresh.`,
      true,
      { profile },
    );
  },
  /** A session not ready within the overall deadline. */
  sessionTimeout(name: string, ms: number): LauncherError {
    const after = ms < 120_000 ? `${Math.round(ms / 1000)} seconds` : `${Math.round(ms / 60_000)} minutes`;
    return make(
      'timeout',
      'SessionTimeout',
      `The session on ${name} was not ready after ${after}.`,
      'Try again; if it keeps happening, stop and start the computer from the launcher.',
      true,
      {},
    );
  },
  /** Lightsail answered nothing (or only transport failures) for `ms` while a session was set up. */
  sessionServiceSilent(name: string, ms: number): LauncherError {
    return make(
      'timeout',
      'SessionServiceSilent',
      `Lightsail stopped answering while the session on ${name} was being set up (nothing for ${Math.round(ms / 1000)} seconds).`,
      'Check your network connection (and proxy or VPN), then try again.',
      true,
      {},
    );
  },
  /** A computer name the service would refuse (`resourceName` pattern), caught before a request. */
  invalidComputerName(name: string): LauncherError {
    return make(
      'invalid-input',
      'InvalidInputException',
      `"${name}" is not a valid computer name.`,
      'Refresh the list and choose the computer again.',
      false,
      {},
    );
  },
  /** The service called the session ready but sent no address. */
  missingSessionUrls(name: string): LauncherError {
    return make(
      'session-failed',
      'MissingSessionUrls',
      `Lightsail said the session on ${name} is ready but returned no session address.`,
      'Try again in a moment; if it keeps happening, stop the session and open it again.',
      true,
      {},
    );
  },
  /** A computer being deleted (terminated or shutting down) while a session was asked for. */
  computerBeingDeleted(name: string): LauncherError {
    return make(
      'not-found',
      'NotFoundException',
      `The computer ${name} is being deleted.`,
      'Refresh the list.',
      false,
      {},
    );
  },
  /** A failed GUI-session status (`status`: failedInstanceCreation…), with the service's reason. */
  sessionStatusFailed(name: string, status: string, failureReason?: string): LauncherError {
    const message =
      status === 'failedInstanceCreation'
        ? `The computer ${name} could not be prepared for a GUI session.`
        : status === 'failedStoppingGUISession'
          ? `The last GUI session on ${name} did not stop properly.`
          : `The GUI session on ${name} failed to start.`;
    return make(
      'session-failed',
      status,
      message,
      'Try again; if it fails again, stop and start the computer, or contact AWS Support with the reason shown.',
      true,
      {},
      failureReason ? { failureReason } : {},
    );
  },
  /**
   * A paginated answer that never ends (`service`: "Lightsail", "IAM Identity Center"): the same
   * token again (`repeated`), or more than `maxPages` pages.
   */
  paginationLoop(
    service: string,
    what: string,
    pages: number,
    maxPages: number,
    repeated: boolean,
    nextStep: string,
  ): LauncherError {
    return make(
      'service',
      'PaginationLoop',
      repeated
        ? `${service} sent the same page of ${what} again after ${pages} pages, so the list would never end`
        : `${service} kept sending more pages of ${what} (more than ${maxPages})`,
      nextStep,
      true,
      {},
    );
  },
  /** A profile × region that gave no complete answer within its own deadline. */
  scopeTimeout(ms: number): LauncherError {
    return make(
      'timeout',
      'ScopeTimeout',
      `Lightsail gave no complete answer for ${Math.round(ms / 100) / 10} s`,
      'Check your network connection (and proxy or VPN), then refresh.',
      true,
      {},
    );
  },
  /** A profile or start URL without an IAM Identity Center sign-in (`what`: "Profile x"…). */
  signInNotConfigured(what: string): LauncherError {
    return make(
      'profile-invalid',
      'SignInNotConfigured',
      `${what} has no IAM Identity Center sign-in (sso_session or sso_start_url with sso_region).`,
      'Set it up with "aws configure sso", or add profiles from a start URL in the launcher.',
      false,
      {},
    );
  },
  /** IAM Identity Center answered the sign-in with something unusable (`what`: "no device code"…). */
  invalidSignInAnswer(what: string): LauncherError {
    return make(
      'service',
      'InvalidSignInAnswer',
      `IAM Identity Center sent ${what}, so the sign-in cannot go on.`,
      'Try the sign-in again; if it keeps happening, ask your administrator.',
      true,
      {},
    );
  },
  /** The user refused the device sign-in in the browser. */
  signInDenied(): LauncherError {
    return make(
      'access-denied',
      'AccessDeniedException',
      'The sign-in was denied in the browser.',
      'Start the sign-in again and choose Allow.',
      true,
      {},
    );
  },
  /** The device sign-in code expired before it was approved. */
  signInCodeExpired(): LauncherError {
    return make(
      'sign-in-required',
      'ExpiredTokenException',
      'The sign-in code expired before it was approved.',
      'Start the sign-in again and approve it in your browser within ten minutes.',
      true,
      {},
    );
  },
  /** The CLI's restore names a snapshot that none (`found` 0) or several profiles and regions hold. */
  snapshotNotUnique(snapshot: string, found: number): LauncherError {
    return found === 0
      ? make(
          'not-found',
          'SnapshotNotFound',
          `No snapshot named ${snapshot}.`,
          'Run "snapshots" to see them (names are case-sensitive).',
          false,
          {},
        )
      : make(
          'invalid-input',
          'AmbiguousSnapshot',
          `More than one snapshot is named ${snapshot}.`,
          'Say which one with --profile and --region.',
          false,
          {},
        );
  },
  /** The user chose "Open in browser instead" for a session window's certificate (a cancel, in effect). */
  openedInBrowser(): LauncherError {
    return make(
      'cancelled',
      'OpenedInBrowser',
      'The session was opened in your browser instead.',
      'Nothing to do.',
      false,
      {},
    );
  },
  /** A session address Lightsail returned that the launcher will not open (never quoting it: it carries a token). */
  unsafeSessionUrl(reason: string): LauncherError {
    return make(
      'session-failed',
      'UnsafeSessionUrl',
      `Lightsail returned a session address the launcher will not open: ${reason}.`,
      'Try again; if it keeps happening, report it (the address is not shown because it contains a sign-in token).',
      false,
      {},
    );
  },
  /** A profile the AWS files do not have (or have broken, `why`). */
  profileNotUsable(profile: string, why: string): LauncherError {
    return make(
      'profile-invalid',
      'ProfileNotFound',
      why,
      `Fix the profile in your AWS config files (aws configure --profile ${profile}), then refresh.`,
      false,
      { profile },
    );
  },
  /** A profile naming an [sso-session] the config file lacks. */
  ssoSessionNotFound(profile: string, session: string, configFile: string): LauncherError {
    return make(
      'profile-invalid',
      'SsoSessionNotFound',
      `Profile ${profile} names sso_session = ${session}, but ${configFile} has no usable [sso-session ${session}] section.`,
      `Add the [sso-session ${session}] section (aws configure sso-session), then refresh.`,
      false,
      { profile },
    );
  },
  /** A profile whose sign-in expired or never happened. */
  signInRequired(
    profile: string,
    ctx: ErrorContext = { profile },
    name = 'TokenProviderError',
  ): LauncherError {
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
/** Access denied, naming the refused IAM action when AWS's message does. */
function accessDenied(
  name: string,
  raw: string,
  fullRaw: string,
  at: string,
  ctx: ErrorContext,
): LauncherError {
  // IAM names the refused action ("not authorized to perform: lightsail:GetInstances"): the
  // launcher offers the policy that allows just that.
  const iamAction = /not authorized to perform:? (lightsail:[A-Za-z]+)/.exec(fullRaw)?.[1];
  const denied = make(
    'access-denied',
    name,
    `Access denied${at}${raw ? `: ${raw}` : ''}.`,
    iamAction
      ? `Ask your administrator to allow ${iamAction} (copy the IAM policy it needs), or use another profile that reaches it.`
      : 'Ask your administrator for the Lightsail permissions this needs, or use another profile or region.',
    false,
    ctx,
  );
  return iamAction ? { ...denied, iamAction } : denied;
}

/** What the error catalogue reads of a thrown error. */
interface ErrorFacts {
  name: string;
  raw: string;
  fullRaw: string;
  code: string;
  status: number | undefined;
  at: string;
  profile: string;
  ctx: ErrorContext;
}

function factsOf(err: unknown, ctx: ErrorContext): ErrorFacts {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorLike;
  const name = typeof e.name === 'string' ? e.name.slice(0, 200) : 'Error';
  // AWS messages often end in a full stop of their own; ours add one.
  const raw = typeof e.message === 'string' ? cleanMessage(e.message) : '';
  const fullRaw = typeof e.message === 'string' ? e.message : '';
  const code =
    typeof e.code === 'string'
      ? e.code
      : typeof (e.cause as ErrorLike)?.code === 'string'
        ? ((e.cause as ErrorLike).code as string)
        : '';
  const status = e.$metadata?.httpStatusCode;
  const at = where(ctx);
  const profile = ctx.profile ?? 'default';
  return { name, raw, fullRaw, code, status, at, profile, ctx };
}

/** Cancels, credentials, expiry, not-found and throttling, which any AWS call can meet. */
function commonError(f: ErrorFacts): LauncherError | undefined {
  const { name, raw, code, status, at, profile, ctx } = f;
  if (name === 'AbortError' || name === 'CancelledError') {
    return make('cancelled', 'Cancelled', 'Cancelled.', 'Nothing to do.', false, ctx);
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    // Providers wrap the failure of their own HTTP call (SSO portal, STS, IMDS) in a
    // CredentialsProviderError: that is a network problem, not a broken profile.
    if (
      NETWORK_CODES.has(code) ||
      /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up/i.test(raw)
    ) {
      return make(
        'network',
        name,
        `Could not reach AWS to get the credentials of profile ${profile}.`,
        'Check your network connection (and proxy or VPN), then try again.',
        true,
        ctx,
      );
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
    return make(
      'not-found',
      name,
      `Not found${at}: ${raw || 'the computer no longer exists'}.`,
      'Refresh the list: the computer may have been deleted or renamed.',
      false,
      ctx,
    );
  }
  if (THROTTLING.has(name) || status === 429) {
    return make(
      'throttled',
      name,
      `Lightsail is limiting requests${at}.`,
      'Retrying shortly; if it persists, wait a minute and refresh.',
      true,
      ctx,
    );
  }
  return undefined;
}

/** The Lightsail errors known by name. */
function errorByName(f: ErrorFacts): LauncherError | undefined {
  const { name, raw, fullRaw, at, profile, ctx } = f;
  switch (name) {
    case 'AccessDeniedException':
      return accessDenied(name, raw, fullRaw, at, ctx);
    case 'InvalidInputException':
      return make(
        'invalid-input',
        name,
        `Lightsail refused the request${at}: ${raw || 'invalid input'}.`,
        'Check the computer name and region; refresh the list in case it changed.',
        false,
        ctx,
      );
    case 'NotFoundException':
      return make(
        'not-found',
        name,
        `Not found${at}: ${raw || 'the computer no longer exists'}.`,
        'Refresh the list: the computer may have been deleted or renamed.',
        false,
        ctx,
      );
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
      return make(
        'service',
        name,
        `Lightsail had an internal error${at}.`,
        'Try again in a moment; if it persists, check the AWS Health Dashboard.',
        true,
        ctx,
      );
    case 'AccountSetupInProgressException':
      return make(
        'service',
        name,
        `The Lightsail account is still being set up${at}.`,
        'Wait a few minutes, then refresh.',
        true,
        ctx,
      );
    case 'RegionSetupInProgressException': {
      // A modeled error of every LfR operation: the region is still being set up for the account.
      const place = ctx.region ? `${ctx.region} is` : 'This region is';
      return make(
        'service',
        name,
        `${place} being set up for your account${ctx.profile ? ` (profile ${ctx.profile})` : ''}.`,
        'Wait a few minutes; the launcher tries again at the next refresh.',
        true,
        ctx,
      );
    }
    case 'OperationFailureException':
      return make(
        'service',
        name,
        `Lightsail could not complete the operation${at}${raw ? `: ${raw}` : ''}.`,
        'Check the computer’s state in the list, then try again.',
        true,
        ctx,
      );
    case 'TimeoutError':
    case 'RequestTimeout':
    case 'RequestTimeoutException':
      return make(
        'timeout',
        name,
        `Lightsail did not answer in time${at}.`,
        'Check your network connection, then try again.',
        true,
        ctx,
      );
  }
  return undefined;
}

/** A failed Result for what a request threw, naming its profile and region and what it did. */
export function failedAt(
  err: unknown,
  at: { profile: string; region: string },
  action: string,
): { ok: false; error: LauncherError } {
  return { ok: false, error: toLauncherError(err, { profile: at.profile, region: at.region, action }) };
}

/** Certificates, the network, HTTP 5xx, unreadable answers, and the rest. */
function transportError(f: ErrorFacts): LauncherError {
  const { name, raw, fullRaw, code, status, at, ctx } = f;
  if (
    CERTIFICATE_CODES.has(code) ||
    /self[- ]signed certificate|unable to verify the first certificate|unable to get local issuer certificate/i.test(
      raw,
    )
  ) {
    return make(
      'network',
      code || name,
      `The certificate of the Lightsail endpoint is not trusted${at}.`,
      'On a network that inspects HTTPS, set AWS_CA_BUNDLE (or ca_bundle in the profile) to your organisation’s CA bundle file, then try again.',
      false,
      ctx,
    );
  }
  if (
    NETWORK_CODES.has(code) ||
    NETWORK_CODES.has(name) ||
    /ECONNREFUSED|ENOTFOUND|socket hang up|network|aborted|premature close/i.test(raw)
  ) {
    return make(
      'network',
      name,
      `Could not reach Lightsail${at}.`,
      'Check your network connection (and proxy or VPN), then try again.',
      true,
      ctx,
    );
  }
  if (typeof status === 'number' && status >= 500) {
    return make(
      'service',
      name,
      `Lightsail answered with an error (HTTP ${status})${at}.`,
      'Try again in a moment.',
      true,
      ctx,
    );
  }
  if (
    name === 'SyntaxError' ||
    /Deserialization error|Unexpected end of JSON|is not valid JSON|Unexpected token/i.test(fullRaw)
  ) {
    return make(
      'service',
      name,
      `Lightsail sent an answer that could not be read${at}.`,
      'Try again in a moment; a proxy or firewall may be cutting answers short.',
      true,
      ctx,
    );
  }
  return make(
    'unknown',
    name,
    `${raw || name}${at}.`,
    'Try again; if it keeps failing, see the log file (Help → Show logs).',
    false,
    ctx,
  );
}

export function toLauncherError(err: unknown, ctx: ErrorContext = {}): LauncherError {
  if (err instanceof LauncherFailure) return err.detail;
  const f = factsOf(err, ctx);
  return commonError(f) ?? errorByName(f) ?? transportError(f);
}
