#!/usr/bin/env node
// Security gate over the Electron shell: runs @doyensec/electronegativity on electron/main and
// electron/preload (TypeScript, parsed by its Babel TypeScript plugin) and decides pass/fail:
//   - any parse error                       -> fail (a file it cannot read is a file it did not check)
//   - any HIGH finding                      -> fail, even when annotated: HIGH cannot be waived
//                                              (an explicit `nodeIntegration: true` counts as HIGH)
//   - a MEDIUM finding without annotation   -> fail; waive it with, on the same line (or the
//                                              file's first line for the whole file):
//                                              // eng-disable CHECK_NAME -- reason
//   - an eng-disable comment with no reason -> fail
//   - a MEDIUM whole-app finding (no file, e.g. CSP_GLOBAL_CHECK) is waived by an annotation
//     naming it, with a reason, anywhere in the scanned sources
//   - LOW and INFORMATIONAL findings are reported, not failing
// Writes test-results/electronegativity.json (our verdict + raw findings) and .sarif, prints a
// one-line summary. Usage: node scripts/electronegativity.mjs [--out DIR] [DIR_OR_FILE...]
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const DEFAULT_INPUTS = ['electron/main', 'electron/preload'];
const SOURCE_EXT = /\.(?:ts|tsx|mts|cts|js|mjs|cjs|jsx|html?)$/i;
// Needs the network (downloads Electron's release list from GitHub); the Electron version is
// pinned in package.json and kept current by dependency updates instead.
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];
// `eng-disable NAMES -- reason` (also `:` or an em dash before the reason). Electronegativity
// itself only reads the [\w \t]+ run after `eng-disable`, so the reason after the separator is
// invisible to it and cannot accidentally disable another check.
const ANNOTATION = /(?:\/\*|\/\/|<!--)[ \t]*eng-disable[ \t]+([\w \t,]*)(?:(?:--|:|\u2014)[ \t]*([^\n]*))?/gi;

