// How Lightsail calls reach AWS on a corporate network: through the proxy HTTPS_PROXY (or
// HTTP_PROXY for http endpoints) names unless NO_PROXY exempts the host, trusting the CA
// bundle AWS_CA_BUNDLE or the profile's ca_bundle names in addition to Node's own roots.
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import { mergedProfile, type ProfileData } from './aws-profiles.js';

/** The agents for one client's NodeHttpHandler, and what was decided (for the log). */
export interface NetworkAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
  /** The proxy in use for this endpoint (credentials in it removed), if any. */
  proxy?: string;
  /** The CA bundle file in use, if any. */
  caBundle?: string;
}

/** What networkAgents needs. */
export interface NetworkAgentInputs {
  /** The endpoint the client calls, e.g. https://lightsail.eu-west-2.amazonaws.com. */
  endpoint: string;
  env: Record<string, string | undefined>;
  /** The profile's ca_bundle setting, when the environment variable does not set one. */
  profileCaBundle?: string;
  /** Reads the CA bundle file (default readFileSync). */
  readFile?: (path: string) => string;
}

/** The profile's `ca_bundle` setting (config or credentials file), if any. */
export function profileCaBundle(data: ProfileData, profile: string): string | undefined {
  return mergedProfile(data, profile)?.ca_bundle?.trim() || undefined;
}

/**
 * Agents honouring the proxy and CA environment of one endpoint. AWS_CA_BUNDLE beats the
 * profile's ca_bundle, as in the AWS CLI. The bundle is trusted in addition to Node's roots
 * (as NODE_EXTRA_CA_CERTS does), so a bundle holding only the company's root still lets
 * un-intercepted hosts verify. An unreadable bundle throws: silently ignoring it would fail
 * later with a confusing certificate error.
 */
export function networkAgents(input: NetworkAgentInputs): NetworkAgents {
  const caPath = input.env.AWS_CA_BUNDLE?.trim() || input.profileCaBundle;
  const ca = caPath
    ? [...rootCertificates, (input.readFile ?? ((p) => readFileSync(p, 'utf8')))(caPath)]
    : undefined;
  const tls = { keepAlive: true, ...(ca ? { ca } : {}) };
  // proxy-from-env reads process.env; give it ours for the duration of the call. A local
  // endpoint (a simulator) is never reached through the company's proxy.
  const proxy = isLoopback(input.endpoint) ? '' : proxyFor(input.env, input.endpoint);
  const out: NetworkAgents = proxy
    ? (() => {
        const agent = ca
          ? new TrustingProxyAgent(proxy, ca)
          : new HttpsProxyAgent(proxy, { keepAlive: true });
        // Over a CONNECT tunnel the agent serves both schemes (it only adds TLS for https).
        return {
          httpAgent: agent as unknown as HttpAgent,
          httpsAgent: agent as unknown as HttpsAgent,
          proxy: stripCredentials(proxy),
        };
      })()
    : { httpAgent: new HttpAgent({ keepAlive: true }), httpsAgent: new HttpsAgent(tls) };
  if (caPath) out.caBundle = caPath;
  return out;
}

/**
 * HttpsProxyAgent that verifies the endpoint behind the tunnel with our CA list. (It drops
 * agent options for the tunnelled TLS connection, taking them from each request, and the
 * SDK's requests carry none.)
 */
class TrustingProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly ca: string[],
  ) {
    super(proxy, { keepAlive: true });
  }

  override connect(
    req: Parameters<HttpsProxyAgent<string>['connect']>[0],
    opts: Parameters<HttpsProxyAgent<string>['connect']>[1],
  ) {
    return super.connect(req, { ...opts, ca: this.ca } as typeof opts);
  }
}

const PROXY_VARS = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_http_proxy',
  'npm_config_no_proxy',
];

// One answer per endpoint and proxy settings: clients are built by the thousand (profiles ×
// regions), and each look-up would rewrite process.env twice.
const proxies = new Map<string, string>();

function proxyFor(env: Record<string, string | undefined>, endpoint: string): string {
  const key = JSON.stringify([endpoint, ...PROXY_VARS.map((k) => env[k] ?? null)]);
  let proxy = proxies.get(key);
  if (proxy === undefined) {
    if (proxies.size > 1000) proxies.clear();
    proxy = withEnv(env, () => getProxyForUrl(endpoint));
    proxies.set(key, proxy);
  }
  return proxy;
}

function withEnv<T>(env: Record<string, string | undefined>, fn: () => T): T {
  const saved = PROXY_VARS.map((k) => [k, process.env[k]] as const);
  try {
    for (const k of PROXY_VARS) {
      if (env[k] === undefined) delete process.env[k];
      else process.env[k] = env[k];
    }
    return fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

function stripCredentials(proxy: string): string {
  try {
    const u = new URL(proxy);
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return '(unparsable proxy URL)';
  }
}
