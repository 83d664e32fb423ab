// The launcher and view state, handed down the component tree as typed context: App sets them
// once, and a row reaches the actions it offers (open, start, favourite…) without App threading
// a callback prop for each through every component between.
import { createContext } from 'svelte';
import type { LauncherState } from './launcher.svelte.js';
import type { ViewState } from './view.svelte.js';

/** What App shares with the components below it. */
export interface LauncherContext {
  /** The state, composed of one store per concern (app.connection, app.lists, app.actions…). */
  app: LauncherState;
  view: ViewState;
  /** Give the keyboard focus back to the list (after a question on a row is answered). */
  focusList(): void;
  /** Open the Settings dialog (toolbar, empty state, a group's menu). */
  openSettings(): void;
}

/** Read the context (in a component below App) and set it (in App, once). */
export const [getLauncherContext, setLauncherContext] = createContext<LauncherContext>();
