// The e2e world: the simulator with two accounts behind two profiles, the real core
// (createLauncher) over it, the browser host serving the built renderer, and session windows
// as pages of the test's browser context.
import { LightsailClient } from '@aws-sdk/client-lightsail';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server.js';
import { createPageWindowHost, type PageWindowHost } from '../../electron/browser-host/page-window-host.js';
import { withPin } from '../../electron/core/certificate-policy.js';
import { createAwsEnvironment } from '../../electron/core/environment.js';
import { loadFirstFrameRenderer } from '../../electron/core/first-frame.js';
import { createLauncher } from '../../electron/core/launcher.js';
import { createMemorySettings } from '../../electron/core/memory-settings.js';
import {
  type ClientFactory,
  type Environment,
  type LauncherCore,
  type ListCache,
  type SessionHandoff,
  type SettingsStore,
} from '../../electron/core/ports.js';
import type { ComputerList, ProfileSummary, Settings } from '../../electron/shared/models.js';
import {
  startSimulator,
  TEST_CREDENTIALS,
  type ComputerSeed,
  type Simulator,
  type SimulatorOptions,
} from '../../electron/simulator/index.js';
import { createVirtualClock, type VirtualClock } from '../fixtures/virtual-clock.js';
import { FIRST_FRAME_BUILD, RENDERER_DIST } from './global-setup.js';

/** Second account, behind the 'teaching' profile. Simulator-only keys. */
export const TEACHING_CREDENTIALS = {
  accessKeyId: 'AKIDLFRTEACHING1',
  secretAccessKey: 'lfr-simulator-teaching',
} as const;

/** A second access key of the research account, behind the 'course' profile (see WorldOptions.courseProfile). */
export const COURSE_CREDENTIALS = {
  accessKeyId: 'AKIDLFRCOURSEROLE1',
  secretAccessKey: 'lfr-simulator-course',
} as const;

export const REGIONS = ['us-east-2', 'eu-west-2'] as const;

/** Research computers of profile 'research' (the default simulator account). */
export const RESEARCH: ComputerSeed[] = [
  {
    region: 'us-east-2',
    name: 'genomics-lab',
    blueprintId: 'lfr_jupyterlab_1_0',
    bundleId: 'app_standard_2xl_1_0',
    state: 'running',
    session: 'started',
  },
  {
    region: 'us-east-2',
    name: 'stats-rstudio',
    blueprintId: 'lfr_rstudio_1_0',
    bundleId: 'app_standard_xl_1_0',
    state: 'running',
  },
  {
    region: 'us-east-2',
    name: 'gpu-training',
    blueprintId: 'lfr_jupyterlab_gpu_1_0',
    bundleId: 'gpu_nvidia_xl_1_0',
    state: 'stopped',
  },
  {
    region: 'us-east-2',
    name: 'web-server',
    blueprintId: 'ubuntu_22_04',
    bundleId: 'small_3_0',
    state: 'running',
  },
  {
    region: 'eu-west-2',
    name: 'survey-analysis',
    blueprintId: 'lfr_rstudio_1_0',
    bundleId: 'app_standard_xl_1_0',
    state: 'running',
  },
  { region: 'eu-west-2', name: 'eu-blog', blueprintId: 'wordpress', bundleId: 'micro_3_0', state: 'running' },
];

/** Computers of profile 'teaching' (a second simulator account). */
export const TEACHING: ComputerSeed[] = [
  {
    region: 'us-east-2',
    name: 'course-vscodium',
    blueprintId: 'lfr_vscodium_1_0',
    bundleId: 'app_standard_xl_1_0',
    state: 'running',
  },
  {
    region: 'eu-west-2',
    name: 'class-notebook',
    blueprintId: 'lfr_jupyterlab_1_0',
    bundleId: 'app_standard_xl_1_0',
    state: 'running',
  },
  {
    region: 'eu-west-2',
    name: 'class-proxy',
    blueprintId: 'ubuntu_22_04',
    bundleId: 'nano_3_0',
    state: 'running',
  },
  // Outside the scanned regions: must not be listed.
  {
    region: 'ap-northeast-1',
    name: 'tokyo-notebook',
    blueprintId: 'lfr_jupyterlab_1_0',
    bundleId: 'app_standard_xl_1_0',
    state: 'running',
  },
];

/** Names that a correct list shows, and names it must leave out. */
export const LISTED = [
  'genomics-lab',
  'stats-rstudio',
  'gpu-training',
  'survey-analysis',
  'course-vscodium',
  'class-notebook',
];
export const NOT_LISTED = ['web-server', 'eu-blog', 'class-proxy', 'tokyo-notebook'];

