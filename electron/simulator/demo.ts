// The demo world: the simulator with the demo seed and a second account, and the demo
// environment over it. Composition roots (main, the CLI, the browser preview) start it; the core
// never imports the simulator.
import type { LightsailClient } from '@aws-sdk/client-lightsail';
import { createDemoEnvironment, type DemoProfile } from '../core/demo.js';
import type { Environment } from '../core/ports.js';
import type { WorldClock } from './clock.js';
import { startSimulator, TEST_CREDENTIALS } from './index.js';

/** Keys of the second simulator account, behind the 'demo-lab' profile. Not secret: simulator only. */
const DEMO_LAB_CREDENTIALS = {
  accessKeyId: 'AKIDLFRDEMOLABACCT',
  secretAccessKey: 'lfr-simulator-demo-lab',
} as const;

/** Options of the demo environment. */
export interface DemoOptions {
  /** Simulator port; 0 (default) picks a free one. */
  port?: number;
  /** How much faster than real time the simulator runs (default 10: a session sets up in seconds). */
  timeScale?: number;
  /**
   * A test world's clock instead of a scaled one (timeScale is then not used): the simulator
   * reads it, and it sees every Lightsail client the demo builds, so that it knows when a
   * request is in flight. The app keeps its scaled demo.
   */
  clock?: DemoWorldClock;
}

/** The clock of a test world the demo joins (test/fixtures/virtual-clock.ts is one). */
export interface DemoWorldClock {
  /** What the simulator reads. */
  readonly simulator: WorldClock;
  /** Counts the client's requests as in flight while they are. Returns the client. */
  trackClient(client: LightsailClient): LightsailClient;
}

const PROFILES: readonly DemoProfile[] = [
  // 'demo' sees the simulator's demo seed, 'demo-lab' a second account.
  { name: 'demo', region: 'us-east-2', isDefault: true, credentials: TEST_CREDENTIALS },
  { name: 'demo-lab', region: 'us-west-2', isDefault: false, credentials: DEMO_LAB_CREDENTIALS },
];

/** Start the simulator with demo data and return an Environment pointed at it. */
export async function startDemoEnvironment(opts: DemoOptions = {}): Promise<Environment> {
  const world = opts.clock;
  const sim = await startSimulator({
    port: opts.port ?? 0,
    seed: 'demo',
    ...(world ? { clock: world.simulator } : { timeScale: opts.timeScale ?? 10 }),
  });
  try {
    sim.addAccount({
      ...DEMO_LAB_CREDENTIALS,
      seed: {
        computers: [
          {
            region: 'us-west-2',
            name: 'lab-notebook',
            blueprintId: 'lfr_jupyterlab_1_0',
            bundleId: 'app_standard_xl_1_0',
            state: 'running',
          },
          {
            region: 'us-west-2',
            name: 'lab-rstudio',
            blueprintId: 'lfr_rstudio_1_0',
            bundleId: 'app_standard_xl_1_0',
            state: 'stopped',
          },
          {
            region: 'eu-central-1',
            name: 'course-vscodium',
            blueprintId: 'lfr_vscodium_1_0',
            bundleId: 'app_standard_2xl_1_0',
            state: 'running',
          },
          {
            region: 'eu-central-1',
            name: 'course-proxy',
            blueprintId: 'ubuntu_22_04',
            bundleId: 'nano_3_0',
            state: 'running',
          },
        ],
      },
    });
  } catch (err) {
    await sim.close();
    throw err;
  }
  const env = createDemoEnvironment({ endpoint: sim.endpoint, profiles: PROFILES, close: () => sim.close() });
  if (!world) return env;
  const clients = env.clients;
  return {
    ...env,
    clients: { client: (profile, region) => world.trackClient(clients.client(profile, region)) },
  };
}
