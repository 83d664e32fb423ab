// The computer list of one environment: sweeps every visible profile × chosen region (one at a
// time, later callers joining it), keeps what each computer shows (state, last session status),
// annotates profiles with what the sweep learnt about their credentials, and publishes both.
import type {
  ComputerId,
  ComputerList,
  GuiSessionStatus,
  ProfileSummary,
  ScopeError,
  Settings,
  VirtualComputer,
} from '../shared/models.js';
import { LFR_REGIONS } from '../shared/regions.js';
import { launcherErrors, LauncherFailure, toLauncherError } from './errors.js';
import type { EventBus } from './event-bus.js';
import type { Clock, Environment, ListCache, SettingsStore } from './ports.js';
import { findComputer, oneRowPerComputer } from './computer-identity.js';
import { sessionStatuses, staleRows } from './list-truth.js';
import { parseComputerId } from '../shared/computer-id.js';
import { BlueprintCache, discoverComputers, type ScopeResult } from './virtual-computers.js';

/**
 * Session statuses asked of the service: kept for the rows, shown, and fed to the observers
 * (session lifetimes: a session started elsewhere gets its presumed hour), then shown once more
 * with what the observers add.
 */
function applyStatuses(
  found: ReadonlyMap<ComputerId, GuiSessionStatus>,
  into: Map<ComputerId, GuiSessionStatus>,
  publish: () => ComputerList,
  observe: ((computers: readonly VirtualComputer[]) => void) | undefined,
): void {
  found.forEach((status, id) => into.set(id, status));
  if (!observe) return void publish();
  observe(publish().computers);
  publish();
}

/** What a computer list needs. */
export interface ComputerListDeps {
  env: Environment;
  settings: SettingsStore;
  clock: Clock;
  bus: EventBus;
  /** Aborted when the environment is left: nothing is published after that. */
  signal: AbortSignal;
  listCache?: ListCache;
  log?: { warn(message: string): void };
  /** The list shown before the first sweep (the saved one), if any. */
  initial?: ComputerList;
  concurrency?: number;
}

/** What a feature adds to the list (cost, idle rule, session expiry) and follows in it. */
export interface ListDecorator {
  /** What the list shows beyond the API's answer. */
  decorate(computers: VirtualComputer[]): VirtualComputer[];
  /** A new list after a sweep or a state change (lifetime, cost, warm start follow it). */
  observe(computers: readonly VirtualComputer[]): void;
}

const EMPTY: ComputerList = { computers: [], errors: [], refreshedAt: '', stale: true, refreshing: false };

/** The regions a sweep covers under these settings. */
export function regionsFor(settings: Settings): readonly string[] {
  return settings.regions.length > 0 ? settings.regions : LFR_REGIONS;
}

/**
 * Each profile × region is shown as soon as it is done, so one slow or broken scope never
 * hides the others: its rows replace the old ones of that scope, the rest stay as they were.
 */
function progressiveScopes(
  names: readonly string[],
  picked: () => Settings['computerProfiles'],
  lastGood: ReadonlyMap<string, string>,
) {
  const done = new Map<string, ScopeResult>();
  const key = (profile: string, region: string) => `${profile}\u0000${region}`;
  return {
    add(scope: ScopeResult, shown: ComputerList): Partial<ComputerList> {
      done.set(key(scope.profile, scope.region), scope);
      const fresh = [...done.values()];
      const kept = shown.computers.filter((c) => !done.has(key(c.profile, c.region)));
      // A scope that failed keeps its last-known rows, marked stale with the reason.
      const failed = fresh.flatMap((f) => (f.error ? [f.error] : []));
      const found = fresh.flatMap((f) => f.computers);
      kept.push(
        ...staleRows(
          shown.computers.filter((c) => done.has(key(c.profile, c.region))),
          failed,
          found,
        ),
      );
      const errors = [
        ...shown.errors.filter(
          (e) =>
            !fresh.some((f) => f.profile === e.profile && (e.region === undefined || f.region === e.region)),
        ),
        ...fresh
          .flatMap((f) => (f.error ? [f.error] : []))
          .filter(
            (e, i, all) => all.findIndex((x) => x.profile === e.profile && x.region === e.region) === i,
          ),
      ];
      const computers = oneRowPerComputer([...kept, ...found], names, { picked: picked(), lastGood });
      return { computers, errors };
    },
  };
}

/** One sweep at a time: later callers join the running one; `restart` sweeps again after it. */
function createSweeper(
  run: () => Promise<ComputerList>,
  on: { start(): void; done(fresh: ComputerList): ComputerList; failed(err: unknown): ComputerList },
) {
  let sweep: Promise<ComputerList> | undefined;
  let sweepAgain = false;

  function settle(published: ComputerList): ComputerList {
    if (sweepAgain) {
      sweepAgain = false;
      void startSweep().catch(() => undefined);
    }
    return published;
  }

  function startSweep(restart = false): Promise<ComputerList> {
    if (sweep) {
      if (restart) sweepAgain = true;
      return sweep;
    }
    on.start();
    const p: Promise<ComputerList> = run().then(
      (fresh) => {
        if (sweep === p) sweep = undefined;
        return settle(on.done(fresh));
      },
      (err: unknown) => {
        if (sweep === p) sweep = undefined;
        return settle(on.failed(err));
      },
    );
    sweep = p;
    return p;
  }

  return startSweep;
}

