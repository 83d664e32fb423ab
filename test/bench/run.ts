// `npm run bench`: runs every benchmark once and prints its figures, targets and ratios.
// Benchmarks measure speed; tests never do.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One measured figure. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
}

const here = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const all: Record<string, BenchResult[]> = {};
let failedTargets = 0;
for (const file of files) {
  console.log(`\n## ${file}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run?: () => Promise<BenchResult[]> };
  if (typeof mod.run !== 'function') {
    console.log('  (no run() export)');
    continue;
  }
  const results = await mod.run();
  all[file] = results;
  for (const r of results) {
    const verdict = r.pass === undefined ? '' : r.pass ? '  ✓' : '  ✗ (misses target)';
    if (r.pass === false) failedTargets++;
    const value = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(r.value < 10 ? 2 : 1);
    console.log(`  ${r.name}: ${value} ${r.unit}${r.target ? `  [target ${r.target}]` : ''}${verdict}`);
  }
}
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  join('bench-results', 'latest.json'),
  JSON.stringify({ at: new Date().toISOString(), results: all }, null, 2),
);
console.log(
  `\n${failedTargets === 0 ? 'All targets met.' : `${failedTargets} target(s) missed.`} Figures saved to bench-results/latest.json`,
);
