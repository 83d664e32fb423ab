import { describe, expect, it } from 'vitest';
import { createSimClock } from '../../electron/simulator/clock.js';
import { BLUEPRINTS } from '../../electron/simulator/catalog.js';
import {
  DEFAULT_TIMINGS,
  DEMO_COMPUTERS,
  World,
  generateComputers,
  isValidResourceName,
} from '../../electron/simulator/state.js';

function setup() {
  let real = 0;
  const clock = createSimClock({ realNow: () => real, start: 1_700_000_000_000 });
  const world = new World(clock, { ...DEFAULT_TIMINGS });
  const account = world.addAccount({ accessKeyId: 'AKIDTESTACCOUNT01', secretAccessKey: 's', seed: 'empty' });
  return { clock, world, account, tickReal: (ms: number) => (real += ms) };
}

describe('resource names', () => {
  it("follow Lightsail's \\w[\\w-]*\\w pattern", () => {
    for (const ok of ['ab', 'my-computer', 'a_b-9', 'X1']) expect(isValidResourceName(ok)).toBe(true);
    for (const bad of ['a', '-ab', 'ab-', 'a b', 'a.b', '', 'ä-x', 42, undefined])
      expect(isValidResourceName(bad)).toBe(false);
  });
});

describe('instance power', () => {
  it('goes pending -> running after the start time, and stopping -> stopped after the stop time', () => {
    const { world, account, clock } = setup();
    const c = world.addComputer(account, { region: 'us-east-2', name: 'box-1', state: 'stopped' });
    world.startInstance(c);
    expect(world.power(c)).toBe('pending');
    clock.advance(DEFAULT_TIMINGS.instanceStartMs - 1);
    expect(world.power(c)).toBe('pending');
    clock.advance(1);
    expect(world.power(c)).toBe('running');
    world.stopInstance(c);
    expect(world.power(c)).toBe('stopping');
    clock.advance(DEFAULT_TIMINGS.instanceStopMs);
    expect(world.power(c)).toBe('stopped');
  });
});

describe('GUI session', () => {
  it('sets up, starts with a rising percentage, expires after an hour and resumes', () => {
    const { world, account, clock } = setup();
    const c = world.addComputer(account, { region: 'us-east-2', name: 'nb-1' });
    expect(world.session(c).status).toBe('notStarted');
    expect(world.startSession(c)).toBeUndefined();

    const seen: { status: string; pct: number }[] = [];
    for (let t = 0; t < DEFAULT_TIMINGS.sessionSetupMs; t += 5_000) {
      const s = world.session(c);
      seen.push({ status: s.status, pct: s.percentageComplete });
      clock.advance(5_000);
    }
    expect(seen[0]).toEqual({ status: 'settingUpInstance', pct: 0 });
    expect(seen.some((s) => s.status === 'starting')).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.pct).toBeGreaterThan(seen[i - 1]!.pct);
    // settingUpInstance always comes before starting.
    const firstStarting = seen.findIndex((s) => s.status === 'starting');
    expect(seen.slice(firstStarting).every((s) => s.status === 'starting')).toBe(true);

    expect(world.session(c)).toMatchObject({ status: 'started', percentageComplete: 100 });
    clock.advance(DEFAULT_TIMINGS.sessionLifetimeMs - 1);
    expect(world.session(c).status).toBe('started');
    clock.advance(1);
    expect(world.session(c).status).toBe('startExpired');

    world.startSession(c);
    expect(world.session(c).status).toBe('starting');
    clock.advance(DEFAULT_TIMINGS.sessionResumeMs);
    expect(world.session(c).status).toBe('started');
  });

  it('stops through stopping -> stopped, and starts again from stopped', () => {
    const { world, account, clock } = setup();
    const c = world.addComputer(account, { region: 'eu-west-2', name: 'nb-2', session: 'started' });
    expect(world.session(c).status).toBe('started');
    world.stopSession(c);
    expect(world.session(c).status).toBe('stopping');
    clock.advance(DEFAULT_TIMINGS.sessionStopMs);
    expect(world.session(c).status).toBe('stopped');
    world.startSession(c);
    expect(world.session(c).status).toBe('settingUpInstance');
  });

  it('refuses to start on a stopped computer and waits for a booting one', () => {
    const { world, account, clock } = setup();
    const c = world.addComputer(account, { region: 'us-east-2', name: 'nb-3', state: 'stopped' });
    expect(world.startSession(c)).toMatch(/stopped/);
    expect(world.session(c).status).toBe('notStarted');
    world.startInstance(c);
    expect(world.startSession(c)).toBeUndefined();
    clock.advance(DEFAULT_TIMINGS.instanceStartMs - 1_000);
    expect(world.session(c)).toMatchObject({ status: 'settingUpInstance', percentageComplete: 0 });
    clock.advance(1_000 + DEFAULT_TIMINGS.sessionSetupMs);
    expect(world.session(c).status).toBe('started');
  });

  it('ends the session when the computer is stopped', () => {
    const { world, account } = setup();
    const c = world.addComputer(account, { region: 'us-east-2', name: 'nb-4', session: 'started' });
    const epoch = c.session.epoch;
    world.stopInstance(c);
    expect(world.session(c).status).toBe('stopped');
    expect(c.session.epoch).toBeGreaterThan(epoch);
  });

  it('stays failed with its reason until StartGUISession', () => {
    const { world, account } = setup();
    const c = world.addComputer(account, { region: 'us-east-2', name: 'nb-5' });
    world.failSession(c, 'failedStartingGUISession', 'DCV server did not start');
    expect(world.session(c)).toEqual({
      status: 'failedStartingGUISession',
      percentageComplete: 0,
      failureReason: 'DCV server did not start',
    });
    world.startSession(c);
    expect(world.session(c).status).toBe('settingUpInstance');
  });

  it('reports the wall-clock moment the session became started', () => {
    const { world, account, clock, tickReal } = setup();
    clock.setScale(60);
    const c = world.addComputer(account, { region: 'us-east-2', name: 'nb-6' });
    world.startSession(c);
    tickReal(DEFAULT_TIMINGS.sessionSetupMs / 60 / 2);
    expect(world.view(account, c).session.startedAtWall).toBeUndefined();
    tickReal(5_000);
    expect(world.view(account, c).session.startedAtWall).toBe(DEFAULT_TIMINGS.sessionSetupMs / 60);
  });
});

