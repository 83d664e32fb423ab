// The Lightsail operations the simulator serves: request validation as AWS does it, and
// responses shaped like the service model (timestamps as epoch seconds on the JSON wire).
import { randomUUID } from 'node:crypto';
import { BLUEPRINTS, BUNDLES, REGIONS, appName, findBlueprint } from './catalog.js';
import { MANAGE_OPERATIONS, applyAddOn, diskShape } from './manage-operations.js';
import { autoSnapshotOf, disksOf, storeOf } from './manage.js';
import { type ComputerRecord, hardwareOf, isValidResourceName } from './state.js';

import { SimError } from './sim-error.js';
export { SimError };

// Lightsail answers client errors with HTTP 400 whatever the model's httpError trait says,
// and server errors with 500.
/** HTTP status the simulator uses for each Lightsail error type. */
export const ERROR_STATUS: Record<string, number> = {
  AccessDeniedException: 400,
  InvalidInputException: 400,
  NotFoundException: 400,
  UnauthenticatedException: 400,
  ThrottlingException: 400,
  RegionSetupInProgressException: 400,
  ServiceException: 500,
};

/** Default message per injected error type. */
export const DEFAULT_ERROR_MESSAGES: Record<string, string> = {
  AccessDeniedException: 'User is not authorized to perform this operation on this resource.',
  InvalidInputException: 'The request contains an invalid parameter.',
  NotFoundException: 'The requested resource does not exist.',
  ServiceException: 'An internal error occurred. Try again later.',
  UnauthenticatedException: 'The request could not be authenticated. Check the credentials and try again.',
  ThrottlingException: 'Rate exceeded',
  RegionSetupInProgressException: 'The region is being set up for your account. Try again in a few minutes.',
};

/** IAM's access-denied message for a Lightsail operation, as the service words it. */
export function accessDeniedMessage(operation: string): string {
  return `User: arn:aws:iam::123456789012:user/researcher is not authorized to perform: lightsail:${operation} because no identity-based policy allows the lightsail:${operation} action`;
}

export type { OpContext } from './op-context.js';
import type { OpContext } from './op-context.js';

type Handler = (input: Record<string, unknown>, ctx: OpContext) => unknown;

/** A session URL: DCV's documented form on the DCV stand-in, else the simulator's /dcv/ path. */
function sessionUrl(ctx: OpContext, c: ComputerRecord, kind: 'app' | 'desktop'): string {
  const token = ctx.issueToken(c, kind);
  if (ctx.dcvOrigin) return `${ctx.dcvOrigin}/?authToken=${token}#${c.name}-${kind}`;
  // The session id rides in the fragment, as in DCV's form (the page never sees it on the wire).
  return `${ctx.origin}/dcv/${c.region}/${c.name}/${kind}?authToken=${token}#${c.name}-${kind}`;
}
// Operations other than the GUI-session ones that name their computer `resourceName`.
const RESOURCE_NAME_OPERATIONS = new Set(['GetCostEstimate', 'EnableAddOn', 'DisableAddOn']);

/** The resource a request is about (for fault matching), if any. */
export function resourceOf(operation: string, input: Record<string, unknown>): string | undefined {
  // Creating computers names them in a list: faults match its first name.
  const first = Array.isArray(input['instanceNames']) ? input['instanceNames'][0] : undefined;
  const v =
    operation.includes('GUISession') || RESOURCE_NAME_OPERATIONS.has(operation)
      ? input['resourceName']
      : (input['instanceName'] ?? first);
  return typeof v === 'string' ? v : undefined;
}

const secs = (ms: number) => ms / 1000;

function invalid(message: string): SimError {
  return new SimError('InvalidInputException', message, 400);
}

function requireName(input: Record<string, unknown>, field: string): string {
  const v = input[field];
  if (v === undefined || v === null)
    throw invalid(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  if (!isValidResourceName(v)) {
    throw invalid(
      `1 validation error detected: Value '${String(v)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: \\w[\\w\\-]*\\w`,
    );
  }
  return v;
}

function optionalBoolean(input: Record<string, unknown>, field: string): boolean | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(`Value for '${field}' must be a boolean.`);
  return v;
}

