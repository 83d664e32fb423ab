// .github/workflows/ci.yml cannot run here (no Electron binary, no runners), so it is checked:
// against GitHub's workflow schema by @action-validator/core (SchemaStore's schema, compiled
// to WebAssembly), and for what it must do: the README's test command on the three desktop
// runners (under Xvfb on Linux, with Electron downloaded normally), then `npm run dist` with the
// installers uploaded.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  strategy?: { matrix: { os?: string[]; include?: { os: string }[] } };
  steps: Step[];
}

let text = '';
let workflow: { on: Record<string, unknown>; jobs: Record<string, Job> };
beforeAll(async () => {
  text = await readFile(path.join(root, '.github/workflows/ci.yml'), 'utf8');
  workflow = parse(text) as typeof workflow;
});

const errorsOf = (src: string) =>
  validateWorkflow(src).errors.map(
    (e) => `${'path' in e ? e.path : ''} ${e.title}${e.detail ? `: ${e.detail}` : ''}`,
  );
const osOf = (job: Job) => job.strategy?.matrix.os ?? job.strategy?.matrix.include?.map((i) => i.os) ?? [];
const runs = (job: Job) =>
  job.steps.filter((s) => s.run).map((s) => ({ run: s.run!.trim(), if: s.if ?? '' }));

describe('.github/workflows/ci.yml', () => {
  it("is a valid GitHub Actions workflow (GitHub's schema)", () => {
    expect(errorsOf(text)).toEqual([]);
  });

  it('the lint is live: a misspelt key or a bad value is reported', () => {
    expect(errorsOf(text.replace('runs-on: ${{ matrix.os }}', 'runs_on: ${{ matrix.os }}'))).not.toEqual([]);
    expect(errorsOf(text.replace('timeout-minutes: 45', 'timeout-minutes: soon'))).not.toEqual([]);
  });

  it("runs the README's test command on Ubuntu, macOS and Windows, under Xvfb on Linux", async () => {
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    // the command the README tells everyone to run
    expect(readme).toMatch(/^bash scripts\/dev\.sh test\b/m);
    const test = workflow.jobs.test!;
    expect(osOf(test).sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    const steps = runs(test);
    expect(steps).toContainEqual({ run: 'xvfb-run -a bash scripts/dev.sh test', if: "runner.os == 'Linux'" });
    expect(steps).toContainEqual({ run: 'bash scripts/dev.sh test', if: "runner.os != 'Linux'" });
  });

  it('downloads Electron normally, so the Electron suite runs, and keeps the sandbox on', () => {
    expect(text).not.toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD/);
    expect(text).not.toMatch(/no-sandbox/);
  });

  it('builds the installers with npm run dist after the tests and uploads them', () => {
    const dist = workflow.jobs.installers!;
    expect(dist.needs).toBe('test');
    expect(osOf(dist).sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    expect(runs(dist).map((s) => s.run)).toContain('npm run dist -- --publish never');
    const upload = dist.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const paths = String(upload?.with?.path ?? '')
      .split('\n')
      .filter(Boolean);
    expect(paths).toEqual(['release/*.deb', 'release/*.AppImage', 'release/*.dmg', 'release/*.exe']);
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });

  it('only reads the repository', () => {
    expect(parse(text).permissions).toEqual({ contents: 'read' });
  });
});
