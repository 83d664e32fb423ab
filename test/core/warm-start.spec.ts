import { LightsailClient } from '@aws-sdk/client-lightsail';
import { afterEach, describe, expect, it } from 'vitest';
import { GuiSessionEngine } from '../../electron/core/gui-session.js';
import { WarmStart } from '../../electron/core/warm-start.js';
import { makeComputerId } from '../../electron/shared/computer-id.js';
import type { GuiSessionStatus, InstanceStateName, VirtualComputer } from '../../electron/shared/models.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';
import { createVirtualClock } from '../fixtures/virtual-clock.js';

const id = (name: string) => makeComputerId({ profile: 'lab', region: 'us-east-2', name });
const c = (name: string, state: InstanceStateName, sessionStatus?: GuiSessionStatus): VirtualComputer => ({
  id: id(name),
  name,
  profile: 'lab',
  region: 'us-east-2',
  state,
  app: { id: 'lfr_jupyterlab_1_0', name: 'JupyterLab' },
  plan: { id: 'app_standard_xl_1_0' },
  ...(sessionStatus ? { sessionStatus } : {}),
});

describe('warm start', () => {
  it('prepares only opted-in computers that run and have no session', async () => {
    const prepared: string[] = [];
    const warm = new WarmStart({
      clock: { now: () => 0 },
      enabled: () => [id('a'), id('b'), id('c'), id('d')],
      prepare: async (x) => void prepared.push(x),
    });
    await Promise.all(
      warm.update([
        c('a', 'running', 'notStarted'),
        c('b', 'stopped'),
        c('c', 'running', 'started'),
        c('d', 'running', 'startExpired'),
        c('e', 'running'),
      ]),
    );
    expect(prepared).toEqual([id('a'), id('d')]);
  });

  it('runs one preparation per computer at a time and waits after a failure before trying again', async () => {
    let t = 0;
    let calls = 0;
    let release!: () => void;
    const warm = new WarmStart({
      clock: { now: () => t },
      enabled: () => [id('a')],
      prepare: () => (calls++, new Promise<void>((_, reject) => (release = () => reject(new Error('no'))))),
    });
    const [run] = warm.update([c('a', 'running')]);
    expect(warm.update([c('a', 'running')])).toEqual([]);
    expect(warm.preparing(id('a'))).toBe(true);
    release();
    await run;
    t = 60_000;
    expect(warm.update([c('a', 'running')])).toEqual([]);
    t = 6 * 60_000;
    expect(warm.update([c('a', 'running')])).toHaveLength(1);
    expect(calls).toBe(2);
  });

  it('leaves a computer alone while the user is opening it', () => {
    const warm = new WarmStart({
      clock: { now: () => 0 },
      enabled: () => [id('a')],
      prepare: async () => undefined,
      busy: () => true,
    });
    expect(warm.update([c('a', 'running')])).toEqual([]);
  });

  describe('against the simulator', () => {
    let sim: Simulator | undefined;
    afterEach(async () => sim?.close());

    it('after the background preparation, Open finds the session started: no setup, one access-details request', async () => {
      // One clock for the simulator, the engine and warm start; it moves on whenever they all wait on it.
      const clock = createVirtualClock();
      sim = await startSimulator({
        seed: { computers: [{ region: 'us-east-2', name: 'genomics-lab' }] },
        clock: clock.simulator,
      });
      const s = sim;
      const client = clock.trackClient(
        new LightsailClient({
          region: 'us-east-2',
          endpoint: s.endpoint,
          credentials: TEST_CREDENTIALS,
          maxAttempts: 1,
        }),
      );
      const engine = new GuiSessionEngine({ clock, allowLoopbackHttp: true });
      const warm = new WarmStart({
        clock,
        enabled: () => [id('genomics-lab')],
        prepare: async () =>
          void (await engine.open(id('genomics-lab'), client, {
            name: 'genomics-lab',
            startComputer: false,
          })),
      });
      await clock.run(Promise.all(warm.update([c('genomics-lab', 'running', 'notStarted')])));
      expect(s.computer('us-east-2', 'genomics-lab')?.session.status).toBe('started');
      s.resetCalls();
      const phases: string[] = [];
      const urls = await clock.run(
        engine.open(id('genomics-lab'), client, {
          name: 'genomics-lab',
          startComputer: false,
          onProgress: (p) => phases.push(p.phase),
        }),
      );
      expect(urls.app.url).toMatch(/\/dcv\/us-east-2\/genomics-lab\/app\?authToken=/);
      expect(phases).not.toContain('setting-up');
      expect(s.calls({ operation: 'CreateGUISessionAccessDetails' })).toBe(1);
      expect(s.calls({ operation: 'StartGUISession' })).toBe(0);
      client.destroy();
    });
  });
});
