import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

// scripts/self-check.mjs in a throwaway checkout (with a space in its path).
let checkout = '';
beforeAll(async () => {
  checkout = path.join(await mkdtemp(path.join(tmpdir(), 'lfr self-check-')), 'check out');
  await mkdir(path.join(checkout, 'scripts'), { recursive: true });
  for (const f of ['self-check.mjs', 'electron-binary.mjs', 'paths.mjs'])
    await cp(path.join(repo, 'scripts', f), path.join(checkout, 'scripts', f));
});
afterAll(async () => {
  if (checkout) await rm(path.dirname(checkout), { recursive: true, force: true });
});

const run = (env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(checkout, 'scripts', 'self-check.mjs')], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', DISPLAY: ':99', ...env },
  });

describe('npm run self-check', () => {
  it('says plainly that nothing ran without an Electron binary, and does not pass', () => {
    const r = run();
    expect(r.stderr).toMatch(/^self-check: not run: no Electron binary/);
    expect(r.status).toBe(2);
  });

  it.skipIf(process.platform === 'win32')(
    "runs the app with --self-check and passes on the app's exit code",
    async () => {
      const dist = path.join(checkout, 'node_modules', 'electron', 'dist');
      await mkdir(dist, { recursive: true });
      await writeFile(path.join(checkout, 'node_modules', 'electron', 'path.txt'), 'electron');
      const record = path.join(checkout, 'argv.json');
      // a stand-in app whose self-check fails
      await writeFile(
        path.join(dist, 'electron'),
        `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\nprocess.exit(1);\n`,
      );
      await chmod(path.join(dist, 'electron'), 0o755);
      const r = run();
      expect(r.status).toBe(1);
      const argv = JSON.parse(await readFile(record, 'utf8')) as string[];
      expect(path.resolve(argv[0]!)).toBe(path.resolve(checkout));
      expect(argv.slice(1)).toEqual(['--self-check']);
    },
  );
});
