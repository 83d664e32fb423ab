#!/usr/bin/env node
// The suites under load: CPU-bound processes compete for the cores while the tests run, as on a
// busy CI runner or a shared machine. A test that passes idle but fails here depends on the
// machine's speed. Use it before saying a timing-related change is done.
//
//   npm run test:under-load                        the Vitest projects, four hogs
//   npm run test:under-load -- --hogs 2 --browser  the Chromium e2e suite, two hogs
//   npm run test:under-load -- --repeat 20 test/core/warm-start.spec.ts
//
// Arguments it does not know go to the runner (a spec file, --project unit, …). The hogs are
// stopped when the run ends, however it ends; each also stops itself once this script is gone.
import { spawn } from 'node:child_process';
import { binScript, repoRootOf } from './paths.mjs';

const root = repoRootOf(import.meta.url);

/** --hogs N, --repeat N, --browser; the rest is passed on. */
function parseArgs(argv) {
  const opts = { hogs: 4, repeat: 1, browser: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (name) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number, got ${argv[i]}`);
      return n;
    };
    if (a === '--hogs') opts.hogs = num('--hogs');
    else if (a === '--repeat') opts.repeat = Math.max(1, num('--repeat'));
    else if (a === '--browser') opts.browser = true;
    else opts.rest.push(a);
  }
  return opts;
}

// Spins; every few million turns checks that its parent still exists, so a hog never outlives
// a run that was killed (SIGKILL leaves no chance to clean up).
const HOG = `const p = process.ppid; for (let i = 0; ; i++) if ((i & 0xffffff) === 0) { try { process.kill(p, 0); } catch { process.exit(0); } }`;

function startHogs(n) {
  const hogs = [];
  for (let i = 0; i < n; i++) hogs.push(spawn(process.execPath, ['-e', HOG], { stdio: 'ignore' }));
  return hogs;
}

function stopHogs(hogs) {
  for (const h of hogs) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
}

/** The runner of the run going on, so that stopping this script stops it too. */
let current;

function runOnce(opts) {
  const args = opts.browser
    ? [
        binScript(root, '@playwright/test', 'playwright'),
        'test',
        '--config',
        'test/e2e-browser/playwright.config.ts',
        ...opts.rest,
      ]
    : [binScript(root, 'vitest'), 'run', ...opts.rest];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    current = child;
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const hogs = startHogs(opts.hogs);
  const stop = () => stopHogs(hogs);
  process.on('exit', stop);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      stop();
      if (current && current.exitCode === null) current.kill(sig);
      process.exit(130);
    });
  }
  const what = opts.browser ? 'Chromium e2e suite' : 'Vitest projects';
  const results = [];
  try {
    for (let i = 1; i <= opts.repeat; i++) {
      console.log(`\n=== ${what} with ${opts.hogs} CPU-bound processes, run ${i} of ${opts.repeat}`);
      const started = Date.now();
      const code = await runOnce(opts);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      results.push(code);
      console.log(`=== run ${i}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${secs}s`);
    }
  } finally {
    stop();
  }
  const failed = results.filter((c) => c !== 0).length;
  console.log(
    `\n=== under load (${opts.hogs} hogs): ${results.length - failed} of ${results.length} runs passed`,
  );
  process.exitCode = failed ? 1 : 0;
}

await main();
