// One computer, one row: two profiles reach one simulator account (a second access key of it),
// a third profile reaches another account. The real client factory, discovery and engine, on
// one virtual clock with the simulator: time moves only inside clock.run, between requests.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLauncher } from '../../electron/core/launcher.js';
import { createMemorySettings } from '../../electron/core/memory-settings.js';
import {
  type Environment,
  type LauncherCore,
  type SessionWindowRequest,
  type WindowHost,
} from '../../electron/core/ports.js';
import type { ComputerList, OpenWindow } from '../../electron/shared/models.js';
import { TEST_CREDENTIALS, startSimulator, type Simulator } from '../../electron/simulator/index.js';
import { addLabAccount, LAB } from '../fixtures/lab-account.js';
import { listWhen } from '../fixtures/list-when.js';
import { createVirtualClock } from '../fixtures/virtual-clock.js';
import { worldClients } from '../fixtures/world-clients.js';

const COURSE = { accessKeyId: 'AKIDLFRCOURSEROLE', secretAccessKey: 'course-role-secret' };
const KEYS: Record<string, { accessKeyId: string; secretAccessKey: string }> = {
  research: TEST_CREDENTIALS,
  course: COURSE,
  lab: LAB,
};
const REGIONS = ['us-east-2', 'us-west-2'];

const clock = createVirtualClock();
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo', clock: clock.simulator });
  sim.addAccessKey(TEST_CREDENTIALS.accessKeyId, COURSE);
  addLabAccount(sim);
});
afterAll(() => sim.close());
afterEach(() => sim.faults.clear());

function env(): Environment {
  const clients = worldClients(clock, {
    credentialsFor: (p) => async () => KEYS[p]!,
    env: {},
    endpoint: sim.endpoint,
  });
  return {
    profiles: {
      list: async () =>
        ['research', 'course', 'lab'].map((name) => ({
          name,
          kind: 'static' as const,
          sources: ['test'],
          diagnostics: [],
          isDefault: name === 'research',
        })),
      invalidate: () => undefined,
    },
    clients,
    allowLoopbackHttp: true,
    demo: false,
    dispose: async () => clients.dispose(),
  };
}

function windows(): WindowHost & { opened: SessionWindowRequest[] } {
  const opened: SessionWindowRequest[] = [];
  return {
    opened,
    async open(req) {
      opened.push(req);
    },
    focus: () => false,
    close: () => undefined,
    list: (): OpenWindow[] => [],
    onChange: () => () => undefined,
  };
}

let launcher: LauncherCore;
let notes: { title: string; body: string }[];
function start(settings: Parameters<typeof createMemorySettings>[0] = {}) {
  const w = windows();
  notes = [];
  launcher = createLauncher({
    env: env(),
    windows: w,
    notifier: { notify: (n) => void notes.push(n) },
    settings: createMemorySettings({ regions: REGIONS, ...settings }),
    clock,
    version: 'test',
    platform: process.platform,
    createDemoEnvironment: () => Promise.reject(new Error('no demo')),
  });
  return w;
}
afterEach(() => launcher.dispose());

/** The list once it matches (an event, not a poll on real time), time running meanwhile. */
function until(pred: (l: ComputerList) => boolean): Promise<ComputerList> {
  return clock.run(listWhen(launcher, pred));
}

const byName = (l: ComputerList, name: string) => l.computers.filter((c) => c.name === name);

