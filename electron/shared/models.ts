// Plain data shared by main, preload, core and renderer. No functions, no classes:
// everything here must survive structured cloning across IPC.

/** Which of the two DCV sessions: the primary (application) or the secondary (OS desktop). */
export type SessionKind = 'app' | 'desktop';

/** How a profile obtains credentials. */
export type ProfileKind =
  'static' | 'sso' | 'sso-session' | 'assume-role' | 'credential-process' | 'web-identity' | 'unknown';

/** A line of a config or credentials file that the SDK's parser skipped or that looks wrong. */
export interface ProfileDiagnostic {
  file: string;
  line: number;
  reason: string;
  severity: 'error' | 'warning';
}

/** One AWS profile as the launcher sees it (never its secrets). */
export interface ProfileSummary {
  name: string;
  kind: ProfileKind;
  region?: string;
  /** Files the profile was read from (config and/or credentials). */
  sources: string[];
  diagnostics: ProfileDiagnostic[];
  /** True for the profile named by AWS_PROFILE (or `default`). */
  isDefault: boolean;
  /** The AWS account the profile reaches, when its settings say (sso_account_id, role_arn). */
  accountId?: string;
  /** Set once credentials were tried: 'needs-sign-in' for an expired SSO token. */
  status?: 'ok' | 'needs-sign-in' | 'error';
  /** Why the status is not ok, from the core (the sign-in banner shows it as is). */
  error?: LauncherError;
}

/** Lightsail instance state names. */
/** Lightsail's instance state names, and ours for one it has not named. */
export const INSTANCE_STATE_NAMES = [
  'pending',
  'running',
  'stopping',
  'stopped',
  'shutting-down',
  'terminated',
  'rebooting',
  'unknown',
] as const;

/** An instance state name (Lightsail's, or 'unknown'). */
export type InstanceStateName = (typeof INSTANCE_STATE_NAMES)[number];

/** Status values of CreateGUISessionAccessDetails (the service model's enum). */
export const GUI_SESSION_STATUSES = [
  'startExpired',
  'notStarted',
  'started',
  'starting',
  'stopped',
  'stopping',
  'settingUpInstance',
  'failedInstanceCreation',
  'failedStartingGUISession',
  'failedStoppingGUISession',
] as const;

/** A status of CreateGUISessionAccessDetails. */
export type GuiSessionStatus = (typeof GUI_SESSION_STATUSES)[number];

/** True for a status the service model names. */
export function isGuiSessionStatus(v: unknown): v is GuiSessionStatus {
  return typeof v === 'string' && (GUI_SESSION_STATUSES as readonly string[]).includes(v);
}

import type { ComputerId } from './computer-id.js';

/** `profile/region/name`, the profile percent-encoded (shared/computer-id.ts): unique across everything the launcher lists. */
export type { ComputerId };

/** One Lightsail for Research virtual computer. */
export interface VirtualComputer {
  id: ComputerId;
  name: string;
  profile: string;
  region: string;
  state: InstanceStateName;
  /**
   * Blueprint: id and display name (JupyterLab, RStudio, VSCodium…); `retired` when Lightsail
   * marks the blueprint inactive (no new computers, existing ones still run).
   */
  app: { id: string; name: string; retired?: boolean };
  /** Bundle: id and display name when known. */
  plan: { id: string; name?: string };
  /** ISO 8601. */
  createdAt?: string;
  /** Last GUI session status seen, when known. */
  sessionStatus?: GuiSessionStatus;
  /** `arn:aws:lightsail:<region>:<account>:Instance/<id>`: the computer's identity. */
  arn?: string;
  /** Every profile that reaches this computer, when more than one does; `profile` is the one used. */
  reachedThrough?: string[];
  /** The ids this computer has through its other profiles (they keep working). */
  aliases?: ComputerId[];
  /** Month-to-date cost estimate (GetCostEstimate from the first of the month, UTC); asOf is ISO 8601; leftOut: currencies not added (only USD is). */
  cost?: { monthToDateUsd: number; asOf: string; leftOut?: string[] };
  /** The StopInstanceOnIdle add-on (the console's cost control rule), when set. */
  idleRule?: IdleRule;
  /** The AutoSnapshot add-on's daily hour (UTC, "HH:00") when automatic snapshots are on. */
  autoSnapshotAt?: string;
  /** An enabled rule is there but its threshold or duration could not be read. */
  idleRuleUnreadable?: true;
  /** The last stop looks like the idle rule's doing (see core/idle-rule.ts for how it is told). */
  stoppedByRule?: boolean;
  /** Epoch ms when the started GUI session's hour runs out, when the launcher knows. */
  sessionExpiresAt?: number;
  /** The launcher did not see the session start: sessionExpiresAt is a presumption ("about"). */
  sessionExpiresApprox?: true;
  /** The started session has no desktop the launcher can open, and why. */
  desktopUnavailable?: DesktopUnavailable;
  /** Set when the last refresh of its profile × region failed: the row is the last-known one, and this says why. */
  staleReason?: string;
}

/** An idle-stop rule: stop the computer when its CPU stays under thresholdPercent for durationMinutes. */
export interface IdleRule {
  thresholdPercent: number;
  durationMinutes: number;
}

/**
 * Why a started session has no desktop: Lightsail returned one session only, marked none as
 * primary (so none is known to be the desktop), or marked every one primary.
 */
export type DesktopUnavailable = 'one-session' | 'no-primary' | 'every-primary';

