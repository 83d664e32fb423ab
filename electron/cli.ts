// The command-line face of the core: profiles, computers, open, simulator. Same core as the app
// (profiles, client factory, discovery, one row per computer by ARN, computer access with its
// profile fallback, GUI-session engine, the DCV hand-off); no Electron.
import { homedir, tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RESOURCE_NAME } from './shared/computer-id.js';
import { CreateGUISessionAccessDetailsCommand } from '@aws-sdk/client-lightsail';
import pLimit from 'p-limit';
import type {
  GuiSessionStatus,
  LauncherError,
  ProfileSummary,
  Result,
  ScopeError,
  SessionKind,
  VirtualComputer,
} from './shared/models.js';
import { kindWord } from './shared/vocabulary.js';
import { createComputerAccess } from './core/computer-access.js';
import { oneRowPerComputer } from './core/computer-identity.js';
import { dcvConnectionFile, dcvConnectionOf } from './core/dcv-client.js';
import { createSessionHandoff } from './core/session-handoff.js';
import { CostTracker } from './core/cost.js';
import { startDemoEnvironment as createDemoEnvironment } from './simulator/demo.js';
import { createAwsEnvironment } from './core/environment.js';
import { launcherErrors, LauncherFailure, toLauncherError } from './core/errors.js';
import { GuiSessionEngine, type EngineProgress, type SessionUrls } from './core/gui-session.js';
import { systemClock, type Environment } from './core/ports.js';
import { createSignIn } from './core/sso-sign-in.js';
import { discoverComputers } from './core/virtual-computers.js';
import { LFR_REGIONS, isRegionName } from './shared/regions.js';
import {
  cmdCpu,
  cmdCreate,
  cmdDelete,
  cmdDisks,
  cmdRestore,
  cmdSnapshot,
  cmdSnapshots,
  type ManageCliDeps,
} from './cli-manage.js';

/** Where the CLI writes and what it reads. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  homedir: string;
  /** Ends a long-running command (simulator, open) early, e.g. on Ctrl-C. */
  signal?: AbortSignal;
  /** locate() also reads the computer's idle rule (the cpu command). */
  wantsRule?: boolean;
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
  create NAME --app ID --plan ID --region R [--profile P]
                                          create a computer and wait until it runs (progress on stderr)
  delete NAME --yes [--with-snapshots] [--profile P] [--region R]
                                          delete a computer; its snapshots are kept (and keep
                                          costing) unless --with-snapshots deletes them too
  snapshot NAME [--snapshot-name S] [--wait]
                                          take a snapshot of NAME (--wait: until it is available)
  snapshots [NAME] [--json]               instance snapshots (of NAME), with state, size and age
  restore SNAPSHOT --name NEW [--plan ID] a new computer from a snapshot, waited on until running
  disks [--json]                          storage disks, their state, computer and price
  cpu NAME [--hours N] [--json]           CPU figures of NAME (24 hours unless told) and what its
                                          idle-stop rule would have done over them
  simulator [--port N]                    run the Lightsail simulator with demo data

Global options:
  --demo      work against a built-in simulator with demo computers (no AWS account needed)
  --help, -h  this help