describe('one computer, one row', () => {
  it('lists a computer reached through two profiles once, says through which, and keeps the other account apart', async () => {
    start();
    const list = await launcher['computers:refresh']();
    const nb = byName(list, 'genomics-notebook');
    expect(nb).toHaveLength(1);
    expect(nb[0]).toMatchObject({
      id: 'research/us-east-2/genomics-notebook',
      profile: 'research',
      reachedThrough: ['research', 'course'],
      aliases: ['course/us-east-2/genomics-notebook'],
    });
    expect(byName(list, 'lab-notebook')).toEqual([expect.objectContaining({ profile: 'lab' })]);
    expect(byName(list, 'lab-notebook')[0]!.reachedThrough).toBeUndefined();
    const ids = list.computers.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses the profile the user picked for that computer', async () => {
    const first = await (async () => {
      start();
      return launcher['computers:refresh']();
    })();
    const arn = byName(first, 'genomics-notebook')[0]!.arn!;
    await launcher.dispose();
    start({ computerProfiles: { [arn]: 'course' } });
    const list = await launcher['computers:refresh']();
    expect(byName(list, 'genomics-notebook')[0]!.profile).toBe('course');
    // The refresh asks the session status of every running computer: let that finish first.
    await until((l) =>
      l.computers.filter((c) => c.state === 'running').every((c) => c.sessionStatus !== undefined),
    );
    sim.resetCalls();
    expect(
      (await clock.run(launcher['session:open']('research/us-east-2/genomics-notebook', 'app'))).ok,
    ).toBe(true);
    expect(
      sim.calls({ operation: 'StartGUISession', accessKeyId: COURSE.accessKeyId }) +
        sim.calls({ operation: 'CreateGUISessionAccessDetails', accessKeyId: COURSE.accessKeyId }),
    ).toBeGreaterThan(0);
    expect(
      sim.calls({ operation: 'CreateGUISessionAccessDetails', accessKeyId: TEST_CREDENTIALS.accessKeyId }),
    ).toBe(0);
  });

  it('falls back once on AccessDenied to the next profile that reaches the computer, and says which did the work', async () => {
    start();
    await launcher['computers:refresh']();
    sim.faults.inject({
      kind: 'AccessDeniedException',
      operation: 'StopInstance',
      accessKeyId: TEST_CREDENTIALS.accessKeyId,
    });
    const r = await clock.run(launcher['computers:stop']('research/us-east-2/genomics-notebook'));
    expect(r.ok).toBe(true);
    expect(sim.calls({ operation: 'StopInstance', accessKeyId: COURSE.accessKeyId })).toBe(1);
    expect(notes.at(-1)).toMatchObject({
      title: 'genomics-notebook: done through profile course',
      body: expect.stringMatching(/research was denied/),
    });
    expect(launcher.snapshot().list.computers.find((c) => c.name === 'genomics-notebook')!.profile).toBe(
      'course',
    );
    await clock.run(launcher['computers:start']('research/us-east-2/genomics-notebook'));
  });

  it('keeps old ids working: an alias, and a profile that no longer reaches the computer', async () => {
    const w = start();
    await launcher['computers:refresh']();
    expect(
      (await clock.run(launcher['session:open']('course/us-east-2/genomics-notebook', 'desktop'))).ok,
    ).toBe(true);
    expect(w.opened.at(-1)!.computerId).toBe('research/us-east-2/genomics-notebook');
    // A profile the launcher does not know: its account cannot be told, so no fallback.
    expect(
      await clock.run(launcher['session:open']('retired-course/us-west-2/lab-notebook', 'app')),
    ).toMatchObject({
      ok: false,
      error: { name: 'ComputerNotListed' },
    });
  });

  it('never opens a same-named computer of another account through a hidden profile, and says why', async () => {
    const w = start({ hiddenProfiles: ['lab'] });
    await launcher['computers:refresh']();
    const r = await clock.run(
      launcher['session:open']('lab/us-east-2/genomics-notebook', 'app', { source: 'link' }),
    );
    expect(r).toMatchObject({
      ok: false,
      error: { name: 'ComputerNotListed', message: expect.stringContaining('profile lab is hidden') },
    });
    expect(w.opened).toHaveLength(0);
  });

  it('opens nothing the launcher does not list', async () => {
    const w = start({ hiddenProfiles: ['lab'] });
    await launcher['computers:refresh']();
    const r = await clock.run(launcher['session:open']('lab/us-west-2/lab-notebook', 'app'));
    expect(r).toMatchObject({ ok: false, error: { name: 'ComputerNotListed' } });
    expect((await clock.run(launcher['computers:start']('research/eu-west-1/anything'))).ok).toBe(false);
    expect(w.opened).toHaveLength(0);
  });
});
