// Every manage write goes through computer access: two profiles reach one simulator account (a
// second access key of it); when the first is denied, the write is done through the second and
// the user is told which; when both are denied, the refusal is shown with its next step.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LauncherCore } from '../../electron/core/ports.js';
import type { Result } from '../../electron/shared/models.js';
import {
  MANAGE_TIMINGS,
  TEST_CREDENTIALS,
  startSimulator,
  type Simulator,
} from '../../electron/simulator/index.js';
import { simLauncher } from '../fixtures/sim-launcher.js';

const COURSE = { accessKeyId: 'AKIDLFRCOURSEMANAGE', secretAccessKey: 'course-manage-secret' };
const KEYS: Record<string, { accessKeyId: string; secretAccessKey: string }> = {
  research: TEST_CREDENTIALS,
  course: COURSE,
};
const ref = { profile: 'research', region: 'us-east-2' };
const GPU = 'research/us-east-2/model-training-gpu';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo', timeScale: 0 });
  sim.addAccessKey(TEST_CREDENTIALS.accessKeyId, COURSE);
});
afterAll(() => sim.close());

let launcher: LauncherCore;
let notes: { title: string; body: string }[];
beforeEach(() => {
  notes = [];
  launcher = simLauncher(sim, { keys: KEYS, regions: ['us-east-2'], notify: (n) => void notes.push(n) });
});
afterEach(async () => {
  await launcher.dispose();
  sim.faults.clear();
  sim.resetCalls();
});

// Each write, in an order where each finds what the one before made.
const WRITES: [operation: string, run: () => Promise<Result<unknown>>, after?: number][] = [
  [
    'CreateInstances',
    () =>
      launcher['computers:create'](ref, {
        name: 'denied-lab',
        applicationId: 'lfr_jupyterlab_1_0',
        planId: 'app_standard_xl_1_0',
      }),
  ],
  [
    'CreateInstanceSnapshot',
    () => launcher['snapshots:create'](GPU, { name: 'gpu-denied' }),
    MANAGE_TIMINGS.snapshotMs,
  ],
  ['CreateInstancesFromSnapshot', () => launcher['snapshots:restore'](ref, 'gpu-denied', 'gpu-copy')],
  ['DeleteInstanceSnapshot', () => launcher['snapshots:delete'](ref, 'gpu-denied')],
  ['EnableAddOn', () => launcher['computers:setAutoSnapshot'](GPU, '06:00')],
  ['CreateDisk', () => launcher['disks:create'](ref, 'denied-disk', 32), MANAGE_TIMINGS.diskCreateMs],
  ['AttachDisk', () => launcher['disks:attach'](ref, 'denied-disk', GPU), MANAGE_TIMINGS.diskAttachMs],
  ['DetachDisk', () => launcher['disks:detach'](ref, 'denied-disk'), MANAGE_TIMINGS.diskAttachMs],
  ['DeleteDisk', () => launcher['disks:delete'](ref, 'denied-disk')],
];

describe('a manage write the first profile is denied', () => {
  it('is done through the other profile of the same account, and says so', async () => {
    await launcher['computers:refresh']();
    for (const [operation, run, after] of WRITES) {
      sim.faults.inject({
        kind: 'AccessDeniedException',
        operation,
        accessKeyId: TEST_CREDENTIALS.accessKeyId,
      });
      const r = await run();
      expect({ operation, r }).toEqual({ operation, r: expect.objectContaining({ ok: true }) });
      expect({ operation, through: sim.calls({ operation, accessKeyId: COURSE.accessKeyId }) }).toEqual({
        operation,
        through: 1,
      });
      expect(notes.at(-1)?.title).toMatch(/done through profile course$/);
      sim.faults.clear();
      if (after) sim.clock.advance(after);
    }
    expect(sim.computer('us-east-2', 'denied-lab')).toBeDefined();
    expect(sim.computer('us-east-2', 'gpu-copy')).toBeDefined();
  });

  it('fails with its next step when both profiles are denied', async () => {
    await launcher['computers:refresh']();
    sim.faults.inject({ kind: 'AccessDeniedException', operation: 'CreateDisk' });
    const r = await launcher['disks:create'](ref, 'refused-disk', 32);
    expect(r.ok === false && r.error).toMatchObject({ kind: 'access-denied' });
    expect(r.ok === false && r.error.nextStep).toMatch(/administrator/);
    expect(sim.calls({ operation: 'CreateDisk', accessKeyId: TEST_CREDENTIALS.accessKeyId })).toBe(1);
    expect(sim.calls({ operation: 'CreateDisk', accessKeyId: COURSE.accessKeyId })).toBe(1);
  });
});
