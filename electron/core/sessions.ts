// GUI sessions of one environment. `open` is the one place that decides what asking for a
// session does, whatever asked (a row, the tray, a session window's menu, a shortcut, a link):
// focus the open window, ask before starting a stopped computer, reuse fresh addresses for an
// instant switch, or set the session up through the engine (which joins and cancels runs).
import { StopGUISessionCommand } from '@aws-sdk/client-lightsail';
import { computerNameOf } from '../shared/computer-id.js';
import type { OpenOptions } from '../shared/ipc-contract.js';
import type {
  ComputerId,
  DesktopUnavailable,
  LauncherError,
  Result,
  SessionKind,
  SessionProgress,
  Settings,
  VirtualComputer,
} from '../shared/models.js';
import type { OpenTarget } from '../shared/settings.js';
import { isSetupOver } from '../shared/session.js';
import { kindLabel, type OpenSource } from '../shared/vocabulary.js';
import type { ComputerAccess, Reachable } from './computer-access.js';
import type { ComputerListModule } from './computer-list.js';
import { LauncherFailure, launcherErrors, toLauncherError } from './errors.js';
import type { GuiSessionEngine, SessionUrls } from './gui-session.js';
import type {
  Clock,
  Notifier,
  OpenFailureReporter,
  SessionHandoff,
  SettingsStore,
  WindowHost,
} from './ports.js';
import { SetupProgress } from './setup-progress.js';

/** What the launcher needs from the GUI-session engine (GuiSessionEngine, or a fake in tests). */
export type SessionEngine = Pick<GuiSessionEngine, 'open' | 'cancel' | 'running'>;

/** What the sessions module needs. */
export interface SessionsDeps {
  list: ComputerListModule;
  engine: SessionEngine;
  windows: WindowHost;
  notifier: Notifier;
  settings: SettingsStore;
  clock: Clock;
  /** Resolves computers to clients and runs writes with the profile fallback. */
  access: ComputerAccess;
  /** Aborted when the environment is left: runs end, nothing more is published. */
  signal: AbortSignal;
  /** Progress events go here. */
  emit(p: SessionProgress): void;
  /** A question waits for the user (start this stopped computer?): published whatever the source. */
  ask(computerId: ComputerId, kind: SessionKind): void;
  /** Tells the user an open failed, in the way that fits where it was asked from. */
  reportFailure: OpenFailureReporter;
  /** How long the other kind's URL stays in memory for an instant switch. */
  reuseMs: number;
  /** The environment accepts plain http session URLs on loopback (demo, tests). */
  allowLoopbackHttp: boolean;
  /** The DCV client and the system browser, where the host has them. */
  handoff?: SessionHandoff;
}

/** How an open was asked for: the contract's options, the source made explicit. */
export interface OpenRequest extends Omit<OpenOptions, 'source'> {
  source: OpenSource;
  /** Fetch fresh access details and reload an open window (Reconnect). */
  reconnect?: boolean;
}

/** What an open came to, with the reason when it did not open. */
export type OpenOutcome =
  | { outcome: 'opened' }
  | { outcome: 'focused' }
  /** A stopped computer waits for the user's word; the question was published. */
  | { outcome: 'needs-consent'; reason: LauncherError }
  | { outcome: 'failed'; reason: LauncherError };

/** An outcome as the IPC contract's Result: needs-consent and failed carry their reason. */
export function outcomeResult(o: OpenOutcome): Result<null> {
  return o.outcome === 'opened' || o.outcome === 'focused'
    ? { ok: true, value: null }
    : { ok: false, error: o.reason };
}

export type { OpenTarget };

/** The engine refused because it found the computer stopped (the list still said running). */
export function isStoppedRefusal(error: Pick<LauncherError, 'kind'> | undefined): boolean {
  return error?.kind === 'computer-stopped';
}

/**
 * "Stopped, so ask first": the one decision. Starting a stopped computer costs money and takes a
 * minute, so it needs the user's word for this open, or the "start without asking" setting. A
 * link can come from any web page, so for a link only the user's word counts. Unknown settings
 * ask: starting without consent is the worse mistake. `refusal` is the engine finding the
 * computer stopped though the list said otherwise: the same question.
 */
export function needsStartConsent(
  computer: Pick<VirtualComputer, 'state'> | undefined,
  settings: Pick<Settings, 'autoStartComputers'> | undefined,
  req: { startComputer?: boolean; source?: OpenSource; refusal?: Pick<LauncherError, 'kind'> } = {},
): boolean {
  if (req.startComputer === true) return false;
  if (req.source !== 'link' && settings?.autoStartComputers === true) return false;
  return computer?.state === 'stopped' || isStoppedRefusal(req.refusal);
}

