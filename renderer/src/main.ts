import { mount } from 'svelte';
import App from './App.svelte';
import { getLauncherApi } from './lib/api.js';
import { LauncherState } from './lib/launcher.svelte.js';
import './styles/app.css';

/** Longest the window stays empty waiting for the cached list before the shell shows anyway. */
const FIRST_LIST_WAIT_MS = 250;

performance.mark('lfr:start');
const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
const api = getLauncherApi();
const launcher = api ? new LauncherState(api) : undefined;
if (launcher) {
  // The list is asked for before Svelte mounts, and the first render waits for it (briefly), so
  // the first frame is the list itself rather than "Loading" plus a second render.
  await Promise.race([launcher.prefetch(), new Promise((r) => setTimeout(r, FIRST_LIST_WAIT_MS))]);
}
const app = mount(App, { target, props: { launcher } });
performance.mark('lfr:mounted');
export default app;
