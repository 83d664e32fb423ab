// The api object exposed as `window.launcher`, built over a transport: Electron IPC in the
// preload, HTTP + server-sent events in the browser test host. Named methods only, so the
// renderer can never reach an arbitrary channel.
import type { EventChannel, EventPayload, InvokeArgs, InvokeChannel, InvokeResult } from './ipc-contract.js';

/** How the api reaches main. */
export interface Transport {
  invoke(channel: InvokeChannel, args: unknown[]): Promise<unknown>;
  /** Subscribe; returns an unsubscribe function. */
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

/** Build the renderer-facing api over a transport. */
export function createApi(t: Transport) {
  const call =
    <C extends InvokeChannel>(channel: C) =>
    (...args: InvokeArgs<C>) =>
      t.invoke(channel, args) as Promise<InvokeResult<C>>;
  const sub =
    <C extends EventChannel>(channel: C) =>
    (listener: (payload: EventPayload<C>) => void): (() => void) =>
      t.on(channel, listener as (payload: unknown) => void);
  return {
    appInfo: call('app:info'),
    startDemo: call('app:startDemo'),
    listProfiles: call('profiles:list'),
    listComputers: call('computers:list'),
    refreshComputers: call('computers:refresh'),
    startComputer: call('computers:start'),
    stopComputer: call('computers:stop'),
    planPrice: call('computers:planPrice'),
    openSession: call('session:open'),
    cancelSession: call('session:cancel'),
    stopSession: call('session:stop'),
    listWindows: call('windows:list'),
    focusWindow: call('windows:focus'),
    keepSessionGoing: call('session:keepGoing'),
    setIdleRule: call('computers:setIdleRule'),
    costSummary: call('cost:summary'),
    refreshCosts: call('cost:refresh'),
    getSettings: call('settings:get'),
    updateSettings: call('settings:update'),
    listSignIns: call('signin:list'),
    startSignIn: call('signin:start'),
    cancelSignIn: call('signin:cancel'),
    signOut: call('signin:signOut'),
    answerMfa: call('signin:mfaAnswer'),
    discoverSso: call('signin:discover'),
    addSsoProfiles: call('signin:addProfiles'),
    manageOptions: call('manage:options'),
    createComputer: call('computers:create'),
    deleteComputer: call('computers:delete'),
    setAutoSnapshot: call('computers:setAutoSnapshot'),
    listSnapshots: call('snapshots:list'),
    createSnapshot: call('snapshots:create'),
    restoreSnapshot: call('snapshots:restore'),
    deleteSnapshot: call('snapshots:delete'),
    listDisks: call('disks:list'),
    createDisk: call('disks:create'),
    attachDisk: call('disks:attach'),
    detachDisk: call('disks:detach'),
    deleteDisk: call('disks:delete'),
    cpuFigures: call('cpu:get'),
    onComputersChanged: sub('computers:changed'),
    onProfilesChanged: sub('profiles:changed'),
    onSessionProgress: sub('session:progress'),
    onWindowsChanged: sub('windows:changed'),
    onSettingsChanged: sub('settings:changed'),
    onSignInChanged: sub('signin:changed'),
    onStartQuestion: sub('session:startQuestion'),
    onCostChanged: sub('cost:changed'),
    onManageProgress: sub('manage:progress'),
  };
}