/** After a refresh, once: the session status of each running computer, from the service. */
async function probeSessions(
  computers: readonly VirtualComputer[],
  env: Environment,
  signal: AbortSignal,
  found: (s: Map<ComputerId, GuiSessionStatus>) => void,
): Promise<void> {
  const statuses = await sessionStatuses(computers, env.clients, { signal });
  if (!signal.aborted && statuses.size > 0) found(statuses);
}

/** Rows with the session status the service last gave for them. */
const withSessionStatus = (
  computers: readonly VirtualComputer[],
  statuses: ReadonlyMap<ComputerId, GuiSessionStatus>,
): VirtualComputer[] =>
  computers.map((c) => {
    const s = statuses.get(c.id);
    return s ? { ...c, sessionStatus: s } : c;
  });

/** Profiles with what the last sweep learnt about their credentials (sign-in needed…). */
function annotateProfiles(raw: readonly ProfileSummary[], errors: readonly ScopeError[]): ProfileSummary[] {
  return raw.map((p) => {
    if (p.status && p.status !== 'ok') return p;
    const failure = errors.find((e) => e.profile === p.name && e.region === undefined);
    if (!failure) return p;
    return {
      ...p,
      status: failure.error.kind === 'sign-in-required' ? 'needs-sign-in' : 'error',
      error: failure.error,
    };
  });
}

/** What one sweep needs of its list. */
interface SweepDeps {
  deps: ComputerListDeps;
  env: Environment;
  blueprints: BlueprintCache;
  signal: AbortSignal;
  lastGood: Map<string, string>;
  readProfiles(): Promise<ProfileSummary[]>;
  publish(patch: Partial<ComputerList>): ComputerList;
  current(): ComputerList;
}

/** One sweep of every visible profile in every chosen region, published scope by scope. */
async function sweepOnce(o: SweepDeps): Promise<ComputerList> {
  const { deps, env, blueprints, signal, lastGood, readProfiles, publish } = o;
  const list = o.current();
  const settings = deps.settings.get();
  // Profiles that needed sign-in last time are re-read, so a fresh login works without restart.
  for (const e of list.errors) if (e.error.kind === 'sign-in-required') env.profiles.invalidate(e.profile);
  const profiles = await readProfiles();
  const hidden = new Set(settings.hiddenProfiles);
  const regions = regionsFor(settings);
  const names = profiles.map((p) => p.name).filter((n) => !hidden.has(n));
  const progressive = progressiveScopes(names, () => deps.settings.get().computerProfiles, lastGood);
  const found = await discoverComputers({
    profiles: names,
    regions: () => regions,
    clients: env.clients,
    blueprintCache: blueprints,
    // The scope deadlines run on the launcher's clock (a test world's in tests), as every other wait does.
    clock: deps.clock,
    signal,
    onScope: (scope) => void (!signal.aborted && publish(progressive.add(scope, o.current()))),
    ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
  });
  if (signal.aborted) throw new LauncherFailure(launcherErrors.superseded());
  for (const w of found.warnings) deps.log?.warn(`list: ${w.profile} ${w.region}: ${w.message}`);
  const computers = oneRowPerComputer(found.computers, names, {
    picked: settings.computerProfiles,
    lastGood,
  });
  computers.push(...staleRows(o.current().computers, found.errors, computers));
  return {
    computers,
    errors: found.errors,
    refreshedAt: new Date(deps.clock.now()).toISOString(),
    stale: false,
    refreshing: false,
  };
}

