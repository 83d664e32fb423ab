// Bench 1: discovery of 5 profiles × 16 regions with 100 ms added latency per Lightsail call.
// Target: the whole sweep within 3× one call's latency (the scopes run in parallel, each scope
// asks for blueprints and its first page of instances together, and blueprints are looked up
// once per region).
// The simulator runs in a child process, as Lightsail runs elsewhere: its request handling does
// not compete with the client for this process's CPU.
// Run: npm run bench -- discovery   (or: npx tsx test/bench/discovery.bench.ts)
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClientFactory } from '../../electron/core/lightsail-client.js';
import { BlueprintCache, LFR_REGIONS, discoverComputers } from '../../electron/core/virtual-computers.js';
import { TEST_CREDENTIALS, generateComputers, startSimulator } from '../../electron/simulator/index.js';
import type { BenchResult } from './run.js';

const PROFILES = 5;
const LATENCY_MS = 100;
const REGIONS = LFR_REGIONS.slice(0, 16);
const CHILD_FLAG = '--discovery-bench-simulator';

function keysOf(i: number): { accessKeyId: string; secretAccessKey: string } {
  return i === 0
    ? TEST_CREDENTIALS
    : { accessKeyId: `AKIDLFRBENCH0000${i}`, secretAccessKey: `lfr-bench-secret-${i}` };
}

type Command = { cmd: 'latency'; ms: number } | { cmd: 'calls' } | { cmd: 'resetCalls' } | { cmd: 'close' };

/** The child: a simulator with one account per profile, two computers per region each. */
async function simulatorChild(): Promise<void> {
  const seed = (i: number) => ({
    computers: generateComputers({ count: 2 * REGIONS.length, regions: REGIONS, prefix: `p${i}` }),
  });
  const sim = await startSimulator({ port: 0, seed: seed(0) });
  for (let i = 1; i < PROFILES; i++) sim.addAccount({ ...keysOf(i), seed: seed(i) });
  process.on('message', (m: Command) => {
    if (m.cmd === 'latency') sim.faults.inject({ kind: 'latency', latencyMs: m.ms });
    if (m.cmd === 'resetCalls') sim.resetCalls();
    if (m.cmd === 'close') return void sim.close().then(() => process.exit(0));
    process.send!({ calls: sim.calls() });
  });
  process.send!({ endpoint: sim.endpoint });
}

/** Run the discovery benchmark once and return its figures. */
export async function run(): Promise<BenchResult[]> {
  const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const reply = () =>
    new Promise<{ endpoint?: string; calls?: number }>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`simulator child exited (${code})`)));
    });
  const ask = (c: Command) => {
    const r = reply();
    child.send(c);
    return r;
  };
  try {
    const { endpoint } = await reply();
    const profiles = Array.from({ length: PROFILES }, (_, i) => `profile-${i}`);
    const clients = createClientFactory({
      credentialsFor: (p) => async () => keysOf(Number(p.split('-')[1])),
      env: {},
      endpoint: endpoint!,
    });
    const sweep = async (concurrency?: number, blueprintCache = new BlueprintCache()) => {
      const started = performance.now();
      const result = await discoverComputers({
        profiles,
        regions: () => REGIONS,
        clients,
        // Cold by default: blueprints are looked up again, as on the first sweep after start.
        blueprintCache,
        ...(concurrency ? { concurrency } : {}),
      });
      if (result.errors.length > 0) throw new Error(`discovery failed: ${result.errors[0]!.error.message}`);
      return { ms: performance.now() - started, computers: result.computers.length };
    };

    // Warm up sockets and the JIT, then measure the CPU floor (no added latency).
    await sweep();
    const floor = await sweep();
    floor.ms = Math.min(floor.ms, (await sweep()).ms);
    await ask({ cmd: 'latency', ms: LATENCY_MS });
    await ask({ cmd: 'resetCalls' });
    const parallel = await sweep();
    const { calls } = await ask({ cmd: 'calls' });
    // The machine may be shared: take the median of a few sweeps, not a lucky or unlucky one.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    parallel.ms = median([parallel.ms, (await sweep()).ms, (await sweep()).ms]);
    const sequential = await sweep(1);
    const warmCache = new BlueprintCache();
    await sweep(undefined, warmCache);
    const refreshMs = median([
      (await sweep(undefined, warmCache)).ms,
      (await sweep(undefined, warmCache)).ms,
      (await sweep(undefined, warmCache)).ms,
    ]);
    clients.dispose();
    const ratio = parallel.ms / LATENCY_MS;
    return [
      {
        name: `discovery ${PROFILES} profiles × ${REGIONS.length} regions, +${LATENCY_MS} ms per call (${parallel.computers} computers, ${calls} calls)`,
        value: parallel.ms,
        unit: 'ms (median of 3)',
      },
      {
        name: 'discovery wall time / one call latency',
        value: ratio,
        unit: '×',
        target: '≤ 3×',
        pass: ratio <= 3,
      },
      { name: 'later refresh, blueprints cached (80 calls)', value: refreshMs, unit: 'ms' },
      { name: 'same sweep without added latency (client + simulator CPU)', value: floor.ms, unit: 'ms' },
      { name: 'sequential sweep (concurrency 1)', value: sequential.ms, unit: 'ms' },
      { name: 'speed-up over the sequential sweep', value: sequential.ms / parallel.ms, unit: '×' },
    ];
  } finally {
    child.removeAllListeners('exit');
    if (child.connected) child.send({ cmd: 'close' });
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry && process.argv.includes(CHILD_FLAG)) {
  await simulatorChild();
} else if (isEntry) {
  for (const r of await run()) {
    const verdict = r.pass === undefined ? '' : r.pass ? '  ✓' : '  ✗ (misses target)';
    console.log(
      `${r.name}: ${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit}${r.target ? `  [target ${r.target}]` : ''}${verdict}`,
    );
  }
}
