// The command-line face of the core: profiles, computers, open, simulator. Same core as the app
// (profiles, client factory, discovery, GUI-session engine); no Electron.
import { homedir } from 'node:os';
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RESOURCE_NAME } from './shared/computer-id.js';
import { CreateGUISessionAccessDetailsCommand } from '@aws-sdk/client-lightsail';
import pLimit from 'p-limit';
import type { GuiSessionStatus, LauncherError, ProfileSummary, ScopeError, SessionKind, VirtualComputer } from './shared/models.js';
import { CostTracker } from './core/cost.js';
import { startDemoEnvironment as createDemoEnvironment } from './simulator/demo.js';
import { createAwsEnvironment } from './core/environment.js';
import { LauncherFailure, launcherErrors, toLauncherError } from './core/errors.js';
import { GuiSessionEngine, type EngineProgress } from './core/gui-session.js';
import { systemClock, type Environment } from './core/ports.js';
import { createSignIn } from './core/sso-sign-in.js';
import { discoverComputers } from './core/virtual-computers.js';
import { LFR_REGIONS, isRegionName } from './shared/regions.js';
import { makeComputerId } from './shared/computer-id.js';

/** Where the CLI writes and what it reads. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  homedir: string;
  /** Ends a long-running command (simulator, open) early, e.g. on Ctrl-C. */
  signal?: AbortSignal;
}

/** Exit codes. */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

const HELP = `Lightsail for Research launcher: command line

Usage: npm run cli -- [--demo] <command> [options]

Commands:
  profiles [--json]                       AWS profiles on this machine, with any problems found
  computers [--json] [--profile P]... [--region R]...
                                          virtual computers of every profile and region
  open NAME --kind app|desktop [--profile P] [--region R] [--start] [--print-url]
           [--dcv-file PATH] [--client]
                                          set up the GUI session of NAME (progress on stderr);
                                          --print-url prints the session URL (it signs you in:
                                          keep it to yourself); --start starts a stopped computer;
                                          --dcv-file writes a DCV connection file (0600) to PATH;
                                          --client opens the session in the DCV client
  login --profile P [--no-browser]        sign in to IAM Identity Center for profile P (its
                                          sso-session or start URL): prints the URL and code,
                                          opens the browser unless --no-browser, waits for approval
  logout --profile P                      sign out of P's IAM Identity Center session
  simulator [--port N]                    run the Lightsail simulator with demo data

Global options:
  --demo      work against a built-in simulator with demo computers (no AWS account needed)
  --help, -h  this help

Profiles, regions and endpoints come from the usual AWS settings: AWS_CONFIG_FILE,
AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_LIGHTSAIL and a
profile's endpoint_url. JSON output is described in docs/cli.md.
`;

class UsageError extends Error {}

