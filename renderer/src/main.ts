import { hydrate, mount } from 'svelte';
import {
  FIRST_FRAME_ATTRIBUTE,
  FIRST_FRAME_STATE_ID,
  type FirstFrameState,
} from '../../electron/shared/first-frame.js';
import App from './App.svelte';
import { getLauncherApi } from './lib/api.js';
import { LauncherState } from './lib/launcher.svelte.js';
import './styles/app.css';

/** Longest the window waits for the cached list before the live app shows anyway. */
const FIRST_LIST_WAIT_MS = 250;

performance.mark('lfr:start');
const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
const api = getLauncherApi();
const launcher = api ? new LauncherState(api) : undefined;
const seed = launcher && target.hasAttribute(FIRST_FRAME_ATTRIBUTE) ? firstFrameState() : undefined;

let app: ReturnType<typeof mount>;
if (launcher && seed) {
  // Main prerendered the first frame (the cached list) into the page: start from exactly the
  // state it was drawn from and adopt its DOM, rather than drawing the same list again.
  launcher.seed(seed);
  launcher.firstRows = target.querySelectorAll('[role="row"][data-computer]').length;
  void launcher.prefetch();
  // Svelte mounts afresh, replacing the frame, should the DOM not match after all.
  app = hydrate(App, { target, props: { launcher } });
} else {
  if (launcher) {
    // The list is asked for before Svelte mounts, and the first render waits for it (briefly), so
    // the first frame is the list itself rather than "Loading" plus a second render.
    await Promise.race([launcher.prefetch(), new Promise((r) => setTimeout(r, FIRST_LIST_WAIT_MS))]);
  }
  target.replaceChildren();
  app = mount(App, { target, props: { launcher } });
}
target.removeAttribute(FIRST_FRAME_ATTRIBUTE);
target.inert = false;
performance.mark('lfr:mounted');
export default app;

/** The state the prerendered frame was drawn from, or undefined when it cannot be read. */
function firstFrameState(): FirstFrameState | undefined {
  try {
    const text = document.getElementById(FIRST_FRAME_STATE_ID)?.textContent;
    return text ? (JSON.parse(text) as FirstFrameState) : undefined;
  } catch {
    return undefined;
  }
}
