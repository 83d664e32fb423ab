import { GetInstanceCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  IDLE_RULE_WARNING,
  RuleStopDetector,
  idleRuleOf,
  idleRuleProblem,
  readIdleRule,
  setIdleRule,
} from '../../electron/core/idle-rule.js';
import { ruleLabel } from '../../renderer/src/lib/upkeep.js';
import { toVirtualComputer } from '../../electron/core/virtual-computers.js';
import { makeComputerId } from '../../electron/shared/computer-id.js';
import type { InstanceStateName, VirtualComputer } from '../../electron/shared/models.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

let sim: Simulator;
let client: LightsailClient;

beforeEach(async () => {
  sim = await startSimulator({
    seed: { computers: [{ region: 'us-east-2', name: 'genomics-lab', state: 'running' }] },
    timeScale: 0,
  });
  client = new LightsailClient({
    region: 'us-east-2',
    endpoint: sim.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
});
afterEach(async () => {
  client.destroy();
  await sim.close();
});

const target = { name: 'genomics-lab', profile: 'lab', region: 'us-east-2' };
const listed = async () =>
  toVirtualComputer(
    'lab',
    'us-east-2',
    (await client.send(new GetInstanceCommand({ instanceName: 'genomics-lab' }))).instance!,
  );

describe('the StopInstanceOnIdle rule', () => {
  it('is read from addOns, set with EnableAddOn and removed with DisableAddOn', async () => {
    expect((await listed()).idleRule).toBeUndefined();
    expect(await setIdleRule(client, target, { thresholdPercent: 5, durationMinutes: 30 })).toEqual({
      ok: true,
      value: { thresholdPercent: 5, durationMinutes: 30 },
    });
    expect((await listed()).idleRule).toEqual({ thresholdPercent: 5, durationMinutes: 30 });
    expect(await setIdleRule(client, target, null)).toEqual({ ok: true, value: null });
    expect((await listed()).idleRule).toBeUndefined();
  });

  it('a computer stops itself through its rule, once idle for the duration', async () => {
    await setIdleRule(client, target, { thresholdPercent: 5, durationMinutes: 30 });
    sim.clock.advance(29 * 60_000);
    expect((await listed()).state).toBe('running');
    sim.clock.advance(2 * 60_000);
    expect((await listed()).state).toBe('stopped');
  });

  it('refuses a rule outside the limits before sending anything, and reports service errors as values', async () => {
    sim.resetCalls();
    const bad = await setIdleRule(client, target, { thresholdPercent: 0, durationMinutes: 30 });
    expect(bad).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringMatching(/threshold/) },
    });
    expect((await setIdleRule(client, target, { thresholdPercent: 5, durationMinutes: 2.5 })).ok).toBe(false);
    expect(sim.calls({ operation: 'EnableAddOn' })).toBe(0);
    const missing = await setIdleRule(
      client,
      { ...target, name: 'nobody-here' },
      { thresholdPercent: 5, durationMinutes: 30 },
    );
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('ignores add-ons that are not an enabled idle rule', () => {
    expect(
      idleRuleOf([{ name: 'AutoSnapshot', status: 'Enabled', snapshotTimeOfDay: '06:00' }]),
    ).toBeUndefined();
    expect(
      idleRuleOf([{ name: 'StopInstanceOnIdle', status: 'Disabled', threshold: '5', duration: '30' }]),
    ).toBeUndefined();
    expect(
      idleRuleOf([{ name: 'StopInstanceOnIdle', status: 'Enabled', threshold: 'x', duration: '30' }]),
    ).toBeUndefined();
    expect(
      idleRuleOf([{ name: 'StopInstanceOnIdle', status: 'Enabled', threshold: '7.5', duration: '60' }]),
    ).toEqual({ thresholdPercent: 7.5, durationMinutes: 60 });
  });

  it('reads values strictly: a plain decimal in range, or the rule is unreadable (never 0, 1000, 16 or -5 %)', () => {
    const rule = (threshold: string, duration = '30') => [
      { name: 'StopInstanceOnIdle', status: 'Enabled', threshold, duration },
    ];
    for (const bad of ['', ' ', '1e3', '0x10', '-5', '5%', ' 5', '101', 'Infinity', 'NaN', '.', '5.']) {
      expect(readIdleRule(rule(bad)), JSON.stringify(bad)).toBe('unreadable');
      expect(idleRuleOf(rule(bad))).toBeUndefined();
    }
    for (const bad of ['', '1e3', '0x10', '-5', '0', '1.5e1'])
      expect(readIdleRule(rule('5', bad)), JSON.stringify(bad)).toBe('unreadable');
    expect(readIdleRule(rule('7.5', '60'))).toEqual({ thresholdPercent: 7.5, durationMinutes: 60 });
    expect(readIdleRule(rule('0', '5'))).toEqual({ thresholdPercent: 0, durationMinutes: 5 });
    expect(readIdleRule([{ name: 'StopInstanceOnIdle', status: 'Enabled', threshold: '5' }])).toBe(
      'unreadable',
    );
    expect(
      readIdleRule([{ name: 'StopInstanceOnIdle', status: 'Disabled', threshold: '', duration: '' }]),
    ).toBeUndefined();
    // The row says so rather than "No idle stop".
    const c = toVirtualComputer('lab', 'us-east-2', {
      name: 'genomics-lab',
      blueprintId: 'lfr_ubuntu_1_0',
      state: { name: 'running' },
      addOns: rule('1e3'),
    });
    expect(c.idleRule).toBeUndefined();
    expect(c.idleRuleUnreadable).toBe(true);
    expect(ruleLabel(c.idleRule, c.idleRuleUnreadable)).toBe('Idle stop rule unreadable');
  });

  it('the editor warns that a threshold above the idle load stops the computer right after a start', () => {
    expect(IDLE_RULE_WARNING).toMatch(/above .*idle load/);
    expect(IDLE_RULE_WARNING).toMatch(/stops it again shortly after every start/);
    expect(idleRuleProblem({ thresholdPercent: 101, durationMinutes: 30 })).toMatch(/1 to 100/);
    expect(idleRuleProblem({ thresholdPercent: 5, durationMinutes: 30 })).toBeUndefined();
  });
});

describe('stopped by its rule', () => {
  let t = 0;
  const clock = { now: () => t };
  const c = (state: InstanceStateName, rule = true): VirtualComputer => ({
    id: makeComputerId({ profile: 'lab', region: 'us-east-2', name: 'genomics-lab' }),
    name: 'genomics-lab',
    profile: 'lab',
    region: 'us-east-2',
    state,
    app: { id: 'lfr_jupyterlab_1_0', name: 'JupyterLab' },
    plan: { id: 'app_standard_xl_1_0' },
    ...(rule ? { idleRule: { thresholdPercent: 5, durationMinutes: 30 } } : {}),
  });

  it('says so for a computer with a rule that stopped without the launcher asking', () => {
    t = 0;
    const d = new RuleStopDetector(clock);
    expect(d.update([c('running')])[0]!.stoppedByRule).toBeUndefined();
    t = 3_600_000;
    expect(d.update([c('stopping')])[0]!.stoppedByRule).toBe(true);
    expect(d.update([c('stopped')])[0]!.stoppedByRule).toBe(true);
    // Started again: the mark goes.
    expect(d.update([c('pending')])[0]!.stoppedByRule).toBeUndefined();
  });

  it('not when the user stopped it, when it has no rule, or when it stopped before the rule could fire', () => {
    t = 0;
    const d = new RuleStopDetector(clock);
    d.update([c('running')]);
    t = 3_600_000;
    d.userStopped(c('running').id);
    expect(d.update([c('stopping')])[0]!.stoppedByRule).toBeUndefined();

    const noRule = new RuleStopDetector(clock);
    noRule.update([c('running', false)]);
    expect(noRule.update([c('stopped', false)])[0]!.stoppedByRule).toBeUndefined();

    const early = new RuleStopDetector(clock);
    t = 0;
    early.update([c('stopped')]);
    early.update([c('pending')]);
    t = 10 * 60_000; // ran 10 minutes of a 30-minute rule
    expect(early.update([c('stopped')])[0]!.stoppedByRule).toBeUndefined();
  });

  it('reads the simulator: a computer that stopped itself is marked, one the user stopped is not', async () => {
    const d = new RuleStopDetector({ now: () => sim.clock.now() });
    d.update([await listed()]);
    await setIdleRule(client, target, { thresholdPercent: 5, durationMinutes: 30 });
    sim.clock.advance(40 * 60_000);
    expect(d.update([await listed()])[0]).toMatchObject({ state: 'stopped', stoppedByRule: true });
    expect(sim.computer('us-east-2', 'genomics-lab')?.stoppedByRule).toBe(true);
  });
});
