// The CLI's manage commands: create, delete, snapshot, snapshots, restore, disks and cpu, over the
// core's feature modules. cli.ts parses the arguments and passes its helpers in.
import pLimit from 'p-limit';
import { fetchCpu, idleRulePreview, CPU_PERIOD_SECONDS } from './core/cpu-metrics.js';
import { listDisks } from './core/disks.js';
import { LauncherFailure, launcherErrors } from './core/errors.js';
import { createComputer, waitUntilRunning, type WriteTarget } from './core/manage-computers.js';
import { systemClock, type Clock, type Environment } from './core/ports.js';
import {
  createSnapshot,
  deleteComputerAndSnapshots,
  listSnapshots,
  restoreSnapshot,
  waitForSnapshot,
} from './core/snapshots.js';
import {
  defaultSnapshotName,
  idlePreviewLabel,
  type CpuPoint,
  type DiskInfo,
  type SnapshotInfo,
} from './shared/manage.js';
import type { IdleRule, LauncherError, Result } from './shared/models.js';

/** What the manage commands borrow from cli.ts. */
export interface ManageCliDeps {
  env: Environment;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Finds the profile and region of a computer (searching when not given). */
  locate(
    name: string,
    profile?: string,
    region?: string,
  ): Promise<{ profile: string; region: string; idleRule?: IdleRule }>;
  /** The profiles to work in (all, or those given) and the regions (all LfR ones, or those given). */
  scopes(profiles?: string[], regions?: string[]): Promise<{ profile: string; region: string }[]>;
  table(rows: string[][]): string;
  errorJson(e: LauncherError): unknown;
  signal?: AbortSignal;
  /** Poll interval of waits (tests shorten it). */
  pollMs: number;
  clock?: Clock;
}

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new LauncherFailure(r.error);
  return r.value;
}

function progressTo(d: ManageCliDeps, name: string) {
  return (state: string) => d.stderr(`${name}: ${state}\n`);
}

/** create NAME --app ID --plan ID --region R [--profile P]: waits until running. */
export async function cmdCreate(
  d: ManageCliDeps,
  where: { profile: string; region: string },
  req: { name: string; app: string; plan: string },
): Promise<number> {
  const client = d.env.clients.client(where.profile, where.region);
  const target = unwrap(
    await createComputer(
      client,
      where,
      { name: req.name, applicationId: req.app, planId: req.plan },
      d.signal,
    ),
  );
  d.stderr(
    `${req.name}: created in ${where.region} (profile ${where.profile}), waiting until it is running…\n`,
  );
  unwrap(
    await waitUntilRunning(client, target, d.clock ?? systemClock, {
      pollMs: d.pollMs,
      onState: progressTo(d, req.name),
      ...(d.signal ? { signal: d.signal } : {}),
    }),
  );
  d.stdout(
    `${req.name} is running (profile ${where.profile}, ${where.region}). Open it with: open ${req.name} --kind app\n`,
  );
  return 0;
}

/** delete NAME --yes [--with-snapshots]: the computer goes; its snapshots stay (and are named) unless asked. */
export async function cmdDelete(
  d: ManageCliDeps,
  name: string,
  opts: { withSnapshots: boolean; profile?: string; region?: string },
): Promise<number> {
  const where = await d.locate(name, opts.profile, opts.region);
  const client = d.env.clients.client(where.profile, where.region);
  const done = unwrap(
    await deleteComputerAndSnapshots(client, { name, ...where }, name, {
      withSnapshots: opts.withSnapshots,
      onStep: (s) =>
        d.stderr(
          s.step === 'computer'
            ? `${name}: deleting the computer…\n`
            : `${name}: deleting snapshot ${s.index + 1} of ${s.count} (${s.name})…\n`,
        ),
      ...(d.signal ? { signal: d.signal } : {}),
    }),
  );
  d.stdout(`${name} was deleted (profile ${where.profile}, ${where.region}).\n`);
  if (done.snapshotsDeleted.length > 0)
    d.stdout(`Its snapshots were deleted too: ${done.snapshotsDeleted.join(', ')}\n`);
  if (!opts.withSnapshots) {
    const kept = await listSnapshots(client, where, name, d.signal);
    if (kept.ok && kept.value.length > 0)
      d.stdout(
        `Its snapshots were kept and keep costing until deleted: ${kept.value.map((s) => s.name).join(', ')}\n`,
      );
  }
  return 0;
}

