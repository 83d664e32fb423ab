// Bench: click → window loading, warm (session prepared in the background by WarmStart) and
// cold (a running computer with no session); and how long the user's window is disconnected
// when a session that expired with its windows open is resumed.
//
// Method. "Click" is GuiSessionEngine.open() for the computer, as session:open calls it;
// "window loading" is the first response of the DCV page at the application URL it returns
// (what the window gets first when it loads that URL). Warm runs at real speed, so its figure
// is plain wall-clock time. Cold and the resume include the simulator's setup (60 s) and
// resume (15 s) times, so they run with virtual time 60× faster and are reported in simulated
// ms (real request costs are then magnified 60×: a pessimistic figure).
// Disconnection: the computer's session hour ends with a window open; SessionLifetime (its
// keep-going before the end turned off, to exercise the fallback) resumes it and the window
// reloads the new URL; the figure is from the end of the hour to the new page's first
// response. With the keep-going before the end on, the session is renewed in place and the
// window's URL keeps working: that case is checked (0 ms) too.
import { LightsailClient } from '@aws-sdk/client-lightsail';
import { pathToFileURL } from 'node:url';
import { GuiSessionEngine } from '../../electron/core/gui-session.js';
import { abortableSleep, type Clock } from '../../electron/core/ports.js';
import { SessionLifetime, guiSessionStatus, startGuiSession } from '../../electron/core/session-lifetime.js';
import { WarmStart } from '../../electron/core/warm-start.js';
import { makeComputerId } from '../../electron/shared/computer-id.js';
import type { VirtualComputer } from '../../electron/shared/models.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';
import type { BenchResult } from './run.js';

const REGION = 'us-east-2';
const WARM_RUNS = 15;
const COLD_RUNS = 5;
const SCALE = 60;
const TARGET_WARM_MS = 300;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function scaledClock(sim: Simulator, scale: number): Clock {
  return { now: () => sim.clock.now(), sleep: (ms, signal) => abortableSleep(ms / scale, signal) };
}

const computer = (name: string): VirtualComputer => ({
  id: makeComputerId({ profile: 'bench', region: REGION, name }),
  name,
  profile: 'bench',
  region: REGION,
  state: 'running',
  sessionStatus: 'notStarted',
  app: { id: 'lfr_jupyterlab_1_0', name: 'JupyterLab' },
  plan: { id: 'app_standard_xl_1_0' },
});

/** Click → first response of the application page; ms on `now`. */
async function clickToLoading(
  engine: GuiSessionEngine,
  client: LightsailClient,
  name: string,
  now: () => number,
): Promise<number> {
  const t0 = now();
  const urls = await engine.open(name, client, { name, startComputer: false });
  const res = await fetch(urls.app.url);
  await res.body?.cancel();
  if (res.status !== 200) throw new Error(`the application page answered ${res.status}`);
  return now() - t0;
}

