import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const wrapper = fileURLToPath(new URL('../../scripts/electronegativity.mjs', import.meta.url));

// A main process written the way DESIGN.md asks: sandboxed, isolated, navigation and
// permissions locked, a CSP on responses.
const clean = (
  webPreferences: string,
  comment = '',
): string => `import { app, BrowserWindow, session } from 'electron';

/** Opens the launcher window. */
export function open(url: string): BrowserWindow {
  const win = new BrowserWindow({${comment ? ` ${comment}` : ''}
    webPreferences: { ${webPreferences} },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': ["default-src 'self'"] } });
  });
  void win.loadURL(url);
  return win;
}
app.on('ready', () => open('app://launcher/'));
`;
const SAFE =
  "sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick'";

interface Verdict {
  ok: boolean;
  files: string[];
  problems: { kind: string; id?: string; file?: string; line?: number; message: string }[];
}

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

/** Writes the files under electron/main of a fresh project dir and runs the wrapper there. */
async function scanFixture(
  files: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number; stdout: string; verdict: Verdict }> {
  dir = await mkdtemp(path.join(tmpdir(), 'lfr-eng-spec-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const out = path.join(dir, 'results');
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [wrapper, '--out', out, ...args], { cwd: dir }, (error, stdout) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });
  const verdict = JSON.parse(await readFile(path.join(out, 'electronegativity.json'), 'utf8')) as Verdict;
  return { code, stdout, verdict };
}

// Each case spawns the wrapper (a real Node process loading electronegativity): slow on a busy machine.
describe('scripts/electronegativity.mjs', { timeout: 60_000 }, () => {
  it('passes a clean TypeScript main process and prints a one-line summary', async () => {
    const { code, stdout, verdict } = await scanFixture({ 'electron/main/index.ts': clean(SAFE) });
    expect(verdict.problems).toEqual([]);
    expect(code).toBe(0);
    expect(verdict.files).toEqual(['electron/main/index.ts']);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stdout).toMatch(/^electronegativity: PASS: 1 files/);
  });

  it('fails on nodeIntegration: true, naming the file and line', async () => {
    const { code, stdout, verdict } = await scanFixture({
      'electron/main/index.ts': clean(
        "contextIsolation: true, nodeIntegration: true, disableBlinkFeatures: 'Auxclick'",
      ),
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^electronegativity: FAIL/);
    expect(verdict.problems).toContainEqual(
      expect.objectContaining({
        kind: 'high',
        id: 'NODE_INTEGRATION_JS_CHECK',
        file: 'electron/main/index.ts',
        line: 6,
      }),
    );
  });

  it('fails on nodeIntegration: true even next to sandbox: false, which electronegativity misses', async () => {
    const { code, verdict } = await scanFixture({
      'electron/preload/index.ts': clean(
        "sandbox: false, contextIsolation: true, nodeIntegration: true, disableBlinkFeatures: 'Auxclick'",
      ),
    });
    expect(code).toBe(1);
    expect(verdict.problems).toContainEqual(
      expect.objectContaining({ kind: 'high', file: 'electron/preload/index.ts', line: 6 }),
    );
  });

  it('scans .cjs/.mjs files too, reporting them under their own names', async () => {
    const { code, verdict } = await scanFixture({
      'electron/main/index.ts': clean(SAFE),
      'electron/preload/index.cjs':
        "const { BrowserWindow } = require('electron');\nmodule.exports = new BrowserWindow({ webPreferences: { nodeIntegration: true } });\n",
    });
    expect(code).toBe(1);
    expect(verdict.files).toContain('electron/preload/index.cjs');
    expect(verdict.problems).toContainEqual(
      expect.objectContaining({
        kind: 'high',
        id: 'NODE_INTEGRATION_JS_CHECK',
        file: 'electron/preload/index.cjs',
        line: 2,
      }),
    );
  });

  it('fails on an unannotated MEDIUM finding and passes once it carries eng-disable with a reason', async () => {
    const medium = "contextIsolation: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick'";
    const bare = await scanFixture({ 'electron/main/index.ts': clean(medium) });
    expect(bare.code).toBe(1);
    expect(bare.verdict.problems).toContainEqual(
      expect.objectContaining({ kind: 'medium-unannotated', id: 'SANDBOX_JS_CHECK' }),
    );

    const annotated = clean(
      medium,
      '// eng-disable SANDBOX_JS_CHECK -- fixture: the sandbox is enabled app-wide by app.enableSandbox()',
    );
    const waived = await scanFixture({ 'electron/main/index.ts': annotated });
    expect(waived.verdict.problems).toEqual([]);
    expect(waived.code).toBe(0);
  });

  it('waives a whole-app MEDIUM finding, such as a CSP sent where the tool cannot see it, only with a reason', async () => {
    const noCsp = clean(SAFE).replace(/ {2}session\.defaultSession\.webRequest[\s\S]*?\n {2}\}\);\n/, '');
    const bare = await scanFixture({ 'electron/main/index.ts': noCsp });
    expect(bare.verdict.problems).toEqual([
      expect.objectContaining({ kind: 'medium-unannotated', id: 'CSP_GLOBAL_CHECK', file: 'N/A' }),
    ]);

    const annotated = `${noCsp}// eng-disable CSP_GLOBAL_CHECK -- the CSP header is set by the app:// protocol handler\n`;
    const waived = await scanFixture({ 'electron/main/index.ts': annotated });
    expect(waived.verdict.problems).toEqual([]);
    expect(waived.code).toBe(0);
    expect(waived.stdout).toMatch(/1 waived with a reason/);
  });

  it('refuses an eng-disable without a reason', async () => {
    const medium = "contextIsolation: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick'";
    const annotated = clean(medium, '// eng-disable SANDBOX_JS_CHECK');
    const { code, verdict } = await scanFixture({ 'electron/main/index.ts': annotated });
    expect(code).toBe(1);
    expect(verdict.problems).toEqual([
      expect.objectContaining({ kind: 'annotation-without-reason', line: 5 }),
    ]);
  });

  it('does not let an annotation waive a HIGH finding', async () => {
    const high =
      "sandbox: true, contextIsolation: false, nodeIntegration: false, disableBlinkFeatures: 'Auxclick'";
    const annotated = clean(high).replace(
      `{ ${high} },`,
      `{ ${high} }, // eng-disable CONTEXT_ISOLATION_JS_CHECK -- trust me`,
    );
    const { code, verdict } = await scanFixture({ 'electron/main/index.ts': annotated });
    expect(code).toBe(1);
    expect(verdict.problems).toContainEqual(
      expect.objectContaining({
        kind: 'high-waived',
        id: 'CONTEXT_ISOLATION_JS_CHECK',
        file: 'electron/main/index.ts',
      }),
    );
  });

  it('fails on a file it cannot parse, such as one caught half-written', async () => {
    const { code, verdict } = await scanFixture({
      'electron/main/index.ts': clean(SAFE),
      'electron/preload/index.ts':
        "import { contextBridge } from 'electron';\ncontextBridge.exposeInMainWorld('launcher', {\n",
    });
    expect(code).toBe(1);
    expect(verdict.problems).toContainEqual(
      expect.objectContaining({ kind: 'parse-error', file: 'electron/preload/index.ts' }),
    );
  });

  it('fails when there is nothing to scan rather than passing silently', async () => {
    const { code, verdict } = await scanFixture({ 'README.md': 'no shell here\n' });
    expect(code).toBe(1);
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'no-input' })]);
  });
});
