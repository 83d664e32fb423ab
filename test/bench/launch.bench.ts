// Bench 2, launch overhead: how long after the simulator marks a GUI session started does the
// engine report it ready, and how many Lightsail calls does a launch cost.
//
// Method. Twenty 60 s setups one after the other would take 20 minutes, so the launches run
// concurrently (each on its own computer), started STAGGER_MS apart so that they do not all
// finish in the same instant and queue behind each other on a 2-core machine. By default time
// runs at real speed (SCALE 1): the overhead is then plain wall-clock time, the honest
// figure, and the run takes about 65 s. LAUNCH_BENCH_SCALE=N makes it N× faster: the
// simulator's virtual time and the engine's clock are scaled together (sleeps divided by N,
// now() read from the simulator), so every polling decision is the one made at real speed;
// what does not scale is the real cost of each request (SigV4, loopback HTTP, a busy event
// loop), which converted to simulated time is multiplied by N: figures in simulated ms are
// then a pessimistic estimate.
import { LightsailClient } from '@aws-sdk/client-lightsail';
import { pathToFileURL } from 'node:url';
import { GuiSessionEngine } from '../../electron/core/gui-session.js';
import { abortableSleep, type Clock } from '../../electron/core/ports.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';
import type { BenchResult } from './run.js';

const LAUNCHES = 20;
const SETUP_MS = 60_000;
const SCALE = Number(process.env.LAUNCH_BENCH_SCALE ?? 1);
const STAGGER_MS = SCALE === 1 ? 250 : 100;
const REGION = 'us-east-2';

function scaledClock(sim: Simulator, scale: number): Clock {
  return { now: () => sim.clock.now(), sleep: (ms, signal) => abortableSleep(ms / scale, signal) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Launch {
  overheadRealMs: number;
  calls: number;
  /** Virtual ms from open() to ready. */
  durationSimMs: number;
}

/** Run the launch benchmark and return its figures. */
export async function run(): Promise<BenchResult[]> {
  const sim = await startSimulator({ port: 0, seed: 'empty', timeScale: SCALE, sessionSetupMs: SETUP_MS });
  const client = new LightsailClient({
    region: REGION,
    endpoint: sim.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const engine = new GuiSessionEngine({ clock: scaledClock(sim, SCALE), allowLoopbackHttp: true });
  try {
    const names = Array.from({ length: LAUNCHES }, (_, i) => `bench-launch-${i + 1}`);
    for (const name of names)
      sim.addComputer({ region: REGION, name, blueprintId: 'lfr_jupyterlab_1_0', state: 'running' });
    sim.resetCalls();

    const launches = await Promise.all(
      names.map(async (name, i): Promise<Launch> => {
        await new Promise((r) => setTimeout(r, i * STAGGER_MS));
        let calls = 0;
        // Counts this launch's requests; the simulator's own count is checked against the sum.
        const counted = {
          send: (...args: Parameters<LightsailClient['send']>) => (calls++, client.send(...args)),
        } as unknown as LightsailClient;
        const t0 = sim.clock.now();
        await engine.open(name, counted, { name, startComputer: false });
        const readyWall = Date.now();
        const durationSimMs = sim.clock.now() - t0;
        const startedWall = sim.sessionStartedAt(REGION, name);
        if (startedWall === undefined) throw new Error(`simulator has no start time for ${name}`);
        return { overheadRealMs: readyWall - startedWall, calls, durationSimMs };
      }),
    );

    const simCalls = sim.calls();
    const countedCalls = launches.reduce((a, l) => a + l.calls, 0);
    if (simCalls !== countedCalls)
      throw new Error(`call counts disagree: simulator ${simCalls}, client ${countedCalls}`);
    const overheadReal = median(launches.map((l) => l.overheadRealMs));
    const overheadSim = median(launches.map((l) => l.overheadRealMs * SCALE));
    const worstSim = Math.max(...launches.map((l) => l.overheadRealMs * SCALE));
    const callsPerLaunch = simCalls / LAUNCHES;
    const simSeconds = launches.reduce((a, l) => a + l.durationSimMs, 0) / 1000;
    const callsPerSecond = simCalls / simSeconds;

    console.log(
      `  method: ${LAUNCHES} launches of a fresh ${SETUP_MS / 1000} s session setup (real SDK → simulator on 127.0.0.1), ` +
        `launches ${STAGGER_MS} ms apart, run concurrently; overhead = engine ready − simulator's "session started" instant; ` +
        (SCALE === 1
          ? 'time at real speed (set LAUNCH_BENCH_SCALE=N to run N× faster). '
          : `virtual time ${SCALE}× real for both simulator and engine; simulated ms = real ms × ${SCALE} (request latency magnified ${SCALE}×, so pessimistic). `) +
        'Calls counted by the simulator, per simulated second of setup.',
    );
    return [
      {
        name:
          SCALE === 1
            ? 'launch overhead, median of 20 (real speed)'
            : 'launch overhead, median of 20 (simulated ms)',
        value: Math.round(overheadSim),
        unit: 'ms',
        target: '≤ 500 ms',
        pass: overheadSim <= 500,
      },
      {
        name:
          SCALE === 1
            ? 'launch overhead, worst of 20 (real speed)'
            : 'launch overhead, worst of 20 (simulated ms)',
        value: Math.round(worstSim),
        unit: 'ms',
      },
      ...(SCALE === 1
        ? []
        : [
            {
              name: `launch overhead, median (real ms at ${SCALE}× time)`,
              value: Math.round(overheadReal * 10) / 10,
              unit: 'ms',
            },
          ]),
      { name: 'Lightsail calls per launch (60 s setup)', value: callsPerLaunch, unit: 'calls' },
      {
        name: 'Lightsail calls per simulated second over the setup',
        value: Math.round(callsPerSecond * 1000) / 1000,
        unit: 'calls/s',
        target: '≤ 0.6 calls/s',
        pass: callsPerSecond <= 0.6,
      },
    ];
  } finally {
    client.destroy();
    await sim.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) {
    const verdict = r.pass === undefined ? '' : r.pass ? '  ✓' : '  ✗ (misses target)';
    console.log(`  ${r.name}: ${r.value} ${r.unit}${r.target ? `  [target ${r.target}]` : ''}${verdict}`);
  }
}
