// GUI sessions of one environment: open (focus the open window, reuse fresh addresses for an
// instant switch, or set the session up through the engine, which joins and cancels runs),
// reconnect, stop, and the progress the launcher and tray show.
import { StopGUISessionCommand } from '@aws-sdk/client-lightsail';
import { computerNameOf } from '../shared/computer-id.js';
import type { ComputerId, DesktopUnavailable, LauncherError, Result, SessionKind, SessionProgress, Settings, VirtualComputer } from '../shared/models.js';
import { isSetupOver, kindLabel } from '../shared/session.js';
import type { ComputerListModule } from './computer-list.js';
import { LauncherFailure, launcherErrors, toLauncherError } from './errors.js';
import type { GuiSessionEngine, SessionUrls } from './gui-session.js';
import type { Clock, Notifier, SessionHandoff, SettingsStore, WindowHost } from './ports.js';
import type { Attempt, Target } from './scope.js';

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
  /** The client for a computer (for stopping its session), or why there is none. */
  target(id: ComputerId): Result<Target>;
  /** The client for a listed computer: only those are opened. */
  listedTarget(id: ComputerId): Promise<Result<Target>>;
  attempt: Attempt;
  /** Aborted when the environment is left: runs end, nothing more is published. */
  signal: AbortSignal;
  /** Progress events go here. */
  emit(p: SessionProgress): void;
  /** How long the other kind's URL stays in memory for an instant switch. */
  reuseMs: number;
  /** The environment accepts plain http session URLs on loopback (demo, tests). */
  allowLoopbackHttp: boolean;
  /** The DCV client and the system browser, where the host has them. */
  handoff?: SessionHandoff;
  /** A session became started: its hour counts from now when `seen` (this launcher started it), else from an unknown time. */
  onStarted?(id: ComputerId, seen: boolean): void;
  /** Ask the user on the computer's row whether to start it (a link asked to open it). */
  askStart?(id: ComputerId, kind: SessionKind): void;
}

/** How an open was asked for. */
export interface OpenRequest {
  /** Fetch fresh access details and reload an open window (Reconnect). */
  reconnect?: boolean;
  /** The user agreed to start the computer for this open. */
  startComputer?: boolean;
  /** Where to open it (default: the kind's setting). */
  target?: OpenTarget;
  /** A link from outside asked: never start a computer unasked, and let the link report failures. */
  fromLink?: boolean;
}

/** Where a session opens. */
export type OpenTarget = Settings['openWith']['app'];

const WHERE: Record<OpenTarget, string> = { window: '', client: ' in the DCV client', browser: ' in your browser' };

const fail = (error: LauncherError): { ok: false; error: LauncherError } => ({ ok: false, error });

/** Put the session where it was asked for; throws a LauncherFailure when that cannot be. */
async function deliver(
  deps: Pick<SessionsDeps, 'windows' | 'handoff' | 'allowLoopbackHttp'>,
  id: ComputerId,
  kind: SessionKind,
  urls: SessionUrls,
  target: OpenTarget,
): Promise<void> {
  const name = computerNameOf(id);
  const s = urls[kind];
  if (!s) throw new LauncherFailure(launcherErrors.desktopUnavailable(name, urls.desktopUnavailable));
  if (target === 'window') {
    await deps.windows.open({ computerId: id, computerName: name, kind, sessionName: s.name, url: s.url, title: `${name} — ${s.name} (${kindLabel(kind)})`, allowLoopbackHttp: deps.allowLoopbackHttp });
    return;
  }
  const handoff = deps.handoff;
  if (!handoff) throw new LauncherFailure(launcherErrors.handoffUnavailable(target, 'This launcher cannot hand sessions to other programs.'));
  if (target === 'browser') return handoff.openInBrowser(s.url);
  const r = await handoff.openInDcvClient(s.url);
  if (!r.ok) throw new LauncherFailure(launcherErrors.handoffUnavailable(target, r.reason));
}

