// The demo environment: Lightsail clients pointed at a local simulator with synthetic profiles,
// so a newcomer sees the whole flow (list, start, open both sessions) without an AWS account.
// The simulator itself is started by the composition root (electron/simulator/demo.ts): the
// core only gets its endpoint and the keys of its accounts.
import type { ProfileSummary } from '../shared/models.js';
import { createClientFactory } from './lightsail-client.js';
import type { Environment } from './ports.js';

/** A demo profile: its name, home region and the simulator keys behind it. */
export interface DemoProfile {
  name: string;
  region: string;
  isDefault: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** A running simulator the demo environment talks to. */
export interface DemoWorld {
  endpoint: string;
  profiles: readonly DemoProfile[];
  /** Stop the simulator. */
  close(): Promise<void>;
}

function summary(p: DemoProfile): ProfileSummary {
  return {
    name: p.name,
    kind: 'static',
    region: p.region,
    sources: ['built-in demo'],
    diagnostics: [],
    isDefault: p.isDefault,
    status: 'ok',
  };
}

/** An Environment over a running demo simulator; disposing it stops the simulator. */
export function createDemoEnvironment(world: DemoWorld): Environment {
  const keys = new Map(world.profiles.map((p) => [p.name, p.credentials]));
  const clients = createClientFactory({
    credentialsFor: (profile) => async () => {
      const k = keys.get(profile);
      if (!k)
        throw Object.assign(new Error(`No demo profile named ${profile}.`), {
          name: 'CredentialsProviderError',
        });
      return { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey };
    },
    // Only the simulator: no endpoint override from the user's environment applies here.
    env: {},
    endpoint: world.endpoint,
  });
  let closed = false;
  return {
    profiles: {
      list: async () => world.profiles.map(summary),
      invalidate: () => undefined,
    },
    clients,
    allowLoopbackHttp: true,
    demo: true,
    async dispose() {
      if (closed) return;
      closed = true;
      clients.dispose();
      await world.close();
    },
  };
}
