import type { MessageBoxOptions } from 'electron';
import { generate } from 'selfsigned';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { certificateFacts, type CertificateFacts } from '../../electron/core/certificate-policy.js';
import { DEFAULT_SETTINGS, type Settings } from '../../electron/shared/settings.js';
import {
  brokenQuestion,
  certificateQuestions,
  clientCertificateQuestion,
  leaveQuestion,
  mediaQuestion,
  sessionWindowQuestions,
  setupClientCertificateRefusal,
} from '../../electron/main/windows/session-dialogs.js';

const win = { id: 7 } as never;
const ID = 'research/us-east-2/jupyter-1';
let facts: CertificateFacts;

beforeAll(async () => {
  facts = certificateFacts(
    (await generate([{ name: 'commonName', value: '203.0.113.7' }], { keyType: 'ec' })).cert,
    '203.0.113.7:8443',
  )!;
});

function store() {
  let s: Settings = structuredClone(DEFAULT_SETTINGS);
  return { get: () => s, update: (p: Partial<Settings>) => (s = { ...s, ...p }) };
}
function asker(response: number) {
  const asked: { id: number; opts: MessageBoxOptions }[] = [];
  return {
    asked,
    askOver: async (id: number, opts: MessageBoxOptions) => (
      asked.push({ id, opts }),
      { response, checkboxChecked: false }
    ),
  };
}

describe('certificate prompt', () => {
  it('shows host:port and fingerprint over the window; Trust pins it in settings', async () => {
    const settings = store();
    const a = asker(0);
    const q = certificateQuestions({ settings, askOver: a.askOver });
    expect(await q.ask({ action: 'refuse', why: 'untrusted', facts }, win)).toBe('trust');
    expect(a.asked[0]!.id).toBe(7);
    expect(a.asked[0]!.opts.buttons).toEqual([
      "Trust this computer's certificate",
      'Open in browser instead',
      'Cancel',
    ]);
    expect(a.asked[0]!.opts.detail).toContain(facts.sha256);
    expect(a.asked[0]!.opts.message).toContain('203.0.113.7:8443');
    q.trust(facts, win);
    expect(q.pins()).toEqual([{ hostPort: '203.0.113.7:8443', sha256: facts.sha256 }]);
  });

  it('a changed certificate warns and is refused unless the user deliberately replaces it', async () => {
    const a = asker(0);
    const q = certificateQuestions({ settings: store(), askOver: a.askOver });
    expect(await q.ask({ action: 'refuse', why: 'changed', facts, pinned: 'AA' }, win)).toBe('cancel');
    expect(a.asked[0]!.opts).toMatchObject({
      type: 'warning',
      defaultId: 0,
      message: expect.stringMatching(/changed/),
    });
    expect(
      await certificateQuestions({ settings: store(), askOver: asker(1).askOver }).ask(
        { action: 'refuse', why: 'changed', facts },
        win,
      ),
    ).toBe('browser');
  });
});

describe('trusting a certificate', () => {
  it('pins a host name with an underscore through the real settings schema', async () => {
    const { createSettingsStore } = await import('../../electron/core/settings.js');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const settings = createSettingsStore({ dir: mkdtempSync(join(tmpdir(), 'lfr-pin-')) });
    const q = certificateQuestions({ settings, askOver: asker(0).askOver });
    const underscored = { ...facts, hostPort: 'lab_1.research-net.internal:8443' };
    expect(q.trust(underscored, win)).toBe(true);
    expect(q.pins()).toEqual([{ hostPort: 'lab_1.research-net.internal:8443', sha256: facts.sha256 }]);
  });

  it('a pin that cannot be saved is an error shown over the window, never a throw', async () => {
    const a = asker(0);
    const settings = {
      get: () => structuredClone(DEFAULT_SETTINGS),
      update: () => {
        throw new Error('EACCES: permission denied, open settings.json');
      },
    };
    const q = certificateQuestions({ settings, askOver: a.askOver });
    expect(q.trust(facts, win)).toBe(false);
    await Promise.resolve();
    expect(a.asked.at(-1)).toMatchObject({
      id: 7,
      opts: {
        type: 'error',
        message: expect.stringContaining('203.0.113.7:8443'),
        detail: expect.stringContaining('permission denied'),
      },
    });
  });
});

