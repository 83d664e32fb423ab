// Sign-in from the launcher: IAM Identity Center device sign-in for [sso-session] and legacy
// sso_start_url profiles, the token put where the AWS CLI keeps it, refresh before expiry
// (through @aws-sdk/token-providers), a warning before the portal session ends, sign-out as
// `aws sso logout` does, MFA codes for role profiles, and profiles from a start URL.
// Tokens stay here and in the cache file: the state it publishes carries user codes, never tokens.
import { LogoutCommand } from '@aws-sdk/client-sso';
import { fromSso } from '@aws-sdk/token-providers';
import { randomUUID } from 'node:crypto';
import type {
  MfaRequest,
  NewSsoProfile,
  PortalAccount,
  Result,
  SignInEntry,
  SignInRef,
  SignInState,
} from '../shared/models.js';
import {
  isSpecialConfigKey,
  loadProfileData,
  mergedProfile,
  profileKind,
  type ProfileData,
  type ProfileInputs,
} from './aws-profiles.js';
import { LauncherFailure, launcherErrors, toLauncherError } from './errors.js';
import type { LauncherService } from '../shared/ipc-contract.js';
import type { Clock } from './clock.js';
import { ssoPortalClient, type SsoTimeouts } from './sso-clients.js';
import { runDeviceFlow, type Registration, type SsoTarget } from './sso-device-flow.js';
import { appendSsoProfiles, configNameProblem, startUrlProblem } from './aws-config-writer.js';
import { listPortalAccounts, suggestProfiles } from './sso-portal.js';
import {
  readCachedToken,
  removeCachedToken,
  tokenCacheKey,
  writeCachedToken,
  type SsoCachedToken,
} from './sso-token-cache.js';

/** Warn this long before a sign-in that cannot be refreshed ends. */
export const EXPIRY_WARNING_MS = 15 * 60_000;
// token-providers refreshes only inside its own 5-minute window before expiry, so ask then.
const REFRESH_BEFORE_MS = 4 * 60_000;

/** What the sign-in needs from outside. */
export interface SignInDeps {
  inputs: ProfileInputs;
  clock: Clock;
  /** Opens the verification URL in the system browser (shell.openExternal in Electron). */
  openExternal: (url: string) => void | Promise<void>;
  /** SSO OIDC / portal client settings (an endpoint in tests; AWS_ENDPOINT_URL_SSO[_OIDC] also work). */
  clientConfig?: Record<string, unknown>;
  /** Timeouts of the OIDC and portal clients (default: the Lightsail clients' policy). */
  timeouts?: SsoTimeouts;
  /** A sign-in is done (or a token refreshed): forget those profiles' credentials and list again. */
  onSignedIn?: (profiles: string[]) => void;
  onSignedOut?: (profiles: string[]) => void;
  /** The sign-in ends in 15 minutes and cannot be refreshed: offer Sign in (notification, tray). */
  onExpiring?: (entry: SignInEntry) => void;
}

/** A resolved sign-in target with the profiles it serves. */
interface Target extends SsoTarget {
  id: string;
  key: string;
  kind: 'sso-session' | 'sso';
  profiles: string[];
}

interface Flow {
  controller: AbortController;
  promise: Promise<Result<null>>;
  prompt?: SignInEntry['prompt'];
}

/** The sign-in feature: one per environment scope. */
export interface SignIn {
  state(): Promise<SignInState>;
  /** Sign in (device flow); resolves when signed in, denied, expired or cancelled. */
  start(ref: SignInRef, opts?: { openBrowser?: boolean }): Promise<Result<null>>;
  cancel(ref: SignInRef): Promise<boolean>;
  signOut(ref: SignInRef): Promise<Result<null>>;
  /** The SDK's mfaCodeProvider for one profile: asks the user through the state's `mfa` list. */
  askMfaCode(profile: string, serial: string): Promise<string>;
  /** The user's MFA code, or null for Cancel. */
  answerMfa(id: string, code: string | null): boolean;
  /** Sign in to a start URL that is not in the config yet and list its accounts and roles. */
  discover(ref: {
    startUrl: string;
    region: string;
    session: string;
  }): Promise<Result<{ accounts: PortalAccount[]; suggested: NewSsoProfile[] }>>;
  /** Append the chosen accounts and roles as profiles (backing up the config first). */
  addProfiles(add: {
    startUrl: string;
    region: string;
    session: string;
    profiles: NewSsoProfile[];
  }): Promise<Result<{ added: string[]; backup?: string }>>;
  /** Read every sign-in and (re)schedule its refresh and expiry warning. */
  watch(): Promise<void>;
  /** Subscribe to state changes; returns an unsubscribe function. */
  onChange(listener: (state: SignInState) => void): () => void;
  /** Signed in or refreshed ('signed-in'), signed out, or about to end without refresh ('expiring'). */
  on(event: 'signed-in' | 'signed-out', listener: (profiles: string[]) => void): () => void;
  on(event: 'expiring', listener: (entry: SignInEntry) => void): () => void;
  dispose(): void;
}