function findComputer(ctx: OpContext, name: string): ComputerRecord {
  const c = ctx.world.find(ctx.account, ctx.region, name);
  if (!c)
    throw new SimError('NotFoundException', `The Instance does not exist: ${name}`, 400, 'DoesNotExist');
  return c;
}

const STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

function instanceState(ctx: OpContext, c: ComputerRecord): { code: number; name: string } {
  const name = ctx.world.power(c);
  return { code: STATE_CODES[name] ?? 0, name };
}

function location(c: ComputerRecord): { availabilityZone: string; regionName: string } {
  return { availabilityZone: c.availabilityZone, regionName: c.region };
}

/** An Instance as the service model shapes it. */
export function instanceShape(ctx: OpContext, c: ComputerRecord): Record<string, unknown> {
  const hw = hardwareOf(c.bundleId);
  const state = instanceState(ctx, c);
  const bp = findBlueprint(c.blueprintId);
  const research = bp?.appCategory === 'LfR';
  const port = (fromPort: number, toPort: number, commonName: string) => ({
    fromPort,
    toPort,
    protocol: 'tcp',
    accessFrom: 'Anywhere (0.0.0.0/0 and ::/0)',
    accessType: 'Public',
    commonName,
    accessDirection: 'inbound',
    cidrs: ['0.0.0.0/0'],
    ipv6Cidrs: ['::/0'],
    cidrListAliases: [],
  });
  return {
    name: c.name,
    arn: c.arn,
    supportCode: c.supportCode,
    createdAt: secs(c.createdAt),
    location: location(c),
    resourceType: 'Instance',
    tags: c.tags,
    blueprintId: c.blueprintId,
    blueprintName: bp?.name ?? c.blueprintId,
    bundleId: c.bundleId,
    addOns: [
      ...(c.idleRule
        ? [
            {
              name: 'StopInstanceOnIdle',
              status: 'Enabled',
              threshold: String(c.idleRule.thresholdPercent),
              duration: String(c.idleRule.durationMinutes),
            },
          ]
        : []),
      ...autoSnapshotAddOn(ctx, c),
    ],
    isStaticIp: false,
    privateIpAddress: c.privateIpAddress,
    ...(state.name === 'running' ? { publicIpAddress: c.publicIpAddress } : {}),
    ipv6Addresses: [c.ipv6],
    ipAddressType: 'dualstack',
    hardware: {
      cpuCount: hw.cpuCount,
      disks: [
        {
          createdAt: secs(c.createdAt),
          sizeInGb: hw.diskSizeInGb,
          isSystemDisk: true,
          iops: 100,
          path: '/dev/xvda',
          attachedTo: c.name,
          attachmentState: 'attached',
        },
        ...disksOf(ctx.world, ctx.account, c).map((d) => diskShape(ctx, d)),
      ],
      ramSizeInGb: hw.ramSizeInGb,
    },
    networking: {
      monthlyTransfer: { gbPerMonthAllocated: hw.transferPerMonthInGb },
      ports: research ? [port(22, 22, ''), port(8443, 8443, 'DCV')] : [port(22, 22, ''), port(80, 80, '')],
    },
    state,
    username: 'ubuntu',
    sshKeyName: 'LightsailDefaultKeyPair',
    metadataOptions: {
      state: 'applied',
      httpTokens: 'required',
      httpEndpoint: 'enabled',
      httpPutResponseHopLimit: 1,
      httpProtocolIpv6: 'disabled',
    },
  };
}

// The AutoSnapshot add-on as GetInstance lists it: the daily hour, and the next one.
function autoSnapshotAddOn(ctx: OpContext, c: ComputerRecord): Record<string, unknown>[] {
  const rule = autoSnapshotOf(ctx.account, c);
  return rule
    ? [
        {
          name: 'AutoSnapshot',
          status: 'Enabled',
          snapshotTimeOfDay: rule.snapshotTimeOfDay,
          nextSnapshotTimeOfDay: rule.snapshotTimeOfDay,
        },
      ]
    : [];
}

