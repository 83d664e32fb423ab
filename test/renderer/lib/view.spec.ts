import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstPaintRows } from '../../../renderer/src/lib/list-model.js';
import { LauncherState } from '../../../renderer/src/lib/launcher.svelte.js';
import { ROW_PAGE, ViewState } from '../../../renderer/src/lib/view.svelte.js';
import { fakeApi, type FakeApi } from './fake-api.js';
import { computer, launcherError, list, settings } from './fixtures.js';

let fake: FakeApi;
let app: LauncherState;
let view: ViewState;

beforeEach(() => {
  fake = fakeApi();
  app = new LauncherState(fake.api);
  // Its first answers never come: events alone drive the list here.
  void app.init();
  view = new ViewState(app, 720);
});
afterEach(() => app.dispose());

const names = (v: ViewState) => v.shown.flatMap((g) => g.computers.map((c) => c.name));

describe('ViewState', () => {
  it('follows the list as events replace it', () => {
    fake.emit('computers:changed', list([computer('genomics-lab'), computer('stats-rstudio')]));
    expect(names(view)).toEqual(['genomics-lab', 'stats-rstudio']);
    fake.emit('computers:changed', list([computer('survey-analysis')]));
    expect(names(view)).toEqual(['survey-analysis']);
    expect(view.current).toBe(computer('survey-analysis').id);
  });

  it('groups by the setting and pins favourites on top', () => {
    const a = computer('a-lab', { profile: 'teaching' });
    const b = computer('b-lab');
    fake.emit('computers:changed', list([a, b]));
    expect(view.shown.map((g) => g.key)).toEqual(['profile:research', 'profile:teaching']);
    fake.emit('settings:changed', settings({ favourites: [a.id] }));
    expect(view.shown.map((g) => g.key)).toEqual(['favourites', 'profile:research']);
    fake.emit('settings:changed', settings({ groupBy: 'none' }));
    expect(view.shown.map((g) => g.label)).toEqual(['All computers']);
  });

  it('searches by name, says when nothing matches, and clears', () => {
    fake.emit(
      'computers:changed',
      list([computer('genomics-lab'), computer('stats-rstudio', { state: 'stopped' })]),
    );
    view.setSearch('STATS');
    expect(names(view)).toEqual(['stats-rstudio']);
    view.setSearch('nothing');
    expect(view.filteredAway).toBe(true);
    view.clearFilters();
    view.setStateFilter('stopped');
    expect(names(view)).toEqual(['stats-rstudio']);
    view.clearFilters();
    expect(names(view)).toHaveLength(2);
  });

  it('moves the error of a group to the banner while filtering', () => {
    const denied = { profile: 'teaching', region: 'eu-west-2', error: launcherError('access-denied') };
    fake.emit('computers:changed', list([computer('genomics-lab')], [denied]));
    expect(view.bannerErrors).toEqual([]);
    expect(view.shown.find((g) => g.key === 'profile:teaching')?.errors).toEqual([denied]);
    view.setSearch('genomics');
    expect(view.bannerErrors).toEqual([denied]);
  });

  it('keeps the selection on a visible row and falls back to the first one', () => {
    const [a, b, c] = ['a-lab', 'b-lab', 'c-lab'].map((n) => computer(n));
    fake.emit('computers:changed', list([a!, b!, c!]));
    view.move({ type: 'move', delta: 1 });
    expect(view.current).toBe(b!.id);
    view.move({ type: 'last' });
    expect(view.current).toBe(c!.id);
    view.setSearch('a-');
    expect(view.current).toBe(a!.id);
  });

  it('renders rows a page at a time, and more when the selection moves past them', () => {
    const many = Array.from({ length: 130 }, (_, i) => computer(`lab-${String(i).padStart(3, '0')}`));
    fake.emit('computers:changed', list(many));
    // The first paint holds what the window shows; the rest follow once it is on screen.
    expect(names(view)).toHaveLength(firstPaintRows(720));
    view.settle();
    expect(names(view)).toHaveLength(ROW_PAGE);
    expect(view.hiddenCount).toBe(130 - ROW_PAGE);
    view.move({ type: 'last' });
    expect(names(view)).toHaveLength(130);
    view.setSearch('lab');
    expect(names(view)).toHaveLength(ROW_PAGE);
    view.showMore();
    expect(names(view)).toHaveLength(130);
  });

  it('draws as many rows as the adopted first frame drew', () => {
    app.firstRows = 3;
    fake.emit('computers:changed', list(Array.from({ length: 10 }, (_, i) => computer(`lab-${i}`))));
    expect(names(new ViewState(app, 720))).toHaveLength(3);
  });
});