function formatError(e: LauncherError): string {
  const lines = [`Error: ${e.message}`, `Next step: ${e.nextStep}`];
  if (e.failureReason) lines.splice(1, 0, `Lightsail says: ${e.failureReason}`);
  if (e.command) lines.push(`Command: ${e.command}`);
  return lines.join('\n') + '\n';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

function scopeLine(s: ScopeError): string {
  return `! ${s.region ? `${s.profile} ${s.region}` : s.profile}: ${s.error.message} ${s.error.nextStep}`;
}

/** The stable JSON shape of one profile (documented in docs/cli.md). */
function profileJson(p: ProfileSummary) {
  return {
    name: p.name,
    kind: p.kind,
    region: p.region ?? null,
    isDefault: p.isDefault,
    sources: p.sources,
    diagnostics: p.diagnostics.map((d) => ({ file: d.file, line: d.line, severity: d.severity, reason: d.reason })),
  };
}

/** The stable JSON shape of one computer (documented in docs/cli.md). */
function computerJson(c: VirtualComputer) {
  return {
    id: c.id,
    name: c.name,
    profile: c.profile,
    region: c.region,
    state: c.state,
    app: { id: c.app.id, name: c.app.name },
    plan: { id: c.plan.id },
    createdAt: c.createdAt ?? null,
    idleRule: c.idleRule ?? null,
    cost: c.cost ?? null,
    sessionStatus: c.sessionStatus ?? null,
    // Lightsail does not say when a session started; only a launcher that saw it start knows.
    sessionExpiresAt: c.sessionExpiresAt !== undefined ? new Date(c.sessionExpiresAt).toISOString() : null,
  };
}

/** Month-to-date cost and GUI-session status of each computer, for `computers --json`. */
async function withCostAndSession(env: Environment, computers: VirtualComputer[], signal?: AbortSignal): Promise<VirtualComputer[]> {
  const clientFor = (c: VirtualComputer) => env.clients.client(c.profile, c.region);
  const costs = new CostTracker({ clock: systemClock, clientFor, budgets: () => ({}), notify: () => undefined });
  await costs.refresh(computers, signal ? { signal } : {});
  const limit = pLimit(8);
  return Promise.all(
    costs.annotate(computers).map((c) =>
      limit(async () => {
        if (c.state !== 'running') return c;
        try {
          // The answer carries session URLs: only the status is kept.
          const out = await clientFor(c).send(new CreateGUISessionAccessDetailsCommand({ resourceName: c.name }), { abortSignal: signal });
          return out.status ? { ...c, sessionStatus: out.status as GuiSessionStatus } : c;
        } catch {
          return c;
        }
      }),
    ),
  );
}

function errorJson(e: LauncherError) {
  return { name: e.name, kind: e.kind, message: e.message, nextStep: e.nextStep, retryable: e.retryable, command: e.command ?? null };
}

function validRegion(r: string): string {
  if (!isRegionName(r)) throw new UsageError(`"${r}" is not a region name (e.g. us-east-2).`);
  return r;
}

async function profileNames(env: Environment, wanted: string[] | undefined): Promise<string[]> {
  const all = (await env.profiles.list()).map((p) => p.name);
  if (all.length === 0) {
    throw new LauncherFailure({
      name: 'NoProfiles',
      kind: 'no-credentials',
      message: 'No AWS profiles found in your AWS config or credentials files.',
      nextStep: 'Set one up with "aws configure" (or "aws configure sso"), or try the demo: npm run cli -- --demo computers',
      retryable: false,
    });
  }
  if (!wanted || wanted.length === 0) return all;
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) {
    throw new LauncherFailure({
      name: 'ProfileNotFound',
      kind: 'not-found',
      message: `No profile named ${unknown.join(', ')} in your AWS config or credentials files.`,
      nextStep: `Run "profiles" to see the profiles found${all.length ? ` (${all.join(', ')})` : ''}.`,
      retryable: false,
    });
  }
  return wanted;
}

async function cmdProfiles(env: Environment, json: boolean, io: CliIo): Promise<number> {
  const profiles = await env.profiles.list();
  if (json) {
    io.stdout(JSON.stringify({ profiles: profiles.map(profileJson) }, null, 2) + '\n');
    return EXIT.ok;
  }
  if (profiles.length === 0) {
    io.stdout('No AWS profiles found. Configure one with "aws configure" (or try --demo).\n');
    return EXIT.ok;
  }
  io.stdout(table([['NAME', 'KIND', 'REGION', 'DEFAULT'], ...profiles.map((p) => [p.name, p.kind, p.region ?? '-', p.isDefault ? 'yes' : ''])]));
  for (const p of profiles) for (const d of p.diagnostics) io.stdout(`${d.severity === 'error' ? '!' : '~'} ${p.name}: ${d.file}:${d.line}: ${d.reason}\n`);
  return EXIT.ok;
}

