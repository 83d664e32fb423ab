// Bench 1: discovery of 5 profiles × 16 regions with 100 ms added latency per Lightsail call.
// Target: the whole sweep within 3× one call's latency (the scopes run in parallel and each
// scope asks for blueprints and its first page of instances together).
// Run: npm run bench -- discovery   (or: npx tsx test/bench/discovery.bench.ts)
import { pathToFileURL } from 'node:url';
import { createClientFactory } from '../../electron/core/lightsail-client.js';
import { BlueprintCache, LFR_REGIONS, discoverComputers } from '../../electron/core/virtual-computers.js';
import { TEST_CREDENTIALS, generateComputers, startSimulator } from '../../electron/simulator/index.js';
import type { BenchResult } from './run.js';

const PROFILES = 5;
const LATENCY_MS = 100;

/** Run the discovery benchmark once and return its figures. */
export async function run(): Promise<BenchResult[]> {
  const regions = LFR_REGIONS.slice(0, 16);
  const keys = new Map<string, { accessKeyId: string; secretAccessKey: string }>();
  const sim = await startSimulator({ port: 0, seed: { computers: generateComputers({ count: 2 * regions.length, regions, prefix: 'p0' }) } });
  try {
    keys.set('profile-0', TEST_CREDENTIALS);
    for (let i = 1; i < PROFILES; i++) {
      const k = { accessKeyId: `AKIDLFRBENCH${i}`, secretAccessKey: `lfr-bench-secret-${i}` };
      sim.addAccount({ ...k, seed: { computers: generateComputers({ count: 2 * regions.length, regions, prefix: `p${i}` }) } });
      keys.set(`profile-${i}`, k);
    }
    const profiles = [...keys.keys()];
    const clients = createClientFactory({
      credentialsFor: (p) => async () => keys.get(p)!,
      env: {},
      endpoint: sim.endpoint,
    });
    const sweep = async (concurrency?: number) => {
      const started = performance.now();
      const result = await discoverComputers({
        profiles,
        regions: () => regions,
        clients,
        blueprintCache: new BlueprintCache(),
        ...(concurrency ? { concurrency } : {}),
      });
      if (result.errors.length > 0) throw new Error(`discovery failed: ${result.errors[0]!.error.message}`);
      return { ms: performance.now() - started, computers: result.computers.length };
    };

    // Warm up sockets and the JIT without latency, so the figure is about round trips.
    await sweep();
    sim.faults.inject({ kind: 'latency', latencyMs: LATENCY_MS });
    sim.resetCalls();
    const parallel = await sweep();
    const calls = sim.calls();
    const sequential = await sweep(1);
    const ratio = parallel.ms / LATENCY_MS;
    return [
      { name: `discovery ${PROFILES} profiles × ${regions.length} regions (${parallel.computers} computers, ${calls} calls)`, value: parallel.ms, unit: 'ms' },
      { name: 'discovery wall time / one call latency', value: ratio, unit: '×', target: '≤ 3×', pass: ratio <= 3 },
      { name: 'sequential sweep (concurrency 1)', value: sequential.ms, unit: 'ms' },
      { name: 'speed-up over the sequential sweep', value: sequential.ms / parallel.ms, unit: '×' },
    ];
  } finally {
    await sim.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) {
    const verdict = r.pass === undefined ? '' : r.pass ? '  ✓' : '  ✗ (misses target)';
    console.log(`${r.name}: ${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit}${r.target ? `  [target ${r.target}]` : ''}${verdict}`);
  }
}
