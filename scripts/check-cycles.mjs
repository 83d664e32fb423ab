#!/usr/bin/env node
// No import cycles in electron/ or renderer/src: madge builds the import graph of the
// TypeScript (type-only imports count: a cycle of types is still two modules that cannot be
// read apart); madge does not read Svelte components, so the imports in their <script> blocks
// are added here, and the cycles are looked for in the whole graph. Exit 1 on any cycle not
// listed in ELSEWHERE (none now); those are printed, so a run says what is left.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import madge from 'madge';
import { repoRootOf } from './paths.mjs';

const root = repoRootOf(import.meta.url);
const ROOTS = ['electron', 'renderer/src'];

// Cycles known and being removed, written as `a > b`, from the file that sorts first. Each is
// reported, not failed; delete the line once it is gone. None now.
const ELSEWHERE = new Map([]);

/** Relative imports in a Svelte component's script blocks, as repository paths. */
function svelteImports(file) {
  const text = readFileSync(join(root, file), 'utf8');
  const out = [];
  for (const block of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const m of block[1].matchAll(
      /(?:import|export)\s+(?:type\s+)?(?:[\s\S]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/g,
    )) {
      const target = relative(root, resolve(root, dirname(file), m[1])).replaceAll('\\', '/');
      out.push(target.endsWith('.js') ? target.replace(/\.js$/, '.ts') : target);
    }
  }
  return out;
}

/**
 * Cycles of the graph, each from the file that sorts first in it: a search from every file
 * through the files after it. Each edge is followed once per start, so every file on a cycle
 * shows at least one cycle through it (enough to fail, and to say where).
 */
function cyclesOf(graph) {
  const nodes = Object.keys(graph).sort();
  const found = new Map();
  for (const start of nodes) {
    const stack = [[start, [start]]];
    const seen = new Set();
    while (stack.length) {
      const [node, path] = stack.pop();
      for (const next of graph[node] ?? []) {
        // Only cycles whose smallest file is `start`: each cycle is found from one place.
        if (next === start) found.set(path.join(' > '), path);
        else if (next > start && !path.includes(next) && !seen.has(`${node}>${next}`)) {
          seen.add(`${node}>${next}`);
          stack.push([next, [...path, next]]);
        }
      }
    }
  }
  return [...found.values()];
}

const result = await madge(ROOTS, {
  baseDir: root,
  fileExtensions: ['ts', 'svelte'],
  tsConfig: join(root, 'tsconfig.node.json'),
  detectiveOptions: { ts: { skipTypeImports: false } },
});
const graph = result.obj();
let svelteEdges = 0;
for (const file of Object.keys(graph)) {
  if (!file.endsWith('.svelte')) continue;
  const extra = svelteImports(file).filter((f) => !graph[file].includes(f));
  svelteEdges += extra.length;
  graph[file] = [...graph[file], ...extra];
}

const cycles = cyclesOf(graph);
const files = Object.keys(graph).length;
const unexpected = cycles.filter((c) => !ELSEWHERE.has(c.join(' > ')));
const known = cycles.filter((c) => ELSEWHERE.has(c.join(' > ')));
console.log(
  `${files} files (${Object.keys(graph).filter((f) => f.endsWith('.svelte')).length} Svelte components, ${svelteEdges} of their imports read here), ${cycles.length} import cycle(s).`,
);
for (const c of known) console.log(`  left to ${ELSEWHERE.get(c.join(' > '))}: ${c.join(' > ')} > ${c[0]}`);
for (const key of ELSEWHERE.keys())
  if (!cycles.some((c) => c.join(' > ') === key)) console.log(`  gone, remove it from ELSEWHERE: ${key}`);
for (const c of unexpected) console.error(`  CYCLE: ${c.join(' > ')} > ${c[0]}`);
process.exit(unexpected.length === 0 ? 0 : 1);