function sessionTarget(data: ProfileData, name: string): Target | undefined {
  const s = data.config.get(`sso-session.${name}`);
  if (!s?.sso_start_url || !s.sso_region) return undefined;
  // Profile names may contain dots (`lab.researcher`): only the section keys are special.
  const profiles = [...data.config.entries()]
    .filter(([k, v]) => !isSpecialConfigKey(k) && v.sso_session === name)
    .map(([k]) => k);
  const scopes = s.sso_registration_scopes
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return {
    id: `session:${name}`,
    key: tokenCacheKey({ sessionName: name, startUrl: s.sso_start_url }),
    kind: 'sso-session',
    startUrl: s.sso_start_url,
    region: s.sso_region,
    sessionName: name,
    ...(scopes?.length ? { scopes } : {}),
    profiles: profiles.sort(),
  };
}

function legacyTarget(data: ProfileData, startUrl: string, region: string): Target {
  const profiles = [...data.config.keys()].filter((k) => {
    if (isSpecialConfigKey(k)) return false;
    const p = mergedProfile(data, k);
    return profileKind(p) === 'sso' && p?.sso_start_url === startUrl;
  });
  return {
    id: `url:${startUrl}`,
    key: tokenCacheKey({ startUrl }),
    kind: 'sso',
    startUrl,
    region,
    profiles: profiles.sort(),
  };
}

function allTargets(data: ProfileData): Target[] {
  const out = new Map<string, Target>();
  for (const key of data.config.keys()) {
    if (key.startsWith('sso-session.')) {
      const t = sessionTarget(data, key.slice('sso-session.'.length));
      if (t) out.set(t.id, t);
    } else if (!isSpecialConfigKey(key)) {
      const p = mergedProfile(data, key);
      if (profileKind(p) === 'sso' && p?.sso_start_url && p.sso_region) {
        const t = legacyTarget(data, p.sso_start_url, p.sso_region);
        out.set(t.id, t);
      }
    }
  }
  return [...out.values()];
}

/** Whether a verification URL from the OIDC service may go to the system browser: https, or http on loopback (the simulator). */
export function isOpenableVerificationUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    return (
      u.protocol === 'http:' &&
      (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]')
    );
  } catch {
    return false;
  }
}

function notFound(what: string): LauncherFailure {
  return new LauncherFailure(launcherErrors.signInNotConfigured(what));
}

/** The sign-in a ref names, from the AWS config. */
async function resolveTarget(inputs: SignInDeps['inputs'], ref: SignInRef): Promise<Target> {
  const data = await loadProfileData(inputs);
  if ('startUrl' in ref) {
    // Checked before signing in, with the writer's own rules: the error comes now, not at Add.
    const problem = startUrlProblem(ref.startUrl) ?? configNameProblem(ref.session, 'sso-session');
    if (problem)
      throw new LauncherFailure(launcherErrors.awsConfigRefused(problem, 'Correct it, then sign in again.'));
    const existing = sessionTarget(data, ref.session);
    if (existing && existing.startUrl !== ref.startUrl) {
      throw new LauncherFailure(
        launcherErrors.awsConfigRefused(
          `The sso-session name ${ref.session} is already used for another start URL (${existing.startUrl}).`,
          'Choose another session name, then sign in again.',
        ),
      );
    }
    return (
      existing ?? {
        id: `session:${ref.session}`,
        key: ref.session,
        kind: 'sso-session',
        startUrl: ref.startUrl,
        region: ref.region,
        sessionName: ref.session,
        profiles: [],
      }
    );
  }
  if ('session' in ref) {
    const t = sessionTarget(data, ref.session);
    if (!t) throw notFound(`sso-session ${ref.session}`);
    return t;
  }
  const p = mergedProfile(data, ref.profile);
  if (p?.sso_session) {
    const t = sessionTarget(data, p.sso_session);
    if (!t) throw notFound(`Profile ${ref.profile}'s sso-session ${p.sso_session}`);
    return t;
  }
  if (p?.sso_start_url && p.sso_region) return legacyTarget(data, p.sso_start_url, p.sso_region);
  throw notFound(`Profile ${ref.profile}`);
}

