import { describe, expect, it } from 'vitest';
import {
  applyAnswerFault,
  FAULT_KINDS,
  FaultStore,
  REPEATED_PAGE_TOKEN,
  validateFaultSpec,
} from '../../electron/simulator/faults.js';

const ctx = { operation: 'GetInstances', region: 'us-east-2', accessKeyId: 'AKIDLFRSIMULATOR' };
const wire = FAULT_KINDS.filter((k) => k !== 'failedStartingGUISession' && k !== 'failedInstanceCreation');

describe('FaultStore', () => {
  it('matches by operation, region, computer and access key', () => {
    const store = new FaultStore();
    store.inject({
      kind: 'ServiceException',
      operation: 'GetInstance',
      region: 'eu-west-2',
      computer: 'nb-1',
      accessKeyId: 'AKIDOTHERACCOUNT1',
    });
    expect(store.take(ctx, wire).fault).toBeUndefined();
    expect(
      store.take({ ...ctx, operation: 'GetInstance', region: 'eu-west-2', computer: 'nb-1' }, wire).fault,
    ).toBeUndefined();
    expect(
      store.take(
        { operation: 'GetInstance', region: 'eu-west-2', computer: 'nb-1', accessKeyId: 'AKIDOTHERACCOUNT1' },
        wire,
      ).fault?.kind,
    ).toBe('ServiceException');
  });

  it('applies a count-limited fault exactly that many times', () => {
    const store = new FaultStore();
    store.inject({ kind: 'ThrottlingException', times: 2 });
    expect(store.take(ctx, wire).fault?.kind).toBe('ThrottlingException');
    expect(store.take(ctx, wire).fault?.kind).toBe('ThrottlingException');
    expect(store.take(ctx, wire).fault).toBeUndefined();
    expect(store.list()).toHaveLength(0);
  });

  it('keeps a permanent fault until removed', () => {
    const store = new FaultStore();
    const id = store.inject({ kind: 'AccessDeniedException', region: 'us-east-2' });
    for (let i = 0; i < 5; i++) expect(store.take(ctx, wire).fault?.kind).toBe('AccessDeniedException');
    store.remove(id);
    expect(store.take(ctx, wire).fault).toBeUndefined();
  });

  it('adds up latency faults and still applies one error fault after them', () => {
    const store = new FaultStore();
    store.inject({ kind: 'latency', latencyMs: 100 });
    store.inject({ kind: 'latency', latencyMs: 50, operation: 'GetInstances' });
    store.inject({ kind: 'NotFoundException', times: 1 });
    store.inject({ kind: 'ServiceException', times: 1 });
    const first = store.take(ctx, wire);
    expect(first.latencyMs).toBe(150);
    expect(first.fault?.kind).toBe('NotFoundException');
    expect(store.take(ctx, wire).fault?.kind).toBe('ServiceException');
  });

  it('leaves session faults to the session step', () => {
    const store = new FaultStore();
    store.inject({ kind: 'failedStartingGUISession', failureReason: 'no DCV' });
    expect(store.take({ ...ctx, operation: 'CreateGUISessionAccessDetails' }, wire).fault).toBeUndefined();
    expect(
      store.take({ ...ctx, operation: 'CreateGUISessionAccessDetails' }, ['failedStartingGUISession']).fault
        ?.failureReason,
    ).toBe('no DCV');
  });

  it('tells listeners which faults went away', () => {
    const store = new FaultStore();
    const seen: unknown[] = [];
    store.onRemoved((ids) => seen.push(ids === 'all' ? 'all' : [...ids]));
    const id = store.inject({ kind: 'hang' });
    store.remove(id);
    store.clear();
    expect(seen).toEqual([[id], 'all']);
  });
});

describe('validateFaultSpec', () => {
  it('accepts every documented kind', () => {
    for (const kind of FAULT_KINDS)
      expect(() =>
        validateFaultSpec({ kind, ...(kind === 'latency' ? { latencyMs: 5 } : {}) }),
      ).not.toThrow();
  });

  it('explains what is wrong with a bad spec', () => {
    expect(() => validateFaultSpec({ kind: 'Boom' })).toThrow(/kind must be one of/);
    expect(() => validateFaultSpec({ kind: 'latency' })).toThrow(/latencyMs/);
    expect(() => validateFaultSpec({ kind: 'hang', times: -1 })).toThrow(/times/);
    expect(() => validateFaultSpec({ kind: 'hang', region: 5 })).toThrow(/region/);
    expect(() => validateFaultSpec({ kind: 'hang', regoin: 'us-east-2' })).toThrow(
      /unknown fault field regoin/,
    );
    expect(() => validateFaultSpec([])).toThrow(/object/);
  });
});

