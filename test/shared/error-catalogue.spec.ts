import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Errors are built only by the catalogue: an object literal that writes a LauncherError's words
// (a `nextStep`, the field only LauncherError has) anywhere else drifts from the catalogue's
// wording and escapes its bounds. The renderer, which may not import the core, has its own few.
const ROOT = join(import.meta.dirname, '..', '..');
const CATALOGUE = ['electron/core/errors.ts', 'electron/shared/client-errors.ts'];
// Files allowed a literal for a while (none today).
const PENDING: string[] = [];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** The script of a file (a .svelte file's <script> blocks, a .ts file whole). */
function script(file: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  if (!file.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

function writesWords(node: ts.Node): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node))
    return true;
  return ts.forEachChild(node, (c) => (writesWords(c) ? true : undefined)) ?? false;
}

/** Lines of object literals that give a `nextStep` in words. */
export function errorLiterals(file: string, text = script(file)): number[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const step = node.properties.find(
        (p) => ts.isPropertyAssignment(p) && p.name.getText(src) === 'nextStep' && writesWords(p.initializer),
      );
      if (step) found.push(src.getLineAndCharacterOfPosition(step.getStart(src)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

describe('the errors catalogue', () => {
  it('is the only place that writes a LauncherError', () => {
    const files = [...sources('electron'), ...sources('renderer/src')].filter(
      (f) => !CATALOGUE.includes(f) && !PENDING.includes(f),
    );
    const outside = files.flatMap((f) => errorLiterals(f).map((line) => `${f}:${line}`));
    expect(outside).toEqual([]);
  });

  it('finds a literal written in place, and not a copy of an error', () => {
    const literal = `throw new LauncherFailure({ name: 'X', kind: 'service', message: 'm', nextStep: \`Try \${a}.\`, retryable: true });`;
    const copy = 'const j = { kind: e.kind, message: e.message, nextStep: e.nextStep };';
    expect(errorLiterals('a.ts', literal)).toEqual([1]);
    expect(errorLiterals('b.ts', copy)).toEqual([]);
  });
});
