// `npm run start:browser`: the launcher UI in a plain browser, against the demo environment
// (built-in simulator), for machines without an Electron binary. Session windows open as
// Chromium windows when a display exists; otherwise only their origin is printed (session
// URLs carry tokens and are never printed in full).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemoEnvironment as createDemoEnvironment } from '../simulator/demo.js';
import { createLauncher } from '../core/launcher.js';
import { createMemorySettings } from '../core/memory-settings.js';
import { systemClock, type WindowHost } from '../core/ports.js';
import type { OpenWindow } from '../shared/models.js';
import { createPageWindowHost } from './page-window-host.js';
import { startBrowserHost } from './server.js';
import { loadFirstFrameRenderer } from '../core/first-frame.js';
import { redactSecrets } from '../core/redact.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}renderer/dist`;
const CHROMIUM = '/usr/bin/chromium';

/** Session windows that are only announced (no display to show them on). */
function announcingWindowHost(): WindowHost {
  const open: OpenWindow[] = [];
  const listeners = new Set<(w: OpenWindow[]) => void>();
  const emit = () => listeners.forEach((l) => l(open.map((w) => ({ ...w }))));
  return {
    async open(req) {
      const origin = new URL(req.url).origin; // the full URL carries the session token
      console.log(`Session window "${req.title}" would open at ${origin} (no display).`);
      for (const w of open) w.focused = false;
      const w = open.find((x) => x.computerId === req.computerId && x.kind === req.kind);
      if (w) w.focused = true;
      else open.push({ computerId: req.computerId, kind: req.kind, title: req.title, focused: true });
      emit();
    },
    focus(id, kind) {
      const w = open.find((x) => x.computerId === id && x.kind === kind);
      if (!w) return false;
      for (const x of open) x.focused = x === w;
      emit();
      return true;
    },
    close(id, kind) {
      for (let i = open.length - 1; i >= 0; i--)
        if (open[i]!.computerId === id && (!kind || open[i]!.kind === kind)) open.splice(i, 1);
      emit();
    },
    list: () => open.map((w) => ({ ...w })),
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

if (!existsSync(`${rendererDir}/index.html`)) {
  const r = spawnSync(
    `${root}node_modules/.bin/vite`,
    ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env['PORT'] ?? 0);
const version = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;

let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
const windows: WindowHost = process.env['DISPLAY']
  ? createPageWindowHost(async () => {
      browser = await chromium.launch({
        headless: false,
        ...(existsSync(CHROMIUM) ? { executablePath: CHROMIUM } : {}),
        args: ['--disable-background-networking', '--disable-component-update'],
      });
      return browser.newContext({ viewport: null });
    })
  : announcingWindowHost();

const env = await createDemoEnvironment();
const launcher = createLauncher({
  env,
  windows,
  notifier: { notify: (n) => console.log(redactSecrets(`[notification] ${n.title}: ${n.body}`)) },
  settings: createMemorySettings(),
  clock: systemClock,
  version,
  platform: process.platform,
  createDemoEnvironment: () => createDemoEnvironment(),
});
const renderFirstFrame = await loadFirstFrameRenderer(`${root}renderer/dist-ssr/first-frame.js`);
const host = await startBrowserHost({ launcher, rendererDir, port, renderFirstFrame });
console.log(`Launcher preview (demo data): ${host.url}\nPress Ctrl+C to stop.`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await host.close();
  await launcher.dispose();
  await env.dispose();
  await browser?.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