/** The reporter of hosts without their own (browser host, tests, CLI): a notification, except for links. */
export function notifyOpenFailure(notifier: Notifier): OpenFailureReporter {
  return (source, error, about) => {
    if (source === 'link') return;
    notifier.notify({
      title: `${about.name}: session failed`,
      body: `${error.message} ${error.nextStep}`,
      computerId: about.computerId,
    });
  };
}

const WHERE: Record<OpenTarget, string> = {
  window: '',
  client: ' in the DCV client',
  browser: ' in your browser',
};

const fail = (error: LauncherError): { ok: false; error: LauncherError } => ({ ok: false, error });

/** Put the session where it was asked for; throws a LauncherFailure when that cannot be. */
async function deliver(
  deps: Pick<SessionsDeps, 'windows' | 'handoff' | 'allowLoopbackHttp'>,
  { id, name }: Pick<Reachable, 'id' | 'name'>,
  kind: SessionKind,
  urls: SessionUrls,
  target: OpenTarget,
): Promise<void> {
  const s = urls[kind];
  if (!s) throw new LauncherFailure(launcherErrors.desktopUnavailable(name, urls.desktopUnavailable));
  if (target === 'window') {
    await deps.windows.open({
      computerId: id,
      computerName: name,
      kind,
      sessionName: s.name,
      url: s.url,
      title: `${name} — ${s.name} (${kindLabel(kind)})`,
      allowLoopbackHttp: deps.allowLoopbackHttp,
    });
    return;
  }
  const handoff = deps.handoff;
  if (!handoff)
    throw new LauncherFailure(
      launcherErrors.handoffUnavailable(target, 'This launcher cannot hand sessions to other programs.'),
    );
  if (target === 'browser') return handoff.openInBrowser(s.url);
  const r = await handoff.openInDcvClient(s.url);
  if (!r.ok) throw new LauncherFailure(launcherErrors.handoffUnavailable(target, r.reason));
}

/** Marks computers whose started session has no desktop (their rows disable Open desktop with the reason); forgets those whose status moved on (stopped, say). */
function withDesktopUnavailable(
  computers: readonly VirtualComputer[],
  noDesktop: Map<ComputerId, DesktopUnavailable>,
): VirtualComputer[] {
  if (!noDesktop.size) return computers as VirtualComputer[];
  return computers.map((c) => {
    const why = noDesktop.get(c.id);
    if (!why) return c;
    // Once the service reports another status, the next session may well have a desktop.
    if (c.sessionStatus !== undefined && c.sessionStatus !== 'started') {
      noDesktop.delete(c.id);
      return c;
    }
    return { ...c, desktopUnavailable: why };
  });
}

