// What every operation handler of the simulator is given. Apart from operations.ts so the
// manage operations (manage-operations.ts), which operations.ts composes, can name it too.
import type { FaultStore } from './faults.js';
import type { Account, ComputerRecord, World } from './state.js';

/** Everything an operation needs. */
export interface OpContext {
  world: World;
  account: Account;
  region: string;
  faults: FaultStore;
  accessKeyId: string;
  pageSize: number;
  /** http://127.0.0.1:PORT, for session URLs. */
  origin: string;
  /** The DCV stand-in's origin when it runs: URLs then take DCV's form, origin/?authToken=…#sessionId. */
  dcvOrigin?: string;
  /** Registers a session token for the DCV page. */
  issueToken(c: ComputerRecord, kind: 'app' | 'desktop'): string;
}