function operation(
  ctx: OpContext,
  c: ComputerRecord,
  operationType: string,
  status: 'Started' | 'Succeeded',
  operationDetails?: string,
): Record<string, unknown> {
  const now = secs(ctx.world.clock.now());
  return {
    id: randomUUID(),
    resourceName: c.name,
    resourceType: 'Instance',
    createdAt: now,
    location: location(c),
    isTerminal: status === 'Succeeded',
    operationType,
    ...(operationDetails !== undefined ? { operationDetails } : {}),
    status,
    statusChangedAt: now,
  };
}

function pageOffset(token: unknown, total: number): number {
  if (token === undefined || token === null) return 0;
  if (typeof token !== 'string') throw invalid('The pageToken must be a string.');
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.o <= total)
      return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw invalid('The pageToken is not valid.');
}

function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function epochSeconds(input: Record<string, unknown>, field: string): number {
  const v = input[field];
  if (v === undefined || v === null)
    throw invalid(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw invalid(`Value for '${field}' must be a timestamp.`);
  return v * 1000;
}

function addOnType(v: unknown): 'AutoSnapshot' | 'StopInstanceOnIdle' {
  if (v === undefined || v === null)
    throw invalid(
      `1 validation error detected: Value null at 'addOnType' failed to satisfy constraint: Member must not be null`,
    );
  if (v !== 'AutoSnapshot' && v !== 'StopInstanceOnIdle') {
    throw invalid(
      `1 validation error detected: Value '${String(v)}' at 'addOnType' failed to satisfy constraint: Member must satisfy enum value set: [AutoSnapshot, StopInstanceOnIdle]`,
    );
  }
  return v;
}

// The console offers 1..100 % and durations in whole minutes; the model carries both as strings.
function idleRuleOf(req: unknown): { thresholdPercent: number; durationMinutes: number } {
  const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
  const number = (field: string, min: number, max: number, integer: boolean): number => {
    const raw = r[field];
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw invalid(
        `The stopInstanceOnIdleRequest ${field} must be a ${integer ? 'whole number' : 'number'} from ${min} to ${max} given as a string, got ${JSON.stringify(raw ?? null)}.`,
      );
    }
    return n;
  };
  return {
    thresholdPercent: number('threshold', 1, 100, false),
    durationMinutes: number('duration', 1, 10_080, true),
  };
}