/** Month-to-date cost per profile and in all, for the group headers and the status line. */
export interface CostSummary {
  /** A profile's monthToDateUsd is absent when it is unknown (nothing priced, or the profile failed). */
  profiles: { profile: string; monthToDateUsd?: number; budgetUsd?: number; overBudget: boolean }[];
  /** Absent when no profile's total is known. */
  totalUsd?: number;
  /** ISO 8601: the oldest estimate in the sums. */
  asOf?: string;
  /** Computers whose estimate could not be fetched (permissions, say). */
  missing: ComputerId[];
  /** Currencies whose rows were left out of the sums (only USD is added). */
  leftOut?: string[];
}

/** Why a request failed, in words a user can act on. */
export type ErrorKind =
  | 'access-denied'
  | 'invalid-input'
  | 'not-found'
  | 'service'
  | 'unauthenticated'
  | 'throttled'
  | 'network'
  | 'timeout'
  | 'expired-credentials'
  | 'sign-in-required'
  | 'no-credentials'
  | 'profile-invalid'
  | 'session-failed'
  | 'computer-stopped'
  | 'cancelled'
  | 'unknown';

/** An expected failure, carried as a value (never thrown across IPC). */
export interface LauncherError {
  /** The AWS error name when there was one (AccessDeniedException…), else our own. */
  name: string;
  kind: ErrorKind;
  /** What happened, in plain language. */
  message: string;
  /** What the user can do about it. */
  nextStep: string;
  retryable: boolean;
  profile?: string;
  region?: string;
  /** A command to run, e.g. `aws sso login --profile research`. */
  command?: string;
  /** Lightsail's failureReason, shown as is. */
  failureReason?: string;
  /** The IAM action an access-denied error names, e.g. `lightsail:GetInstances`. */
  iamAction?: string;
}

/** A plan's price per hour, from the monthly one GetBundles gives (monthly = hourly × 730). */
export interface PlanPrice {
  bundleId: string;
  name?: string;
  usdPerHour: number;
}

/** Success or an expected failure. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: LauncherError };

/** A failure limited to one profile (and optionally one region) while the rest still list. */
export interface ScopeError {
  profile: string;
  region?: string;
  error: LauncherError;
}

/** Everything the launcher lists, with what could not be listed. */
export interface ComputerList {
  computers: VirtualComputer[];
  errors: ScopeError[];
  /** ISO 8601 time of the sweep that produced this list. */
  refreshedAt: string;
  /** True when served from the cache before a refresh finished. */
  stale: boolean;
  /** True while a background refresh is running. */
  refreshing: boolean;
}

/** Phases of opening a session, as the user sees them. */
export type SessionPhase =
  'starting-computer' | 'starting-session' | 'setting-up' | 'opening' | 'ready' | 'failed' | 'cancelled';

/** Progress of one computer's session setup. */
export interface SessionProgress {
  computerId: ComputerId;
  phase: SessionPhase;
  status?: GuiSessionStatus;
  /** 0..100 */
  percentage: number;
  /** epoch ms when the run started, for elapsed time. */
  startedAt: number;
  error?: LauncherError;
}

/** A session window that is open right now. */
export interface OpenWindow {
  computerId: ComputerId;
  kind: SessionKind;
  title: string;
  focused: boolean;
}

/** User settings (persisted by the shell); derived from their schema in settings.ts. */
export type { Settings } from './settings.js';

/** About the running app. */
export interface AppInfo {
  version: string;
  demo: boolean;
  platform: string;
  /** Whether sessions can open in the DCV client here, and why not (when the host can hand off at all). */
  dcvClient?: { available: true } | { available: false; reason: string };
  /** Why the global shortcut setting is not in effect (the OS or the Wayland desktop refused it). */
  shortcutError?: string;
}

/** Which IAM Identity Center sign-in: the one a profile uses, an [sso-session] by name, or a start URL not yet in the config. */
export type SignInRef =
  { profile: string } | { session: string } | { startUrl: string; region: string; session: string };

/** One IAM Identity Center sign-in (an sso-session, or a legacy profile's start URL). Never a token. */
export interface SignInEntry {
  /** `session:<name>` or `url:<start URL>`. */
  id: string;
  /** The sso-session name, or the start URL for legacy profiles. */
  label: string;
  kind: 'sso-session' | 'sso';
  startUrl: string;
  region: string;
  /** Profiles served by this sign-in. */
  profiles: string[];
  status: 'signed-in' | 'expiring' | 'needs-sign-in' | 'signing-in';
  /** ISO 8601: when the current token ends (refreshable sessions move it on). */
  expiresAt?: string;
  /** While signing in: the code to enter and where. */
  prompt?: { userCode: string; verificationUri: string; verificationUriComplete: string; expiresAt: string };
  error?: LauncherError;
}

/** A role profile's MFA code request, waiting for the user. */
export interface MfaRequest {
  id: string;
  profile: string;
  /** The mfa_serial (device ARN). */
  serial: string;
}

/** Every sign-in the launcher knows of, plus MFA requests waiting for an answer. */
export interface SignInState {
  entries: SignInEntry[];
  mfa: MfaRequest[];
}

/** An account and its roles in the IAM Identity Center portal. */
export interface PortalAccount {
  accountId: string;
  accountName: string;
  roles: string[];
}

/** A profile to add to ~/.aws/config for one account and role (name editable by the user). */
export interface NewSsoProfile {
  name: string;
  accountId: string;
  roleName: string;
  /** The profile's default region (for Lightsail); the session's region when absent. */
  region?: string;
}