/**
 * The client registration to reuse for a sign-in: only one this launcher registered (this run)
 * for the grants it needs. The one in the token file may be the AWS CLI's, registered for PKCE
 * only (`authorization_code`, `refresh_token`, CLI 2.22+), which the device grant must not use.
 */
function registrationFor(registrations: Map<string, Registration>, t: Target): Registration | undefined {
  return registrations.get(t.key);
}

/** Refresh through token-providers (it reads the cache, calls CreateToken with the refresh token and writes the file back); true when it did. */
async function refreshCachedToken(deps: SignInDeps, t: Target, before: SsoCachedToken): Promise<boolean> {
  const profile = t.profiles[0];
  if (!profile || !before.refreshToken) return false;
  const paths = (await loadProfileData(deps.inputs)).paths;
  try {
    await fromSso({
      profile,
      filepath: paths.credentialsFile,
      configFilepath: paths.configFile,
      ignoreCache: true,
      ...(deps.clientConfig ? { clientConfig: deps.clientConfig } : {}),
    })();
  } catch {
    return false;
  }
  const after = await readCachedToken(deps.inputs.homedir, t.key);
  // token-providers hands back the old token when the refresh fails: compare the file.
  const refreshed =
    !!after &&
    after.accessToken !== before.accessToken &&
    Date.parse(after.expiresAt) > Date.parse(before.expiresAt);
  if (refreshed && after) {
    // Its write is a plain writeFile; put the file back in our atomic 0600 form.
    await writeCachedToken(deps.inputs.homedir, t.key, after);
  }
  return refreshed;
}

/** Sign out as `aws sso logout` does: the portal's Logout, then the cached token removed. */
async function logoutAndForget(
  deps: SignInDeps,
  homedir: string,
  t: Target,
  signal?: AbortSignal,
): Promise<void> {
  const token = await readCachedToken(homedir, t.key);
  if (!token) return;
  const client = ssoPortalClient(t.region, deps.clientConfig, { maxAttempts: 2, ...deps.timeouts });
  try {
    await client.send(new LogoutCommand({ accessToken: token.accessToken }), { abortSignal: signal });
  } catch (err) {
    // Cancelled: nothing is removed, the user is still signed in.
    if (signal?.aborted) throw new LauncherFailure(launcherErrors.cancelled());
    // As `aws sso logout`: an already-ended session still signs out locally.
    const name = (err as { name?: string }).name;
    if (name !== 'UnauthorizedException' && name !== 'InvalidRequestException') {
      const e = toLauncherError(err, { action: 'sign out' });
      if (e.kind !== 'network' && e.kind !== 'timeout') throw err;
    }
  } finally {
    client.destroy();
  }
  await removeCachedToken(homedir, t.key);
}

/** The state of one sign-in feature, shared by its flow, schedule and entries. */
interface SignInRuntime {
  deps: SignInDeps;
  homedir: string;
  clock: Clock;
  flows: Map<string, Flow>;
  errors: Map<string, SignInEntry['error']>;
  warned: Set<string>;
  schedules: Map<string, AbortController>;
  registrations: Map<string, Registration>;
  pendingTargets: Map<string, Target>;
  /** Sign-outs waiting on the portal, by target id. */
  signingOut: Map<string, AbortController>;
  emit(): void;
  signedIn(profiles: string[]): void;
  expiring(entry: SignInEntry): void;
}

