// Bench: building Lightsail clients for 1,000 IAM Identity Center profiles × 16 regions, on the
// main thread, against what the SDK alone costs for the same clients. Each client asks for its
// profile's configured endpoint; the shared AWS files are read and parsed once per change, so
// what remains on top of the SDK is a stat of each file and a map look-up.
// Target: at most 2× the SDK's own cost.
// Run: npm run bench -- aws-files   (or: npx tsx test/bench/aws-files.bench.ts)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LightsailClient } from '@aws-sdk/client-lightsail';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createAwsEnvironment } from '../../electron/core/environment.js';
import { scanIni } from '../../electron/core/ini-diagnostics.js';
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../../electron/core/lightsail-client.js';
import { LFR_REGIONS } from '../../electron/core/virtual-computers.js';
import type { BenchResult } from './run.js';

const PROFILES = 1000;
const REGIONS = LFR_REGIONS.slice(0, 16);
const SESSIONS = 10;

function writeFiles(dir: string): { configFile: string; credentialsFile: string } {
  const lines: string[] = [];
  for (let s = 0; s < SESSIONS; s++) {
    lines.push(
      `[sso-session corp-${s}]`,
      'sso_region = us-east-1',
      `sso_start_url = https://corp-${s}.awsapps.com/start`,
      'sso_registration_scopes = sso:account:access',
      '',
    );
  }
  for (let i = 0; i < PROFILES; i++) {
    lines.push(
      `[profile research-${i}]`,
      `sso_session = corp-${i % SESSIONS}`,
      `sso_account_id = ${String(100000000000 + i)}`,
      'sso_role_name = Researcher',
      'region = us-east-1',
      'output = json',
      '',
    );
  }
  const configFile = join(dir, 'config');
  const credentialsFile = join(dir, 'credentials');
  writeFileSync(configFile, lines.join('\n'));
  writeFileSync(credentialsFile, '[static]\naws_access_key_id = AKIDBENCH\naws_secret_access_key = bench\n');
  return { configFile, credentialsFile };
}

/** What the SDK alone spends on one client built with the factory's own options. */
function sdkClient(
  region: string,
  credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string }>,
): LightsailClient {
  return new LightsailClient({
    region,
    credentials,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    retryMode: 'standard',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    }),
    ignoreConfiguredEndpointUrls: true,
  });
}

/** Run the benchmark once and return its figures. */
export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lfr-bench-aws-'));
  try {
    const paths = writeFiles(dir);
    const profiles = Array.from({ length: PROFILES }, (_, i) => `research-${i}`);
    const credentials = async () => ({ accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' });

    // Each measured loop builds 16 clients of one profile; destroying them is not measured.
    const sdkRound = (): number => {
      let spent = 0;
      for (const _ of profiles) {
        const t = performance.now();
        const built = REGIONS.map((r) => sdkClient(r, credentials));
        spent += performance.now() - t;
        for (const c of built) c.destroy();
      }
      return spent;
    };
    const oursRound = (): number => {
      // A fresh environment each round: the first client pays for reading and parsing the files.
      const env = createAwsEnvironment({
        env: { AWS_CONFIG_FILE: paths.configFile, AWS_SHARED_CREDENTIALS_FILE: paths.credentialsFile },
        homedir: dir,
      });
      // The files change between rounds (as they would when the user edits them), so each round parses once.
      writeFileSync(paths.configFile, `${readFileSync(paths.configFile, 'utf8')}\n`);
      let spent = 0;
      for (const p of profiles) {
        const t = performance.now();
        for (const r of REGIONS) env.clients.client(p, r);
        spent += performance.now() - t;
        env.profiles.invalidate(p);
      }
      void env.dispose();
      return spent;
    };

    // Warm both paths (JIT, module loading), then take the best of three rounds each.
    sdkRound();
    oursRound();
    const sdk: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < 3; i++) {
      sdk.push(sdkRound());
      ours.push(oursRound());
    }
    const sdkMs = Math.min(...sdk);
    const oursMs = Math.min(...ours);

    // What each client cost before: both files read and scanned, twice (endpoint and
    // ignore_configured_endpoint_urls look-ups), measured on 200 clients.
    const SAMPLE = 200;
    const t = performance.now();
    for (let i = 0; i < SAMPLE * 2; i++) {
      scanIni(readFileSync(paths.configFile, 'utf8'), paths.configFile, 'config');
      scanIni(readFileSync(paths.credentialsFile, 'utf8'), paths.credentialsFile, 'credentials');
    }
    const beforePerClient = (performance.now() - t) / SAMPLE + sdkMs / (PROFILES * REGIONS.length);

    const clients = PROFILES * REGIONS.length;
    const ratio = oursMs / sdkMs;
    return [
      {
        name: `main-thread time creating ${clients} clients (${PROFILES} SSO profiles × ${REGIONS.length} regions)`,
        value: oursMs,
        unit: 'ms',
      },
      { name: 'the SDK alone, same clients', value: sdkMs, unit: 'ms' },
      { name: 'per client: ours', value: (oursMs / clients) * 1000, unit: 'µs' },
      { name: 'per client: the SDK alone', value: (sdkMs / clients) * 1000, unit: 'µs' },
      {
        name: 'per client before parse-once (files re-read and re-parsed twice)',
        value: beforePerClient * 1000,
        unit: 'µs',
      },
      { name: 'ratio to the SDK alone', value: ratio, unit: '×', target: '≤ 2×', pass: ratio <= 2 },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run())
    console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.target ? ` [target ${r.target}]` : ''}`);
}
