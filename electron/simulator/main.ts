// `npm run simulator -- --port N [--scale X] [--seed demo|empty] [--page-size N] [--setup-ms N]`:
// runs the Lightsail simulator in the foreground until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { TEST_CREDENTIALS, startSimulator } from './index.js';

const USAGE = `Usage: npm run simulator -- [--port N] [--scale X] [--seed demo|empty] [--page-size N] [--setup-ms MS] [--dcv-tls] [--sso-auto-approve] [--quiet]

  --port N        port on 127.0.0.1 (default 4568; 0 = any free port)
  --scale X       virtual seconds per real second (default 1; 60 makes a 60 s setup take 1 s)
  --seed NAME     demo (default) or empty
  --page-size N   GetInstances page size (default 10)
  --setup-ms MS   GUI session setup time in virtual ms (default 60000)
  --dcv-tls       serve session pages as DCV does: https://127.0.0.1:PORT/?authToken=…#session
                  on their own port, with a self-signed certificate made at start
  --sso-auto-approve
                  approve every IAM Identity Center device sign-in at once (for scripts)
  --quiet         do not log requests`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '4568' },
        scale: { type: 'string', default: '1' },
        seed: { type: 'string', default: 'demo' },
        'page-size': { type: 'string', default: '10' },
        'setup-ms': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'dcv-tls': { type: 'boolean', default: false },
        'sso-auto-approve': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  const scale = Number(values.scale);
  const pageSize = Number(values['page-size']);
  const setupMs = values['setup-ms'] === undefined ? undefined : Number(values['setup-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, got ${values.port}`);
  if (!Number.isFinite(scale) || scale < 0) fail(`--scale must be a number >= 0, got ${values.scale}`);
  if (values.seed !== 'demo' && values.seed !== 'empty')
    fail(`--seed must be demo or empty, got ${values.seed}`);

  const sim = await startSimulator({
    port,
    timeScale: scale,
    seed: values.seed as 'demo' | 'empty',
    pageSize,
    ...(setupMs !== undefined ? { sessionSetupMs: setupMs } : {}),
    quiet: values.quiet,
    dcvTls: values['dcv-tls'],
    sso: { autoApprove: values['sso-auto-approve'] },
  });
  console.log(`Lightsail simulator listening on ${sim.endpoint} (seed ${values.seed}, time scale ${scale})

Test credentials (every region is served; the region comes from the request signature):
  AWS_ACCESS_KEY_ID=${TEST_CREDENTIALS.accessKeyId}
  AWS_SECRET_ACCESS_KEY=${TEST_CREDENTIALS.secretAccessKey}

AWS CLI:
  AWS_ENDPOINT_URL_LIGHTSAIL=${sim.endpoint} AWS_ACCESS_KEY_ID=${TEST_CREDENTIALS.accessKeyId} \\
  AWS_SECRET_ACCESS_KEY=${TEST_CREDENTIALS.secretAccessKey} aws lightsail get-instances --region us-east-2
SDK (JavaScript):
  new LightsailClient({ endpoint: '${sim.endpoint}', region: 'us-east-2', credentials: { accessKeyId: '${TEST_CREDENTIALS.accessKeyId}', secretAccessKey: '${TEST_CREDENTIALS.secretAccessKey}' } })
IAM Identity Center (device sign-in${values['sso-auto-approve'] ? ', every code approved at once' : ''}):
  AWS_ENDPOINT_URL_SSO_OIDC=${sim.endpoint} AWS_ENDPOINT_URL_SSO=${sim.endpoint}
  sso_start_url = ${sim.endpoint}/start   (any start URL works; approve at the verification URL)
Admin (unsigned, loopback only): GET ${sim.endpoint}/__sim/state, POST/DELETE ${sim.endpoint}/__sim/faults, POST ${sim.endpoint}/__sim/clock {"advanceMs": 60000}

${
  sim.dcv
    ? `DCV stand-in (self-signed): ${sim.dcv.origin}
  certificate SHA-256 ${sim.dcv.fingerprint()}
  GET ${sim.endpoint}/__sim/dcv shows it; POST ${sim.endpoint}/__sim/dcv/certificate replaces it (a "changed certificate")
`
    : ''
}
Press Ctrl+C to stop.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the simulator`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  console.error(
    e.code === 'EADDRINUSE'
      ? `Port already in use: pick another with --port N (or --port 0 for any free port).`
      : `Simulator failed: ${e.message ?? String(err)}`,
  );
  process.exit(1);
});