/** What the launcher shows of one sign-in. */
async function entryOf(rt: SignInRuntime, t: Target): Promise<SignInEntry> {
  const token = await readCachedToken(rt.homedir, t.key);
  const flow = rt.flows.get(t.id);
  const exp = token ? Date.parse(token.expiresAt) : undefined;
  const now = rt.clock.now();
  let status: SignInEntry['status'] =
    exp !== undefined && exp > now ? (rt.warned.has(t.id) ? 'expiring' : 'signed-in') : 'needs-sign-in';
  if (flow) status = 'signing-in';
  const error = rt.errors.get(t.id);
  return {
    id: t.id,
    label: t.sessionName ?? t.startUrl,
    kind: t.kind,
    startUrl: t.startUrl,
    region: t.region,
    profiles: t.profiles,
    status,
    ...(token && exp !== undefined && exp > now ? { expiresAt: new Date(exp).toISOString() } : {}),
    ...(flow?.prompt ? { prompt: flow.prompt } : {}),
    ...(error ? { error } : {}),
  };
}

/** The device flow of one sign-in, its token written where the AWS CLI keeps it. */
async function runFlow(
  rt: SignInRuntime,
  t: Target,
  openBrowser: boolean,
  controller: AbortController,
): Promise<Result<null>> {
  try {
    const registration = registrationFor(rt.registrations, t);
    const token = await runDeviceFlow(
      t,
      {
        clock: rt.clock,
        ...(rt.deps.clientConfig ? { clientConfig: rt.deps.clientConfig } : {}),
        ...(rt.deps.timeouts ? { timeouts: rt.deps.timeouts } : {}),
      },
      {
        ...(registration ? { registration } : {}),
        signal: controller.signal,
        onRegistered: (r) => rt.registrations.set(t.key, r),
        onPrompt: (p) => {
          const flow = rt.flows.get(t.id);
          if (flow)
            flow.prompt = {
              userCode: p.userCode,
              verificationUri: p.verificationUri,
              verificationUriComplete: p.verificationUriComplete,
              expiresAt: new Date(p.expiresAt).toISOString(),
            };
          rt.emit();
          // The URL comes from the network: never hand the OS opener anything but a web page.
          if (openBrowser && isOpenableVerificationUrl(p.verificationUriComplete))
            void Promise.resolve(rt.deps.openExternal(p.verificationUriComplete)).catch(() => {});
        },
      },
    );
    await writeCachedToken(rt.homedir, t.key, token);
    rt.warned.delete(t.id);
    rt.errors.delete(t.id);
    rt.flows.delete(t.id);
    schedule(rt, t);
    rt.signedIn(t.profiles);
    return { ok: true, value: null };
  } catch (err) {
    const error = toLauncherError(err, { action: 'sign in' });
    if (error.kind !== 'cancelled') rt.errors.set(t.id, error);
    return { ok: false, error };
  } finally {
    rt.flows.delete(t.id);
    rt.pendingTargets.delete(t.id);
    rt.emit();
  }
}

/** Refresh a sign-in before it expires, warn before its portal session ends. */
function schedule(rt: SignInRuntime, t: Target): void {
  rt.schedules.get(t.id)?.abort();
  const controller = new AbortController();
  rt.schedules.set(t.id, controller);
  const signal = controller.signal;
  const until = async (at: number) => rt.clock.sleep(Math.max(0, at - rt.clock.now()), signal);
  void (async () => {
    for (;;) {
      const token = await readCachedToken(rt.homedir, t.key);
      if (!token || signal.aborted) return;
      const exp = Date.parse(token.expiresAt);
      const refreshable = t.kind === 'sso-session' && !!token.refreshToken;
      if (refreshable) {
        await until(exp - REFRESH_BEFORE_MS);
        if (await refreshCachedToken(rt.deps, t, token)) {
          rt.signedIn(t.profiles);
          rt.warned.delete(t.id);
          rt.emit();
          continue;
        }
        // No refresh possible (the portal session ended): warn, then ask for sign-in.
        if (signal.aborted) return;
      }
      await until(exp - EXPIRY_WARNING_MS);
      if (rt.clock.now() < exp) {
        rt.warned.add(t.id);
        const entry = await entryOf(rt, t);
        rt.emit();
        rt.expiring(entry);
      }
      await until(exp);
      rt.warned.delete(t.id);
      rt.emit();
      return;
    }
  })().catch(() => {});
}

