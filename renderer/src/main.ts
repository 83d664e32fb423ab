import { mount } from 'svelte';
import { FIRST_FRAME_ATTRIBUTE } from '../../electron/shared/first-frame.js';
import App from './App.svelte';
import { getLauncherApi } from './lib/api.js';
import { LauncherState } from './lib/launcher.svelte.js';
import './styles/app.css';

/** Longest the window waits for the cached list before the live app shows anyway. */
const FIRST_LIST_WAIT_MS = 250;
/** The same, while a prerendered first frame already shows the list. */
const FIRST_LIST_WAIT_PRERENDERED_MS = 2_000;

performance.mark('lfr:start');
const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
const prerendered = target.hasAttribute(FIRST_FRAME_ATTRIBUTE);
const api = getLauncherApi();
const launcher = api ? new LauncherState(api) : undefined;
if (launcher) {
  // The list is asked for before Svelte mounts, and the first render waits for it (briefly), so
  // the first live frame is the list itself rather than "Loading" plus a second render; over a
  // prerendered frame, so that frame is not swapped for "Loading".
  const wait = prerendered ? FIRST_LIST_WAIT_PRERENDERED_MS : FIRST_LIST_WAIT_MS;
  await Promise.race([launcher.prefetch(), new Promise((r) => setTimeout(r, wait))]);
}
// The prerendered frame goes in the same task as the mount: no frame is painted in between, so
// the user sees the same list, now live.
if (prerendered) {
  target.replaceChildren();
  target.removeAttribute(FIRST_FRAME_ATTRIBUTE);
  target.inert = false;
}
const app = mount(App, { target, props: { launcher } });
performance.mark('lfr:mounted');
export default app;
