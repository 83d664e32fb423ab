// What the user is looking at: search, state filter, selection, and the list derived from them.
import type { ComputerId, ScopeError, VirtualComputer } from '../../../electron/shared/models.js';
import type { LauncherState } from './launcher.svelte.js';
import type { KeyCommand } from './keyboard.js';
import { moveSelection } from './keyboard.js';
import {
  filterComputers,
  groupComputers,
  isFiltered,
  unplacedErrors,
  visibleIds,
  type Group,
  type GroupBy,
  type StateFilter,
} from './list-model.js';

export class ViewState {
  search = $state('');
  stateFilter = $state<StateFilter>('all');
  selected = $state<ComputerId | undefined>();

  readonly query: { search: string; state: StateFilter };
  readonly groupBy: GroupBy;
  readonly all: VirtualComputer[];
  readonly filtered: VirtualComputer[];
  readonly groups: Group[];
  /** Errors shown above the list rather than on a group. */
  readonly bannerErrors: ScopeError[];
  readonly ids: ComputerId[];
  readonly filteredAway: boolean;
  /** The selected id when it is still visible, else the first visible one. */
  readonly current: ComputerId | undefined;

  constructor(app: LauncherState) {
    this.query = $derived({ search: this.search, state: this.stateFilter });
    this.groupBy = $derived(app.settings?.groupBy ?? 'profile');
    this.all = $derived(app.list?.computers ?? []);
    this.filtered = $derived(filterComputers(this.all, this.query, app.windows));
    this.groups = $derived(
      groupComputers(
        this.filtered,
        this.groupBy,
        app.settings?.favourites ?? [],
        // While filtering, errors move to the banner so error-only groups don't clutter results.
        isFiltered(this.query) ? [] : (app.list?.errors ?? []),
      ),
    );
    this.bannerErrors = $derived(
      isFiltered(this.query) ? (app.list?.errors ?? []) : unplacedErrors(app.list?.errors ?? [], this.groupBy),
    );
    this.ids = $derived(visibleIds(this.groups));
    this.filteredAway = $derived(this.all.length > 0 && this.filtered.length === 0);
    this.current = $derived(
      this.selected !== undefined && this.ids.includes(this.selected) ? this.selected : this.ids[0],
    );
  }

  move(cmd: Extract<KeyCommand, { type: 'move' | 'first' | 'last' }>): void {
    this.selected = moveSelection(this.ids, this.current, cmd);
  }

  clearFilters(): void {
    this.search = '';
    this.stateFilter = 'all';
  }
}