/** Sign out of one sign-in: its flow and schedule ended, Logout called, the token removed. */
async function signOutOf(
  rt: SignInRuntime,
  ref: SignInRef,
  signedOut: (profiles: string[]) => void,
): Promise<Result<null>> {
  try {
    const t = await resolveTarget(rt.deps.inputs, ref);
    rt.flows.get(t.id)?.controller.abort();
    rt.schedules.get(t.id)?.abort();
    rt.schedules.delete(t.id);
    // Cancel (the same action as for a sign-in) ends a sign-out still waiting on the portal.
    const stop = new AbortController();
    rt.signingOut.set(t.id, stop);
    try {
      await logoutAndForget(rt.deps, rt.homedir, t, stop.signal);
    } finally {
      if (rt.signingOut.get(t.id) === stop) rt.signingOut.delete(t.id);
    }
    rt.warned.delete(t.id);
    rt.errors.delete(t.id);
    signedOut(t.profiles);
    rt.emit();
    return { ok: true, value: null };
  } catch (err) {
    return { ok: false, error: toLauncherError(err, { action: 'sign out' }) };
  }
}

/** The sign-in's own events, each also told to the deps' callback. */
function signInHooks(deps: SignInDeps) {
  const hooks = {
    'signed-in': new Set<(p: string[]) => void>(),
    'signed-out': new Set<(p: string[]) => void>(),
    expiring: new Set<(e: SignInEntry) => void>(),
  };
  return {
    hooks,
    signedIn(profiles: string[]) {
      deps.onSignedIn?.(profiles);
      for (const h of hooks['signed-in']) h(profiles);
    },
    signedOut(profiles: string[]) {
      deps.onSignedOut?.(profiles);
      for (const h of hooks['signed-out']) h(profiles);
    },
    expiring(entry: SignInEntry) {
      deps.onExpiring?.(entry);
      for (const h of hooks.expiring) h(entry);
    },
  };
}

/** The accounts and roles a fresh start-URL sign-in reaches, with suggested profile names. */
async function discoverAccounts(
  rt: SignInRuntime,
  ref: Extract<SignInRef, { startUrl: string }>,
): ReturnType<SignIn['discover']> {
  try {
    const token = await readCachedToken(
      rt.homedir,
      tokenCacheKey({ sessionName: ref.session, startUrl: ref.startUrl }),
    );
    if (!token) throw launcherFailureSignIn(ref.session);
    const accounts = await listPortalAccounts(
      token.accessToken,
      ref.region,
      rt.deps.clientConfig,
      rt.deps.timeouts,
    );
    const data = await loadProfileData(rt.deps.inputs);
    const taken = new Set([...data.config.keys(), ...data.credentials.keys()]);
    return { ok: true, value: { accounts, suggested: suggestProfiles(accounts, undefined, taken) } };
  } catch (err) {
    return { ok: false, error: toLauncherError(err, { action: 'list accounts' }) };
  }
}

/** Append the chosen profiles (and their sso-session) to the AWS config, after a backup. */
async function addProfilesTo(
  rt: SignInRuntime,
  add: Parameters<SignIn['addProfiles']>[0],
): ReturnType<SignIn['addProfiles']> {
  try {
    const { paths } = await loadProfileData(rt.deps.inputs);
    const out = await appendSsoProfiles(
      paths,
      { sessionName: add.session, startUrl: add.startUrl, region: add.region, profiles: add.profiles },
      rt.clock.now(),
    );
    return { ok: true, value: out };
  } catch (err) {
    return { ok: false, error: toLauncherError(err, { action: 'add profiles' }) };
  }
}

/** End the sign-in or sign-out of one target that is waiting; false when none is. */
async function cancelWait(rt: SignInRuntime, id: string): Promise<boolean> {
  const leaving = rt.signingOut.get(id);
  if (leaving) {
    leaving.abort();
    return true;
  }
  const flow = rt.flows.get(id);
  if (!flow) return false;
  flow.controller.abort();
  await flow.promise;
  return true;
}

