// The simulator's HTTP server: Lightsail JSON 1.1 on POST /, the stand-in DCV pages on
// GET /dcv/..., and unsigned loopback-only admin routes under /__sim/.
import { randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { appName } from './catalog.js';
import type { SimClock } from './clock.js';
import { dcvPageHeaders, refusedPage, sessionPage } from './dcv-page.js';
import type { DcvServer, DcvSession } from './dcv-server.js';
import {
  ANSWER_FAULTS,
  applyAnswerFault,
  DELIVERY_FAULTS,
  type FaultKind,
  type FaultSpec,
  FAULT_KINDS,
  FaultStore,
  SESSION_FAULTS,
  validateFaultSpec,
} from './faults.js';
import { setCpuProfile } from './manage.js';
import {
  accessDeniedMessage,
  DEFAULT_ERROR_MESSAGES,
  ERROR_STATUS,
  OPERATIONS,
  type OpContext,
  SimError,
  resourceOf,
} from './operations.js';
import { verifySigV4 } from './sigv4.js';
import { SsoService, type SsoOptions } from './sso.js';
import {
  type Account,
  type ComputerRecord,
  type ComputerSeed,
  type ComputerView,
  World,
  isValidResourceName,
} from './state.js';

const TARGET_PREFIX = 'Lightsail_20161128.';
const JSON_TYPE = 'application/x-amz-json-1.1';
const MAX_BODY = 1024 * 1024;
const MAX_LIVE_TOKENS = 32;
const WIRE_FAULTS: readonly FaultKind[] = FAULT_KINDS.filter(
  (k) => !SESSION_FAULTS.includes(k) && !ANSWER_FAULTS.includes(k) && !DELIVERY_FAULTS.includes(k),
);

interface TokenEntry {
  accessKeyId: string;
  region: string;
  name: string;
  kind: 'app' | 'desktop';
  epoch: number;
}

interface Hung {
  faultId: string;
  release(): void;
}

/** Options of the HTTP layer. */
export interface ServerOptions {
  pageSize: number;
  log?: (line: string) => void;
  /** IAM Identity Center stand-in (SSO OIDC + portal) on the same endpoint. */
  sso?: SsoOptions;
}

/** The running HTTP server around a World. */
export class SimServer {
  readonly faults = new FaultStore();
  readonly sso: SsoService;
  private readonly http: Server;
  private readonly tokens = new Map<string, TokenEntry>();
  private readonly hung = new Set<Hung>();
  private readonly sockets = new Set<Socket>();
  private readonly counts = new Map<string, number>();
  private readonly closing = new AbortController();
  private origin = '';
  port = 0;
  /** The DCV stand-in (--dcv-tls): session URLs then take the DCV form on its origin. */
  dcv: DcvServer | undefined;

  constructor(
    readonly world: World,
    readonly clock: SimClock,
    private readonly opts: ServerOptions,
  ) {
    this.sso = new SsoService(world, clock, opts.sso, (line) => this.log(line));
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.log(`internal error: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent && !res.destroyed)
          this.sendError(res, new SimError('ServiceException', 'An internal error occurred.', 500));
      });
    });
    this.http.keepAliveTimeout = 5_000;
    this.http.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.faults.onRemoved((ids) => {
      for (const h of [...this.hung]) if (ids === 'all' || ids.has(h.faultId)) h.release();
    });
  }

  /** Starts listening on 127.0.0.1 (port 0 = any free port). */
  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.port = (this.http.address() as AddressInfo).port;
    this.origin = `http://127.0.0.1:${this.port}`;
  }

  get endpoint(): string {
    return this.origin;
  }

  /** Stops the server, ending hung and kept-alive connections so nobody waits forever. */
  async close(): Promise<void> {
    this.closing.abort();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.http.closeAllConnections();
    this.hung.clear();
    await closed;
  }

  /** How many Lightsail requests matched the filter. */
  calls(filter: { operation?: string; region?: string; accessKeyId?: string } = {}): number {
    let n = 0;
    for (const [key, count] of this.counts) {
      const [operation, region, accessKeyId] = key.split('\u0000');
      if (filter.operation !== undefined && filter.operation !== operation) continue;
      if (filter.region !== undefined && filter.region !== region) continue;
      if (filter.accessKeyId !== undefined && filter.accessKeyId !== accessKeyId) continue;
      n += count;
    }
    return n;
  }

  resetCalls(): void {
    this.counts.clear();
  }

  /** The account an admin request names by access key, or the first one (the default account). */
  private adminAccount(accessKeyId: unknown): Account {
    return this.world.accounts.get(String(accessKeyId ?? '')) ?? [...this.world.accounts.values()][0]!;
  }

  /** The computer an admin request names by region and name (and access key), with its account. */
  private adminComputer(payload: unknown): { account: Account; computer: ComputerRecord } | undefined {
    const p = (payload ?? {}) as { accessKeyId?: unknown; region?: unknown; name?: unknown };
    const account = this.adminAccount(p.accessKeyId);
    const computer =
      typeof p.region === 'string' && typeof p.name === 'string'
        ? this.world.find(account, p.region, p.name)
        : undefined;
    return computer ? { account, computer } : undefined;
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/dcv/')) return this.handleDcv(req, res, url);
    if (url.pathname === '/__sim' || url.pathname.startsWith('/__sim/'))
      return this.handleAdmin(req, res, url);
    if (url.pathname === '/' && req.method === 'POST') return this.handleLightsail(req, res, url);
    if (url.pathname === '/' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        'Lightsail simulator: POST Lightsail JSON 1.1 requests here (X-Amz-Target: Lightsail_20161128.<Operation>).\n',
      );
      return;
    }
    if (await this.sso.handle(req, res, url, this.origin, () => readBody(req))) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
  }

  // ---- Lightsail JSON 1.1 ----

  private async handleLightsail(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413, { 'content-type': 'text/plain' });
      res.end('Request body too large\n');
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const verified = await verifySigV4(
      { method: req.method ?? 'POST', path: url.pathname, query, headers, body },
      (key) => this.world.accounts.get(key)?.secretAccessKey ?? this.sso.roleSecret(key),
    );
    const target = headers['x-amz-target'] ?? '';
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    if (!verified.ok) {
      this.log(`${operation || '?'} -> ${verified.status} ${verified.type}`);
      return this.sendError(res, new SimError(verified.type, verified.message, verified.status));
    }
    const { region, accessKeyId } = verified;
    const account = (this.world.accounts.get(accessKeyId) ?? this.sso.roleAccount(accessKeyId))!;
    const key = `${operation}\u0000${region}\u0000${accessKeyId}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);

    let input: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = body.trim() === '' ? {} : JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        input = parsed as Record<string, unknown>;
    } catch {
      input = undefined;
    }

    const computer = input ? resourceOf(operation, input) : undefined;
    const faultCtx = { operation, region, accessKeyId, ...(computer !== undefined ? { computer } : {}) };
    const { latencyMs, fault } = this.faults.take(faultCtx, WIRE_FAULTS);
    if (latencyMs > 0 && !(await this.sleep(latencyMs))) return;
    if (fault && fault.kind === 'hang') {
      this.log(`${operation} ${region} -> hang`);
      // Only a deadline ends this wait: a test world's clock may move on meanwhile.
      const release = this.clock.hold();
      // A client that gives up (its deadline) ends the hold too.
      res.once('close', release);
      const goOn = await this.hang(fault.id).finally(release);
      if (!goOn) return;
    } else if (fault) {
      this.log(`${operation} ${region} -> fault ${fault.kind}`);
      return this.sendFault(res, fault, operation);
    }

    try {
      if (!operation || !Object.hasOwn(OPERATIONS, operation)) {
        throw new SimError(
          'UnknownOperationException',
          target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header',
          400,
        );
      }
      if (!input)
        throw new SimError(
          'SerializationException',
          'Start of structure or map found where not expected, or the body is not valid JSON.',
          400,
        );
      const ctx: OpContext = {
        world: this.world,
        account,
        region,
        faults: this.faults,
        accessKeyId,
        pageSize: this.opts.pageSize,
        origin: this.origin,
        ...(this.dcv ? { dcvOrigin: this.dcv.origin } : {}),
        issueToken: (c, kind) => this.issueToken(account, c, kind),
      };
      let result = OPERATIONS[operation]!(input, ctx) as Record<string, unknown>;
      for (const answerFault of this.faults.takeAll(faultCtx, ANSWER_FAULTS)) {
        this.log(`${operation} ${region} -> answer fault ${answerFault.kind}`);
        result = applyAnswerFault(answerFault, operation, result);
      }
      this.log(`${operation} ${region} -> 200`);
      this.sendJson(res, 200, result, {}, this.faults.take(faultCtx, DELIVERY_FAULTS).fault);
    } catch (err) {
      if (!(err instanceof SimError)) throw err;
      this.log(`${operation} ${region} -> ${err.status} ${err.type}`);
      this.sendError(res, err);
    }
  }

  private sendJson(
    res: ServerResponse,
    status: number,
    value: unknown,
    extra: Record<string, string> = {},
    delivery?: FaultSpec,
  ): void {
    const body = Buffer.from(JSON.stringify(value));
    res.writeHead(status, {
      'content-type': JSON_TYPE,
      'content-length': body.length,
      'x-amzn-requestid': randomUUID(),
      ...extra,
    });
    if (delivery?.kind === 'truncated') {
      // The promised length, half the bytes, then the connection drops.
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    if (delivery?.kind === 'trickle') return this.trickle(res, body, delivery.intervalMs ?? 1_000);
    res.end(body);
  }

  /** Sends body one byte every intervalMs, until done, the client leaves or the server closes. */
  private trickle(res: ServerResponse, body: Buffer, intervalMs: number): void {
    res.flushHeaders();
    // As slow as a hang to whoever waits: a test world's clock may move on meanwhile.
    const release = this.clock.hold();
    let i = 0;
    const timer = setInterval(
      () => {
        if (res.destroyed || this.closing.signal.aborted) {
          release();
          return clearInterval(timer);
        }
        if (i >= body.length) {
          clearInterval(timer);
          release();
          res.end();
          return;
        }
        res.write(body.subarray(i, ++i));
      },
      Math.max(1, intervalMs),
    );
    res.on('close', () => {
      clearInterval(timer);
      release();
    });
  }

  private sendError(res: ServerResponse, err: SimError): void {
    this.sendJson(
      res,
      err.status,
      { __type: err.type, message: err.message, ...(err.code ? { code: err.code } : {}) },
      { 'x-amzn-errortype': err.type },
    );
  }

  private sendFault(res: ServerResponse, fault: FaultSpec, operation?: string): void {
    switch (fault.kind) {
      case 'http500': {
        const body = '<html><body><h1>500 Internal Server Error</h1></body></html>';
        res.writeHead(500, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      case 'malformed': {
        const body = '{"instances": [{"name": "trunc';
        res.writeHead(200, {
          'content-type': JSON_TYPE,
          'content-length': Buffer.byteLength(body),
          'x-amzn-requestid': randomUUID(),
        });
        res.end(body);
        return;
      }
      default: {
        const type = fault.kind;
        // Access denied names the refused action, in the words IAM uses.
        const denied =
          type === 'AccessDeniedException' && operation ? accessDeniedMessage(operation) : undefined;
        this.sendError(
          res,
          new SimError(
            type,
            fault.message ?? denied ?? DEFAULT_ERROR_MESSAGES[type] ?? type,
            ERROR_STATUS[type] ?? 400,
          ),
        );
      }
    }
  }

  /** Waits ms; false when the server closed meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    const signal = this.closing.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Holds a request until its fault is removed (true: go on) or the server closes (false). */
  private hang(faultId: string): Promise<boolean> {
    const signal = this.closing.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const entry: Hung = {
        faultId,
        release: () => {
          this.hung.delete(entry);
          signal.removeEventListener('abort', onAbort);
          resolve(true);
        },
      };
      const onAbort = () => {
        this.hung.delete(entry);
        resolve(false);
      };
      this.hung.add(entry);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  // ---- DCV stand-in ----

  private issueToken(account: Account, c: ComputerRecord, kind: 'app' | 'desktop'): string {
    // Forget tokens of sessions that have since stopped or restarted, and all but the newest
    // few of a live one (a client polling a started session mints two per call).
    const live: string[] = [];
    for (const [t, e] of this.tokens) {
      if (e.accessKeyId !== account.accessKeyId || e.region !== c.region || e.name !== c.name) continue;
      if (e.epoch !== c.session.epoch) this.tokens.delete(t);
      else if (e.kind === kind) live.push(t);
    }
    for (const t of live.slice(0, Math.max(0, live.length - MAX_LIVE_TOKENS + 1))) this.tokens.delete(t);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, {
      accessKeyId: account.accessKeyId,
      region: c.region,
      name: c.name,
      kind,
      epoch: c.session.epoch,
    });
    return token;
  }

  /** The live session a token opens (the DCV stand-in asks), or undefined. */
  dcvSession(token: string): DcvSession | undefined {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    const account = this.world.accounts.get(entry.accessKeyId);
    const computer = account ? this.world.find(account, entry.region, entry.name) : undefined;
    if (
      !computer ||
      this.world.session(computer).status !== 'started' ||
      computer.session.epoch !== entry.epoch
    )
      return undefined;
    return {
      computer: computer.name,
      region: computer.region,
      kind: entry.kind,
      app: appName(computer.blueprintId),
    };
  }

  private handleDcv(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const parts = url.pathname
      .split('/')
      .slice(2)
      .map((p) => safeDecode(p));
    const [region, name, kind] = parts;
    // The token is a credential: only the path is ever logged.
    const logLine = (status: number) => this.log(`GET /dcv/${parts.join('/')} -> ${status}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('Method not allowed\n');
      return;
    }
    const token = url.searchParams.get('authToken') ?? '';
    const entry = this.tokens.get(token);
    let ok = parts.length === 3 && (kind === 'app' || kind === 'desktop') && entry !== undefined;
    let computer: ComputerRecord | undefined;
    if (ok && entry) {
      const account = this.world.accounts.get(entry.accessKeyId);
      computer = account ? this.world.find(account, entry.region, entry.name) : undefined;
      ok =
        entry.region === region &&
        entry.name === name &&
        entry.kind === kind &&
        computer !== undefined &&
        this.world.session(computer).status === 'started' &&
        computer.session.epoch === entry.epoch;
    }
    if (!ok || !computer) {
      logLine(403);
      const body = refusedPage();
      res.writeHead(403, { ...dcvPageHeaders(), 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const app = appName(computer.blueprintId);
    const body = sessionPage({
      computer: computer.name,
      region: computer.region,
      kind: kind as 'app' | 'desktop',
      app,
      sessionName: kind === 'app' ? app : 'Ubuntu Desktop',
    });
    logLine(200);
    res.writeHead(200, { ...dcvPageHeaders(), 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  // ---- admin ----

  private async handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const send = (status: number, value: unknown) => {
      const body = JSON.stringify(value, null, 2);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
      });
      res.end(body);
    };
    // Unsigned routes: only for this machine, and not for web pages that resolve a name to it.
    if (!isLoopback(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host, this.port))
      return send(403, { error: 'admin routes are loopback-only' });
    const method = req.method ?? 'GET';
    let payload: unknown = undefined;
    if (method === 'POST') {
      // A JSON content type cannot be sent cross-origin without a preflight we never answer.
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(415, { error: 'send application/json' });
      const raw = await readBody(req);
      if (raw === undefined) return send(413, { error: 'body too large' });
      try {
        payload = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        return send(400, { error: 'body is not valid JSON' });
      }
    }
    const path = url.pathname.replace(/\/+$/, '');
    try {
      if (path === '/__sim/state' && method === 'GET') return send(200, this.state());
      if (path === '/__sim/faults' && method === 'GET') return send(200, { faults: this.faults.list() });
      if (path === '/__sim/faults' && method === 'POST') {
        const specs = (Array.isArray(payload) ? payload : [payload]).map(validateFaultSpec);
        return send(200, { ids: specs.map((s) => this.faults.inject(s)) });
      }
      if (path === '/__sim/faults' && method === 'DELETE') {
        this.faults.clear();
        return send(200, { cleared: true });
      }
      if (path.startsWith('/__sim/faults/') && method === 'DELETE') {
        this.faults.remove(decodeURIComponent(path.slice('/__sim/faults/'.length)));
        return send(200, { removed: true });
      }
      if (path === '/__sim/clock' && method === 'POST') {
        const p = (payload ?? {}) as { advanceMs?: unknown; scale?: unknown };
        if (p.advanceMs !== undefined) this.clock.advance(Number(p.advanceMs));
        if (p.scale !== undefined) this.clock.setScale(Number(p.scale));
        return send(200, { now: this.clock.now(), scale: this.clock.scale() });
      }
      if (path === '/__sim/clock' && method === 'GET')
        return send(200, { now: this.clock.now(), scale: this.clock.scale() });
      if (path === '/__sim/dcv' && method === 'GET')
        return send(
          this.dcv ? 200 : 404,
          this.dcv
            ? { origin: this.dcv.origin, sha256: this.dcv.fingerprint() ?? null }
            : { error: 'no DCV stand-in (start with --dcv-tls)' },
        );
      if (path === '/__sim/dcv/certificate' && method === 'POST') {
        if (!this.dcv?.fingerprint())
          return send(404, { error: 'no TLS DCV stand-in (start with --dcv-tls)' });
        return send(200, { origin: this.dcv.origin, sha256: await this.dcv.rotateCertificate() });
      }
      if (path === '/__sim/computers' && method === 'POST') {
        const p = (payload ?? {}) as ComputerSeed & { accessKeyId?: string };
        const account = this.adminAccount(p.accessKeyId);
        if (typeof p.region !== 'string' || !isValidResourceName(p.name))
          return send(400, { error: 'region and a valid name are required' });
        const rec = this.world.addComputer(account, p);
        return send(200, this.world.view(account, rec));
      }
      if (path === '/__sim/cpu' && method === 'POST') {
        const found = this.adminComputer(payload);
        if (!found) return send(404, { error: 'no such computer (give region and name)' });
        this.world.setCpu(found.computer, Number((payload as { percent?: unknown }).percent));
        return send(200, this.world.view(found.account, found.computer));
      }
      if (path === '/__sim/cpu-profile' && method === 'POST') {
        // A day of CPU % that GetInstanceMetricData follows (each value covers 24 h / length, UTC).
        const found = this.adminComputer(payload);
        if (!found) return send(404, { error: 'no such computer (give region and name)' });
        try {
          setCpuProfile(
            found.account,
            found.computer,
            (payload as { percents?: unknown }).percents as number[],
          );
        } catch (err) {
          return send(400, { error: (err as Error).message });
        }
        return send(200, { ok: true });
      }
      if (path === '/__sim/timings' && method === 'GET') return send(200, { ...this.world.timings });
      if (path === '/__sim/timings' && method === 'POST') {
        const p = (payload ?? {}) as { sessionLifetimeMs?: unknown };
        const ms = Number(p.sessionLifetimeMs);
        if (!Number.isFinite(ms) || ms <= 0)
          return send(400, { error: 'sessionLifetimeMs must be a number > 0' });
        this.world.timings.sessionLifetimeMs = ms;
        return send(200, { ...this.world.timings });
      }
      if (path === '/__sim/behaviour' && method === 'GET')
        return send(200, { renewStartedSessions: this.world.renewStartedSessions });
      if (path === '/__sim/behaviour' && method === 'POST') {
        const p = (payload ?? {}) as { renewStartedSessions?: unknown };
        if (typeof p.renewStartedSessions !== 'boolean')
          return send(400, { error: 'renewStartedSessions must be true or false' });
        this.world.renewStartedSessions = p.renewStartedSessions;
        return send(200, { renewStartedSessions: this.world.renewStartedSessions });
      }
      if (path === '/__sim/calls' && method === 'GET') {
        const filter: { operation?: string; region?: string; accessKeyId?: string } = {};
        for (const k of ['operation', 'region', 'accessKeyId'] as const) {
          const v = url.searchParams.get(k);
          if (v !== null) filter[k] = v;
        }
        return send(200, { count: this.calls(filter) });
      }
      if (path === '/__sim/sso/pending' && method === 'GET')
        return send(200, { pending: this.sso.pending() });
      if ((path === '/__sim/sso/approve' || path === '/__sim/sso/deny') && method === 'POST') {
        const p = (payload ?? {}) as { userCode?: unknown };
        const code = typeof p.userCode === 'string' ? p.userCode : undefined;
        return send(200, {
          changed: this.sso.decide(path.endsWith('approve') ? 'approved' : 'denied', code),
        });
      }
      if (path === '/__sim/sso/end-sessions' && method === 'POST') {
        this.sso.endSessions();
        return send(200, { ended: true });
      }
      if (path === '/__sim/calls' && method === 'DELETE') {
        this.resetCalls();
        return send(200, { reset: true });
      }
      return send(404, { error: `no admin route ${method} ${path}` });
    } catch (err) {
      return send(400, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Everything, for GET /__sim/state. */
  state(): {
    endpoint: string;
    clock: { now: number; scale: number };
    accounts: { accessKeyId: string; accountId: string; computers: ComputerView[] }[];
    faults: ReturnType<FaultStore['list']>;
  } {
    return {
      endpoint: this.origin,
      clock: { now: this.clock.now(), scale: this.clock.scale() },
      accounts: [...this.world.accounts.values()].map((a) => ({
        accessKeyId: a.accessKeyId,
        accountId: a.accountId,
        computers: [...a.regions.keys()]
          .sort()
          .flatMap((r) => this.world.list(a, r).map((c) => this.world.view(a, c))),
      })),
      faults: this.faults.list(),
    };
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}
