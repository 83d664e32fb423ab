// IAM Identity Center, simulated: the SSO OIDC service (RegisterClient, StartDeviceAuthorization,
// CreateToken with the device_code and refresh_token grants) and the SSO portal
// (GetRoleCredentials, ListAccounts, ListAccountRoles, Logout), both REST-JSON as the real
// services speak them, plus a stand-in approval page for the verification URL. Role credentials
// it issues are temporary key pairs of a simulator account, so its Lightsail operations accept them.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from './clock.js';
import type { Account, World } from './state.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const REFRESH_GRANT = 'refresh_token';
const JSON_TYPE = 'application/json';

/** Tunables of the simulated Identity Center; durations in seconds of simulator time. */
export interface SsoOptions {
  /** Approve every device code as soon as it is issued (`--sso-auto-approve`). */
  autoApprove?: boolean;
  /** Access token lifetime (default 3600). */
  accessTokenTtlSec?: number;
  /** How long a portal session lasts before refresh tokens stop working (default 8 h). */
  sessionTtlSec?: number;
  /** Device code lifetime (default 600). */
  deviceCodeTtlSec?: number;
  /** Polling interval told to clients (default 1; the real service says 1 or 5). */
  intervalSec?: number;
  /** Role credential lifetime (default 3600). */
  roleCredentialsTtlSec?: number;
  /** Roles offered in every account (default LightsailResearcher, ReadOnly). */
  roles?: string[];
}

interface Client {
  clientId: string;
  clientSecret: string;
  expiresAt: number;
  refreshable: boolean;
  /** The grants it was registered for; undefined when RegisterClient named none (device code allowed). */
  grantTypes?: string[];
}

interface Device {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  expiresAt: number;
  status: 'pending' | 'approved' | 'denied' | 'used';
  lastPollAt: number;
}

interface Session {
  startUrl: string;
  clientId: string;
  endsAt: number;
}

interface AccessToken {
  session: Session;
  expiresAt: number;
}

interface RoleKey {
  secretAccessKey: string;
  sessionToken: string;
  account: Account;
  roleName: string;
  expiresAt: number;
}