/** Start (or join) the sign-in of a profile, sso-session or start URL. */
async function startSignIn(
  rt: SignInRuntime,
  ref: Parameters<SignIn['start']>[0],
  opts: NonNullable<Parameters<SignIn['start']>[1]>,
): ReturnType<SignIn['start']> {
  let t: Target;
  try {
    t = await resolveTarget(rt.deps.inputs, ref);
  } catch (err) {
    return { ok: false, error: toLauncherError(err, { action: 'sign in' }) };
  }
  const running = rt.flows.get(t.id);
  if (running) return running.promise;
  const controller = new AbortController();
  const flow: Flow = { controller, promise: Promise.resolve({ ok: true, value: null }) };
  rt.flows.set(t.id, flow);
  if ('startUrl' in ref) rt.pendingTargets.set(t.id, t);
  rt.errors.delete(t.id);
  rt.emit();
  flow.promise = runFlow(rt, t, opts.openBrowser ?? true, controller);
  return flow.promise;
}

/** Cancel a sign-in's wait (false when there is none). */
async function cancelSignIn(rt: SignInRuntime, ref: Parameters<SignIn['cancel']>[0]): Promise<boolean> {
  let id: string;
  try {
    id = (await resolveTarget(rt.deps.inputs, ref)).id;
  } catch {
    return false;
  }
  return cancelWait(rt, id);
}