/** Marks computers whose started session has no desktop (their rows disable Open desktop with the reason); forgets those whose status moved on (stopped, say). */
function withDesktopUnavailable(computers: readonly VirtualComputer[], noDesktop: Map<ComputerId, DesktopUnavailable>): VirtualComputer[] {
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

/** StopGUISession: the run cancelled, its addresses forgotten, the windows closed. */
async function stopSession(deps: Pick<SessionsDeps, 'target' | 'engine' | 'windows' | 'list'>, recent: Map<ComputerId, unknown>, asked: ComputerId): Promise<Result<null>> {
  const target = deps.target(asked);
  if (!target.ok) return target;
  const { id, profile, region, name, client } = target.value;
  deps.engine.cancel(id);
  recent.delete(id);
  try {
    await client.send(new StopGUISessionCommand({ resourceName: name }));
  } catch (err) {
    return fail(toLauncherError(err, { profile, region, action: `stop the session on ${name}` }));
  } finally {
    deps.windows.close(id);
  }
  deps.list.setSessionStatus(id, 'stopping');
  deps.list.update(id, {});
  return { ok: true, value: null };
}

/** Build the sessions module of one environment. */
export function createSessions(deps: SessionsDeps) {
  const progress = new Map<ComputerId, SessionProgress>();
  const recent = new Map<ComputerId, { urls: SessionUrls; at: number }>();
  const noDesktop = new Map<ComputerId, DesktopUnavailable>();

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
    deps.onStarted?.(id, urls.startSeen);
  }

  /** The engine's run for a computer; the caller that starts it reports its progress and end. */
  async function setUp(target: Target, startComputer: boolean): Promise<Result<SessionUrls>> {
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
    const onProgress = (p: { phase: SessionProgress['phase']; percentage: number; status?: SessionProgress['status'] }) => {
      if (isSetupOver(p.phase)) return;
      const sp: SessionProgress = { computerId: id, phase: p.phase, percentage: Math.max(0, Math.min(100, p.percentage)), startedAt };
      if (p.status) sp.status = p.status;
      setProgress(sp);
    };
    try {
      const urls = await deps.engine.open(id, client, { name, startComputer, onProgress }, deps.signal);
      started(id, urls);
      return { ok: true, value: urls };
    } catch (err) {
      const error = deps.signal.aborted ? launcherErrors.cancelled() : toLauncherError(err, ctx);
      setProgress({ computerId: id, phase: error.kind === 'cancelled' ? 'cancelled' : 'failed', percentage: 0, startedAt, error });
      return fail(error);
    }
  }

  async function open(asked: ComputerId, kind: SessionKind, req: OpenRequest = {}): Promise<Result<null>> {
    const target = await deps.listedTarget(asked);
    if (!target.ok) return target;
    const id = target.value.id;
    const where = req.target ?? deps.settings.get().openWith[kind];
    if (!req.reconnect && where === 'window' && deps.windows.focus(id, kind)) return { ok: true, value: null };
    const inFlight = deps.engine.running(id);
    const fresh = recent.get(id);
    if (!req.reconnect && !inFlight && fresh && deps.clock.now() - fresh.at < deps.reuseMs) {
      return deliver(deps, id, kind, fresh.urls, where).then(
        () => ({ ok: true, value: null }),
        (err: unknown) => fail(toLauncherError(err)),
      );
    }
    const known = deps.list.find(id);
    // A link can come from any web page: starting a billable computer needs the user's word in
    // the launcher, whatever "start without asking" says.
    const startComputer = req.startComputer === true || (!req.fromLink && deps.settings.get().autoStartComputers);
    if (!inFlight && known?.state === 'stopped' && !startComputer) {
      if (req.fromLink) deps.askStart?.(id, kind);
      return fail(launcherErrors.computerStopped(known.name, 'stopped', { profile: known.profile, region: known.region }));
    }
    const name = known?.name ?? target.value.name;
    const urls = await deps.attempt(target.value, (t) => setUp(t, startComputer));
    if (!urls.ok) {
      if (urls.error.kind !== 'cancelled' && !req.fromLink) deps.notifier.notify({ title: `${name}: session failed`, body: `${urls.error.message} ${urls.error.nextStep}`, computerId: id });
      return urls;
    }
    try {
      const startedAt = progress.get(id)?.startedAt ?? deps.clock.now();
      await deliver(deps, id, kind, urls.value, where);
      setProgress({ computerId: id, phase: 'ready', status: 'started', percentage: 100, startedAt });
      deps.list.update(id, known && known.state !== 'running' ? { state: 'running' } : {});
      deps.notifier.notify({ title: `${name} is ready`, body: `${kindLabel(kind)} session opened${WHERE[where]}.`, computerId: id });
      return { ok: true, value: null };
    } catch (err) {
      const error = toLauncherError(err, { action: 'open the session window' });
      setProgress({ computerId: id, phase: 'failed', percentage: 0, startedAt: progress.get(id)?.startedAt ?? deps.clock.now(), error });
      return fail(error);
    }
  }


  return {
    open,
    stop: (asked: ComputerId): Promise<Result<null>> => stopSession(deps, recent, asked),
    /** Cancel a setup in progress; false when none is going. */
    cancel: (id: ComputerId): boolean => deps.engine.cancel(id),
    /** Prepare a running computer's session in the background (warm start), so Open is instant. */
    async prepare(asked: ComputerId): Promise<void> {
      const t = deps.target(asked);
      if (!t.ok || deps.engine.running(t.value.id)) return;
      const urls = await deps.engine.open(t.value.id, t.value.client, { name: t.value.name, startComputer: false }, deps.signal);
      started(t.value.id, urls);
    },
    /** Forget a computer's session addresses (it was stopped). */
    forget: (id: ComputerId): void => void (recent.delete(id), noDesktop.delete(id)),
    /** The list with `desktopUnavailable` where the started session has no desktop. */
    decorate: (computers: readonly VirtualComputer[]): VirtualComputer[] => withDesktopUnavailable(computers, noDesktop),
    /** Setups in progress. */
    progress: (): SessionProgress[] => [...progress.values()],
  };
}

/** The sessions module of one environment. */
export type SessionsModule = ReturnType<typeof createSessions>;