class SsoError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    readonly oauthError: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const token = (n = 32) => randomBytes(n).toString('base64url');
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
function userCode(): string {
  const b = randomBytes(8);
  const chars = [...b].map((x) => USER_CODE_ALPHABET[x % USER_CODE_ALPHABET.length]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/** The Identity Center stand-in of one simulator. */
export class SsoService {
  private readonly clients = new Map<string, Client>();
  private readonly devices = new Map<string, Device>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, Session>();
  private readonly roleKeys = new Map<string, RoleKey>();
  private readonly counts = new Map<string, number>();
  autoApprove: boolean;
  accessTokenTtlSec: number;
  sessionTtlSec: number;
  private readonly deviceCodeTtlSec: number;
  private readonly intervalSec: number;
  private readonly roleTtlSec: number;
  private readonly roles: string[];

  constructor(
    private readonly world: World,
    private readonly clock: SimClock,
    opts: SsoOptions = {},
    private readonly log: (line: string) => void = () => {},
  ) {
    this.autoApprove = opts.autoApprove ?? false;
    this.accessTokenTtlSec = opts.accessTokenTtlSec ?? 3600;
    this.sessionTtlSec = opts.sessionTtlSec ?? 8 * 3600;
    this.deviceCodeTtlSec = opts.deviceCodeTtlSec ?? 600;
    this.intervalSec = opts.intervalSec ?? 1;
    this.roleTtlSec = opts.roleCredentialsTtlSec ?? 3600;
    this.roles = opts.roles ?? ['LightsailResearcher', 'ReadOnly'];
  }

  /** The secret of a role key this service issued and that has not expired. */
  roleSecret(accessKeyId: string): string | undefined {
    const k = this.roleKeys.get(accessKeyId);
    return k && k.expiresAt > this.clock.now() ? k.secretAccessKey : undefined;
  }

  /** The simulator account behind a role key. */
  roleAccount(accessKeyId: string): Account | undefined {
    return this.roleKeys.get(accessKeyId)?.account;
  }

  /** How many SSO requests of one operation were answered (any outcome). */
  calls(operation: string): number {
    return this.counts.get(operation) ?? 0;
  }

  /** Device codes waiting for the user (admin view: user codes only). */
  pending(): { userCode: string; startUrl: string }[] {
    return [...this.devices.values()]
      .filter((d) => d.status === 'pending' && d.expiresAt > this.clock.now())
      .map((d) => ({ userCode: d.userCode, startUrl: d.startUrl }));
  }

  /** Approve (or deny) a device code by user code; no code = every pending one. Returns how many changed. */
  decide(decision: 'approved' | 'denied', code?: string): number {
    let n = 0;
    for (const d of this.devices.values()) {
      if (d.status !== 'pending' || d.expiresAt <= this.clock.now()) continue;
      if (code !== undefined && d.userCode !== code.toUpperCase()) continue;
      d.status = decision;
      n++;
    }
    return n;
  }

  /** Forget every client registration, as a revocation would: their next call is refused (InvalidClientException). */
  forgetClients(): void {
    this.clients.clear();
  }

  /** End every portal session now: access and refresh tokens stop working (the user's session ended). */
  endSessions(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  /** Whether this request is one of ours; if so it is answered. */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    origin: string,
    readBody: () => Promise<string | undefined>,
  ): Promise<boolean> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const route = ROUTES[`${method} ${path}`];
    if (route === undefined) return false;
    this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
    try {
      if (route === 'ApprovalPage')
        return (this.sendHtml(res, 200, this.approvalPage(url.searchParams.get('user_code') ?? '')), true);
      const body = method === 'POST' ? await readBody() : '';
      if (body === undefined)
        throw new SsoError('InvalidRequestException', 400, 'invalid_request', 'Request body too large');
      if (route === 'ApprovalDecision') {
        const form = new URLSearchParams(body);
        const decision = form.get('decision') === 'approve' ? 'approved' : 'denied';
        const n = this.decide(decision, form.get('user_code') ?? '');
        this.log(`SSO approval page ${decision} -> ${n}`);
        return (this.sendHtml(res, n ? 200 : 404, this.donePage(n ? decision : undefined)), true);
      }
      const bearer = String(req.headers['x-amz-sso_bearer_token'] ?? '');
      const input = route.startsWith('Oidc') ? parseJson(body) : {};
      const result = this.dispatch(route, input, url.searchParams, bearer, origin);
      this.log(`SSO ${route} -> 200`);
      this.sendJson(res, 200, result);
    } catch (err) {
      if (!(err instanceof SsoError)) throw err;
      this.log(`SSO ${route} -> ${err.status} ${err.type}`);
      const body = err.oauthError
        ? { error: err.oauthError, error_description: err.message }
        : { message: err.message };
      this.sendJson(res, err.status, body, { 'x-amzn-errortype': err.type });
    }
    return true;
  }

  private dispatch(
    route: string,
    input: Record<string, unknown>,
    query: URLSearchParams,
    bearer: string,
    origin: string,
  ): unknown {
    const now = this.clock.now();
    switch (route) {
      case 'OidcRegisterClient': {
        const grantTypes = Array.isArray(input.grantTypes) ? input.grantTypes.map(String) : [];
        const scopes = Array.isArray(input.scopes) ? input.scopes.map(String) : [];
        if (typeof input.clientName !== 'string' || input.clientType !== 'public')
          throw invalidRequest('clientName and clientType "public" are required');
        const c: Client = {
          clientId: token(16),
          clientSecret: token(48),
          expiresAt: now + 90 * 86_400_000,
          refreshable: grantTypes.includes(REFRESH_GRANT) || scopes.length > 0,
        };
        // grantTypes "is used to restrict the token granting flows available to the client".
        if (grantTypes.length > 0) c.grantTypes = grantTypes;
        this.clients.set(c.clientId, c);
        return {
          clientId: c.clientId,
          clientSecret: c.clientSecret,
          clientIdIssuedAt: Math.floor(now / 1000),
          clientSecretExpiresAt: Math.floor(c.expiresAt / 1000),
        };
      }
      case 'OidcStartDeviceAuthorization': {
        const client = this.client(input);
        this.allow(client, DEVICE_GRANT);
        if (typeof input.startUrl !== 'string' || !input.startUrl)
          throw invalidRequest('startUrl is required');
        const d: Device = {
          deviceCode: token(),
          userCode: userCode(),
          clientId: client.clientId,
          startUrl: input.startUrl,
          expiresAt: now + this.deviceCodeTtlSec * 1000,
          status: this.autoApprove ? 'approved' : 'pending',
          lastPollAt: 0,
        };
        this.devices.set(d.deviceCode, d);
        const verificationUri = `${origin}/start/device`;
        return {
          deviceCode: d.deviceCode,
          userCode: d.userCode,
          verificationUri,
          verificationUriComplete: `${verificationUri}?user_code=${d.userCode}`,
          expiresIn: this.deviceCodeTtlSec,
          interval: this.intervalSec,
        };
      }
      case 'OidcCreateToken': {
        const client = this.client(input);
        if (input.grantType === DEVICE_GRANT || input.grantType === REFRESH_GRANT)
          this.allow(client, input.grantType);
        if (input.grantType === DEVICE_GRANT) {
          const d = this.devices.get(String(input.deviceCode ?? ''));
          if (!d || d.clientId !== client.clientId || d.status === 'used')
            throw new SsoError('InvalidGrantException', 400, 'invalid_grant', 'Invalid device code provided');
          if (d.expiresAt <= now)
            throw new SsoError('ExpiredTokenException', 400, 'expired_token', 'Device code has expired');
          if (d.status === 'denied')
            throw new SsoError(
              'AccessDeniedException',
              400,
              'access_denied',
              'The user denied the authorization request',
            );
          if (d.status === 'pending') {
            const tooSoon = d.lastPollAt > 0 && now - d.lastPollAt < this.intervalSec * 1000 * 0.5;
            d.lastPollAt = now;
            if (tooSoon)
              throw new SsoError('SlowDownException', 400, 'slow_down', 'Client is polling too quickly');
            throw new SsoError(
              'AuthorizationPendingException',
              400,
              'authorization_pending',
              'Authorization is still pending',
            );
          }
          d.status = 'used';
          return this.issue(
            { startUrl: d.startUrl, clientId: client.clientId, endsAt: now + this.sessionTtlSec * 1000 },
            client.refreshable,
          );
        }
        if (input.grantType === REFRESH_GRANT) {
          const rt = String(input.refreshToken ?? '');
          const session = this.refreshTokens.get(rt);
          if (!session || session.clientId !== client.clientId || session.endsAt <= now)
            throw new SsoError(
              'InvalidGrantException',
              400,
              'invalid_grant',
              'Invalid refresh token provided',
            );
          this.refreshTokens.delete(rt);
          return this.issue(session, true);
        }
        throw new SsoError(
          'UnsupportedGrantTypeException',
          400,
          'unsupported_grant_type',
          `Unsupported grant type ${String(input.grantType)}`,
        );
      }
      case 'PortalGetRoleCredentials': {
        this.session(bearer);
        const account = this.account(query.get('account_id'));
        const roleName = query.get('role_name') ?? '';
        if (!this.roles.includes(roleName))
          throw new SsoError('ForbiddenException', 403, undefined, 'No access');
        const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
        const key: RoleKey = {
          secretAccessKey: token(30),
          sessionToken: token(64),
          account,
          roleName,
          expiresAt: now + this.roleTtlSec * 1000,
        };
        this.roleKeys.set(accessKeyId, key);
        return {
          roleCredentials: {
            accessKeyId,
            secretAccessKey: key.secretAccessKey,
            sessionToken: key.sessionToken,
            expiration: key.expiresAt,
          },
        };
      }
      case 'PortalListAccounts': {
        this.session(bearer);
        const all = [...this.world.accounts.values()].map((a, i) => ({
          accountId: a.accountId,
          accountName: i === 0 ? 'Research' : `Lab ${i}`,
          emailAddress: `aws+${a.accountId}@example.org`,
        }));
        return page(all, query, 'accountList');
      }
      case 'PortalListAccountRoles': {
        this.session(bearer);
        const account = this.account(query.get('account_id'));
        return page(
          this.roles.map((roleName) => ({ roleName, accountId: account.accountId })),
          query,
          'roleList',
        );
      }
      case 'PortalLogout': {
        const t = this.accessTokens.get(bearer);
        if (!t)
          throw new SsoError('UnauthorizedException', 401, undefined, 'Session token not found or invalid');
        for (const [k, v] of this.accessTokens) if (v.session === t.session) this.accessTokens.delete(k);
        for (const [k, v] of this.refreshTokens) if (v === t.session) this.refreshTokens.delete(k);
        return {};
      }
    }
    throw new Error(`unrouted ${route}`);
  }

  private issue(session: Session, refreshable: boolean): unknown {
    const accessToken = token(48);
    this.accessTokens.set(accessToken, {
      session,
      expiresAt: this.clock.now() + this.accessTokenTtlSec * 1000,
    });
    const out: Record<string, unknown> = {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokenTtlSec,
    };
    if (refreshable) {
      const refreshToken = token(48);
      this.refreshTokens.set(refreshToken, session);
      out.refreshToken = refreshToken;
    }
    return out;
  }

  private client(input: Record<string, unknown>): Client {
    const c = this.clients.get(String(input.clientId ?? ''));
    if (!c || c.clientSecret !== input.clientSecret)
      throw new SsoError('InvalidClientException', 401, 'invalid_client', 'Invalid client provided');
    if (c.expiresAt <= this.clock.now())
      throw new SsoError('InvalidClientException', 401, 'invalid_client', 'Client registration has expired');
    return c;
  }

  /** Refuse a grant the client was not registered for (as AWS CLI 2.22+'s PKCE-only client). */
  private allow(c: Client, grant: string): void {
    if (c.grantTypes && !c.grantTypes.includes(grant))
      throw new SsoError(
        'UnauthorizedClientException',
        400,
        'unauthorized_client',
        `Client is not authorized to use grant type ${grant}`,
      );
  }

  private session(bearer: string): Session {
    const t = this.accessTokens.get(bearer);
    if (!t || t.expiresAt <= this.clock.now())
      throw new SsoError('UnauthorizedException', 401, undefined, 'Session token not found or invalid');
    return t.session;
  }

  private account(id: string | null): Account {
    const a = [...this.world.accounts.values()].find((x) => x.accountId === id);
    if (!a) throw new SsoError('ResourceNotFoundException', 404, undefined, 'Could not find account');
    return a;
  }

  private sendJson(
    res: ServerResponse,
    status: number,
    value: unknown,
    extra: Record<string, string> = {},
  ): void {
    const body = JSON.stringify(value);
    res.writeHead(status, {
      'content-type': JSON_TYPE,
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': randomUUID(),
      ...extra,
    });
    res.end(body);
  }

  private sendHtml(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  private approvalPage(code: string): string {
    const d = [...this.devices.values()].find((x) => x.userCode === code.toUpperCase());
    const live = d && d.status === 'pending' && d.expiresAt > this.clock.now();
    const body = live
      ? `<p>Code <b id="user-code">${escapeHtml(d.userCode)}</b> wants to sign in to <span>${escapeHtml(d.startUrl)}</span>.</p>
<form method="post" action="/start/device"><input type="hidden" name="user_code" value="${escapeHtml(d.userCode)}">
<button name="decision" value="approve">Approve</button> <button name="decision" value="deny">Deny</button></form>`
      : `<p id="no-request">No sign-in request is waiting for code ${escapeHtml(code || '(none)')}.</p>`;
    return shell('Authorize request', body);
  }

  private donePage(decision: 'approved' | 'denied' | undefined): string {
    if (!decision)
      return shell(
        'Request not found',
        '<p id="no-request">That request has expired or was already answered.</p>',
      );
    return shell(
      decision === 'approved' ? 'Request approved' : 'Request denied',
      `<p id="decision" data-decision="${decision}">${decision === 'approved' ? 'You can close this window and return to the app.' : 'The sign-in was denied.'}</p>`,
    );
  }
}

const ROUTES: Record<string, string> = {
  'POST /client/register': 'OidcRegisterClient',
  'POST /device_authorization': 'OidcStartDeviceAuthorization',
  'POST /token': 'OidcCreateToken',
  'GET /federation/credentials': 'PortalGetRoleCredentials',
  'GET /assignment/accounts': 'PortalListAccounts',
  'GET /assignment/roles': 'PortalListAccountRoles',
  'POST /logout': 'PortalLogout',
  'GET /start/device': 'ApprovalPage',
  'POST /start/device': 'ApprovalDecision',
};

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:34em;margin:4em auto;padding:0 1em}button{font:inherit;padding:.4em 1.2em;margin-right:.5em}</style></head>
<body><main id="sso-approval"><h1>${escapeHtml(title)}</h1><p>IAM Identity Center (simulator)</p>${body}</main></body></html>`;
}

function invalidRequest(message: string): SsoError {
  return new SsoError('InvalidRequestException', 400, 'invalid_request', message);
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const v: unknown = body.trim() ? JSON.parse(body) : {};
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw invalidRequest('The request body is not a JSON object');
}

function page<T>(items: T[], query: URLSearchParams, key: string): Record<string, unknown> {
  const start = Number(query.get('next_token') ?? 0) || 0;
  const max = Math.min(Number(query.get('max_result') ?? 100) || 100, 100);
  const slice = items.slice(start, start + max);
  const next = start + max < items.length ? String(start + max) : undefined;
  return { [key]: slice, ...(next ? { nextToken: next } : {}) };
}
