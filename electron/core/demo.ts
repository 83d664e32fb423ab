// The demo environment: the built-in simulator on 127.0.0.1 with two synthetic profiles, so a
// newcomer sees the whole flow (list, start, open both sessions) without an AWS account.
import { startSimulator, TEST_CREDENTIALS } from '../simulator/index.js';
import type { ProfileSummary } from '../shared/models.js';
import { createClientFactory } from './lightsail-client.js';
import type { Environment } from './ports.js';

/** The demo profiles: 'demo' sees the simulator's demo seed, 'demo-lab' a second account. */
export const DEMO_PROFILES = ['demo', 'demo-lab'] as const;

/** Keys of the second simulator account, behind the 'demo-lab' profile. Not secret: simulator only. */
export const DEMO_LAB_CREDENTIALS = { accessKeyId: 'AKIDLFRDEMOLABACCT', secretAccessKey: 'lfr-simulator-demo-lab' } as const;

/** Options of the demo environment. */
export interface DemoOptions {
  /** Simulator port; 0 (default) picks a free one. */
  port?: number;
  /** How much faster than real time the simulator runs (default 10: a session sets up in seconds). */
  timeScale?: number;
}

function summary(name: string, region: string, isDefault: boolean): ProfileSummary {
  return { name, kind: 'static', region, sources: ['built-in demo'], diagnostics: [], isDefault, status: 'ok' };
}

/** Start the simulator with demo data and return an Environment pointed at it. */
export async function createDemoEnvironment(opts: DemoOptions = {}): Promise<Environment> {
  const sim = await startSimulator({ port: opts.port ?? 0, seed: 'demo', timeScale: opts.timeScale ?? 10 });
  try {
    sim.addAccount({
      ...DEMO_LAB_CREDENTIALS,
      seed: {
        computers: [
          { region: 'us-west-2', name: 'lab-notebook', blueprintId: 'lfr_jupyterlab_4', bundleId: 'app_standard_xl_1_0', state: 'running' },
          { region: 'us-west-2', name: 'lab-rstudio', blueprintId: 'lfr_rstudio_2024', bundleId: 'app_standard_xl_1_0', state: 'stopped' },
          { region: 'eu-central-1', name: 'course-vscodium', blueprintId: 'lfr_vscodium_1', bundleId: 'app_standard_2xl_1_0', state: 'running' },
          { region: 'eu-central-1', name: 'course-proxy', blueprintId: 'ubuntu_22_04', bundleId: 'nano_3_0', state: 'running' },
        ],
      },
    });
  } catch (err) {
    await sim.close();
    throw err;
  }
  const keys: Record<string, { accessKeyId: string; secretAccessKey: string }> = {
    demo: TEST_CREDENTIALS,
    'demo-lab': DEMO_LAB_CREDENTIALS,
  };
  const profiles = [summary('demo', 'us-east-2', true), summary('demo-lab', 'us-west-2', false)];
  const clients = createClientFactory({
    credentialsFor: (profile) => async () => {
      const k = keys[profile];
      if (!k) throw Object.assign(new Error(`No demo profile named ${profile}.`), { name: 'CredentialsProviderError' });
      return { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey };
    },
    // Only the simulator: no endpoint override from the user's environment applies here.
    env: {},
    endpoint: sim.endpoint,
  });
  let closed = false;
  return {
    profiles: {
      list: async () => profiles.map((p) => ({ ...p, sources: [...p.sources], diagnostics: [] })),
      invalidate: () => undefined,
    },
    clients,
    allowLoopbackHttp: true,
    demo: true,
    async dispose() {
      if (closed) return;
      closed = true;
      clients.dispose();
      await sim.close();
    },
  };
}