/** snapshot NAME [--snapshot-name S] [--wait]. */
export async function cmdSnapshot(
  d: ManageCliDeps,
  name: string,
  opts: { snapshotName?: string; wait: boolean; profile?: string; region?: string },
): Promise<number> {
  const where = await d.locate(name, opts.profile, opts.region);
  const client = d.env.clients.client(where.profile, where.region);
  const snapshotName = opts.snapshotName ?? defaultSnapshotName(name, Date.now());
  unwrap(await createSnapshot(client, { name, ...where }, snapshotName, d.signal));
  if (opts.wait) {
    d.stderr(`${snapshotName}: snapshot of ${name} started, waiting until it is available…\n`);
    const onProgress = (s: SnapshotInfo) =>
      d.stderr(`${snapshotName}: ${s.state}${s.progress ? ` ${s.progress}` : ''}\n`);
    unwrap(
      await waitForSnapshot(client, where, snapshotName, d.clock ?? systemClock, {
        pollMs: d.pollMs,
        onProgress,
        ...(d.signal ? { signal: d.signal } : {}),
      }),
    );
    d.stdout(`${snapshotName} is available.\n`);
  } else {
    d.stdout(`${snapshotName}: snapshot of ${name} started (see "snapshots ${name}").\n`);
  }
  return 0;
}

type Scoped<T> = T & { profile: string; region: string };

// Lists something in every scope in parallel; failing scopes are returned, not thrown.
async function everywhere<T>(
  d: ManageCliDeps,
  scopes: { profile: string; region: string }[],
  list: (s: { profile: string; region: string }) => Promise<Result<T[]>>,
) {
  const limit = pLimit(8);
  const items: Scoped<T>[] = [];
  const errors: { profile: string; region: string; error: LauncherError }[] = [];
  await Promise.all(
    scopes.map((s) =>
      limit(async () => {
        const r = await list(s);
        if (r.ok) items.push(...r.value.map((v) => ({ ...v, ...s })));
        else errors.push({ ...s, error: r.error });
      }),
    ),
  );
  return { items, errors };
}

/** The stable JSON shape of one snapshot (documented in docs/cli.md). */
function snapshotJson(s: Scoped<SnapshotInfo>) {
  return {
    name: s.name,
    computer: s.fromComputer,
    profile: s.profile,
    region: s.region,
    state: s.state,
    progress: s.progress ?? null,
    sizeGb: s.sizeGb,
    createdAt: new Date(s.createdAt).toISOString(),
    appId: s.applicationId,
    planId: s.planId,
  };
}

