// The Transport of the browser host: invoke = POST /ipc/<channel> with a JSON array of
// arguments, events = one EventSource on /events; both carry the run's bridge secret (a header
// on calls, the query of the stream, since EventSource cannot set headers). Typed without the DOM lib so the Node
// type-check covers it; it only runs in the page.
import type { EventChannel, InvokeChannel } from '../shared/ipc-contract.js';
import type { Transport } from '../shared/api.js';

interface MessageLike {
  data: string;
}
interface EventSourceLike {
  addEventListener(type: string, listener: (e: MessageLike) => void): void;
  removeEventListener(type: string, listener: (e: MessageLike) => void): void;
}

/** The request header that carries the bridge secret on every call. */
export const BRIDGE_SECRET_HEADER = 'x-lfr-bridge-secret';
/** The query parameter that carries it on the page address and the event stream. */
export const BRIDGE_SECRET_PARAM = 'k';
/** The meta tag (name) through which the served page hands it to the bridge script. */
export const BRIDGE_SECRET_META = 'lfr-bridge-secret';

/** What the transport needs from the page (fetch and EventSource). */
export interface HttpTransportDeps {
  base: string;
  /** The run's secret the host put in the page; the host refuses calls without it. */
  secret: string;
  fetch: (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string },
  ) => Promise<{
    ok: boolean;
    status: number;
    json(): Promise<unknown>;
  }>;
  eventSource: (url: string) => EventSourceLike;
}

/** A Transport over the browser host's HTTP endpoints. */
export function createHttpTransport(deps: HttpTransportDeps): Transport {
  // One stream for all subscriptions. Events emitted before it connects are not lost: the
  // host sends the current list and windows as soon as the stream opens.
  let source: EventSourceLike | undefined;
  const connect = () =>
    (source ??= deps.eventSource(
      `${deps.base}events?${BRIDGE_SECRET_PARAM}=${encodeURIComponent(deps.secret)}`,
    ));
  return {
    async invoke(channel: InvokeChannel, args: unknown[]) {
      const res = await deps.fetch(`${deps.base}ipc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [BRIDGE_SECRET_HEADER]: deps.secret },
        body: JSON.stringify(args),
      });
      const body = (await res.json()) as { value?: unknown; error?: string };
      if (!res.ok) throw new Error(body.error ?? `The launcher answered ${res.status} on ${channel}.`);
      return body.value;
    },
    on(channel: EventChannel, listener: (payload: unknown) => void) {
      const s = connect();
      const handler = (e: MessageLike) => listener(JSON.parse(e.data));
      s.addEventListener(channel, handler);
      return () => s.removeEventListener(channel, handler);
    },
  };
}
