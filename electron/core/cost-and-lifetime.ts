// One feature module for the facade: session lifetime, warm start, month-to-date cost and
// idle-stop rules, composed over what the facade already has (the list, clients, settings,
// the session engine and the windows). It answers the four IPC channels of the feature and
// decorates the list with cost, rule stops and session expiry.
import type { InvokeArgs, InvokeResult } from '../shared/ipc-contract.js';
import type { ComputerId, CostSummary, LauncherError, Result, VirtualComputer } from '../shared/models.js';
import { CostTracker, type BudgetNotice } from './cost.js';
import type { ComputerAccess } from './computer-access.js';
import { LauncherFailure, toLauncherError } from './errors.js';
import { RuleStopDetector, setIdleRule } from './idle-rule.js';
import type { Clock, SettingsStore } from './ports.js';
import {
  guiSessionStatus,
  SessionLifetime,
  startGuiSession,
  type SessionExpiryNotice,
} from './session-lifetime.js';
import { WarmStart } from './warm-start.js';

/** What the module needs from the facade. */
export interface CostAndLifetimeDeps {
  clock: Clock;
  settings: SettingsStore;
  /** The current list (undecorated or decorated: both work). */
  computers(): readonly VirtualComputer[];
  /** Resolves computers to clients (cost reads) and runs writes with the profile fallback (Keep going, idle rule). */
  access: Pick<ComputerAccess, 'resolve' | 'write'>;
  /** Profiles whose listing failed in the current list: their cost totals are unknown. */
  failedProfiles?(): ReadonlySet<string>;
  windowsOpen(id: ComputerId): boolean;
  /** Notifications: budget passed, session ending (with its Keep going action). */
  notify(n: {
    title: string;
    body: string;
    computerId?: ComputerId;
    action?: SessionExpiryNotice['action'];
  }): void;
  /** Run the session engine for the computer without opening a window (warm start). */
  prepare(id: ComputerId): Promise<void>;
  /** Whether an open of the computer is running (warm start leaves it alone). */
  opening(id: ComputerId): boolean;
  /** Reload the computer's open windows with fresh URLs, keeping their bounds (after a resume). */
  reopen(id: ComputerId): Promise<void>;
  /** A computer's fields changed here (rule set, cost fetched): re-publish the list. */
  changed(): void;
  /** Costs were refreshed: emit 'cost:changed'. */
  costChanged(summary: CostSummary): void;
}

/** The feature's handlers, in the LauncherService's shape. */
export interface CostAndLifetimeHandlers {
  'session:keepGoing': (...a: InvokeArgs<'session:keepGoing'>) => Promise<InvokeResult<'session:keepGoing'>>;
  'computers:setIdleRule': (
    ...a: InvokeArgs<'computers:setIdleRule'>
  ) => Promise<InvokeResult<'computers:setIdleRule'>>;
  'cost:summary': () => Promise<InvokeResult<'cost:summary'>>;
  'cost:refresh': () => Promise<InvokeResult<'cost:refresh'>>;
}

/** Keep going: StartGUISession through the profile fallback (it throws what failed). */
async function keepGoing(
  access: CostAndLifetimeDeps['access'],
  id: ComputerId,
  signal: AbortSignal,
): Promise<void> {
  const r = await access.write(id, async ({ client, name, profile, region }): Promise<Result<null>> => {
    try {
      await startGuiSession(client, name, signal);
      return { ok: true, value: null };
    } catch (err) {
      return {
        ok: false,
        error: toLauncherError(err, { profile, region, action: 'keep the session going' }),
      };
    }
  });
  if (!r.ok) throw new LauncherFailure(r.error);
}

