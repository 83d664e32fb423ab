// What the core sends the renderer (computers, lists, settings, errors), built for tests.
import { makeComputerId } from '../../../electron/shared/computer-id.js';
import type {
  ComputerList,
  LauncherError,
  Settings,
  VirtualComputer,
} from '../../../electron/shared/models.js';
import { DEFAULT_SETTINGS } from '../../../electron/shared/settings.js';

/** A computer as the core lists it. */
export function computer(name: string, patch: Partial<VirtualComputer> = {}): VirtualComputer {
  const profile = patch.profile ?? 'research';
  const region = patch.region ?? 'us-east-2';
  return {
    id: makeComputerId({ profile, region, name }),
    name,
    profile,
    region,
    state: 'running',
    app: { id: 'jupyterlab', name: 'JupyterLab' },
    plan: { id: 'app_standard_xl_1_0' },
    ...patch,
  };
}

/** A list the core would send. */
export function list(computers: VirtualComputer[], errors: ComputerList['errors'] = []): ComputerList {
  return { computers, errors, refreshedAt: new Date().toISOString(), stale: false, refreshing: false };
}

/** Settings with some changed. */
export function settings(patch: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, ...patch };
}

/** An error as the core reports it. */
export function launcherError(
  kind: LauncherError['kind'],
  patch: Partial<LauncherError> = {},
): LauncherError {
  return {
    name: kind,
    kind,
    message: `${kind} happened.`,
    nextStep: 'Try again.',
    retryable: false,
    ...patch,
  };
}