async function cmdComputers(env: Environment, opts: { json: boolean; profiles?: string[]; regions?: string[] }, io: CliIo): Promise<number> {
  const regions = opts.regions?.length ? opts.regions.map(validRegion) : LFR_REGIONS;
  const profiles = await profileNames(env, opts.profiles);
  const found = await discoverComputers({ profiles, regions: () => regions, clients: env.clients, ...(io.signal ? { signal: io.signal } : {}) });
  if (opts.json) {
    io.stdout(
      JSON.stringify(
        {
          computers: (await withCostAndSession(env, found.computers, io.signal)).map(computerJson),
          errors: found.errors.map((s) => ({ profile: s.profile, region: s.region ?? null, error: errorJson(s.error) })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    if (found.computers.length === 0) io.stdout('No virtual computers found.\n');
    else io.stdout(table([['NAME', 'STATE', 'APP', 'PLAN', 'PROFILE', 'REGION'], ...found.computers.map((c) => [c.name, c.state, c.app.name, c.plan.id, c.profile, c.region])]));
    for (const s of found.errors) io.stderr(scopeLine(s) + '\n');
  }
  // Partial failures are reported but still exit 0; nothing listable at all is a failure.
  return found.errors.length > 0 && found.computers.length === 0 ? EXIT.failed : EXIT.ok;
}

async function locate(env: Environment, name: string, profile: string | undefined, region: string | undefined, io: CliIo): Promise<{ profile: string; region: string }> {
  if (profile && region) return { profile, region: validRegion(region) };
  const profiles = await profileNames(env, profile ? [profile] : undefined);
  const regions = region ? [validRegion(region)] : LFR_REGIONS;
  const found = await discoverComputers({ profiles, regions: () => regions, clients: env.clients, ...(io.signal ? { signal: io.signal } : {}) });
  const matches = found.computers.filter((c) => c.name === name);
  if (matches.length === 1) return { profile: matches[0]!.profile, region: matches[0]!.region };
  if (matches.length > 1) {
    throw new LauncherFailure({
      name: 'AmbiguousComputer',
      kind: 'invalid-input',
      message: `More than one virtual computer is named ${name}: ${matches.map((m) => `${m.profile} ${m.region}`).join('; ')}.`,
      nextStep: 'Say which one with --profile and --region.',
      retryable: false,
    });
  }
  for (const s of found.errors) io.stderr(scopeLine(s) + '\n');
  throw new LauncherFailure({
    name: 'ComputerNotFound',
    kind: 'not-found',
    message: `No virtual computer named ${name}${profile ? ` in profile ${profile}` : ''}${region ? ` in ${region}` : ''}.`,
    nextStep: 'Run "computers" to see the list (names are case-sensitive).',
    retryable: false,
  });
}

interface OpenOpts {
  name: string;
  kind: SessionKind;
  profile?: string;
  region?: string;
  start: boolean;
  printUrl: boolean;
  dcvFile?: string;
  client: boolean;
}

/** Hand the session to the DCV client, or write its connection file; false when it cannot. */
async function handOff(url: string, opts: OpenOpts, io: CliIo): Promise<boolean> {
  const { dcvConnectionFile, dcvConnectionOf, detectDcvClient, executableExists, openInDcvClient } = await import('./core/dcv-client.js');
  if (opts.dcvFile) {
    const conn = dcvConnectionOf(url);
    if (!conn.ok) throw new LauncherFailure({ name: 'NoDcvConnection', kind: 'session-failed', message: conn.reason, nextStep: 'Open the session in the launcher instead.', retryable: false });
    const { writeFile } = await import('node:fs/promises');
    // wx: never overwrite a file the user already has; 0600: the file holds a sign-in token.
    await writeFile(opts.dcvFile, dcvConnectionFile(conn.value), { mode: 0o600, flag: 'wx' });
    io.stdout(`${opts.name}: wrote the DCV connection file ${opts.dcvFile} (it signs you in: delete it once used)\n`);
  }
  if (!opts.client) return true;
  const { spawn } = await import('node:child_process');
  const { tmpdir } = await import('node:os');
  const client = await detectDcvClient({ platform: process.platform, env: io.env, exists: executableExists });
  const r = await openInDcvClient(client, url, {
    tmpDir: tmpdir(),
    start: (c, target) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(c.kind === 'url-handler' ? (process.platform === 'win32' ? 'explorer.exe' : 'xdg-open') : c.path, [target], { detached: true, stdio: 'ignore' });
        child.once('error', reject);
        child.once('spawn', () => (child.unref(), resolve()));
      }),
    sleep: (ms) => new Promise((res) => setTimeout(res, ms)),
    // The process must outlive the read window, or the file would stay on disk.
    ...(io.env.LFR_DCV_READ_WINDOW_MS ? { readWindowMs: Number(io.env.LFR_DCV_READ_WINDOW_MS) } : {}),
  });
  if (!r.ok) throw new LauncherFailure({ name: 'HandoffUnavailable', kind: 'session-failed', message: r.reason, nextStep: 'Install the DCV client, or use --dcv-file and open the file yourself.', retryable: false });
  io.stdout(`${opts.name}: opened the ${opts.kind === 'app' ? 'application' : 'desktop'} session in the DCV client\n`);
  io.stderr('Deleting the connection file once the client has read it…\n');
  await r.removed;
  return true;
}

async function cmdOpen(env: Environment, opts: OpenOpts, io: CliIo): Promise<number> {
  if (!RESOURCE_NAME.test(opts.name)) throw new UsageError(`"${opts.name}" is not a valid computer name.`);
  const where = await locate(env, opts.name, opts.profile, opts.region, io);
  const engine = new GuiSessionEngine({ clock: systemClock, allowLoopbackHttp: env.allowLoopbackHttp });
  const client = env.clients.client(where.profile, where.region);
  let last = '';
  const onProgress = (p: EngineProgress) => {
    const line = `${p.phase}${p.status ? ` (${p.status})` : ''} ${Math.round(p.percentage)}%`;
    if (line !== last) io.stderr(`${opts.name}: ${line}\n`);
    last = line;
  };
  const key = makeComputerId({ profile: where.profile, region: where.region, name: opts.name });
  const urls = await engine.open(key, client, { name: opts.name, startComputer: opts.start, onProgress }, io.signal).catch((err: unknown) => {
    const e = toLauncherError(err, where);
    // On the command line the way to start it is a flag, not a setting.
    if (e.kind === 'computer-stopped') throw new LauncherFailure({ ...e, nextStep: 'Add --start to start it and open the session.' });
    throw err;
  });
  const session = urls[opts.kind];
  if (!session) throw new LauncherFailure(launcherErrors.desktopUnavailable(opts.name, urls.desktopUnavailable, where));
  const label = opts.kind === 'app' ? 'application' : 'desktop';
  if ((opts.dcvFile || opts.client) && (await handOff(session.url, opts, io))) return EXIT.ok;
  if (opts.printUrl) {
    // Asked for explicitly, on the user's own terminal: the URL is the deliverable.
    io.stdout(session.url + '\n');
  } else {
    io.stdout(`${opts.name}: the ${label} session "${session.name}" is ready at ${new URL(session.url).origin}\n`);
    io.stderr('The full URL signs you in; print it with --print-url (keep it to yourself), or open the session from the launcher app.\n');
  }
  return EXIT.ok;
}

/** Opens a URL in the system browser; failures only mean the user opens it by hand. */
function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // The URL is printed as well.
  }
}

