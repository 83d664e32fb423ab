// The error type every simulator operation throws (its own module, so operation modules can share it).

/** An error the way Lightsail reports it: `__type`, message and HTTP status. */
export class SimError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}
