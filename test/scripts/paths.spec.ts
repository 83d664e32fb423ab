import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binScript, npmCommand, repoRootOf } from '../../scripts/paths.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('repoRootOf', () => {
  it('turns a Windows file URL into a drive path, spaces decoded', () => {
    const url = 'file:///C:/Users/Ann%20Lee/My%20Projects/lfr-launcher/scripts/test.mjs';
    expect(repoRootOf(url, { windows: true })).toBe('C:\\Users\\Ann Lee\\My Projects\\lfr-launcher\\');
    // what `new URL('..', url).pathname` gave, which no file API can open
    expect(repoRootOf(url, { windows: true })).not.toBe(new URL('..', url).pathname);
  });

  it('decodes a POSIX path with a space', () => {
    expect(repoRootOf('file:///home/ann/lfr%20launcher/scripts/start.mjs', { windows: false })).toBe(
      '/home/ann/lfr launcher/',
    );
  });

  it('is the checkout for the scripts themselves', () => {
    expect(path.resolve(repoRootOf(new URL('../../scripts/test.mjs', import.meta.url)))).toBe(
      path.resolve(repo),
    );
  });
});

describe('binScript and npmCommand', () => {
  it("finds a package's JavaScript entry, not the .bin shim", () => {
    expect(binScript(repo, 'typescript', 'tsc')).toBe(
      path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'),
    );
    expect(binScript(repo, '@playwright/test', 'playwright')).toBe(
      path.join(repo, 'node_modules', '@playwright', 'test', 'cli.js'),
    );
    expect(binScript(repo, 'svelte-check')).toBe(
      path.join(repo, 'node_modules', 'svelte-check', 'bin', 'svelte-check'),
    );
    expect(() => binScript(repo, 'typescript', 'nope')).toThrow(/no command nope/);
  });

  it("runs npm's own script with this Node when npm started us (Windows has only npm.cmd)", () => {
    const cli = 'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js';
    expect(npmCommand({ npm_execpath: cli }, 'win32')).toEqual({ cmd: process.execPath, args: [cli] });
    expect(npmCommand({}, 'win32')).toEqual({ cmd: 'npm.cmd', args: [], shell: true });
    expect(npmCommand({}, 'linux')).toEqual({ cmd: 'npm', args: [], shell: false });
  });
});

describe('the scripts', () => {
  it('never take a file path from a URL pathname', async () => {
    const dir = path.join(repo, 'scripts');
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.mjs'))) {
      const text = await readFile(path.join(dir, name), 'utf8');
      expect(text, name).not.toMatch(/import\.meta\.url\)\s*\.pathname/);
    }
  });

  // A checkout in a folder with a space, as on many Windows profiles ("C:\Users\Ann Lee").
  let spaced = '';
  beforeAll(async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'lfr paths-'));
    spaced = path.join(base, 'my checkout');
    await mkdir(path.join(spaced, 'scripts'), { recursive: true });
    for (const f of [
      'start.mjs',
      'electron-binary.mjs',
      'paths.mjs',
      'build-electron.mjs',
      'esbuild-shared.mjs',
    ])
      await cp(path.join(repo, 'scripts', f), path.join(spaced, 'scripts', f));
    await writeFile(
      path.join(spaced, 'package.json'),
      JSON.stringify({ name: 'x', type: 'module', dependencies: {} }),
    );
  });
  afterAll(async () => {
    if (spaced) await rm(path.dirname(spaced), { recursive: true, force: true });
  });

  it.skipIf(process.platform === 'win32')('npm start finds Electron and hands it the checkout', async () => {
    // A stand-in Electron binary that records its arguments.
    const electronDir = path.join(spaced, 'node_modules', 'electron');
    await mkdir(path.join(electronDir, 'dist'), { recursive: true });
    await writeFile(path.join(electronDir, 'path.txt'), 'electron');
    const record = path.join(spaced, 'argv.json');
    await writeFile(
      path.join(electronDir, 'dist', 'electron'),
      `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`,
    );
    await chmod(path.join(electronDir, 'dist', 'electron'), 0o755);
    const r = spawnSync(process.execPath, [path.join(spaced, 'scripts', 'start.mjs'), '--demo'], {
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/No Electron binary/);
    expect(r.status).toBe(0);
    const argv = JSON.parse(await readFile(record, 'utf8')) as string[];
    expect(path.resolve(argv[0] ?? '')).toBe(path.resolve(spaced));
    expect(argv.slice(1)).toEqual(['--demo']);
    await rm(path.join(spaced, 'node_modules'), { recursive: true, force: true });
  });

  it('npm run build:electron builds main and preload there', { timeout: 60_000 }, async () => {
    await cp(path.join(repo, 'electron'), path.join(spaced, 'electron'), { recursive: true });
    await symlink(path.join(repo, 'node_modules'), path.join(spaced, 'node_modules'), 'junction');
    await cp(path.join(repo, 'package.json'), path.join(spaced, 'package.json'));
    const r = spawnSync(process.execPath, [path.join(spaced, 'scripts', 'build-electron.mjs')], {
      encoding: 'utf8',
      cwd: spaced,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    await expect(readFile(path.join(spaced, 'dist', 'main', 'index.js'), 'utf8')).resolves.toMatch(
      /requestSingleInstanceLock/,
    );
    await expect(readFile(path.join(spaced, 'dist', 'preload', 'index.cjs'), 'utf8')).resolves.toMatch(
      /exposeInMainWorld/,
    );
  });
});