/** The engine's runs of one environment, with the progress they publish and the addresses they keep. */
function createSessionRuns(deps: SessionsDeps) {
  const progress = new Map<ComputerId, SessionProgress>();
  const recent = new Map<ComputerId, { urls: SessionUrls; at: number }>();
  const noDesktop = new Map<ComputerId, DesktopUnavailable>();
  // `seen`: this launcher saw the session start, so its hour counts from now (else from an unknown time).
  const startedListeners: ((id: ComputerId, seen: boolean) => void)[] = [];

  function setProgress(p: SessionProgress): void {
    if (p.status) deps.list.setSessionStatus(p.computerId, p.status);
    if (isSetupOver(p.phase)) progress.delete(p.computerId);
    else progress.set(p.computerId, p);
    if (!deps.signal.aborted) deps.emit(p);
  }

  /** A session is up: keep its URLs for an instant switch and mark the computer. */
  function started(id: ComputerId, urls: SessionUrls): void {
    const entry = { urls, at: deps.clock.now() };
    recent.set(id, entry);
    // The URLs carry sign-in tokens: keep them no longer than the instant-switch window.
    deps.clock.sleep(deps.reuseMs, deps.signal).then(
      () => {
        if (recent.get(id) === entry) recent.delete(id);
      },
      () => undefined,
    );
    void (urls.desktopUnavailable ? noDesktop.set(id, urls.desktopUnavailable) : noDesktop.delete(id));
    deps.list.setSessionStatus(id, 'started');
    for (const l of startedListeners) l(id, urls.startSeen);
  }

  /** The engine's run for a computer; the caller that starts it reports its progress and end. */
  async function setUp(target: Reachable, startComputer: boolean): Promise<Result<SessionUrls>> {
    const { id, profile, region, name, client } = target;
    const ctx = { profile, region, action: `open a session on ${name}` };
    if (deps.engine.running(id)) {
      return deps.engine.open(id, client, { name, startComputer }, deps.signal).then(
        (urls) => ({ ok: true, value: urls }),
        (err: unknown) => fail(toLauncherError(err, ctx)),
      );
    }
    const startedAt = deps.clock.now();
    setProgress({ computerId: id, phase: 'starting-session', percentage: 0, startedAt });
    const bar = new SetupProgress();
    const onProgress = (p: {
      phase: SessionProgress['phase'];
      percentage: number;
      status?: SessionProgress['status'];
    }) => {
      if (isSetupOver(p.phase)) return;
      const sp: SessionProgress = {
        computerId: id,
        phase: p.phase,
        percentage: bar.overall(p.phase, p.percentage),
        startedAt,
      };
      if (p.status) sp.status = p.status;
      setProgress(sp);
    };
    try {
      const urls = await deps.engine.open(id, client, { name, startComputer, onProgress }, deps.signal);
      started(id, urls);
      return { ok: true, value: urls };
    } catch (err) {
      const error = deps.signal.aborted ? launcherErrors.cancelled() : toLauncherError(err, ctx);
      // Found stopped without consent: the setup is called off while a question waits, not failed.
      if (needsStartConsent(undefined, undefined, { startComputer, refusal: error }))
        setProgress({ computerId: id, phase: 'cancelled', percentage: 0, startedAt });
      else
        setProgress({
          computerId: id,
          phase: error.kind === 'cancelled' ? 'cancelled' : 'failed',
          percentage: 0,
          startedAt,
          error,
        });
      return fail(error);
    }
  }

  /** Addresses fetched moments ago for the other kind: hand them over without a round trip. */
  function freshUrls(id: ComputerId, req: OpenRequest): SessionUrls | undefined {
    const fresh = recent.get(id);
    if (req.reconnect || deps.engine.running(id) || !fresh || deps.clock.now() - fresh.at >= deps.reuseMs)
      return undefined;
    return fresh.urls;
  }

  return {
    setUp,
    setProgress,
    started,
    freshUrls,
    /** When the computer's setup in progress began (now, when none is). */
    startedAt: (id: ComputerId): number => progress.get(id)?.startedAt ?? deps.clock.now(),
    forget: (id: ComputerId): void => void (recent.delete(id), noDesktop.delete(id)),
    onStarted: (listener: (id: ComputerId, seen: boolean) => void): void =>
      void startedListeners.push(listener),
    /** The list with `desktopUnavailable` where the started session has no desktop. */
    decorate: (computers: readonly VirtualComputer[]): VirtualComputer[] =>
      withDesktopUnavailable(computers, noDesktop),
    progress: (): SessionProgress[] => [...progress.values()],
  };
}

/** Publish the question on the computer's row (for every source) and answer needs-consent. */
function askToStart(
  deps: Pick<SessionsDeps, 'signal' | 'ask'>,
  known: VirtualComputer | undefined,
  target: Reachable,
  kind: SessionKind,
): OpenOutcome {
  if (!deps.signal.aborted) deps.ask(target.id, kind);
  const ctx = { profile: known?.profile ?? target.profile, region: known?.region ?? target.region };
  return {
    outcome: 'needs-consent',
    reason: launcherErrors.computerStopped(known?.name ?? target.name, 'stopped', ctx),
  };
}

/** StopGUISession through the profile fallback: the run cancelled, its addresses forgotten, the windows closed. */
async function stopSession(
  deps: SessionsDeps,
  runs: { forget(id: ComputerId): void },
  asked: ComputerId,
): Promise<Result<null>> {
  const target = deps.access.resolve(asked);
  if (!target.ok) return target;
  const id = target.value.id;
  deps.engine.cancel(id);
  runs.forget(id);
  try {
    const r = await deps.access.write(target.value, async ({ client, name, profile, region }) => {
      try {
        await client.send(new StopGUISessionCommand({ resourceName: name }));
        return { ok: true, value: null };
      } catch (err) {
        return fail(toLauncherError(err, { profile, region, action: `stop the session on ${name}` }));
      }
    });
    if (!r.ok) return r;
  } finally {
    deps.windows.close(id);
  }
  deps.list.setSessionStatus(id, 'stopping');
  deps.list.update(id, {});
  return { ok: true, value: null };
}

