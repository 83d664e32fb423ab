// The one IPC contract. Main's handler registration, the preload's api object, the renderer
// client and the browser test host are all derived from this file: add a channel here and it
// appears, typed and validated, everywhere.
import * as v from 'valibot';
import { isComputerId, MAX_COMPUTER_ID_LENGTH } from './computer-id.js';
import { IDLE_RULE_LIMITS } from './lifetime.js';
import { REGION_PATTERN } from './regions.js';
import { OpenTargetSchema, SettingsPatchSchema } from './settings.js';
import { OPEN_SOURCES } from './vocabulary.js';
import type {
  AppInfo,
  ComputerId,
  ComputerList,
  CostSummary,
  NewSsoProfile,
  OpenWindow,
  PlanPrice,
  PortalAccount,
  ProfileSummary,
  Result,
  SessionKind,
  SessionProgress,
  Settings,
  SignInState,
} from './models.js';
import type { Application, CpuPoint, DiskInfo, Plan, SnapshotInfo } from './manage.js';

/** A computer id (shared/computer-id.ts). */
export const ComputerIdSchema = v.pipe(
  v.string(),
  v.maxLength(MAX_COMPUTER_ID_LENGTH),
  v.check((id: string) => isComputerId(id), 'Not a computer id (profile/region/name).'),
);

export const SessionKindSchema = v.picklist(['app', 'desktop']);

export const OpenOptionsSchema = v.strictObject({
  /** Start the computer first when it is stopped (the user agreed to it). */
  startComputer: v.optional(v.boolean()),
  /** Open in a launcher window, the DCV client or the system browser (default: the kind's setting). */
  target: v.optional(OpenTargetSchema),
  /**
   * Where the open was asked from (default: a launcher row). A link never starts a stopped
   * computer without the user's word in the launcher, whatever "start without asking" says.
   */
  source: v.optional(v.picklist(OPEN_SOURCES)),
});

/** How an open is asked for: consent to start, where to open it, where it was asked from. */
export type OpenOptions = v.InferOutput<typeof OpenOptionsSchema>;

/** A question waiting for the user: start this stopped computer and open the session? */
export interface StartQuestionEvent {
  computerId: ComputerId;
  kind: SessionKind;
}

export const ListOptionsSchema = v.strictObject({ refresh: v.optional(v.boolean()) });

const NameSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(128),
  v.regex(/^[\w\-@+.%:/]+$/, 'Not a profile or sso-session name.'),
);
// Checked on the raw string too: url() parses with new URL(), which drops tabs and line breaks first.
const StartUrlSchema = v.pipe(
  v.string(),
  v.maxLength(512),
  v.regex(/^https?:\/\/[!$&'()*+,\-./0-9:;=?@A-Z_a-z~%]+$/, 'The start URL must be a plain http(s) URL.'),
  v.url(),
);
const SsoRegionSchema = v.pipe(v.string(), v.regex(REGION_PATTERN, 'Not a region name.'));

/** Which sign-in (shared/models.ts SignInRef). */
export const SignInRefSchema = v.union([
  v.strictObject({ profile: NameSchema }),
  v.strictObject({ session: NameSchema }),
  v.strictObject({ startUrl: StartUrlSchema, region: SsoRegionSchema, session: NameSchema }),
]);

export const AddSsoProfilesSchema = v.strictObject({
  startUrl: StartUrlSchema,
  region: SsoRegionSchema,
  session: NameSchema,
  profiles: v.pipe(
    v.array(
      v.strictObject({
        name: NameSchema,
        accountId: v.pipe(v.string(), v.regex(/^\d{12}$/)),
        roleName: v.pipe(v.string(), v.regex(/^[\w+=,.@-]{1,64}$/)),
        region: v.optional(SsoRegionSchema),
      }),
    ),
    v.minLength(1),
    v.maxLength(200),
  ),
});

/** An idle-stop rule as the editor sends it (limits from shared/lifetime.ts). */
export const IdleRuleSchema = v.strictObject({
  thresholdPercent: v.pipe(
    v.number(),
    v.minValue(IDLE_RULE_LIMITS.thresholdPercent.min),
    v.maxValue(IDLE_RULE_LIMITS.thresholdPercent.max),
  ),
  durationMinutes: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(IDLE_RULE_LIMITS.durationMinutes.min),
    v.maxValue(IDLE_RULE_LIMITS.durationMinutes.max),
  ),
});

/** A profile and region: where a new computer, a snapshot or a disk lives. */
export const ScopeRefSchema = v.strictObject({ profile: NameSchema, region: SsoRegionSchema });

// Resource names are checked by the core against Lightsail's pattern, so the user sees why;
// here only their length is bounded.
const ResourceNameArg = v.pipe(v.string(), v.maxLength(255));

/** A new computer as the dialog sends it. */
export const NewComputerSchema = v.strictObject({
  name: ResourceNameArg,
  applicationId: v.pipe(v.string(), v.regex(/^[\w.-]{1,128}$/)),
  planId: v.pipe(v.string(), v.regex(/^[\w.-]{1,128}$/)),
  availabilityZone: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/))),
  idleRule: v.optional(IdleRuleSchema),
  autoSnapshotAt: v.optional(v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):00$/))),
});

