// Block-storage disks: list with state and price, create, attach to a computer, detach and
// delete. Each write is a function (client, …) => Promise<Result>.
import {
  AttachDiskCommand,
  CreateDiskCommand,
  DeleteDiskCommand,
  DetachDiskCommand,
  GetDisksCommand,
  type Disk,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import { DISK_PRICE_PER_GB_MONTH, type DiskInfo } from '../shared/manage.js';
import type { Result } from '../shared/models.js';
import { failedAt } from './errors.js';
import { checkName } from './manage-computers.js';

/** Pages GetDisks may take before the listing is called absurd. */
export const MAX_DISK_PAGES = 50;

/** Sizes the create form offers (GB); Lightsail takes 8 to 16384. */
export const DISK_SIZE_LIMITS = { min: 8, max: 16_384 } as const;

const STATES = new Set(['pending', 'available', 'in-use', 'error']);

type Ctx = { profile: string; region: string };

/** A disk as the launcher shows it; undefined for one without a name. */
export function toDiskInfo(d: Disk): DiskInfo | undefined {
  if (!d.name || d.isSystemDisk) return undefined;
  const sizeGb = d.sizeInGb ?? 0;
  return {
    name: d.name,
    sizeGb,
    state: d.state && STATES.has(d.state) ? (d.state as DiskInfo['state']) : 'unknown',
    ...(d.attachedTo ? { attachedTo: d.attachedTo } : {}),
    ...(d.attachmentState ? { attachmentState: d.attachmentState } : {}),
    ...(d.path ? { path: d.path } : {}),
    pricePerMonth: Math.round(sizeGb * DISK_PRICE_PER_GB_MONTH * 100) / 100,
    createdAt: d.createdAt?.getTime() ?? 0,
  };
}

/** The disks of one profile and region, oldest first. */
export async function listDisks(
  client: LightsailClient,
  ctx: Ctx,
  signal?: AbortSignal,
): Promise<Result<DiskInfo[]>> {
  const out: DiskInfo[] = [];
  let token: string | undefined;
  try {
    for (let page = 0; page < MAX_DISK_PAGES; page++) {
      const res = await client.send(new GetDisksCommand(token ? { pageToken: token } : {}), {
        abortSignal: signal,
      });
      for (const d of res.disks ?? []) {
        const info = toDiskInfo(d);
        if (info) out.push(info);
      }
      if (!res.nextPageToken || res.nextPageToken === token) return { ok: true, value: out };
      token = res.nextPageToken;
    }
  } catch (err) {
    return failedAt(err, ctx, 'list disks');
  }
  return failedAt(new Error('The disk listing did not end.'), ctx, 'list disks');
}

async function write(
  ctx: Ctx,
  action: string,
  names: [string, string][],
  run: () => Promise<unknown>,
): Promise<Result<null>> {
  for (const [what, name] of names) {
    const named = checkName(what, name);
    if (!named.ok) return named;
  }
  try {
    await run();
    return { ok: true, value: null };
  } catch (err) {
    return failedAt(err, ctx, action);
  }
}

/** CreateDisk in the region's first availability zone (where new computers go) unless told. */
export function createDisk(
  client: LightsailClient,
  ctx: Ctx,
  name: string,
  sizeGb: number,
  availabilityZone = `${ctx.region}a`,
  signal?: AbortSignal,
): Promise<Result<null>> {
  return write(ctx, `create the disk ${name}`, [['disk', name]], () =>
    client.send(new CreateDiskCommand({ diskName: name, sizeInGb: sizeGb, availabilityZone }), {
      abortSignal: signal,
    }),
  );
}

/** AttachDisk at a device path (/dev/xvdf unless told). */
export function attachDisk(
  client: LightsailClient,
  ctx: Ctx,
  disk: string,
  computer: string,
  path = '/dev/xvdf',
  signal?: AbortSignal,
): Promise<Result<null>> {
  return write(
    ctx,
    `attach ${disk} to ${computer}`,
    [
      ['disk', disk],
      ['computer', computer],
    ],
    () =>
      client.send(new AttachDiskCommand({ diskName: disk, instanceName: computer, diskPath: path }), {
        abortSignal: signal,
      }),
  );
}

/** DetachDisk (Lightsail wants the computer stopped). */
export function detachDisk(
  client: LightsailClient,
  ctx: Ctx,
  disk: string,
  signal?: AbortSignal,
): Promise<Result<null>> {
  return write(ctx, `detach ${disk}`, [['disk', disk]], () =>
    client.send(new DetachDiskCommand({ diskName: disk }), { abortSignal: signal }),
  );
}

/** DeleteDisk (a detached disk only). */
export function deleteDisk(
  client: LightsailClient,
  ctx: Ctx,
  disk: string,
  signal?: AbortSignal,
): Promise<Result<null>> {
  return write(ctx, `delete the disk ${disk}`, [['disk', disk]], () =>
    client.send(new DeleteDiskCommand({ diskName: disk }), { abortSignal: signal }),
  );
}