/** snapshots [NAME] [--json]. */
export async function cmdSnapshots(
  d: ManageCliDeps,
  computer: string | undefined,
  opts: { json: boolean; profiles?: string[]; regions?: string[] },
): Promise<number> {
  const scopes = await d.scopes(opts.profiles, opts.regions);
  const { items, errors } = await everywhere(d, scopes, (s) =>
    listSnapshots(d.env.clients.client(s.profile, s.region), s, computer, d.signal),
  );
  items.sort((a, b) => b.createdAt - a.createdAt);
  if (opts.json) {
    d.stdout(
      JSON.stringify(
        {
          snapshots: items.map(snapshotJson),
          errors: errors.map((e) => ({ profile: e.profile, region: e.region, error: d.errorJson(e.error) })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    if (items.length === 0) d.stdout(`No snapshots${computer ? ` of ${computer}` : ''}.\n`);
    else
      d.stdout(
        d.table([
          ['NAME', 'COMPUTER', 'STATE', 'SIZE', 'CREATED', 'PROFILE', 'REGION'],
          ...items.map((s) => [
            s.name,
            s.fromComputer,
            s.progress ? `${s.state} ${s.progress}` : s.state,
            `${s.sizeGb} GB`,
            new Date(s.createdAt).toISOString().slice(0, 16).replace('T', ' '),
            s.profile,
            s.region,
          ]),
        ]),
      );
    for (const e of errors) d.stderr(`! ${e.profile} ${e.region}: ${e.error.message} ${e.error.nextStep}\n`);
  }
  return errors.length > 0 && items.length === 0 ? 1 : 0;
}

/** restore SNAPSHOT --name NEW [--plan ID]: a new computer from a snapshot, waited on until running. */
export async function cmdRestore(
  d: ManageCliDeps,
  snapshot: string,
  opts: { name: string; plan?: string; profiles?: string[]; regions?: string[] },
): Promise<number> {
  const scopes = await d.scopes(opts.profiles, opts.regions);
  const { items } = await everywhere(d, scopes, (s) =>
    listSnapshots(d.env.clients.client(s.profile, s.region), s, undefined, d.signal),
  );
  const found = items.filter((s) => s.name === snapshot);
  if (found.length !== 1) {
    throw new LauncherFailure(launcherErrors.snapshotNotUnique(snapshot, found.length));
  }
  const s = found[0]!;
  const where = { profile: s.profile, region: s.region };
  const client = d.env.clients.client(s.profile, s.region);
  const target: WriteTarget = unwrap(
    await restoreSnapshot(client, where, s, opts.name, {
      ...(opts.plan ? { planId: opts.plan } : {}),
      ...(d.signal ? { signal: d.signal } : {}),
    }),
  );
  d.stderr(`${opts.name}: created from ${snapshot}, waiting until it is running…\n`);
  unwrap(
    await waitUntilRunning(client, target, d.clock ?? systemClock, {
      pollMs: d.pollMs,
      onState: progressTo(d, opts.name),
      ...(d.signal ? { signal: d.signal } : {}),
    }),
  );
  d.stdout(`${opts.name} is running (profile ${s.profile}, ${s.region}).\n`);
  return 0;
}

/** The stable JSON shape of one disk (documented in docs/cli.md). */
function diskJson(x: Scoped<DiskInfo>) {
  return {
    name: x.name,
    profile: x.profile,
    region: x.region,
    sizeGb: x.sizeGb,
    state: x.state,
    attachedTo: x.attachedTo ?? null,
    path: x.path ?? null,
    pricePerMonth: x.pricePerMonth,
    createdAt: new Date(x.createdAt).toISOString(),
  };
}

/** disks [--json]. */
export async function cmdDisks(
  d: ManageCliDeps,
  opts: { json: boolean; profiles?: string[]; regions?: string[] },
): Promise<number> {
  const scopes = await d.scopes(opts.profiles, opts.regions);
  const { items, errors } = await everywhere(d, scopes, (s) =>
    listDisks(d.env.clients.client(s.profile, s.region), s, d.signal),
  );
  if (opts.json) {
    d.stdout(
      JSON.stringify(
        {
          disks: items.map(diskJson),
          errors: errors.map((e) => ({ profile: e.profile, region: e.region, error: d.errorJson(e.error) })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    if (items.length === 0) d.stdout('No storage disks.\n');
    else
      d.stdout(
        d.table([
          ['NAME', 'SIZE', 'STATE', 'ATTACHED TO', 'PRICE', 'PROFILE', 'REGION'],
          ...items.map((x) => [
            x.name,
            `${x.sizeGb} GB`,
            x.state,
            x.attachedTo ? `${x.attachedTo} ${x.path ?? ''}`.trim() : '-',
            `$${x.pricePerMonth.toFixed(2)}/month`,
            x.profile,
            x.region,
          ]),
        ]),
      );
    for (const e of errors) d.stderr(`! ${e.profile} ${e.region}: ${e.error.message} ${e.error.nextStep}\n`);
  }
  return errors.length > 0 && items.length === 0 ? 1 : 0;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of CPU %, one character per hour (the hour's average). */
export function sparkline(points: readonly CpuPoint[], bucketMs = 3_600_000): string {
  const buckets = new Map<number, number[]>();
  for (const p of points) {
    const k = Math.floor(p.at / bucketMs);
    buckets.set(k, [...(buckets.get(k) ?? []), p.percent]);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(
      ([, v]) =>
        BARS[
          Math.min(BARS.length - 1, Math.floor((v.reduce((a, b) => a + b, 0) / v.length / 100) * BARS.length))
        ],
    )
    .join('');
}

/** cpu NAME [--hours N] [--json]: the figures, and what the computer's idle rule would have done. */
export async function cmdCpu(
  d: ManageCliDeps,
  name: string,
  opts: { hours: number; json: boolean; profile?: string; region?: string },
): Promise<number> {
  const where = await d.locate(name, opts.profile, opts.region);
  const client = d.env.clients.client(where.profile, where.region);
  const now = (d.clock ?? systemClock).now();
  const points = unwrap(
    await fetchCpu(client, { name, profile: where.profile, region: where.region }, now, opts.hours, d.signal),
  );
  const preview = where.idleRule ? idleRulePreview(points, where.idleRule) : undefined;
  const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  const avg = points.length ? points.reduce((a, p) => a + p.percent, 0) / points.length : 0;
  if (opts.json) {
    d.stdout(
      JSON.stringify(
        {
          computer: name,
          profile: where.profile,
          region: where.region,
          hours: opts.hours,
          periodSeconds: Math.max(CPU_PERIOD_SECONDS, Math.ceil((opts.hours * 3600) / 1440 / 60) * 60),
          points: points.map((p) => ({ at: new Date(p.at).toISOString(), percent: p.percent })),
          idleRule: where.idleRule ?? null,
          idleRulePreview: preview
            ? { stops: preview.stops.map((s) => new Date(s).toISOString()), enoughData: preview.enoughData }
            : null,
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  if (points.length === 0) {
    d.stdout(`${name}: no CPU figures in the last ${opts.hours} hours (it was not running).\n`);
    return 0;
  }
  d.stdout(`${name}: CPU over the last ${opts.hours} hours (UTC, one bar per hour)\n${sparkline(points)}\n`);
  d.stdout(
    `average ${avg.toFixed(1)} %, highest ${Math.max(...points.map((p) => p.percent)).toFixed(1)} %\n`,
  );
  if (preview && where.idleRule)
    d.stdout(
      `Idle rule (${where.idleRule.thresholdPercent} % for ${where.idleRule.durationMinutes} min): ${idlePreviewLabel(preview, opts.hours, hhmm)}\n`,
    );
  return 0;
}