/** Build the sign-in feature. */
export function createSignIn(deps: SignInDeps): SignIn {
  const { inputs, clock } = deps;
  const homedir = inputs.homedir;
  const flows = new Map<string, Flow>();
  const errors = new Map<string, SignInEntry['error']>();
  const warned = new Set<string>();
  const schedules = new Map<string, AbortController>();
  const registrations = new Map<string, Registration>();
  const mfa = new Map<
    string,
    MfaRequest & { resolve: (code: string) => void; reject: (err: unknown) => void }
  >();
  const listeners = new Set<(state: SignInState) => void>();
  const { hooks, signedIn, signedOut, expiring } = signInHooks(deps);
  // Start-URL sign-ins whose sso-session is not in the config yet.
  const pendingTargets = new Map<string, Target>();
  let disposed = false;
  const rt: SignInRuntime = {
    deps,
    homedir,
    clock,
    flows,
    errors,
    warned,
    schedules,
    registrations,
    pendingTargets,
    signingOut: new Map(),
    emit: () => emit(),
    signedIn,
    expiring,
  };

  async function state(): Promise<SignInState> {
    const data = await loadProfileData(inputs);
    const targets = allTargets(data);
    // A start-URL sign-in in progress whose session is not in the config yet still shows.
    for (const id of flows.keys())
      if (!targets.some((t) => t.id === id)) targets.push(pendingTargets.get(id)!);
    return {
      entries: await Promise.all(targets.filter(Boolean).map((t) => entryOf(rt, t))),
      mfa: [...mfa.values()].map(({ id, profile, serial }) => ({ id, profile, serial })),
    };
  }

  function emit(): void {
    if (disposed || listeners.size === 0) return;
    state().then(
      (s) => {
        for (const l of listeners) l(s);
      },
      () => {},
    );
  }

  const api: SignIn = {
    state,
    start: (ref, opts = {}) => startSignIn(rt, ref, opts),
    cancel: (ref) => cancelSignIn(rt, ref),
    signOut: (ref) => signOutOf(rt, ref, signedOut),
    askMfaCode(profile, serial) {
      return new Promise<string>((resolve, reject) => {
        const id = randomUUID();
        mfa.set(id, { id, profile, serial, resolve, reject });
        emit();
      });
    },
    answerMfa(id, code) {
      const req = mfa.get(id);
      if (!req) return false;
      mfa.delete(id);
      if (code === null) req.reject(new LauncherFailure(launcherErrors.cancelled()));
      else req.resolve(code);
      emit();
      return true;
    },
    async discover(ref) {
      const r = await api.start(ref);
      return r.ok ? discoverAccounts(rt, ref) : r;
    },
    async addProfiles(add) {
      const r = await addProfilesTo(rt, add);
      if (r.ok) {
        await api.watch();
        signedIn(r.value.added);
      }
      return r;
    },
    async watch() {
      const data = await loadProfileData(inputs);
      for (const t of allTargets(data)) schedule(rt, t);
      emit();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    on(event: keyof typeof hooks, listener: (x: never) => void) {
      const set = hooks[event] as Set<(x: never) => void>;
      set.add(listener);
      return () => void set.delete(listener);
    },
    dispose() {
      disposed = true;
      for (const f of flows.values()) f.controller.abort();
      for (const s of schedules.values()) s.abort();
      for (const r of mfa.values()) r.reject(new LauncherFailure(launcherErrors.cancelled()));
      mfa.clear();
      listeners.clear();
      for (const set of Object.values(hooks)) set.clear();
    },
  };
  return api;
}

function launcherFailureSignIn(session: string): LauncherFailure {
  return new LauncherFailure(launcherErrors.signInRequired(session, {}));
}

/** The sign-in IPC channels. */
export type SignInChannel = Extract<keyof LauncherService, `signin:${string}`>;

/** The facade's methods for the sign-in channels, over the sign-in of the current environment scope. */
export function signInHandlers(current: () => SignIn): Pick<LauncherService, SignInChannel> {
  return {
    'signin:list': () => current().state(),
    'signin:start': (ref) => current().start(ref),
    'signin:cancel': (ref) => current().cancel(ref),
    'signin:signOut': (ref) => current().signOut(ref),
    'signin:mfaAnswer': async (id, code) => current().answerMfa(id, code),
    'signin:discover': (ref) => current().discover(ref),
    'signin:addProfiles': (add) => current().addProfiles(add),
  };
}

/** A sign-in for scopes that have none (demo mode): no entries, every action refused. */
export const NO_SIGN_IN: SignIn = {
  state: async () => ({ entries: [], mfa: [] }),
  start: async () => ({ ok: false, error: notFound('This environment').detail }),
  cancel: async () => false,
  signOut: async () => ({ ok: false, error: notFound('This environment').detail }),
  askMfaCode: () => Promise.reject(new LauncherFailure(launcherErrors.cancelled())),
  answerMfa: () => false,
  discover: async () => ({ ok: false, error: notFound('This environment').detail }),
  addProfiles: async () => ({ ok: false, error: notFound('This environment').detail }),
  watch: async () => {},
  onChange: () => () => {},
  on: () => () => {},
  dispose: () => {},
};

/** The sign-in of an environment scope (createAwsEnvironment's `signIn`), or NO_SIGN_IN. */
export function signInOf(env: object): SignIn {
  const s = (env as { signIn?: SignIn }).signIn;
  return s ?? NO_SIGN_IN;
}

/** The ref that signs in again from an entry (one-click Sign in from a notification or the tray). */
export function refOf(entry: SignInEntry): SignInRef {
  return entry.kind === 'sso-session'
    ? { session: entry.label }
    : { profile: entry.profiles[0] ?? entry.label };
}

/** What the facade gives attachSignIn. */
export interface SignInHooks {
  /** emit('signin:changed', state) */
  emit: (state: SignInState) => void;
  /** Profiles changed sign-in state: read profiles and sweep again (their computers list again). */
  relist: (profiles: string[]) => void;
  /** A desktop notification offering Sign in (`signIn` is what its action starts). */
  notify: (n: { title: string; body: string; signIn: SignInRef }) => void;
}

/** Wire a scope's sign-in into the facade and start its refresh/warning schedules; returns a detach function. */
export function attachSignIn(signIn: SignIn, hooks: SignInHooks): () => void {
  const offs = [
    signIn.onChange(hooks.emit),
    signIn.on('signed-in', hooks.relist),
    signIn.on('signed-out', hooks.relist),
    signIn.on('expiring', (entry) =>
      hooks.notify({
        title: 'IAM Identity Center sign-in ends soon',
        body: `${entry.kind === 'sso-session' ? `sso-session ${entry.label}` : entry.label} (${entry.profiles.join(', ')}) ends in 15 minutes. Sign in again to keep working.`,
        signIn: refOf(entry),
      }),
    ),
  ];
  void signIn.watch().catch(() => {});
  return () => {
    for (const off of offs) off();
  };
}
