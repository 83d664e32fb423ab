// Entry of /host-bridge.js: defines window.launcher over HTTP before the app's module script
// runs (a classic script in the browser host's index.html; never part of the production build).
import { createApi } from '../shared/api.js';
import { createHttpTransport, type HttpTransportDeps } from './bridge-transport.js';

const page = globalThis as unknown as {
  fetch: HttpTransportDeps['fetch'];
  EventSource: new (url: string) => ReturnType<HttpTransportDeps['eventSource']>;
  location: { href: string };
  launcher?: unknown;
};

const base = new URL('./', page.location.href).href;
const api = createApi(
  createHttpTransport({
    base,
    fetch: (url, init) => page.fetch(url, init),
    eventSource: (url) => new page.EventSource(url),
  }),
);
Object.defineProperty(globalThis, 'launcher', { value: Object.freeze(api), enumerable: true });
