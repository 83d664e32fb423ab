// What the user is looking at: search, state filter, selection, and the list derived from them.
import type { ComputerId, ScopeError, VirtualComputer } from '../../../electron/shared/models.js';
import type { LauncherState } from './launcher.svelte.js';
import { withinSettings } from './profiles.js';
import type { KeyCommand } from './keyboard.js';
import { moveSelection } from './keyboard.js';
import {
  filterComputers,
  firstPaintRows,
  limitRows,
  groupComputers,
  isFiltered,
  unplacedErrors,
  visibleIds,
  type Group,
  type GroupBy,
  type StateFilter,
} from './list-model.js';

/** Rows rendered at once; more follow as the user scrolls (keeps each keystroke cheap). */
export const ROW_PAGE = 50;

export class ViewState {
  search = $state('');
  stateFilter = $state<StateFilter>('all');
  selected = $state<ComputerId | undefined>();
  /** How many computer rows are rendered. */
  limit: number;

  readonly query: { search: string; state: StateFilter };
  readonly groupBy: GroupBy;
  readonly all: VirtualComputer[];
  /** The list's errors, without those of hidden profiles. */
  readonly errors: ScopeError[];
  readonly filtered: VirtualComputer[];
  readonly groups: Group[];
  /** Errors shown above the list rather than on a group. */
  readonly bannerErrors: ScopeError[];
  readonly ids: ComputerId[];
  /** The groups cut to `limit` rows in total (headers and errors of later groups still show). */
  readonly shown: Group[];
  readonly hiddenCount: number;
  readonly filteredAway: boolean;
  /** The selected id when it is still visible, else the first visible one. */
  readonly current: ComputerId | undefined;

  /** `windowHeight` (0 when unknown) sizes the first paint: a window's worth of rows, so the cached list shows at once. */
  constructor(app: LauncherState, windowHeight: number) {
    // Adopting a prerendered frame: draw the rows it drew, so its DOM matches.
    this.limit = $state(app.firstRows ?? firstPaintRows(windowHeight));
    this.query = $derived({ search: this.search, state: this.stateFilter });
    this.groupBy = $derived(app.settings?.groupBy ?? 'profile');
    // Settings take effect at once: a hidden profile or a dropped region leaves before the sweep ends.
    this.all = $derived(withinSettings(app.list?.computers ?? [], app.settings));
    this.errors = $derived(
      (app.list?.errors ?? []).filter((e) => !(app.settings?.hiddenProfiles ?? []).includes(e.profile)),
    );
    this.filtered = $derived(filterComputers(this.all, this.query, app.windows));
    this.groups = $derived(
      groupComputers(
        this.filtered,
        this.groupBy,
        app.settings?.favourites ?? [],
        // While filtering, errors move to the banner so error-only groups don't clutter results.
        isFiltered(this.query) ? [] : this.errors,
      ),
    );
    this.bannerErrors = $derived(
      isFiltered(this.query) ? this.errors : unplacedErrors(this.errors, this.groupBy),
    );
    this.ids = $derived(visibleIds(this.groups));
    this.shown = $derived(limitRows(this.groups, this.limit));
    this.hiddenCount = $derived(Math.max(0, this.ids.length - this.limit));
    this.filteredAway = $derived(this.all.length > 0 && this.filtered.length === 0);
    this.current = $derived(
      this.selected !== undefined && this.ids.includes(this.selected) ? this.selected : this.ids[0],
    );
  }

  move(cmd: Extract<KeyCommand, { type: 'move' | 'first' | 'last' }>): void {
    this.selected = moveSelection(this.ids, this.current, cmd);
    const at = this.selected === undefined ? -1 : this.ids.indexOf(this.selected);
    if (at >= this.limit) this.limit = at + ROW_PAGE;
  }

  setSearch(value: string): void {
    this.search = value;
    this.limit = ROW_PAGE;
  }

  setStateFilter(value: StateFilter): void {
    this.stateFilter = value;
    this.limit = ROW_PAGE;
  }

  /** After the first paint: render a full page of rows. */
  settle(): void {
    if (this.limit < ROW_PAGE) this.limit = ROW_PAGE;
  }

  showMore(): void {
    if (this.hiddenCount > 0) this.limit += ROW_PAGE * 2;
  }

  clearFilters(): void {
    this.setSearch('');
    this.stateFilter = 'all';
  }
}
