// After a sign-in: a confirmation with the session's end, naming where the signed-in profile's
// computers are listed, here under another profile that reaches the same account.
import { TEST_CREDENTIALS } from '../../electron/simulator/index.js';
import { LAB_SSO_CONFIG } from '../fixtures/sso-lab.js';
import { expect, openLauncher, row, shoot, test } from './fixtures.js';

const CONFIG = `${LAB_SSO_CONFIG}
[profile research]
region = us-east-2
`;
const CREDENTIALS = `[research]
aws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}
aws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}
`;

test.use({
  worldOptions: { aws: { config: CONFIG, credentials: CREDENTIALS }, sim: { sso: { intervalSec: 1 } } },
});

test('after sign-in: "signed in until", and the profile named where its computers are listed', async ({
  page,
  world,
}) => {
  await openLauncher(page, world.host.url);
  await expect(row(page, 'genomics-lab')).toBeVisible({ timeout: 20_000 });
  const panel = page.locator('[data-signin="session:lab"]');
  await expect(panel).toContainText('needs sign-in');

  const opened = page.context().waitForEvent('page');
  await panel.getByRole('button', { name: 'Sign in' }).click();
  const browser = await opened;
  await browser.getByRole('button', { name: 'Approve' }).click();
  await expect(browser.locator('#decision')).toHaveAttribute('data-decision', 'approved');
  // The launcher asks for its token every second (the device code's interval) while the user waits.
  await world.advance(2_000);

  const notice = page.getByRole('status', { name: 'Signed in to sso-session lab' });
  await expect(notice).toContainText(/Signed in to sso-session lab until \d\d:\d\d\./);
  // Its computers are the research account's: listed under profile research, reached through both.
  await expect(notice.locator('[data-profile="research-sso"]')).toContainText(
    /Profile\s+research-sso:\s+\d+\s+computers\s+listed\s+under\s+profile\s+research,\s+which\s+reaches\s+the\s+same\s+computers\./,
    {
      timeout: 20_000,
    },
  );
  const reach = row(page, 'genomics-lab').locator('[data-reached-through]');
  await expect(reach).toHaveAttribute('data-reached-through', 'research,research-sso');
  // Named in full, not cut off.
  expect(await reach.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  await expect(reach).toContainText('research-sso');

  await shoot(page, 'signed-in');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});