export interface WorldOptions {
  research?: ComputerSeed[];
  teaching?: ComputerSeed[];
  /** Profiles the environment reports (default research + teaching). */
  profiles?: ProfileSummary[];
  settings?: Partial<Settings>;
  sim?: Omit<SimulatorOptions, 'seed' | 'port'>;
  /** The last known list, to start from (stale) like after a restart. */
  cached?: ComputerList;
  /** The user's answer when an https session's certificate is refused (default: cancel). */
  certificateAnswer?: (refused: {
    why: string;
    facts: { hostPort: string; sha256: string };
  }) => 'trust' | 'cancel';
  /**
   * The real AWS environment (createAwsEnvironment) over temp AWS config and credentials files
   * written from these texts, with every endpoint (Lightsail, SSO OIDC, the SSO portal) at the
   * simulator; the IAM Identity Center verification page opens as a new page of the context.
   * Without it the profiles and keys are hand-made (research + teaching).
   */
  aws?: { config: string; credentials?: string };
  /** Add a 'course' profile reaching the research account too (one computer, two profiles). */
  courseProfile?: boolean;
  /** What the fake hand-off says about the DCV client (default: not found, with a reason). */
  dcvClient?: { found: true; kind: 'executable'; path: string } | { found: false; reason: string };
}

/** The DCV client reason the e2e world's fake hand-off gives by default. */
export const NO_DCV_CLIENT = 'The DCV client is not installed: dcvviewer is not on the PATH.';

export interface World {
  sim: Simulator;
  launcher: LauncherCore;
  host: BrowserHost;
  windows: PageWindowHost;
  settings: SettingsStore;
  notifications: { title: string; body: string }[];
  /** Certificate prompts the session windows raised (why, host:port, fingerprint). */
  certificatePrompts: { why: string; hostPort: string; sha256: string }[];
  /** Pages the launcher opened "in the system browser" (with `aws`: the verification pages). */
  browserPages: Page[];
  /** Sessions the fake hand-off gave to the browser or the DCV client (held in memory only). */
  handedOff: { target: 'browser' | 'client'; url: string }[];
  /**
   * The world's one clock: the simulator and the launcher read it, and it moves only when the
   * test says (advance). It starts at the real time the world starts, so a page's own clock
   * (real, or page.clock) agrees with it until the test moves one of them.
   */
  clock: VirtualClock;
  /**
   * Move the world's time forward by ms, the way a user waits: each of the launcher's sleeps
   * that falls due wakes in order, and its requests are answered before the next one wakes.
   * Move a page's clock yourself (page.clock.fastForward) where the renderer's timers matter.
   */
  advance(ms: number): Promise<void>;
  /**
   * Move the world's time forward by ms at once, as when the computer slept: every sleep that
   * falls due wakes together, after the jump (the launcher catches up as an app does on wake);
   * resolves once what they began is answered and the world is idle again.
   */
  jump(ms: number): Promise<void>;
  close(): Promise<void>;
}

const profile = (name: string, isDefault: boolean): ProfileSummary => ({
  name,
  kind: 'static',
  region: 'us-east-2',
  sources: ['e2e'],
  diagnostics: [],
  isDefault,
  status: 'ok',
});

/** Static keys per profile, each Lightsail client pointed at the simulator. */
function simClients(sim: Simulator, clock: VirtualClock): ClientFactory {
  const keys: Record<string, { accessKeyId: string; secretAccessKey: string }> = {
    research: TEST_CREDENTIALS,
    teaching: TEACHING_CREDENTIALS,
    course: COURSE_CREDENTIALS,
  };
  const cache = new Map<string, LightsailClient>();
  return {
    client(p, region) {
      const key = `${p}/${region}`;
      let c = cache.get(key);
      if (!c) {
        const creds = keys[p];
        c = clock.trackClient(
          new LightsailClient({
            region,
            endpoint: sim.endpoint,
            maxAttempts: 2,
            credentials: async () => {
              // A profile without keys here behaves like an SSO profile whose sign-in expired.
              if (!creds) {
                throw Object.assign(
                  new Error(
                    'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
                  ),
                  { name: 'CredentialsProviderError' },
                );
              }
              return { ...creds };
            },
          }),
        );
        cache.set(key, c);
      }
      return c;
    },
  };
}

