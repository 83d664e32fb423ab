// Entry of /host-bridge.js: defines window.launcher over HTTP before the app's module script
// runs (a classic script in the browser host's index.html; never part of the production build).
import { createApi } from '../shared/api.js';
import { BRIDGE_SECRET_META, createHttpTransport, type HttpTransportDeps } from './bridge-transport.js';

const page = globalThis as unknown as {
  fetch: HttpTransportDeps['fetch'];
  EventSource: new (url: string) => ReturnType<HttpTransportDeps['eventSource']>;
  location: { href: string };
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
  launcher?: unknown;
};

const base = new URL('./', page.location.href).href;
const api = createApi(
  createHttpTransport({
    base,
    secret: page.document.querySelector(`meta[name="${BRIDGE_SECRET_META}"]`)?.getAttribute('content') ?? '',
    fetch: (url, init) => page.fetch(url, init),
    eventSource: (url) => new page.EventSource(url),
  }),
);
Object.defineProperty(globalThis, 'launcher', { value: Object.freeze(api), enumerable: true });