async function cmdLogin(profile: string, openBrowser: boolean, io: CliIo): Promise<number> {
  const signIn = createSignIn({ inputs: { env: io.env, homedir: io.homedir }, clock: systemClock, openExternal: openInBrowser });
  let shown = false;
  const off = signIn.onChange((state) => {
    const entry = state.entries.find((e) => e.status === 'signing-in' && e.prompt);
    if (!entry?.prompt || shown) return;
    shown = true;
    io.stdout(
      `${openBrowser ? 'Opening your browser. If it does not open, go to' : 'To sign in, open'}:\n  ${entry.prompt.verificationUriComplete}\n` +
        `and check that the page shows this code:\n  ${entry.prompt.userCode}\n`,
    );
    io.stderr('Waiting for you to approve the sign-in (Ctrl-C cancels)…\n');
  });
  const onAbort = () => void signIn.cancel({ profile });
  io.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const r = await signIn.start({ profile }, { openBrowser });
    if (!r.ok) throw new LauncherFailure(r.error);
    const entry = (await signIn.state()).entries.find((e) => e.profiles.includes(profile));
    io.stdout(`Signed in${entry ? ` to ${entry.kind === 'sso-session' ? `sso-session ${entry.label}` : entry.label} (profiles: ${entry.profiles.join(', ')}), until ${entry.expiresAt}` : ''}.\n`);
    return EXIT.ok;
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
    off();
    signIn.dispose();
  }
}

async function cmdLogout(profile: string, io: CliIo): Promise<number> {
  const signIn = createSignIn({ inputs: { env: io.env, homedir: io.homedir }, clock: systemClock, openExternal: () => {} });
  try {
    const r = await signIn.signOut({ profile });
    if (!r.ok) throw new LauncherFailure(r.error);
    io.stdout(`Signed out of profile ${profile}'s IAM Identity Center session; its cached token was removed.\n`);
    return EXIT.ok;
  } finally {
    signIn.dispose();
  }
}