/** Build the sessions module of one environment. */
export function createSessions(deps: SessionsDeps) {
  const runs = createSessionRuns(deps);

  /** "Already open, so focus": the one decision (a window of that kind, not a reconnect). */
  function focusOpen(id: ComputerId, kind: SessionKind, req: OpenRequest, where: OpenTarget): boolean {
    return !req.reconnect && where === 'window' && deps.windows.focus(id, kind);
  }

  /** Set the session up (through the profile fallback), then put it where it was asked for. */
  async function setUpAndDeliver(
    target: Reachable,
    known: VirtualComputer | undefined,
    kind: SessionKind,
    req: OpenRequest,
    where: OpenTarget,
  ): Promise<OpenOutcome> {
    const id = target.id;
    const name = known?.name ?? target.name;
    // The consent this open carries: what the decision would say for a stopped computer.
    const startComputer = !needsStartConsent({ state: 'stopped' }, deps.settings.get(), req);
    const urls = await deps.access.write(target, (t) => runs.setUp(t, startComputer));
    if (!urls.ok) {
      // The list said running, the engine found it stopped: the same question as for a stopped row.
      if (needsStartConsent(known, deps.settings.get(), { ...req, refusal: urls.error }))
        return askToStart(deps, known, target, kind);
      return { outcome: 'failed', reason: urls.error };
    }
    try {
      const startedAt = runs.startedAt(id);
      await deliver(deps, { id, name }, kind, urls.value, where);
      runs.setProgress({ computerId: id, phase: 'ready', status: 'started', percentage: 100, startedAt });
      deps.list.update(id, known && known.state !== 'running' ? { state: 'running' } : {});
      deps.notifier.notify({
        title: `${name} is ready`,
        body: `${kindLabel(kind)} session opened${WHERE[where]}.`,
        computerId: id,
      });
      return { outcome: 'opened' };
    } catch (err) {
      const error = toLauncherError(err, { action: 'open the session window' });
      runs.setProgress({
        computerId: id,
        phase: 'failed',
        percentage: 0,
        startedAt: runs.startedAt(id),
        error,
      });
      return { outcome: 'failed', reason: error };
    }
  }

  /** Decide what asking for a session does, then do it; failures are reported once, by source. */
  async function decideAndOpen(asked: ComputerId, kind: SessionKind, req: OpenRequest): Promise<OpenOutcome> {
    const target = await deps.access.resolveListed(asked);
    if (!target.ok) return { outcome: 'failed', reason: target.error };
    const id = target.value.id;
    const where = req.target ?? deps.settings.get().openWith[kind];
    if (focusOpen(id, kind, req, where)) return { outcome: 'focused' };
    const fresh = runs.freshUrls(id, req);
    if (fresh) {
      return deliver(
        deps,
        { id, name: deps.list.find(id)?.name ?? target.value.name },
        kind,
        fresh,
        where,
      ).then(
        (): OpenOutcome => ({ outcome: 'opened' }),
        (err: unknown): OpenOutcome => ({ outcome: 'failed', reason: toLauncherError(err) }),
      );
    }
    const known = deps.list.find(id);
    // A setup already running joins; it was started with whatever consent it had.
    if (!deps.engine.running(id) && needsStartConsent(known, deps.settings.get(), req))
      return askToStart(deps, known, target.value, kind);
    return setUpAndDeliver(target.value, known, kind, req, where);
  }

  async function open(asked: ComputerId, kind: SessionKind, req: OpenRequest): Promise<OpenOutcome> {
    const outcome = await decideAndOpen(asked, kind, req);
    if (outcome.outcome === 'failed' && outcome.reason.kind !== 'cancelled') {
      const name = deps.list.find(asked)?.name ?? computerNameOf(asked);
      deps.reportFailure(req.source, outcome.reason, {
        computerId: asked,
        kind,
        name,
        ...(req.reconnect ? { reconnect: true } : {}),
      });
    }
    return outcome;
  }

  return {
    open,
    stop: (asked: ComputerId): Promise<Result<null>> => stopSession(deps, runs, asked),
    /** Cancel a setup in progress; false when none is going. */
    cancel: (id: ComputerId): boolean => deps.engine.cancel(id),
    /** Prepare a running computer's session in the background (warm start), so Open is instant. */
    async prepare(asked: ComputerId): Promise<void> {
      const t = deps.access.resolve(asked);
      if (!t.ok || deps.engine.running(t.value.id)) return;
      const urls = await deps.engine.open(
        t.value.id,
        t.value.client,
        { name: t.value.name, startComputer: false },
        deps.signal,
      );
      runs.started(t.value.id, urls);
    },
    /** Follow sessions becoming started (their hour counts from then). */
    onStarted: runs.onStarted,
    /** Forget a computer's session addresses (it was stopped). */
    forget: runs.forget,
    decorate: runs.decorate,
    /** Setups in progress. */
    progress: runs.progress,
  };
}

/** The sessions module of one environment. */
export type SessionsModule = ReturnType<typeof createSessions>;
