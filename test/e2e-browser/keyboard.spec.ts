import { expect, expectAccessible, listedNames, row, shoot, test, waitForFreshList } from './fixtures.js';

test('search, state filter and clear filters', async ({ app }) => {
  await waitForFreshList(app);
  const search = app.getByRole('searchbox', { name: 'Search computers by name' });
  await search.pressSequentially('notebook');
  await expect.poll(() => listedNames(app)).toEqual(['class-notebook']);
  await search.fill('');
  await search.pressSequentially('GEN');
  await expect.poll(() => listedNames(app)).toEqual(['genomics-lab']);
  await search.press('Escape');
  await expect(search).toHaveValue('');
  // Escape also leaves the search box, so "/" searches again instead of typing a slash.
  await expect(search).not.toBeFocused();
  await app.keyboard.press('/');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await expect.poll(async () => (await listedNames(app)).length).toBe(6);

  await app.getByLabel('Filter by state').selectOption('stopped');
  await expect.poll(() => listedNames(app)).toEqual(['gpu-training']);
  await search.fill('zzz-nothing');
  await expect(app.getByRole('heading', { name: 'No computers match' })).toBeVisible();
  await shoot(app, 'filtered-away');
  await expectAccessible(app);
  await app.getByRole('button', { name: 'Clear filters' }).click();
  await expect.poll(async () => (await listedNames(app)).length).toBe(6);
  await expect(app.getByLabel('Filter by state')).toHaveValue('all');
});

test('keyboard: / searches, arrows move, Enter opens the application, Shift+Enter the desktop', async ({
  app,
  context,
}) => {
  await waitForFreshList(app);
  const search = app.getByRole('searchbox', { name: 'Search computers by name' });
  await app.locator('body').click({ position: { x: 5, y: 700 } });
  await app.keyboard.press('/');
  await expect(search).toBeFocused();
  await app.keyboard.type('lab');
  await expect.poll(() => listedNames(app)).toEqual(['genomics-lab']);
  await app.keyboard.press('Escape');
  await expect.poll(async () => (await listedNames(app)).length).toBe(6);

  const names = await listedNames(app);
  await app.keyboard.press('ArrowDown');
  await expect(row(app, names[1]!)).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('ArrowDown');
  await expect(row(app, names[2]!)).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('ArrowUp');
  await expect(row(app, names[1]!)).toHaveAttribute('aria-selected', 'true');
  // From the list itself (Tab leaves the search box), Home and End jump.
  const grid = app.getByRole('grid', { name: 'Virtual computers' });
  await grid.focus();
  await app.keyboard.press('End');
  await expect(row(app, names[names.length - 1]!)).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('Home');
  await expect(row(app, names[0]!)).toHaveAttribute('aria-selected', 'true');
  await expect(grid).toBeFocused();
  expect(names[0]).toBe('genomics-lab');

  const appPage = context.waitForEvent('page');
  await app.keyboard.press('Enter');
  await expect((await appPage).locator('main#dcv')).toHaveAttribute('data-kind', 'app');
  await app.bringToFront();
  const deskPage = context.waitForEvent('page');
  await grid.focus();
  await app.keyboard.press('Shift+Enter');
  const desk = await deskPage;
  await expect(desk.locator('main#dcv')).toHaveAttribute('data-kind', 'desktop');
  await expect(desk.locator('main#dcv')).toHaveAttribute('data-computer', 'genomics-lab');
});

test('favourites are pinned on top', async ({ app, world }) => {
  await waitForFreshList(app);
  await row(app, 'survey-analysis').getByRole('button', { name: 'Favourite' }).click();
  await expect(app.locator('[role="rowgroup"][data-group="favourites"] [data-computer]')).toHaveCount(1);
  expect((await listedNames(app))[0]).toBe('survey-analysis');
  await expect(row(app, 'survey-analysis').getByRole('button', { name: 'Favourite' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  expect(world.settings.get().favourites).toEqual(['research/eu-west-2/survey-analysis']);
});