async function cmdSimulator(port: number, io: CliIo): Promise<number> {
  const { startSimulator, TEST_CREDENTIALS } = await import('./simulator/index.js');
  const sim = await startSimulator({ port, seed: 'demo' });
  io.stdout(
    `Lightsail simulator listening at ${sim.endpoint}\n` +
      `  AWS_ENDPOINT_URL_LIGHTSAIL=${sim.endpoint}\n` +
      `  access key ${TEST_CREDENTIALS.accessKeyId}, secret ${TEST_CREDENTIALS.secretAccessKey}\n` +
      'Press Ctrl-C to stop.\n',
  );
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) return resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await sim.close();
  return EXIT.ok;
}

/** Run the CLI with argv (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        demo: { type: 'boolean' },
        json: { type: 'boolean' },
        profile: { type: 'string', multiple: true },
        region: { type: 'string', multiple: true },
        kind: { type: 'string' },
        'print-url': { type: 'boolean' },
        start: { type: 'boolean' },
        port: { type: 'string' },
        'dcv-file': { type: 'string' },
        client: { type: 'boolean' },
        'no-browser': { type: 'boolean' },
      },
    });
  } catch (err) {
    io.stderr(`${(err as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    (values.help || command === 'help' ? io.stdout : io.stderr)(HELP);
    return values.help || command === 'help' ? EXIT.ok : EXIT.usage;
  }

  let env: Environment | undefined;
  try {
    const single = (name: 'profile' | 'region'): string | undefined => {
      const v = values[name];
      if (v && v.length > 1) throw new UsageError(`open takes one --${name}.`);
      return v?.[0];
    };
    switch (command) {
      case 'simulator': {
        const port = values.port === undefined ? 0 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}".`);
        return await cmdSimulator(port, io);
      }
      case 'login':
      case 'logout': {
        const profile = single('profile');
        if (!profile) throw new UsageError(`${command} needs --profile P.`);
        if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`);
        return command === 'login' ? await cmdLogin(profile, !values['no-browser'], io) : await cmdLogout(profile, io);
      }
      case 'profiles':
      case 'computers':
      case 'open': {
        let openOpts: OpenOpts | undefined;
        if (command === 'open') {
          const name = rest[0];
          if (!name) throw new UsageError('open needs the name of a computer: open NAME --kind app|desktop');
          if (values.kind !== 'app' && values.kind !== 'desktop') throw new UsageError('open needs --kind app or --kind desktop.');
          const profile = single('profile');
          const region = single('region');
          const dcvFile = values['dcv-file'];
          openOpts = { name, kind: values.kind, start: values.start ?? false, printUrl: values['print-url'] ?? false, client: values.client ?? false, ...(dcvFile ? { dcvFile } : {}), ...(profile ? { profile } : {}), ...(region ? { region } : {}) };
        } else if (rest.length > 0) {
          throw new UsageError(`Unexpected argument "${rest[0]}".`);
        }
        env = values.demo ? await createDemoEnvironment() : createAwsEnvironment({ env: io.env, homedir: io.homedir });
        if (command === 'profiles') return await cmdProfiles(env, values.json ?? false, io);
        if (command === 'computers') {
          return await cmdComputers(env, { json: values.json ?? false, ...(values.profile ? { profiles: values.profile } : {}), ...(values.region ? { regions: values.region } : {}) }, io);
        }
        return await cmdOpen(env, openOpts!, io);
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n\n${HELP}`);
      return EXIT.usage;
    }
    const e = toLauncherError(err, { action: command });
    if (e.kind === 'cancelled') {
      io.stderr('Cancelled.\n');
      return EXIT.cancelled;
    }
    io.stderr(formatError(e));
    return EXIT.failed;
  } finally {
    await env?.dispose();
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const controller = new AbortController();
  let interrupted = 0;
  const onSignal = () => {
    // First Ctrl-C cancels cleanly; a second one leaves at once.
    if (++interrupted > 1) process.exit(EXIT.cancelled);
    controller.abort(Object.assign(new Error('Cancelled'), { name: 'AbortError' }));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    homedir: homedir(),
    signal: controller.signal,
  });
  // SDK keep-alive sockets would hold the process open: leave once the output is flushed.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