async function warmAndCold(scale: number, runs: number, warm: boolean): Promise<number[]> {
  const sim = await startSimulator({ seed: 'empty', timeScale: scale });
  const client = new LightsailClient({
    region: REGION,
    endpoint: sim.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const engine = new GuiSessionEngine({ clock: scaledClock(sim, scale), allowLoopbackHttp: true });
  const now = scale === 1 ? () => performance.now() : () => sim.clock.now();
  try {
    const names = Array.from({ length: runs }, (_, i) => `bench-${warm ? 'warm' : 'cold'}-${i + 1}`);
    for (const name of names) sim.addComputer({ region: REGION, name, state: 'running' });
    if (warm) {
      // What WarmStart does in the app: prepare each opted-in running computer in the background.
      const prepareEngine = new GuiSessionEngine({ clock: scaledClock(sim, scale), allowLoopbackHttp: true });
      const ws = new WarmStart({
        clock: { now: () => sim.clock.now() },
        enabled: () => names.map((n) => computer(n).id),
        prepare: async (id) =>
          void (await prepareEngine.open(`prep-${id}`, client, {
            name: id.split('/').pop()!,
            startComputer: false,
          })),
      });
      sim.clock.setScale(600);
      await Promise.all(ws.update(names.map(computer)));
      sim.clock.setScale(scale);
    }
    const out: number[] = [];
    for (const name of names) out.push(await clickToLoading(engine, client, name, now));
    return out;
  } finally {
    client.destroy();
    await sim.close();
  }
}

async function disconnection(renewBeforeEnd: boolean): Promise<number> {
  const lifetimeMs = 10 * 60_000;
  const sim = await startSimulator({
    seed: { computers: [{ region: REGION, name: 'genomics-lab', session: 'started' }] },
    timeScale: SCALE,
    sessionLifetimeMs: lifetimeMs,
  });
  const client = new LightsailClient({
    region: REGION,
    endpoint: sim.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const clock = scaledClock(sim, SCALE);
  const engine = new GuiSessionEngine({ clock, allowLoopbackHttp: true });
  const id = computer('genomics-lab').id;
  const stop = new AbortController();
  try {
    const first = await engine.open('genomics-lab', client, { name: 'genomics-lab', startComputer: false });
    const endOfHour = sim.computer(REGION, 'genomics-lab')!.session.startedAt! + lifetimeMs;
    let reloadedAt: number | undefined;
    const life = new SessionLifetime({
      clock,
      lifetimeMs,
      keepAliveLeadMs: renewBeforeEnd ? 60_000 : 0,
      startSession: () => startGuiSession(client, 'genomics-lab'),
      sessionStatus: () => guiSessionStatus(client, 'genomics-lab'),
      windowsOpen: () => true,
      keepSessionsAlive: () => true,
      nameOf: () => 'genomics-lab',
      notify: () => undefined,
      reopen: async () => {
        const urls = await engine.open('genomics-lab', client, {
          name: 'genomics-lab',
          startComputer: false,
        });
        const res = await fetch(urls.app.url);
        await res.body?.cancel();
        if (res.status === 200) reloadedAt = sim.clock.now();
      },
    });
    life.sessionStarted(id, true, sim.computer(REGION, 'genomics-lab')!.session.startedAt!);
    void life.run(stop.signal);
    // Watch the window's URL through the end of the hour and a little after.
    let downSince: number | undefined;
    let downMs = 0;
    while (sim.clock.now() < endOfHour + 2 * 60_000 && reloadedAt === undefined) {
      const res = await fetch(first.app.url);
      await res.body?.cancel();
      const t = sim.clock.now();
      if (res.status !== 200 && downSince === undefined) downSince = Math.max(endOfHour, t);
      if (res.status === 200 && downSince !== undefined) {
        downMs += t - downSince;
        downSince = undefined;
      }
      await abortableSleep(20);
    }
    if (reloadedAt !== undefined) return reloadedAt - endOfHour;
    return downMs + (downSince !== undefined ? sim.clock.now() - downSince : 0);
  } finally {
    stop.abort();
    client.destroy();
    await sim.close();
  }
}

/** Run the warm-start benchmark and return its figures. */
export async function run(): Promise<BenchResult[]> {
  const warm = await warmAndCold(1, WARM_RUNS, true);
  const cold = await warmAndCold(SCALE, COLD_RUNS, false);
  const resumed = await disconnection(false);
  const renewed = await disconnection(true);
  return [
    {
      name: `warm open, click → window loading, median of ${WARM_RUNS}`,
      value: median(warm),
      unit: 'ms',
      target: `≤ ${TARGET_WARM_MS} ms`,
      pass: median(warm) <= TARGET_WARM_MS,
    },
    {
      name: `cold open (running computer, no session), click → window loading, median of ${COLD_RUNS}`,
      value: median(cold),
      unit: 'simulated ms',
    },
    {
      name: 'window disconnected when a session that expired with its window open is resumed',
      value: resumed,
      unit: 'simulated ms',
    },
    {
      name: 'window disconnected when keep-going renews the session before its end',
      value: renewed,
      unit: 'simulated ms',
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit}`);
}