describe('other questions', () => {
  it('"Leave the session?" says unsaved work may be lost; Stay is the default', () => {
    const showSync = vi.fn((_id: number, _o: unknown) => 1);
    expect(leaveQuestion({ showSync })(win)).toBe(false);
    expect(showSync.mock.calls[0]![1]).toMatchObject({
      message: 'Leave the session?',
      detail: 'Unsaved work in the session may be lost.',
      defaultId: 1,
    });
    expect(leaveQuestion({ showSync: () => 0 })(win)).toBe(true);
  });

  it('a client certificate is sent only when the user picks one', async () => {
    const certs = [{ subjectName: 'me', issuerName: 'corp CA' }] as never[];
    expect(
      await clientCertificateQuestion({ askOver: asker(0).askOver })('h:8443', certs, win),
    ).toBeUndefined();
    expect(await clientCertificateQuestion({ askOver: asker(1).askOver })('h:8443', certs, win)).toBe(0);
  });

  it('media is asked once and the answer lands in settings per computer', async () => {
    const settings = store();
    const m = mediaQuestion({ settings, askOver: asker(0).askOver });
    expect(m.granted(ID)).toBeUndefined();
    expect(await m.ask(ID, 'jupyter-1', win)).toBe(true);
    expect(settings.get().mediaGrants).toEqual({ [ID]: true });
    expect(m.granted(ID)).toBe(true);
  });

  it('a broken page offers Reconnect, Open in browser and Close', async () => {
    for (const [response, expected] of [
      [0, 'reconnect'],
      [1, 'openInBrowser'],
      [2, 'close'],
    ] as const) {
      const calls: string[] = [];
      const a = asker(response);
      brokenQuestion({
        askOver: a.askOver,
        reconnect: () => calls.push('reconnect'),
        openInBrowser: () => calls.push('openInBrowser'),
        close: () => calls.push('close'),
      })(
        { computerId: ID, kind: 'app', reason: 'the computer did not answer (ERR_CONNECTION_REFUSED)' },
        win,
      );
      await new Promise((r) => setTimeout(r, 0));
      expect(calls).toEqual([expected]);
      expect(a.asked[0]!.opts.detail).toMatch(/^The computer did not answer/);
    }
  });

  it('app-wide, a client certificate request nobody handled sends none', () => {
    let handler: ((...a: unknown[]) => void) | undefined;
    setupClientCertificateRefusal({
      on: (_e: string, h: (...a: unknown[]) => void) => ((handler = h), undefined),
    } as never);
    const picked: unknown[] = [];
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    handler!(event, {}, 'https://x/', [{ subjectName: 'first' }], (c?: unknown) => picked.push(c));
    expect(event.defaultPrevented).toBe(true);
    expect(picked).toEqual([undefined]);
  });
});

describe('sessionWindowQuestions', () => {
  it('asks over the window when it is still open, app-wide when it has closed', async () => {
    const calls: unknown[][] = [];
    const dialog = {
      showMessageBox: async (...a: unknown[]) => (calls.push(a), { response: 1, checkboxChecked: false }),
      showMessageBoxSync: (...a: unknown[]) => (calls.push(a), 0),
    };
    const parent = { id: 7 };
    const q = sessionWindowQuestions({
      dialog,
      fromId: (id) => (id === 7 ? (parent as never) : null),
      settings: store(),
    });
    expect(q.confirmLeave!(win)).toBe(true);
    expect(calls[0]![0]).toBe(parent);
    expect(await q.media!.ask(ID, 'jupyter-1', undefined)).toBe(false);
    expect(calls[1]).toHaveLength(1);
  });
});
