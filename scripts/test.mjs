#!/usr/bin/env node
// The whole test run, in the order a reviewer wants to read it: type checks, lint, the import
// cycle check, the Electron security scan, unit + integration tests (vitest), the build, the Chromium e2e
// suite, and the Electron e2e suite when an Electron binary exists. Every stage runs even
// after a failure so one run shows everything; the last line is the plain
// `N passed, N failed, N skipped` summary CI counts.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { binScript, npmCommand, repoRootOf } from './paths.mjs';

const root = repoRootOf(import.meta.url);
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
// Each tool runs as `node <its script>`: no .bin shims, so no shell and no quoting, which is
// what works on Windows and in a folder with a space.
const tools = {
  tsc: ['typescript', 'tsc'],
  'svelte-check': ['svelte-check'],
  eslint: ['eslint'],
  vitest: ['vitest'],
  playwright: ['@playwright/test', 'playwright'],
  prettier: ['prettier'],
};
const tool = (name, args) => [process.execPath, [binScript(root, ...tools[name]), ...args]];
const npm = npmCommand();
const npmRun = (script) => [npm.cmd, [...npm.args, 'run', '--silent', script], { shell: npm.shell }];

const tally = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(title, cmd, args, opts = {}) {
  console.log(`\n=== ${title}: ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    shell: opts.shell ?? false,
    env: { ...process.env, ...opts.env },
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const ok = r.status === 0;
  console.log(`=== ${title}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${secs}s`);
  return ok;
}

/** A check stage counts as one test. */
function check(title, cmd, args, opts) {
  const ok = run(title, cmd, args, opts);
  if (ok) tally.passed++;
  else tally.failed++;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${title}`);
  return ok;
}

/** Run one stage with its output kept, to print when its turn comes. */
function runCaptured(title, cmd, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks = [];
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, FORCE_COLOR: '1' } });
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (err) => chunks.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code, signal) =>
      resolve({
        title,
        cmd,
        args,
        code,
        signal,
        output: Buffer.concat(chunks),
        secs: (Date.now() - started) / 1000,
      }),
    );
  });
}

/** Check stages side by side (as many as there are cores), each printed whole, in order. */
async function checks(stages) {
  const started = Date.now();
  const width = Math.max(1, Math.min(stages.length, availableParallelism()));
  const results = new Array(stages.length);
  let next = 0;
  const worker = async () => {
    while (next < stages.length) {
      const i = next++;
      const [title, cmd, args] = stages[i];
      results[i] = await runCaptured(title, cmd, args);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  for (const r of results) {
    console.log(`\n=== ${r.title}: ${[r.cmd, ...r.args].join(' ')}`);
    process.stdout.write(r.output);
    const ok = r.code === 0;
    console.log(
      `=== ${r.title}: ${ok ? 'ok' : `FAILED (exit ${r.code ?? r.signal})`} in ${r.secs.toFixed(1)}s`,
    );
    if (ok) tally.passed++;
    else tally.failed++;
    lines.push(`${ok ? 'ok  ' : 'FAIL'} ${r.title}`);
  }
  console.log(
    `=== ${stages.length} checks, ${width} at a time: ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** A test-runner stage counts its own tests from its JSON report. */
function suite(title, cmd, args, report, count, opts) {
  rmSync(report, { force: true });
  const ok = run(title, cmd, args, opts);
  const json = readJson(report);
  if (!json) {
    tally.failed++;
    lines.push(`FAIL ${title}: no report (${report})`);
    return;
  }
  const c = count(json);
  tally.passed += c.passed;
  tally.failed += c.failed;
  tally.skipped += c.skipped;
  if (!ok && c.failed === 0) {
    tally.failed++;
    lines.push(`FAIL ${title}: runner failed outside tests`);
  }
  lines.push(
    `${ok ? 'ok  ' : 'FAIL'} ${title}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`,
  );
}

const vitestCount = (j) => ({
  passed: j.numPassedTests ?? 0,
  failed: (j.numFailedTests ?? 0) + (j.numRuntimeErrorTestSuites ?? 0),
  skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
});
const playwrightCount = (j) => ({
  passed: (j.stats?.expected ?? 0) + (j.stats?.flaky ?? 0),
  failed: j.stats?.unexpected ?? 0,
  skipped: j.stats?.skipped ?? 0,
});

// The check stages are independent and mostly single-threaded: they run side by side, as many
// at once as the machine has cores, and each one's output is printed whole, in this order.
await checks([
  ['typecheck node (core, shared, simulator, cli, tests)', ...tool('tsc', ['-p', 'tsconfig.node.json'])],
  ['typecheck electron (main, preload)', ...tool('tsc', ['-p', 'tsconfig.electron.json'])],
  [
    'svelte-check (renderer)',
    ...tool('svelte-check', [
      '--tsconfig',
      'renderer/tsconfig.json',
      '--fail-on-warnings',
      '--output',
      'human',
    ]),
  ],
  ['lint (eslint; electron stays out of core, shared and renderer)', ...tool('eslint', ['.'])],
  ['formatting (prettier --check; `npx prettier --write .` fixes it)', ...tool('prettier', ['--check', '.'])],
  ['no import cycles (madge, Svelte components included)', process.execPath, ['scripts/check-cycles.mjs']],
  [
    'electronegativity (no HIGH finding, MEDIUM only with a reason)',
    process.execPath,
    ['scripts/electronegativity.mjs'],
  ],
]);
suite(
  'unit + integration (vitest)',
  ...tool('vitest', [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${join(results, 'vitest.json')}`,
  ]),
  join(results, 'vitest.json'),
  vitestCount,
);
check('build renderer (vite)', ...npmRun('build:renderer'));
check('build electron main + preload (esbuild)', ...npmRun('build:electron'));
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  console.log(
    '\n=== e2e in Chromium: Chromium not found at /usr/bin/chromium: install it with `apt-get install -y chromium` (Debian) or set CHROMIUM_PATH',
  );
}
suite(
  'e2e in Chromium (playwright)',
  ...tool('playwright', ['test', '--config', 'test/e2e-browser/playwright.config.ts']),
  join(results, 'e2e-browser.json'),
  playwrightCount,
  { env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(results, 'e2e-browser.json') } },
);

const electronPath = spawnSync(process.execPath, ['scripts/electron-binary.mjs'], {
  cwd: root,
  encoding: 'utf8',
}).stdout?.trim();
if (!electronPath) {
  // The suite itself skips each test without a binary, so the count shows what did not run.
  console.log(
    '\n=== e2e in Electron: skipped: no Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?); run `npm rebuild electron` where it can be downloaded',
  );
}
suite(
  electronPath ? 'e2e in Electron (playwright _electron)' : 'e2e in Electron (skipped: no Electron binary)',
  ...tool('playwright', ['test', '--config', 'test/e2e-electron/playwright.config.ts']),
  join(results, 'e2e-electron.json'),
  playwrightCount,
  { env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(results, 'e2e-electron.json') } },
);

console.log('\n=== Summary');
for (const l of lines) console.log(l);
console.log(`${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed === 0 ? 0 : 1);