/** What a delete takes with the computer. */
export const DeleteOptionsSchema = v.strictObject({ withSnapshots: v.boolean() });

/** Snapshot now: an optional name, and whether to stop the computer once it is complete. */
export const SnapshotOptionsSchema = v.strictObject({
  name: v.optional(ResourceNameArg),
  thenStop: v.optional(v.boolean()),
});

/** Phantom value carrying a result type for the contract. */
function returns<T>(): T {
  return undefined as T;
}

function method<S extends v.GenericSchema<unknown, unknown[]>, R>(args: S, result: R) {
  return { args, result };
}

/** invoke channels: renderer → main, each answered once. */
export const invokeContract = {
  /** Version, platform and whether demo mode is on. */
  'app:info': method(v.strictTuple([]), returns<AppInfo>()),
  /** Switch to the built-in simulator (offered when no profile exists). */
  'app:startDemo': method(v.strictTuple([]), returns<AppInfo>()),
  /** Profiles from the shared config and credentials files, with diagnostics. */
  'profiles:list': method(v.strictTuple([]), returns<ProfileSummary[]>()),
  /** The computer list; cached at once, refreshed in the background when asked. */
  'computers:list': method(v.strictTuple([ListOptionsSchema]), returns<ComputerList>()),
  /** Sweep every profile × region now and answer with the fresh list. */
  'computers:refresh': method(v.strictTuple([]), returns<ComputerList>()),
  /** StartInstance. */
  'computers:start': method(v.strictTuple([ComputerIdSchema]), returns<Result<null>>()),
  /** StopInstance. */
  'computers:stop': method(v.strictTuple([ComputerIdSchema]), returns<Result<null>>()),
  /** What the computer's plan costs per hour (GetBundles); null when its plan is not among them. */
  'computers:planPrice': method(v.strictTuple([ComputerIdSchema]), returns<Result<PlanPrice | null>>()),
  /** Set up the GUI session if needed and open (or focus) the window of that kind. */
  'session:open': method(
    v.union([
      v.strictTuple([ComputerIdSchema, SessionKindSchema]),
      v.strictTuple([ComputerIdSchema, SessionKindSchema, OpenOptionsSchema]),
    ]),
    returns<Result<null>>(),
  ),
  /** Cancel a session setup in progress. */
  'session:cancel': method(v.strictTuple([ComputerIdSchema]), returns<boolean>()),
  /** StopGUISession, closing both of the computer's windows. */
  'session:stop': method(v.strictTuple([ComputerIdSchema]), returns<Result<null>>()),
  /** Session windows open right now. */
  'windows:list': method(v.strictTuple([]), returns<OpenWindow[]>()),
  /** Bring an open session window to front; false when it is not open. */
  'windows:focus': method(v.strictTuple([ComputerIdSchema, SessionKindSchema]), returns<boolean>()),
  /** StartGUISession before the hour runs out (the warning's Keep going); answers with the new end. */
  'session:keepGoing': method(v.strictTuple([ComputerIdSchema]), returns<Result<{ expiresAt: number }>>()),
  /** Set (EnableAddOn) or remove (null: DisableAddOn) the computer's StopInstanceOnIdle rule. */
  'computers:setIdleRule': method(
    v.strictTuple([ComputerIdSchema, v.nullable(IdleRuleSchema)]),
    returns<Result<null>>(),
  ),
  /** Month-to-date costs per profile and in all, from the cache. */
  'cost:summary': method(v.strictTuple([]), returns<CostSummary>()),
  /** Fetch every month-to-date estimate now (GetCostEstimate), then the summary. */
  'cost:refresh': method(v.strictTuple([]), returns<Result<CostSummary>>()),
  /** Current settings. */
  'settings:get': method(v.strictTuple([]), returns<Settings>()),
  /** Change some settings; answers with all of them. */
  'settings:update': method(v.strictTuple([SettingsPatchSchema]), returns<Settings>()),
  /** IAM Identity Center sign-ins and waiting MFA requests (user codes, never tokens). */
  'signin:list': method(v.strictTuple([]), returns<SignInState>()),
  /** Device sign-in: opens the verification URL; answers once signed in, denied, expired or cancelled. */
  'signin:start': method(v.strictTuple([SignInRefSchema]), returns<Result<null>>()),
  /** Cancel a sign-in in progress; false when none was running. */
  'signin:cancel': method(v.strictTuple([SignInRefSchema]), returns<boolean>()),
  /** Sign out as `aws sso logout` does: SSO Logout, then the cached token removed. */
  'signin:signOut': method(v.strictTuple([SignInRefSchema]), returns<Result<null>>()),
  /** Answer an MFA request with the code, or null to cancel. */
  'signin:mfaAnswer': method(
    v.strictTuple([
      v.pipe(v.string(), v.maxLength(64)),
      v.nullable(v.pipe(v.string(), v.regex(/^\d{6}$/, 'An MFA code is six digits.'))),
    ]),
    returns<boolean>(),
  ),
  /** Sign in to a start URL and list its accounts and roles, with suggested profile names. */
  'signin:discover': method(
    v.strictTuple([
      v.strictObject({ startUrl: StartUrlSchema, region: SsoRegionSchema, session: NameSchema }),
    ]),
    returns<Result<{ accounts: PortalAccount[]; suggested: NewSsoProfile[] }>>(),
  ),
  /** Append an [sso-session] and the chosen profiles to the AWS config file (backed up first). */
  'signin:addProfiles': method(
    v.strictTuple([AddSsoProfilesSchema]),
    returns<Result<{ added: string[]; backup?: string }>>(),
  ),
  /** The LfR applications and plans (with prices) of a profile and region. */
  'manage:options': method(
    v.strictTuple([ScopeRefSchema]),
    returns<Result<{ applications: Application[]; plans: Plan[] }>>(),
  ),
  /** CreateInstances; the new row appears and follows pending → running. */
  'computers:create': method(
    v.strictTuple([ScopeRefSchema, NewComputerSchema]),
    returns<Result<{ computerId: ComputerId }>>(),
  ),
  /** DeleteInstance, only when the typed name is the computer's name; then its snapshots, if asked. */
  'computers:delete': method(
    v.strictTuple([ComputerIdSchema, ResourceNameArg, DeleteOptionsSchema]),
    returns<Result<null>>(),
  ),
  /** Turn the AutoSnapshot add-on on at a UTC hour ("HH:00") or off (null). */
  'computers:setAutoSnapshot': method(
    v.strictTuple([ComputerIdSchema, v.nullable(v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):00$/)))]),
    returns<Result<null>>(),
  ),
  /** The computer's instance snapshots, newest first. */
  'snapshots:list': method(v.strictTuple([ComputerIdSchema]), returns<Result<SnapshotInfo[]>>()),
  /** CreateInstanceSnapshot (then StopInstance once it is complete, with thenStop). */
  'snapshots:create': method(
    v.strictTuple([ComputerIdSchema, SnapshotOptionsSchema]),
    returns<Result<{ name: string }>>(),
  ),
  /** CreateInstancesFromSnapshot: a new computer from a snapshot. */
  'snapshots:restore': method(
    v.strictTuple([ScopeRefSchema, ResourceNameArg, ResourceNameArg]),
    returns<Result<{ computerId: ComputerId }>>(),
  ),
  /** DeleteInstanceSnapshot. */
  'snapshots:delete': method(v.strictTuple([ScopeRefSchema, ResourceNameArg]), returns<Result<null>>()),
  /** Storage disks of a profile and region. */
  'disks:list': method(v.strictTuple([ScopeRefSchema]), returns<Result<DiskInfo[]>>()),
  /** CreateDisk of a size in GB. */
  'disks:create': method(
    v.strictTuple([
      ScopeRefSchema,
      ResourceNameArg,
      v.pipe(v.number(), v.integer(), v.minValue(8), v.maxValue(16_384)),
    ]),
    returns<Result<null>>(),
  ),
  /** AttachDisk to a listed computer. */
  'disks:attach': method(
    v.strictTuple([ScopeRefSchema, ResourceNameArg, ComputerIdSchema]),
    returns<Result<null>>(),
  ),
  /** DetachDisk. */
  'disks:detach': method(v.strictTuple([ScopeRefSchema, ResourceNameArg]), returns<Result<null>>()),
  /** DeleteDisk. */
  'disks:delete': method(v.strictTuple([ScopeRefSchema, ResourceNameArg]), returns<Result<null>>()),
  /** The last 24 hours of CPU figures of a computer on screen (cached, bounded per minute). */
  'cpu:get': method(
    v.strictTuple([ComputerIdSchema]),
    returns<Result<{ points: CpuPoint[]; periodMs: number }>>(),
  ),
} as const;