/** Build the computer list of one environment. */
export function createComputerList(deps: ComputerListDeps) {
  const { env, bus, signal } = deps;
  const blueprints = new BlueprintCache(undefined, deps.clock.now);
  const sessionStatus = new Map<ComputerId, GuiSessionStatus>();
  const lastGood = new Map<string, string>(); // by ARN: the profile that last succeeded at a write on it
  let list: ComputerList = deps.initial ? { ...deps.initial, stale: true, refreshing: false } : EMPTY;
  let swept = false;
  let rawProfiles: ProfileSummary[] = [];
  let lastProfiles: string | undefined;
  const decorators: ListDecorator[] = []; // added by list.use once the features exist: no forward references
  const observe = (computers: readonly VirtualComputer[]) => decorators.forEach((d) => d.observe(computers));

  function publish(patch: Partial<ComputerList> = {}): ComputerList {
    const next = { ...list, ...patch };
    const computers = withSessionStatus(next.computers, sessionStatus);
    list = { ...next, computers: decorators.reduce((cs, d) => d.decorate(cs), computers) };
    if (!signal.aborted) bus.emit('computers:changed', list);
    return list;
  }

  const annotated = () => annotateProfiles(rawProfiles, list.errors);

  /** Send profiles:changed when what the UI shows about profiles changed. */
  function publishProfiles(force = false): ProfileSummary[] {
    const profiles = annotated();
    const key = JSON.stringify(profiles);
    if ((force || (lastProfiles !== undefined && key !== lastProfiles)) && !signal.aborted)
      bus.emit('profiles:changed', profiles);
    lastProfiles = key;
    return profiles;
  }

  async function readProfiles(): Promise<ProfileSummary[]> {
    rawProfiles = await env.profiles.list();
    publishProfiles();
    return rawProfiles;
  }

  const runSweep = () =>
    sweepOnce({ deps, env, blueprints, signal, lastGood, readProfiles, publish, current: () => list });

  const startSweep = createSweeper(runSweep, {
    start: () => void publish({ refreshing: true }),
    done(fresh) {
      swept = true;
      const published = publish(fresh);
      deps.listCache?.save(published);
      publishProfiles();
      observe(published.computers);
      // The statuses asked of the service feed the session lifetimes too (a session started elsewhere gets its "about" hour).
      void probeSessions(published.computers, env, signal, (found) =>
        applyStatuses(found, sessionStatus, publish, observe),
      );
      return published;
    },
    failed(err) {
      if (signal.aborted) throw err;
      // The sweep itself failed (profiles unreadable): keep the old list, say why.
      const error = toLauncherError(err, { action: 'list computers' });
      return publish({ refreshing: false, errors: [{ profile: '', error }] });
    },
  });

  return {
    /** Add what a feature shows on the rows and follows in the list. */
    use: (d: ListDecorator): void => void decorators.push(d),
    /** The list as last published. */
    current: (): ComputerList => list,
    /** The listed computer an id (or one of its aliases) names; never through a hidden profile. */
    find: (id: ComputerId): VirtualComputer | undefined =>
      hiddenProfileId(deps.settings, id)
        ? undefined
        : findComputer(list.computers, id, (p) => rawProfiles.find((x) => x.name === p)?.accountId),
    /** Why find(id) found nothing, for the user. */
    notListed: (id: ComputerId) =>
      launcherErrors.notListed(id, hiddenProfileId(deps.settings, id) ? 'hidden-profile' : undefined),
    /** Wait for the first sweep of this environment (a link may arrive before it). */
    async ready(): Promise<void> {
      if (!swept) await startSweep().catch(() => undefined);
    },
    /** A profile did a write action on a computer: prefer it next time. */
    worked(id: ComputerId, profile: string): void {
      const c = findComputer(list.computers, id);
      if (!c?.arn || !c.reachedThrough) return;
      lastGood.set(c.arn, profile);
      if (c.profile !== profile)
        publish({ computers: list.computers.map((x) => (x === c ? { ...x, profile } : x)) });
    },
    /** The list at once; a sweep starts in the background when asked or never done. */
    list(refresh: boolean): ComputerList {
      if (refresh || !swept) void startSweep().catch(() => undefined);
      return list;
    },
    /** Sweep now (or join the running sweep) and answer with the fresh list. */
    refresh: (): Promise<ComputerList> => startSweep(),
    /** Sweep again after any running sweep: what to sweep changed. */
    resweep: (): void => void startSweep(true).catch(() => undefined),
    /** Read the profiles again and answer with their annotations. */
    async profiles(): Promise<ProfileSummary[]> {
      await readProfiles();
      return annotated();
    },
    /** Tell subscribers about this environment's profiles (after a switch). */
    async announceProfiles(): Promise<void> {
      rawProfiles = await env.profiles.list();
      publishProfiles(true);
    },
    /** Change what one listed computer shows. */
    update(id: ComputerId, patch: Partial<VirtualComputer>): void {
      const target = findComputer(list.computers, id);
      if (!target) return;
      observe(
        publish({ computers: list.computers.map((c) => (c === target ? { ...c, ...patch } : c)) }).computers,
      );
    },
    /** Publish again: what a decorator adds changed. */
    republish: (): void => void publish(),
    /** Remember the last session status seen for a computer (shown on its row). */
    setSessionStatus(id: ComputerId, status: GuiSessionStatus): void {
      sessionStatus.set(id, status);
    },
  };
}

/** True when id names a profile the user hid: such an id names nothing (the user chose not to use that profile). */
function hiddenProfileId(settings: SettingsStore, id: ComputerId): boolean {
  const ref = parseComputerId(id);
  return !!ref && settings.get().hiddenProfiles.includes(ref.profile);
}

/** The computer list of one environment. */
export type ComputerListModule = ReturnType<typeof createComputerList>;