describe('answer faults', () => {
  const page = {
    instances: [
      { name: 'a', createdAt: 1 },
      { name: 'b', createdAt: 2 },
    ],
    nextPageToken: undefined,
  };

  it('repeatPageToken always names the same next page', () => {
    const once = applyAnswerFault({ kind: 'repeatPageToken' }, 'GetInstances', page);
    expect(once['nextPageToken']).toBe(REPEATED_PAGE_TOKEN);
    expect(applyAnswerFault({ kind: 'repeatPageToken' }, 'GetInstances', once)['nextPageToken']).toBe(
      REPEATED_PAGE_TOKEN,
    );
  });

  it('badTimestamp, missingName and duplicateName change only the chosen instance', () => {
    expect(
      applyAnswerFault({ kind: 'badTimestamp', computer: 'b' }, 'GetInstances', page)['instances'],
    ).toEqual([
      { name: 'a', createdAt: 1 },
      { name: 'b', createdAt: 1e20 },
    ]);
    expect(applyAnswerFault({ kind: 'missingName' }, 'GetInstances', page)['instances']).toEqual([
      { createdAt: 1 },
      { name: 'b', createdAt: 2 },
    ]);
    expect(
      applyAnswerFault({ kind: 'duplicateName', computer: 'a' }, 'GetInstances', page)['instances'],
    ).toHaveLength(3);
    expect(applyAnswerFault({ kind: 'missingName', computer: 'not-here' }, 'GetInstances', page)).toEqual(
      page,
    );
  });

  it('sessionStatus forces status and percentage; the session list faults spoil the URLs', () => {
    const started = {
      status: 'started',
      percentageComplete: 100,
      sessions: [
        { name: 'app', url: 'u1', isPrimary: true },
        { name: 'desk', url: 'u2', isPrimary: false },
      ],
    };
    expect(
      applyAnswerFault(
        { kind: 'sessionStatus', status: 'starting', percentage: 150 },
        'CreateGUISessionAccessDetails',
        started,
      ),
    ).toMatchObject({ status: 'starting', percentageComplete: 150, sessions: [] });
    expect(
      (
        applyAnswerFault({ kind: 'twoPrimarySessions' }, 'x', started)['sessions'] as { isPrimary: boolean }[]
      ).every((s) => s.isPrimary),
    ).toBe(true);
    expect(
      (
        applyAnswerFault({ kind: 'noPrimarySession' }, 'x', started)['sessions'] as { isPrimary: boolean }[]
      ).some((s) => s.isPrimary),
    ).toBe(false);
    expect(
      (applyAnswerFault({ kind: 'missingSessionUrls' }, 'x', started)['sessions'] as object[]).some(
        (s) => 'url' in s,
      ),
    ).toBe(false);
  });

  it('validates the new fields', () => {
    expect(validateFaultSpec({ kind: 'trickle', intervalMs: 50 })).toEqual({
      kind: 'trickle',
      intervalMs: 50,
    });
    expect(() => validateFaultSpec({ kind: 'trickle', intervalMs: -1 })).toThrow(/intervalMs/);
    expect(() => validateFaultSpec({ kind: 'sessionStatus', percentage: 'x' })).toThrow(/percentage/);
  });

  it('takeAll combines every matching answer fault', () => {
    const store = new FaultStore();
    store.inject({ kind: 'badTimestamp' });
    store.inject({ kind: 'duplicateName', times: 1 });
    expect(store.takeAll(ctx, ['badTimestamp', 'duplicateName']).map((f) => f.kind)).toEqual([
      'badTimestamp',
      'duplicateName',
    ]);
    expect(store.takeAll(ctx, ['badTimestamp', 'duplicateName']).map((f) => f.kind)).toEqual([
      'badTimestamp',
    ]);
  });
});