/** Builds the module. */
export function createCostAndLifetime(deps: CostAndLifetimeDeps) {
  const rules = new Map<ComputerId, VirtualComputer['idleRule'] | null>();
  const detector = new RuleStopDetector(deps.clock);
  const nameOf = (id: ComputerId) => deps.computers().find((c) => c.id === id)?.name ?? id;
  const stop = new AbortController();

  const lifetime = new SessionLifetime({
    clock: deps.clock,
    startSession: (id) => keepGoing(deps.access, id, stop.signal),
    sessionStatus: async (id) => {
      const r = deps.access.resolve(id);
      return r.ok ? guiSessionStatus(r.value.client, r.value.name, stop.signal) : undefined;
    },
    windowsOpen: deps.windowsOpen,
    keepSessionsAlive: () => deps.settings.get().keepSessionsAlive,
    nameOf,
    notify: (n) => deps.notify({ title: n.title, body: n.body, computerId: n.computerId, action: n.action }),
    reopen: deps.reopen,
    // The rows show the new expiry at once, not at the next sweep.
    renewed: () => deps.changed(),
  });

  const cost = new CostTracker({
    clock: deps.clock,
    clientFor: (c) => {
      const r = deps.access.resolve(c.id);
      if (!r.ok) throw new LauncherFailure(r.error);
      return r.value.client;
    },
    budgets: () => deps.settings.get().budgets,
    ...(deps.failedProfiles ? { failedProfiles: deps.failedProfiles } : {}),
    notify: (n: BudgetNotice) => deps.notify({ title: n.title, body: n.body }),
  });

  const warm = new WarmStart({
    clock: deps.clock,
    enabled: () => deps.settings.get().warmStart,
    prepare: deps.prepare,
    busy: deps.opening,
  });

  const withRules = (computers: readonly VirtualComputer[]) =>
    computers.map((c) => {
      if (!rules.has(c.id)) return c;
      const rule = rules.get(c.id);
      const copy = { ...c };
      // The rule set here replaces whatever could not be read.
      delete copy.idleRuleUnreadable;
      if (rule) return { ...copy, idleRule: rule };
      delete copy.idleRule;
      return copy;
    });

  const handlers: CostAndLifetimeHandlers = {
    'session:keepGoing': (id) => lifetime.keepGoing(id),
    async 'computers:setIdleRule'(id, rule) {
      const done = await deps.access.write(id, (r) => setIdleRule(r.client, r, rule, stop.signal));
      if (!done.ok) return done;
      rules.set(id, done.value);
      deps.changed();
      return { ok: true, value: null };
    },
    'cost:summary': async () => cost.summary(deps.computers()),
    async 'cost:refresh'() {
      const r = await cost.refreshNow(deps.computers(), stop.signal);
      if (r.ok) {
        deps.costChanged(r.value);
        deps.changed();
      }
      return r;
    },
  };

  return {
    handlers,
    /** The list as the launcher shows it: cost, rule (as last set here), stopped-by-rule, session expiry. */
    decorate(computers: readonly VirtualComputer[]): VirtualComputer[] {
      return lifetime.annotate(detector.update(cost.annotate(withRules(computers))));
    },
    /** Feed each new list (after a sweep, a state poll, a session run). Cost is refreshed in the background when due. */
    observe(computers: readonly VirtualComputer[]): void {
      // Once the service's addOns say what was set here, they take over again.
      for (const c of computers) {
        if (rules.has(c.id) && JSON.stringify(c.idleRule ?? null) === JSON.stringify(rules.get(c.id) ?? null))
          rules.delete(c.id);
      }
      lifetime.observe(computers);
      warm.update(computers);
      void cost.refresh(computers, { signal: stop.signal }).then(
        (summary) => {
          if (cost.lastFetched === 0) return;
          deps.costChanged(summary);
          deps.changed();
        },
        () => undefined,
      );
    },
    /** A session run finished with the session started: its hour counts from now if the run saw it start (`seen`), else it is presumed. */
    sessionStarted: (id: ComputerId, seen = true) => lifetime.sessionStarted(id, seen),
    /** The user stopped the computer (so its stop is not the rule's). */
    userStopped: (id: ComputerId) => detector.userStopped(id),
    /** Starts the lifetime loop (warnings, keep-going). */
    start(): void {
      void lifetime.run(stop.signal);
    },
    dispose(): void {
      stop.abort();
    },
    /** Why a computer's cost is missing, for the row's tooltip. */
    costFailure: (id: ComputerId): LauncherError | undefined => cost.failureOf(id),
  };
}

/** What createCostAndLifetime returns. */
export type CostAndLifetime = ReturnType<typeof createCostAndLifetime>;