/** Operation name -> handler. */
export const OPERATIONS: Record<string, Handler> = {
  ...MANAGE_OPERATIONS,
  GetRegions(input) {
    const withAz = optionalBoolean(input, 'includeAvailabilityZones') ?? false;
    const withDbAz = optionalBoolean(input, 'includeRelationalDatabaseAvailabilityZones') ?? false;
    const zones = (r: string) => ['a', 'b', 'c'].map((s) => ({ zoneName: `${r}${s}`, state: 'available' }));
    return {
      regions: REGIONS.map((r) => ({
        continentCode: r.continentCode,
        description: r.description,
        displayName: r.displayName,
        name: r.name,
        availabilityZones: withAz ? zones(r.name) : [],
        relationalDatabaseAvailabilityZones: withDbAz ? zones(r.name) : [],
      })),
    };
  },

  GetBlueprints(input) {
    const includeInactive = optionalBoolean(input, 'includeInactive') === true;
    const category = input['appCategory'];
    if (category !== undefined && category !== null && category !== 'LfR') {
      throw invalid(
        `1 validation error detected: Value '${String(category)}' at 'appCategory' failed to satisfy constraint: Member must satisfy enum value set: [LfR]`,
      );
    }
    if (input['pageToken'] !== undefined && input['pageToken'] !== null) pageOffset(input['pageToken'], 0);
    // As the API reference says: LfR blueprints only with appCategory LfR ("You must use this
    // parameter to view Lightsail for Research blueprints"), retired ones only with includeInactive.
    const list = BLUEPRINTS.filter(
      (b) => (category === 'LfR') === (b.appCategory === 'LfR') && (includeInactive || b.isActive),
    );
    return { blueprints: list.map((b) => ({ ...b })) };
  },

  GetBundles(input) {
    optionalBoolean(input, 'includeInactive');
    const category = input['appCategory'];
    if (category !== undefined && category !== null && category !== 'LfR') {
      throw invalid(
        `1 validation error detected: Value '${String(category)}' at 'appCategory' failed to satisfy constraint: Member must satisfy enum value set: [LfR]`,
      );
    }
    if (input['pageToken'] !== undefined && input['pageToken'] !== null) pageOffset(input['pageToken'], 0);
    const list = category === 'LfR' ? BUNDLES.filter((b) => b.appCategory === 'LfR') : BUNDLES;
    return {
      bundles: list.map((b) => ({
        bundleId: b.bundleId,
        name: b.name,
        price: b.price,
        cpuCount: b.cpuCount,
        ramSizeInGb: b.ramSizeInGb,
        diskSizeInGb: b.diskSizeInGb,
        transferPerMonthInGb: b.transferPerMonthInGb,
        instanceType: b.instanceType,
        power: b.power,
        isActive: true,
        supportedPlatforms: ['LINUX_UNIX'],
        ...(b.appCategory ? { supportedAppCategories: [b.appCategory] } : {}),
      })),
    };
  },

  GetInstances(input, ctx) {
    const all = ctx.world.list(ctx.account, ctx.region);
    const offset = pageOffset(input['pageToken'], all.length);
    const page = all.slice(offset, offset + ctx.pageSize);
    const next = offset + ctx.pageSize;
    return {
      instances: page.map((c) => instanceShape(ctx, c)),
      ...(next < all.length ? { nextPageToken: pageToken(next) } : {}),
    };
  },

  GetInstance(input, ctx) {
    return { instance: instanceShape(ctx, findComputer(ctx, requireName(input, 'instanceName'))) };
  },

  GetInstanceState(input, ctx) {
    return { state: instanceState(ctx, findComputer(ctx, requireName(input, 'instanceName'))) };
  },

  StartInstance(input, ctx) {
    const c = findComputer(ctx, requireName(input, 'instanceName'));
    const before = ctx.world.power(c);
    ctx.world.startInstance(c);
    return {
      operations: [operation(ctx, c, 'StartInstance', before === 'running' ? 'Succeeded' : 'Started')],
    };
  },

  StopInstance(input, ctx) {
    const c = findComputer(ctx, requireName(input, 'instanceName'));
    optionalBoolean(input, 'force');
    const before = ctx.world.power(c);
    ctx.world.stopInstance(c);
    return {
      operations: [operation(ctx, c, 'StopInstance', before === 'stopped' ? 'Succeeded' : 'Started')],
    };
  },

  StartGUISession(input, ctx) {
    const c = findComputer(ctx, requireName(input, 'resourceName'));
    const refusal = ctx.world.startSession(c);
    if (refusal) throw invalid(refusal);
    return { operations: [operation(ctx, c, 'StartGUISession', 'Started')] };
  },

  StopGUISession(input, ctx) {
    const c = findComputer(ctx, requireName(input, 'resourceName'));
    ctx.world.stopSession(c);
    return { operations: [operation(ctx, c, 'StopGUISession', 'Started')] };
  },

  CreateGUISessionAccessDetails(input, ctx) {
    const c = findComputer(ctx, requireName(input, 'resourceName'));
    // A session fails while it is being set up, as on the real service: an injected session
    // failure waits for a setup (after StartGUISession) rather than hitting a session at rest.
    const current = ctx.world.session(c).status;
    const settingUp = current === 'settingUpInstance' || current === 'starting';
    const { fault } = settingUp
      ? ctx.faults.take(
          {
            operation: 'CreateGUISessionAccessDetails',
            region: ctx.region,
            computer: c.name,
            accessKeyId: ctx.accessKeyId,
          },
          ['failedStartingGUISession', 'failedInstanceCreation'],
        )
      : { fault: undefined };
    if (fault) {
      const reason =
        fault.failureReason ??
        (fault.kind === 'failedInstanceCreation'
          ? 'The virtual computer could not be created.'
          : 'The GUI session could not be started.');
      ctx.world.failSession(c, fault.kind as 'failedStartingGUISession' | 'failedInstanceCreation', reason);
    }
    const snap = ctx.world.session(c);
    const sessions =
      snap.status === 'started'
        ? [
            { name: appName(c.blueprintId), url: sessionUrl(ctx, c, 'app'), isPrimary: true },
            { name: 'Ubuntu Desktop', url: sessionUrl(ctx, c, 'desktop'), isPrimary: false },
          ]
        : [];
    return {
      resourceName: c.name,
      status: snap.status,
      percentageComplete: snap.percentageComplete,
      ...(snap.failureReason !== undefined ? { failureReason: snap.failureReason } : {}),
      sessions,
    };
  },

  EnableAddOn(input, ctx) {
    const c = findComputer(ctx, requireName(input, 'resourceName'));
    const req = (
      typeof input['addOnRequest'] === 'object' && input['addOnRequest'] !== null
        ? input['addOnRequest']
        : undefined
    ) as Record<string, unknown> | undefined;
    if (!req)
      throw invalid(
        `1 validation error detected: Value null at 'addOnRequest' failed to satisfy constraint: Member must not be null`,
      );
    if (addOnType(req['addOnType']) === 'AutoSnapshot') {
      applyAddOn(ctx, c, req);
      return { operations: [operation(ctx, c, 'EnableAddOn', 'Succeeded', 'AutoSnapshot')] };
    }
    ctx.world.enableIdleRule(c, idleRuleOf(req['stopInstanceOnIdleRequest']));
    return { operations: [operation(ctx, c, 'EnableAddOn', 'Succeeded', 'StopInstanceOnIdle')] };
  },

  DisableAddOn(input, ctx) {
    const c = findComputer(ctx, requireName(input, 'resourceName'));
    if (addOnType(input['addOnType']) === 'AutoSnapshot') {
      storeOf(ctx.account).autoSnapshot.delete(c.arn);
      return { operations: [operation(ctx, c, 'DisableAddOn', 'Succeeded', 'AutoSnapshot')] };
    }
    ctx.world.disableIdleRule(c);
    return { operations: [operation(ctx, c, 'DisableAddOn', 'Succeeded', 'StopInstanceOnIdle')] };
  },

  GetCostEstimate(input, ctx) {
    const c = findComputer(ctx, requireName(input, 'resourceName'));
    const start = epochSeconds(input, 'startTime');
    const end = epochSeconds(input, 'endTime');
    if (end <= start) throw invalid('The endTime must be later than the startTime.');
    // The API reference calls a start date in the future a validation error.
    if (start > ctx.world.clock.now()) throw invalid('The startTime must not be in the future.');
    // The plan's monthly price covers 730 hours; a computer costs for the hours it runs.
    const hourly = hardwareOf(c.bundleId).price / 730;
    const day = 86_400_000;
    const results: Record<string, unknown>[] = [];
    for (let t = Math.floor(start / day) * day; t < end; t += day) {
      if (results.length >= 366) throw invalid('The time range must not exceed one year.');
      const hours = ctx.world.runningHours(c, Math.max(t, start), Math.min(t + day, end));
      results.push({
        usageCost: Math.round(hours * hourly * 1e4) / 1e4,
        pricingUnit: 'Hrs',
        unit: Math.round(hours * 1e4) / 1e4,
        currency: 'USD',
        timePeriod: { start: secs(t), end: secs(t + day) },
      });
    }
    return {
      resourcesBudgetEstimate: [
        {
          resourceName: c.name,
          resourceType: 'Instance',
          costEstimates: [{ usageType: 'BoxUsage', resultsByTime: results }],
          startTime: secs(start),
          endTime: secs(end),
        },
      ],
    };
  },
};