/** Start simulator, core and browser host; session pages open in `context`. */
export async function startWorld(context: BrowserContext, opts: WorldOptions = {}): Promise<World> {
  // Simulated durations (a setup, a start, a session's hours) pass only when the test advances
  // this clock: a loaded machine cannot cross a deadline the test did not reach.
  const clock = createVirtualClock(Date.now());
  const sim = await startSimulator({
    clock: clock.simulator,
    seed: { computers: opts.research ?? RESEARCH },
    sessionSetupMs: 8_000,
    sessionResumeMs: 4_000,
    instanceStartMs: 4_000,
    instanceStopMs: 3_000,
    sessionStopMs: 1_000,
    ...opts.sim,
  });
  sim.addAccount({
    ...TEACHING_CREDENTIALS,
    accountId: '210987654321',
    seed: { computers: opts.teaching ?? TEACHING },
  });
  if (opts.courseProfile) sim.addAccessKey(TEST_CREDENTIALS.accessKeyId, { ...COURSE_CREDENTIALS });
  const profiles = opts.profiles ?? [
    profile('research', true),
    profile('teaching', false),
    ...(opts.courseProfile ? [profile('course', false)] : []),
  ];
  const browserPages: Page[] = [];
  const aws = opts.aws ? awsEnvironment(sim, clock, context, opts.aws, browserPages) : undefined;
  const env: Environment = aws?.env ?? {
    profiles: { list: async () => profiles.map((p) => ({ ...p })), invalidate: () => undefined },
    clients: simClients(sim, clock),
    allowLoopbackHttp: true,
    demo: false,
    dispose: async () => undefined,
  };
  let cached = opts.cached;
  const listCache: ListCache = { load: () => cached, save: (l) => void (cached = l) };
  const settings = createMemorySettings({ regions: [...REGIONS], ...opts.settings });
  const certificatePrompts: World['certificatePrompts'] = [];
  const windows = createPageWindowHost(context, {
    certificates: {
      pins: () => settings.get().certificatePins,
      trust: (facts) =>
        void settings.update({ certificatePins: withPin(settings.get().certificatePins, facts) }),
      ask: async (refused) => {
        certificatePrompts.push({
          why: refused.why,
          hostPort: refused.facts.hostPort,
          sha256: refused.facts.sha256,
        });
        return opts.certificateAnswer?.(refused) ?? 'cancel';
      },
    },
  });
  const notifications: { title: string; body: string }[] = [];
  const handedOff: World['handedOff'] = [];
  const dcvClient = opts.dcvClient ?? { found: false, reason: NO_DCV_CLIENT };
  const handoff: SessionHandoff = {
    dcvClient: async () => dcvClient,
    openInDcvClient: async (url) => {
      if (!dcvClient.found) return { ok: false, reason: dcvClient.reason };
      handedOff.push({ target: 'client', url });
      return { ok: true };
    },
    openInBrowser: async (url) => void handedOff.push({ target: 'browser', url }),
  };
  const launcher = createLauncher({
    handoff,
    env,
    windows,
    notifier: { notify: (n) => void notifications.push({ title: n.title, body: n.body }) },
    settings,
    clock,
    listCache,
    version: '0.0.0-e2e',
    platform: process.platform,
    // "Try the demo" switches to an environment whose profiles see the simulator's computers.
    createDemoEnvironment: async () => ({
      ...env,
      profiles: {
        list: async () => [profile('research', true), profile('teaching', false)],
        invalidate: () => undefined,
      },
      demo: true,
    }),
  });
  const host = await startBrowserHost({
    launcher,
    rendererDir: RENDERER_DIST,
    renderFirstFrame: await loadFirstFrameRenderer(FIRST_FRAME_BUILD),
  });
  return {
    sim,
    launcher,
    host,
    windows,
    settings,
    notifications,
    certificatePrompts,
    browserPages,
    handedOff,
    clock,
    advance: (ms) => clock.advance(ms),
    async jump(ms) {
      clock.jump(ms);
      await clock.advance(0);
    },
    async close() {
      await host.close();
      await launcher.dispose();
      await sim.close();
      aws?.restore();
    },
  };
}

/** The SDK's SSO providers read HOME and the AWS_ENDPOINT_URL_SSO* variables of this process. */
const PROCESS_VARS = ['HOME', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_SSO'] as const;

/**
 * createAwsEnvironment over temp AWS files: the same environment the app builds, its endpoints
 * pointed at the simulator through the standard variables (as electron/simulator/README.md says).
 */
function awsEnvironment(
  sim: Simulator,
  clock: VirtualClock,
  context: BrowserContext,
  files: { config: string; credentials?: string },
  pages: Page[],
) {
  const dir = mkdtempSync(join(tmpdir(), 'lfr-e2e-aws-'));
  writeFileSync(join(dir, 'config'), files.config);
  writeFileSync(join(dir, 'credentials'), files.credentials ?? '');
  const saved = PROCESS_VARS.map((k) => [k, process.env[k]] as const);
  process.env.HOME = dir;
  process.env.AWS_ENDPOINT_URL_SSO_OIDC = sim.endpoint;
  process.env.AWS_ENDPOINT_URL_SSO = sim.endpoint;
  const env = createAwsEnvironment({
    env: {
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_ENDPOINT_URL_LIGHTSAIL: sim.endpoint,
      AWS_ENDPOINT_URL_SSO_OIDC: sim.endpoint,
      AWS_ENDPOINT_URL_SSO: sim.endpoint,
      LFR_ALLOW_LOOPBACK: '1',
    },
    homedir: dir,
    clock,
    clientOptions: { maxAttempts: 2, clock },
    // The user's browser: a new page of the test's context.
    openExternal: async (url) => {
      const page = await context.newPage();
      pages.push(page);
      await page.goto(url);
    },
  });
  // Every Lightsail request counts as in flight on the world's clock (see VirtualClock.advance).
  const clients = env.clients;
  env.clients = { ...clients, client: (p, r) => clock.trackClient(clients.client(p, r)) };
  return {
    env,
    restore() {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