/** event channels: main → renderer. */
export const eventContract = {
  /** The computer list changed (refresh finished, state changed). */
  'computers:changed': returns<ComputerList>(),
  /** Profiles were re-read (files changed, sign-in state changed). */
  'profiles:changed': returns<ProfileSummary[]>(),
  /** Progress of a session setup. */
  'session:progress': returns<SessionProgress>(),
  /** An open (from any source) waits for the user's word to start a stopped computer: asked on its row. */
  'session:startQuestion': returns<StartQuestionEvent>(),
  /** Session windows opened, closed or focused. */
  'windows:changed': returns<OpenWindow[]>(),
  /** Settings changed. */
  'settings:changed': returns<Settings>(),
  /** A sign-in started, showed its code, finished, refreshed, is about to end; an MFA code is asked. */
  'signin:changed': returns<SignInState>(),
  /** Month-to-date costs changed (after a refresh). */
  'cost:changed': returns<CostSummary>(),
  /** A delete moved on: which computer, and what it is deleting now ("Deleting snapshot 2 of 3…"). */
  'manage:progress': returns<{ computerId: ComputerId; step: string }>(),
};

export type InvokeChannel = keyof typeof invokeContract;
export type EventChannel = keyof typeof eventContract;
export type InvokeArgs<C extends InvokeChannel> = v.InferOutput<(typeof invokeContract)[C]['args']>;
export type InvokeResult<C extends InvokeChannel> = (typeof invokeContract)[C]['result'];
export type EventPayload<C extends EventChannel> = (typeof eventContract)[C];

/** What main (or the browser host) implements: one async method per invoke channel. */
export type LauncherService = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResult<C>>;
};

/** Validate raw IPC arguments; throws a ValiError naming the channel on bad input. */
export function parseArgs<C extends InvokeChannel>(channel: C, args: unknown): InvokeArgs<C> {
  const schema = invokeContract[channel].args as v.GenericSchema<unknown, InvokeArgs<C>>;
  return v.parse(schema, args);
}

export function isInvokeChannel(x: unknown): x is InvokeChannel {
  return typeof x === 'string' && Object.hasOwn(invokeContract, x);
}

export { SettingsPatchSchema };