Profiles, regions and endpoints come from the usual AWS settings: AWS_CONFIG_FILE,
AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_LIGHTSAIL and a
profile's endpoint_url; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are the profile "env".
A computer reached through several profiles is one row. JSON output is described in docs/cli.md.
`;

class UsageError extends Error {}

// The app's errors point at its Help menu; the command line has none.
const cliNextStep = (s: string) =>
  s.replace(/see the log file \(Help → Show logs\)/, 'report it with the message above');

function formatError(e: LauncherError): string {
  const lines = [`Error: ${e.message}`, `Next step: ${cliNextStep(e.nextStep)}`];
  if (e.failureReason) lines.splice(1, 0, `Lightsail says: ${e.failureReason}`);
  if (e.command) lines.push(`Command: ${e.command}`);
  return lines.join('\n') + '\n';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
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
    diagnostics: p.diagnostics.map((d) => ({
      file: d.file,
      line: d.line,
      severity: d.severity,
      reason: d.reason,
    })),
  };
}

/** The stable JSON shape of one computer (documented in docs/cli.md). */
function computerJson(c: VirtualComputer) {
  return {
    id: c.id,
    arn: c.arn ?? null,
    name: c.name,
    profile: c.profile,
    // Every profile that reaches the computer (one row per computer, merged by ARN), in order.
    reachedThrough: c.reachedThrough ?? [c.profile],
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
async function withCostAndSession(
  env: Environment,
  computers: VirtualComputer[],
  signal?: AbortSignal,
): Promise<VirtualComputer[]> {
  const clientFor = (c: VirtualComputer) => env.clients.client(c.profile, c.region);
  const costs = new CostTracker({
    clock: systemClock,
    clientFor,
    budgets: () => ({}),
    notify: () => undefined,
  });
  await costs.refresh(computers, signal ? { signal } : {});
  const limit = pLimit(8);
  return Promise.all(
    costs.annotate(computers).map((c) =>
      limit(async () => {
        if (c.state !== 'running') return c;
        try {
          // The answer carries session URLs: only the status is kept.
          const out = await clientFor(c).send(
            new CreateGUISessionAccessDetailsCommand({ resourceName: c.name }),
            { abortSignal: signal },
          );
          return out.status ? { ...c, sessionStatus: out.status as GuiSessionStatus } : c;
        } catch {
          return c;
        }
      }),
    ),
  );
}

function errorJson(e: LauncherError) {
  return {
    name: e.name,
    kind: e.kind,
    message: e.message,
    nextStep: e.nextStep,
    retryable: e.retryable,
    command: e.command ?? null,
  };
}

function validRegion(r: string): string {
  if (!isRegionName(r)) throw new UsageError(`"${r}" is not a region name (e.g. us-east-2).`);
  return r;
}

async function profileNames(env: Environment, wanted: string[] | undefined): Promise<string[]> {
  const all = (await env.profiles.list()).map((p) => p.name);
  if (all.length === 0) throw new LauncherFailure(launcherErrors.noProfiles());
  if (!wanted || wanted.length === 0) return all;
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) throw new LauncherFailure(launcherErrors.profilesNotFound(unknown, all));
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
  io.stdout(
    table([
      ['NAME', 'KIND', 'REGION', 'DEFAULT'],
      ...profiles.map((p) => [p.name, p.kind, p.region ?? '-', p.isDefault ? 'yes' : '']),
    ]),
  );
  for (const p of profiles)
    for (const d of p.diagnostics)
      io.stdout(`${d.severity === 'error' ? '!' : '~'} ${p.name}: ${d.file}:${d.line}: ${d.reason}\n`);
  return EXIT.ok;
}

/**
 * Every computer the profiles reach in the regions, one row per computer: merged by ARN as the
 * app's list does (computer-identity.ts), the first profile listed doing the work.
 */
async function discover(env: Environment, profiles: string[], regions: readonly string[], io: CliIo) {
  const found = await discoverComputers({
    profiles,
    regions: () => regions,
    clients: env.clients,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  return {
    ...found,
    computers: oneRowPerComputer(found.computers, profiles, { picked: {}, lastGood: new Map() }),
  };
}

async function cmdComputers(
  env: Environment,
  opts: { json: boolean; profiles?: string[]; regions?: string[] },
  io: CliIo,
): Promise<number> {
  const regions = opts.regions?.length ? opts.regions.map(validRegion) : LFR_REGIONS;
  const profiles = await profileNames(env, opts.profiles);
  const found = await discover(env, profiles, regions, io);
  if (opts.json) {
    io.stdout(
      JSON.stringify(
        {
          computers: (await withCostAndSession(env, found.computers, io.signal)).map(computerJson),
          errors: found.errors.map((s) => ({
            profile: s.profile,
            region: s.region ?? null,
            error: errorJson(s.error),
          })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    if (found.computers.length === 0) io.stdout('No virtual computers found.\n');
    else
      io.stdout(
        table([
          ['NAME', 'STATE', 'APP', 'PLAN', 'PROFILE', 'REGION'],
          ...found.computers.map((c) => [c.name, c.state, c.app.name, c.plan.id, c.profile, c.region]),
        ]),
      );
    for (const s of found.errors) io.stderr(scopeLine(s) + '\n');
  }
  // Partial failures are reported but still exit 0; nothing listable at all is a failure.
  return found.errors.length > 0 && found.computers.length === 0 ? EXIT.failed : EXIT.ok;
}

/** The one listed computer named `name` (unique by ARN), narrowed by profile and region when given. */
async function locate(
  env: Environment,
  name: string,
  profile: string | undefined,
  region: string | undefined,
  io: CliIo,
): Promise<VirtualComputer> {
  const profiles = await profileNames(env, profile ? [profile] : undefined);
  const regions = region ? [validRegion(region)] : LFR_REGIONS;
  const found = await discover(env, profiles, regions, io);
  const matches = found.computers.filter((c) => c.name === name);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new LauncherFailure(launcherErrors.ambiguousComputer(name, matches));
  for (const s of found.errors) io.stderr(scopeLine(s) + '\n');
  throw new LauncherFailure(launcherErrors.computerNotFound(name, profile, region));
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

/** Write the session's DCV connection file, or hand it to the DCV client through the app's hand-off. */
async function handOff(url: string, opts: OpenOpts, io: CliIo): Promise<void> {
  if (opts.dcvFile) {
    const conn = dcvConnectionOf(url);
    if (!conn.ok) throw new LauncherFailure(launcherErrors.noDcvConnection(conn.reason));
    // wx: never overwrite a file the user already has (one may have appeared since the check); 0600: the file holds a sign-in token.
    await writeFile(opts.dcvFile, dcvConnectionFile(conn.value), { mode: 0o600, flag: 'wx' }).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST')
          throw new LauncherFailure(launcherErrors.outputFileUnusable(opts.dcvFile!, '--dcv-file', 'exists'));
        if (err.code === 'ENOENT')
          throw new LauncherFailure(
            launcherErrors.outputFileUnusable(opts.dcvFile!, '--dcv-file', 'no-folder'),
          );
        throw err;
      },
    );
    io.stdout(
      `${opts.name}: wrote the DCV connection file ${opts.dcvFile} (it signs you in: delete it once used)\n`,
    );
  }
  if (!opts.client) return;
  // The app's hand-off (core/session-handoff.ts): same detection, same connection file rules.
  let removed: Promise<void> = Promise.resolve();
  const handoff = createSessionHandoff({
    platform: process.platform,
    env: io.env,
    tmpDir: tmpdir(),
    spawn,
    openExternal: async (target) => openInBrowser(target),
    // A terminal cannot ask the desktop which program handles dcv: links.
    applicationNameForProtocol: () => '',
    log: { info: () => undefined },
    // The process must outlive the read window, or the file would stay on disk.
    ...(io.env.LFR_DCV_READ_WINDOW_MS ? { readWindowMs: Number(io.env.LFR_DCV_READ_WINDOW_MS) } : {}),
    onFileRemoved: (p) => void (removed = p),
  });
  const r = await handoff.openInDcvClient(url);
  if (!r.ok) throw new LauncherFailure(launcherErrors.dcvClientUnavailable(r.reason));
  io.stdout(`${opts.name}: opened the ${kindWord(opts.kind)} session in the DCV client\n`);
  io.stderr('Deleting the connection file once the client has read it…\n');
  await removed;
}

/** What --dcv-file and --client need, checked before a session is set up (which takes minutes and may start billing). */
async function preflightHandOff(opts: OpenOpts, io: CliIo): Promise<void> {
  if (opts.dcvFile) {
    const { lstat, stat } = await import('node:fs/promises');
    const { dirname } = await import('node:path');
    if (
      await lstat(opts.dcvFile).then(
        () => true,
        () => false,
      )
    )
      throw new LauncherFailure(launcherErrors.outputFileUnusable(opts.dcvFile, '--dcv-file', 'exists'));
    const folder = await stat(dirname(opts.dcvFile)).catch(() => undefined);
    if (!folder?.isDirectory())
      throw new LauncherFailure(launcherErrors.outputFileUnusable(opts.dcvFile, '--dcv-file', 'no-folder'));
  }
  if (opts.client) {
    const { detectDcvClient, executableExists } = await import('./core/dcv-client.js');
    const client = await detectDcvClient({
      platform: process.platform,
      env: io.env,
      exists: executableExists,
    });
    if (!client.found) throw new LauncherFailure(launcherErrors.dcvClientUnavailable(client.reason));
  }
}

/** Set the session up through the computer's profile, falling back on AccessDenied as the app does. */
async function setUpSession(
  env: Environment,
  computer: VirtualComputer,
  opts: OpenOpts,
  io: CliIo,
): Promise<SessionUrls> {
  const engine = new GuiSessionEngine({ clock: systemClock, allowLoopbackHttp: env.allowLoopbackHttp });
  const access = createComputerAccess({
    list: {
      find: (id) => (id === computer.id ? computer : undefined),
      ready: async () => undefined,
      notListed: (id) => launcherErrors.notListed(id),
      worked: () => undefined,
    },
    clients: env.clients,
    notifier: { notify: (n) => io.stderr(`${n.title}: ${n.body}\n`) },
  });
  let last = '';
  const onProgress = (p: EngineProgress) => {
    const line = `${p.phase}${p.status ? ` (${p.status})` : ''} ${Math.round(p.percentage)}%`;
    if (line !== last) io.stderr(`${opts.name}: ${line}\n`);
    last = line;
  };
  const r = await access.write(computer.id, async (t): Promise<Result<SessionUrls>> => {
    try {
      return {
        ok: true,
        value: await engine.open(
          t.id,
          t.client,
          { name: t.name, startComputer: opts.start, onProgress },
          io.signal,
        ),
      };
    } catch (err) {
      return { ok: false, error: toLauncherError(err, { profile: t.profile, region: t.region }) };
    }
  });
  if (r.ok) return r.value;
  // On the command line the way to start it is a flag, not a setting.
  if (r.error.kind === 'computer-stopped')
    throw new LauncherFailure(
      launcherErrors.withNextStep(r.error, 'Add --start to start it and open the session.'),
    );
  throw new LauncherFailure(r.error);
}

async function cmdOpen(env: Environment, opts: OpenOpts, io: CliIo): Promise<number> {
  if (!RESOURCE_NAME.test(opts.name)) throw new UsageError(`"${opts.name}" is not a valid computer name.`);
  await preflightHandOff(opts, io);
  const computer = await locate(env, opts.name, opts.profile, opts.region, io);
  const urls = await setUpSession(env, computer, opts, io);
  const session = urls[opts.kind];
  if (!session)
    throw new LauncherFailure(
      launcherErrors.desktopUnavailable(opts.name, urls.desktopUnavailable, computer),
    );
  if (opts.dcvFile || opts.client) {
    await handOff(session.url, opts, io);
    return EXIT.ok;
  }
  if (opts.printUrl) {
    // Asked for explicitly, on the user's own terminal: the URL is the deliverable.
    io.stdout(session.url + '\n');
  } else {
    io.stdout(
      `${opts.name}: the ${kindWord(opts.kind)} session "${session.name}" is ready at ${new URL(session.url).origin}\n`,
    );
    io.stderr(
      'The full URL signs you in; print it with --print-url (keep it to yourself), or open the session from the launcher app.\n',
    );
  }
  return EXIT.ok;
}

/** Opens a URL in the system browser; failures only mean the user opens it by hand. */
function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // The URL is printed as well.
  }
}

async function cmdLogin(profile: string, openBrowser: boolean, io: CliIo): Promise<number> {
  const signIn = createSignIn({
    inputs: { env: io.env, homedir: io.homedir },
    clock: systemClock,
    openExternal: openInBrowser,
  });
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
    io.stdout(
      `Signed in${entry ? ` to ${entry.kind === 'sso-session' ? `sso-session ${entry.label}` : entry.label} (profiles: ${entry.profiles.join(', ')}), until ${entry.expiresAt}` : ''}.\n`,
    );
    return EXIT.ok;
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
    off();
    signIn.dispose();
  }
}

async function cmdLogout(profile: string, io: CliIo): Promise<number> {
  const signIn = createSignIn({
    inputs: { env: io.env, homedir: io.homedir },
    clock: systemClock,
    openExternal: () => {},
  });
  try {
    const r = await signIn.signOut({ profile });
    if (!r.ok) throw new LauncherFailure(r.error);
    io.stdout(
      `Signed out of profile ${profile}'s IAM Identity Center session; its cached token was removed.\n`,
    );
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
        app: { type: 'string' },
        plan: { type: 'string' },
        name: { type: 'string' },
        yes: { type: 'boolean' },
        'with-snapshots': { type: 'boolean' },
        wait: { type: 'boolean' },
        'snapshot-name': { type: 'string' },
        hours: { type: 'string' },
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
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port must be a port number, not "${values.port}".`);
        return await cmdSimulator(port, io);
      }
      case 'login':
      case 'logout': {
        const profile = single('profile');
        if (!profile) throw new UsageError(`${command} needs --profile P.`);
        if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`);
        return command === 'login'
          ? await cmdLogin(profile, !values['no-browser'], io)
          : await cmdLogout(profile, io);
      }
      case 'profiles':
      case 'computers':
      case 'open': {
        let openOpts: OpenOpts | undefined;
        if (command === 'open') {
          const name = rest[0];
          if (!name) throw new UsageError('open needs the name of a computer: open NAME --kind app|desktop');
          if (values.kind !== 'app' && values.kind !== 'desktop')
            throw new UsageError('open needs --kind app or --kind desktop.');
          const profile = single('profile');
          const region = single('region');
          const dcvFile = values['dcv-file'];
          openOpts = {
            name,
            kind: values.kind,
            start: values.start ?? false,
            printUrl: values['print-url'] ?? false,
            client: values.client ?? false,
            ...(dcvFile ? { dcvFile } : {}),
            ...(profile ? { profile } : {}),
            ...(region ? { region } : {}),
          };
        } else if (rest.length > 0) {
          throw new UsageError(`Unexpected argument "${rest[0]}".`);
        }
        // Credentials in the environment work as in the AWS CLI: the profile named env.
        env = values.demo
          ? await createDemoEnvironment()
          : createAwsEnvironment({ env: io.env, homedir: io.homedir, environmentCredentials: true });
        if (command === 'profiles') return await cmdProfiles(env, values.json ?? false, io);
        if (command === 'computers') {
          return await cmdComputers(
            env,
            {
              json: values.json ?? false,
              ...(values.profile ? { profiles: values.profile } : {}),
              ...(values.region ? { regions: values.region } : {}),
            },
            io,
          );
        }
        return await cmdOpen(env, openOpts!, io);
      }
      case 'create':
      case 'delete':
      case 'snapshot':
      case 'snapshots':
      case 'restore':
      case 'disks':
      case 'cpu': {
        env = values.demo
          ? await createDemoEnvironment()
          : createAwsEnvironment({ env: io.env, homedir: io.homedir });
        return await runManage(command, rest, values, env, io, single);
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

type Values = {
  json?: boolean | undefined;
  profile?: string[] | undefined;
  region?: string[] | undefined;
  app?: string | undefined;
  plan?: string | undefined;
  name?: string | undefined;
  yes?: boolean | undefined;
  wait?: boolean | undefined;
  'snapshot-name'?: string | undefined;
  'with-snapshots'?: boolean | undefined;
  hours?: string | undefined;
};

// The manage commands: arguments checked here, the work in cli-manage.ts.
async function runManage(
  command: string,
  rest: string[],
  values: Values,
  env: Environment,
  io: CliIo,
  single: (n: 'profile' | 'region') => string | undefined,
): Promise<number> {
  const deps: ManageCliDeps = {
    env,
    stdout: io.stdout,
    stderr: io.stderr,
    locate: (name, profile, region) => locate(env, name, profile, region, io),
    scopes: async (profiles, regions) => {
      const ps = await profileNames(env, profiles);
      const rs = regions?.length ? regions.map(validRegion) : LFR_REGIONS;
      return ps.flatMap((profile) => rs.map((region) => ({ profile, region })));
    },
    table,
    errorJson,
    ...(io.signal ? { signal: io.signal } : {}),
    // Tests shorten the wait between polls; the simulator's clock decides what they see.
    pollMs: Number(io.env.LFR_POLL_MS) > 0 ? Number(io.env.LFR_POLL_MS) : 5_000,
  };
  const name = rest[0];
  const extra = rest[1];
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
  const profiles = values.profile ? { profiles: values.profile } : {};
  const regions = values.region ? { regions: values.region } : {};
  if (command === 'disks') {
    if (name) throw new UsageError(`Unexpected argument "${name}".`);
    return cmdDisks(deps, { json: values.json ?? false, ...profiles, ...regions });
  }
  if (command === 'snapshots')
    return cmdSnapshots(deps, name, { json: values.json ?? false, ...profiles, ...regions });
  if (!name) throw new UsageError(`${command} needs a name: see --help.`);
  const profile = single('profile');
  const region = single('region');
  const at = { ...(profile ? { profile } : {}), ...(region ? { region } : {}) };
  switch (command) {
    case 'create': {
      if (!values.app || !values.plan || !region)
        throw new UsageError('create needs --app ID, --plan ID and --region R.');
      const where = { profile: profile ?? (await defaultProfile(env)), region: validRegion(region) };
      return cmdCreate(deps, where, { name, app: values.app, plan: values.plan });
    }
    case 'delete':
      if (!values.yes) throw new UsageError(`delete cannot be undone: add --yes to delete ${name}.`);
      return cmdDelete(deps, name, { withSnapshots: values['with-snapshots'] ?? false, ...at });
    case 'snapshot':
      return cmdSnapshot(deps, name, {
        wait: values.wait ?? false,
        ...(values['snapshot-name'] ? { snapshotName: values['snapshot-name'] } : {}),
        ...at,
      });
    case 'restore':
      if (!values.name) throw new UsageError('restore needs --name NEW, the name of the new computer.');
      return cmdRestore(deps, name, {
        name: values.name,
        ...(values.plan ? { plan: values.plan } : {}),
        ...profiles,
        ...regions,
      });
    default: {
      const hours = values.hours === undefined ? 24 : Number(values.hours);
      if (!Number.isInteger(hours) || hours < 1 || hours > 336)
        throw new UsageError('--hours must be a whole number from 1 to 336.');
      io.wantsRule = true;
      return cmdCpu(deps, name, { hours, json: values.json ?? false, ...at });
    }
  }
}

// The profile a command works in when none is given: the only one, or the default one.
async function defaultProfile(env: Environment): Promise<string> {
  const all = await env.profiles.list();
  const chosen = all.length === 1 ? all[0] : all.find((p) => p.isDefault);
  if (!chosen)
    throw new UsageError(
      `Say which profile with --profile (${all.map((p) => p.name).join(', ') || 'none found'}).`,
    );
  return chosen.name;
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