describe('seeds', () => {
  it('the demo seed spans regions, apps and plans, and mixes in ordinary instances', () => {
    const regions = new Set(DEMO_COMPUTERS.map((c) => c.region));
    expect(regions.size).toBeGreaterThanOrEqual(3);
    expect(regions).toContain('us-east-2');
    expect(regions).toContain('eu-west-2');
    const lfr = new Set(BLUEPRINTS.filter((b) => b.appCategory === 'LfR').map((b) => b.blueprintId));
    const research = DEMO_COMPUTERS.filter((c) => lfr.has(c.blueprintId!));
    expect(new Set(research.map((c) => c.blueprintId)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(research.map((c) => c.bundleId)).size).toBeGreaterThanOrEqual(3);
    expect(DEMO_COMPUTERS.length - research.length).toBeGreaterThanOrEqual(3);
    expect(research.some((c) => c.state === 'stopped')).toBe(true);
    // More than one page of instances in one region, so clients must paginate.
    expect(DEMO_COMPUTERS.filter((c) => c.region === 'us-east-2').length).toBeGreaterThan(10);
  });

  it('generates N distinct computers over the given regions', () => {
    const regions = ['us-east-1', 'us-east-2', 'eu-west-2'];
    const list = generateComputers({ count: 2_000, regions });
    expect(list).toHaveLength(2_000);
    expect(new Set(list.map((c) => `${c.region}/${c.name}`)).size).toBe(2_000);
    expect(new Set(list.map((c) => c.region))).toEqual(new Set(regions));
    expect(list.every((c) => isValidResourceName(c.name))).toBe(true);
    expect(generateComputers({ count: 5, regions })).toEqual(list.slice(0, 5));
  });

  it('refuses invalid or duplicate computers', () => {
    const { world, account } = setup();
    expect(() => world.addComputer(account, { region: 'us-east-2', name: 'x' })).toThrow(
      /invalid computer name/,
    );
    world.addComputer(account, { region: 'us-east-2', name: 'dup-1' });
    expect(() => world.addComputer(account, { region: 'us-east-2', name: 'dup-1' })).toThrow(
      /already exists/,
    );
    // The same name in another region is another computer.
    expect(() => world.addComputer(account, { region: 'eu-west-2', name: 'dup-1' })).not.toThrow();
  });
});

describe('session renewal', () => {
  it('StartGUISession on a started session makes its hour count again from then, URLs unchanged', () => {
    const clock = createSimClock({ timeScale: 0 });
    const world = new World(clock, { ...DEFAULT_TIMINGS });
    const account = world.addAccount({
      accessKeyId: 'AKIDLFRSIMULATOR',
      secretAccessKey: 's',
      seed: { computers: [{ region: 'us-east-2', name: 'genomics-lab', session: 'started' }] },
    });
    const c = world.find(account, 'us-east-2', 'genomics-lab')!;
    clock.advance(50 * 60_000);
    const epoch = c.session.epoch;
    expect(world.startSession(c)).toBeUndefined();
    clock.advance(30 * 60_000);
    expect(world.session(c).status).toBe('started');
    expect(c.session.epoch).toBe(epoch);
    clock.advance(31 * 60_000);
    expect(world.session(c).status).toBe('startExpired');
  });
});
