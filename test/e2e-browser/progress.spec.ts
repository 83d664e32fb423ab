// One progress story while a stopped computer is started and its session set up: the state
// badge follows the real state, the bar never goes back across phases, and the session column
// says what the bar says.
import type { Page } from '@playwright/test';
import { expect, row, shoot, test, waitForFreshList } from './fixtures.js';

interface Seen {
  badge: string;
  bar: string | null;
  session: string | null;
}

/** Record, inside the page, each distinct (badge, bar, session column) the row shows. */
async function recordRow(app: Page, name: string): Promise<void> {
  await app.evaluate(`(() => {
    const seen = (window.__rowSeen = []);
    const record = () => {
      const r = document.querySelector('[role="row"][data-computer="${name}"]');
      if (!r) return;
      const now = {
        badge: r.querySelector('[data-testid="state"]')?.textContent.trim() ?? '',
        bar: r.querySelector('[role="progressbar"]')?.getAttribute('aria-valuetext') ?? null,
        session: r.querySelector('[data-testid="session-line"]')?.textContent.trim() ?? null,
      };
      const last = seen[seen.length - 1];
      if (!last || last.badge !== now.badge || last.bar !== now.bar || last.session !== now.session) seen.push(now);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
}

test.use({ worldOptions: { settings: { autoStartComputers: false } } });

test("a stopped computer's start: the badge, the bar (never going back) and the session column tell one story", async ({
  app,
  world,
  context,
}) => {
  await waitForFreshList(app);
  const r = row(app, 'gpu-training');
  await expect(r.getByTestId('state')).toHaveText('Stopped');
  await r.getByRole('button', { name: 'Open application' }).click();
  const question = r.getByRole('group', { name: /gpu-training is stopped/ });
  // The question says what the plan costs while it runs (GetBundles: $383.98 a month).
  await expect(question.getByTestId('plan-price')).toHaveText('GPU XL: $0.53 an hour while it runs');
  await expect(question).toHaveAccessibleDescription('GPU XL: $0.53 an hour while it runs');
  const opened = context.waitForEvent('page');
  await recordRow(app, 'gpu-training');
  await question.getByRole('button', { name: 'Start and open' }).click();

  await expect(r.getByTestId('state')).toHaveText('Starting…');
  await expect(r.getByTestId('session-line')).toHaveText(/^Starting the computer · \d+%$/);
  // The user waits while the computer starts (4 s), then while its session is set up (8 s).
  await world.advance(6_000);
  await expect(r.getByTestId('state')).toHaveText('Setting up session…');
  await shoot(app, 'session-setting-up');
  await world.advance(10_000);
  await opened;
  await expect(r.getByTestId('state')).toHaveText('Running');

  const seen = (await app.evaluate('window.__rowSeen')) as Seen[];
  const log = JSON.stringify(seen, null, 1);
  const withBar = seen.filter((s) => s.bar !== null && !s.bar.startsWith('Ready'));
  expect(withBar.length, log).toBeGreaterThan(2);
  // The bar never goes back, across the computer's start and the session's setup.
  const values = withBar.map((s) => Number(/(\d+)%$/.exec(s.bar ?? '')?.[1]));
  expect(values, log).toEqual([...values].sort((a, b) => a - b));
  for (const s of withBar) {
    // The badge says what is being done, never "Stopped" once the start is under way.
    expect(['Starting…', 'Setting up session…'], log).toContain(s.badge);
    // The session column says what the bar says ("Setting up the computer, 40%" → "… · 40%").
    if (s.session !== null) expect(s.session, log).toBe(s.bar!.replace(/, (\d+%)$/, ' · $1'));
  }
  const badges = [...new Set(withBar.map((s) => s.badge))];
  expect(badges, log).toEqual(['Starting…', 'Setting up session…']);
  expect(
    seen.some((s) => s.session === 'No session' && s.bar !== null),
    log,
  ).toBe(false);
});