/** Loads electronegativity with its network calls cut off. */
function loadElectronegativity() {
  // It fetches translations from S3 and release notes from GitHub through `got` on every run.
  // Tests and CI here have no network (and must not call out), so `got` is replaced in the
  // require cache by a stub that fails at once: both callers already fall back to local data.
  const fromPkg = createRequire(require.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = fromPkg.resolve('got');
  const offline = () => Promise.reject(new Error('network disabled by scripts/electronegativity.mjs'));
  offline.head = offline;
  offline.get = offline;
  require.cache[gotPath] = {
    id: gotPath,
    filename: gotPath,
    loaded: true,
    exports: Object.assign(offline, { default: offline }),
  };
  const mod = require('@doyensec/electronegativity');
  return typeof mod === 'function' ? mod : mod.default;
}

/** Electron version the app ships with, so checks use that version's defaults. */
function electronVersion() {
  try {
    return require(path.join(repoRoot, 'node_modules/electron/package.json')).version;
  } catch {
    return undefined;
  }
}

async function exists(p) {
  try {
    return await stat(p);
  } catch {
    return undefined;
  }
}

async function listSources(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...(await listSources(full)));
    } else if (entry.isFile() && SOURCE_EXT.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

/** Every eng-disable annotation in a source text, with its line (1-based) and reason. */
export function findAnnotations(text) {
  const found = [];
  for (const m of text.matchAll(ANNOTATION)) {
    const line = text.slice(0, m.index).split('\n').length;
    const checks = (m[1] ?? '').split(/[\s,]+/).filter(Boolean);
    const reason = (m[2] ?? '').replace(/\*\/.*$|-->.*$/, '').trim();
    found.push({ line, checks, reason });
  }
  return found;
}

// Electronegativity rates an explicit `nodeIntegration: true` only INFORMATIONAL (its HIGH is for
// an old Electron's insecure default). DESIGN.md forbids node integration in every renderer, so a
// literal true (not a variable the tool could not resolve) counts as HIGH here.
const ESCALATE_TO_HIGH = new Set([
  'NODE_INTEGRATION_JS_CHECK',
  'NODE_INTEGRATION_HTML_CHECK',
  'NODE_INTEGRATION_ATTACH_EVENT_JS_CHECK',
]);

function severityName(issue) {
  const name = issue?.severity?.name ?? 'UNKNOWN';
  return ESCALATE_TO_HIGH.has(issue?.id) && !issue?.manualReview ? 'HIGH' : name;
}

function toRepoPath(file, stageRoot, mapping) {
  if (!file || file === 'N/A') return 'N/A';
  const rel = path.isAbsolute(file) ? path.relative(stageRoot, file) : file;
  const key = rel.split(path.sep).join('/');
  return mapping.get(key) ?? key;
}

/** Staged location of a source: its repo-relative path, or external/... when outside cwd. */
function stagedName(repoRel, index) {
  const name =
    repoRel.startsWith('../') || path.isAbsolute(repoRel)
      ? `external/${index}/${path.basename(repoRel)}`
      : repoRel;
  // Electronegativity only lists .js/.jsx/.ts/.tsx/.html: module-flavoured extensions get a
  // suffix it knows, or those files would be skipped without a word.
  return name.replace(/\.([mc])js$/i, '.$1js.js').replace(/\.([mc])ts$/i, '.$1ts.ts');
}

/**
 * Scans `inputs` (directories or files, relative to cwd) and returns the verdict.
 * Never throws for findings; throws only when electronegativity itself cannot start.
 */
export async function scan({
  inputs = DEFAULT_INPUTS,
  cwd = repoRoot,
  outDir = path.join(repoRoot, 'test-results'),
} = {}) {
  const problems = [];
  const notes = [];
  const stage = await mkdtemp(path.join(tmpdir(), 'lfr-eng-'));
  // staged relative path -> repo-relative path, for messages and the JSON report
  const mapping = new Map();
  const sources = new Map();
  try {
    const stageRoot = path.join(stage, 'src');
    // Electronegativity takes one input, and its global checks (navigation limits, permission
    // handlers) must see main and preload together, so both are copied into one staging tree;
    // the copy also freezes files another engineer or an editor is writing at this moment.
    for (const input of inputs) {
      const abs = path.resolve(cwd, input);
      const st = await exists(abs);
      if (!st) {
        notes.push(`${input}: not found, skipped`);
        continue;
      }
      const files = st.isDirectory() ? await listSources(abs) : [abs];
      for (const file of files) {
        const repoRel = path.relative(cwd, file).split(path.sep).join('/');
        const name = stagedName(repoRel, mapping.size);
        const staged = path.join(stageRoot, name);
        await mkdir(path.dirname(staged), { recursive: true });
        // read once and write the same bytes, so the scan and the annotation pass agree
        const text = await readFile(file, 'utf8');
        await writeFile(staged, text);
        mapping.set(name, repoRel);
        sources.set(repoRel, text);
      }
    }
    if (sources.size === 0) {
      problems.push({ kind: 'no-input', message: `nothing to scan in ${inputs.join(', ')}` });
      return await report({ outDir, problems, notes, issues: [], errors: [], sources });
    }

    await mkdir(outDir, { recursive: true });
    const run = loadElectronegativity();
    const version = electronVersion();
    const quiet = muteConsole();
    let result;
    try {
      result = await run({
        input: stageRoot,
        output: path.join(outDir, 'electronegativity.sarif'),
        isSarif: true,
        isRelative: true,
        excludeFromScan: EXCLUDED_CHECKS,
        electronVersionOverride: version,
        electronVersion: version,
        severitySet: 'informational',
        confidenceSet: 'tentative',
      });
    } finally {
      quiet.restore();
    }
    const errors = (result.errors ?? []).map((e) => ({
      file: toRepoPath(e.file, stageRoot, mapping),
      message: String(e.message),
      tolerable: Boolean(e.tolerable),
    }));
    for (const e of errors)
      problems.push({ kind: 'parse-error', file: e.file, message: `cannot parse: ${e.message}` });

    const issues = (result.issues ?? []).map((i) => ({
      id: i.id,
      severity: severityName(i),
      confidence: i?.confidence?.name ?? 'UNKNOWN',
      file: toRepoPath(i.file, stageRoot, mapping),
      line: i?.location?.line ?? 0,
      column: i?.location?.column ?? 0,
      description: i.description,
      manualReview: Boolean(i.manualReview),
    }));

    const waived = [];
    const annotations = [...sources].flatMap(([file, text]) =>
      findAnnotations(text).map((a) => ({ file, ...a })),
    );
    for (const issue of issues) {
      // Whole-app findings (file "N/A", e.g. CSP_GLOBAL_CHECK when the CSP is sent by a protocol
      // handler the tool cannot see) have no line to annotate: an annotation naming the check,
      // with a reason, anywhere in the scanned sources waives a MEDIUM one.
      if (
        issue.file === 'N/A' &&
        issue.severity === 'MEDIUM' &&
        annotations.some((a) => a.reason.length >= 3 && a.checks.some((c) => c.toUpperCase() === issue.id))
      ) {
        waived.push(issue);
        continue;
      }
      const where = issue.file === 'N/A' ? '(whole app)' : `${issue.file}:${issue.line}`;
      if (issue.severity === 'HIGH') {
        problems.push({
          kind: 'high',
          ...issue,
          message: `HIGH ${issue.id} at ${where}: ${issue.description}`,
        });
      } else if (issue.severity === 'MEDIUM') {
        problems.push({
          kind: 'medium-unannotated',
          ...issue,
          message: `MEDIUM ${issue.id} at ${where} needs a fix or "// eng-disable ${issue.id} -- reason": ${issue.description}`,
        });
      }
    }

    // Electronegativity misses `nodeIntegration: true` when `sandbox: false` sits next to it (its
    // sandbox branch drops the node-integration locations), so literal enabling is also caught here.
    for (const [repoRel, text] of sources) {
      text.split('\n').forEach((lineText, i) => {
        const m = /\b(nodeIntegration(?:InWorker|InSubFrames)?)['"]?\s*:\s*true\b/.exec(lineText);
        if (!m || /eng-disable/i.test(lineText)) return;
        const line = i + 1;
        if (
          problems.some(
            (p) =>
              p.kind === 'high' &&
              p.file === repoRel &&
              p.line === line &&
              p.id === 'NODE_INTEGRATION_JS_CHECK',
          )
        )
          return;
        problems.push({
          kind: 'high',
          id: 'NODE_INTEGRATION_JS_CHECK',
          severity: 'HIGH',
          file: repoRel,
          line,
          message: `HIGH ${m[1]}: true at ${repoRel}:${line}: DESIGN.md forbids node integration in every renderer`,
        });
      });
    }

    // Annotations: each needs a reason, and none may waive a HIGH finding. Electronegativity drops
    // annotated findings from its result, so HIGH waivers are found by scanning a second copy of
    // the tree with every annotation neutralised (same length, so lines and columns stay put).
    const neutral = path.join(stage, 'neutral');
    for (const a of annotations) {
      if (a.checks.length === 0 || a.reason.length < 3) {
        problems.push({
          kind: 'annotation-without-reason',
          file: a.file,
          line: a.line,
          message: `${a.file}:${a.line}: eng-disable needs a check name and a reason ("// eng-disable CHECK_NAME -- why it is safe here")`,
        });
      }
    }
    if (annotations.length > 0) {
      for (const [staged, repoRel] of mapping) {
        const target = path.join(neutral, staged);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, (sources.get(repoRel) ?? '').replace(/eng-disable/gi, 'eng+disable'));
      }
      const q2 = muteConsole();
      let unannotated;
      try {
        unannotated = await run({
          input: neutral,
          excludeFromScan: EXCLUDED_CHECKS,
          electronVersionOverride: version,
          electronVersion: version,
        });
      } finally {
        q2.restore();
      }
      const key = (i) => `${i.id}|${i.file}|${i.line}|${i.column}`;
      const seen = new Set(issues.map(key));
      for (const i of unannotated.issues ?? []) {
        const issue = {
          id: i.id,
          file: toRepoPath(i.file, neutral, mapping),
          line: i?.location?.line ?? 0,
          column: i?.location?.column ?? 0,
        };
        if (seen.has(key(issue))) continue;
        if (severityName(i) !== 'HIGH') {
          waived.push({ ...issue, severity: severityName(i) });
          continue;
        }
        problems.push({
          kind: 'high-waived',
          ...issue,
          severity: 'HIGH',
          message: `HIGH ${issue.id} at ${issue.file}:${issue.line} is annotated with eng-disable, but HIGH findings cannot be waived: fix the code`,
        });
      }
    }

    const open = issues.filter((i) => !waived.includes(i));
    return await report({ outDir, problems, notes, issues: open, errors, sources, waived });
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

function muteConsole() {
  // Electronegativity logs progress and translation fallbacks through console/winston; the
  // wrapper prints its own summary instead.
  const saved = { log: console.log, warn: console.warn, info: console.info };
  console.log = () => {};
  console.warn = () => {};
  console.info = () => {};
  return { restore: () => Object.assign(console, saved) };
}

async function report({ outDir, problems, notes, issues, errors, sources, waived = [] }) {
  const count = (s) => issues.filter((i) => i.severity === s).length;
  const verdict = {
    ok: problems.length === 0,
    files: [...sources.keys()],
    counts: {
      HIGH: count('HIGH'),
      MEDIUM: count('MEDIUM'),
      LOW: count('LOW'),
      INFORMATIONAL: count('INFORMATIONAL'),
      parseErrors: errors.length,
      waived: waived.length,
    },
    problems,
    notes,
    issues,
    waived,
  };
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'electronegativity.json'), JSON.stringify(verdict, null, 2) + '\n');
  return verdict;
}

/** One line for humans: verdict, file count, findings by severity. */
export function summaryLine(v) {
  const c = v.counts;
  return `electronegativity: ${v.ok ? 'PASS' : 'FAIL'}: ${v.files.length} files, ${c.HIGH} high, ${c.MEDIUM} medium, ${c.LOW} low, ${c.INFORMATIONAL} info, ${c.parseErrors} parse errors, ${c.waived} waived with a reason${v.ok ? '' : `, ${v.problems.length} problems`}`;
}

async function main(argv) {
  const inputs = [];
  let outDir = path.join(repoRoot, 'test-results');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') outDir = path.resolve(argv[++i] ?? outDir);
    else inputs.push(argv[i]);
  }
  const verdict = await scan({
    inputs: inputs.length > 0 ? inputs : DEFAULT_INPUTS,
    cwd: process.cwd(),
    outDir,
  });
  for (const p of verdict.problems) console.error(`  ${p.message}`);
  for (const n of verdict.notes) console.error(`  note: ${n}`);
  console.log(summaryLine(verdict));
  return verdict.ok ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`electronegativity: FAIL: ${err?.stack ?? err}`);
      process.exit(1);
    },
  );
}
