import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createSessionHandoff, type HandoffDeps } from '../../electron/core/session-handoff.js';

const URL_OK = 'https://host.example:8443/?authToken=tok#sess-1';

function deps(o: Partial<HandoffDeps> & { spawnFails?: boolean } = {}) {
  const spawned: { command: string; args: string[]; file: string; detached?: boolean }[] = [];
  const opened: string[] = [];
  const d: HandoffDeps = {
    platform: 'linux',
    env: { PATH: '/opt/dcv/bin' },
    tmpDir: mkdtempSync(join(tmpdir(), 'lfr-handoff-')),
    exists: async (p) => p === '/opt/dcv/bin/dcvviewer',
    spawn(command, args, options) {
      const child = Object.assign(new EventEmitter(), { unref: () => undefined });
      spawned.push({
        command,
        args,
        file: existsSync(args[0]!) ? readFileSync(args[0]!, 'utf8') : '',
        detached: options.detached,
      });
      setTimeout(() => (o.spawnFails ? child.emit('error', new Error('ENOENT')) : child.emit('spawn')), 1);
      return child;
    },
    openExternal: async (u) => void opened.push(u),
    applicationNameForProtocol: () => '',
    log: { info: () => undefined },
    ...o,
  };
  return { d, spawned, opened };
}

describe('handing a session to the DCV client', () => {
  it('starts dcvviewer detached with a connection file holding the session', async () => {
    const t = deps();
    const h = createSessionHandoff(t.d);
    expect(await h.dcvClient()).toMatchObject({ found: true, path: '/opt/dcv/bin/dcvviewer' });
    expect(await h.openInDcvClient(URL_OK)).toEqual({ ok: true });
    expect(t.spawned).toEqual([
      {
        command: '/opt/dcv/bin/dcvviewer',
        args: [expect.stringMatching(/\.dcv$/)],
        file: expect.stringContaining('authtoken=tok'),
        detached: true,
      },
    ]);
  });

  it('reports a client that fails to start', async () => {
    const t = deps({ spawnFails: true });
    expect(await createSessionHandoff(t.d).openInDcvClient(URL_OK)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/did not start: ENOENT/),
    });
  });

  it('uses the registered dcv: handler on Windows when no install folder is found', async () => {
    const t = deps({
      platform: 'win32',
      env: {},
      exists: async () => false,
      applicationNameForProtocol: () => 'DCV Viewer',
    });
    const h = createSessionHandoff(t.d);
    expect(await h.openInDcvClient(URL_OK)).toEqual({ ok: true });
    expect(t.opened).toEqual(['dcv://host.example:8443/?authToken=tok#sess-1']);
    expect(t.spawned).toHaveLength(0);
  });

  it('finds a client installed after the first look', async () => {
    let installed = false;
    const t = deps({ exists: async () => installed });
    const h = createSessionHandoff(t.d);
    expect((await h.dcvClient()).found).toBe(false);
    installed = true;
    expect((await h.dcvClient()).found).toBe(true);
  });
});
