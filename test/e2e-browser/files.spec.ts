// Files in and out of a session, through the stand-in DCV page's file storage (modelled on
// DCV's): an upload from the page's file picker, one dropped onto the window, and a download.
import { storedFiles, uploadByPickerAndDrop } from '../fixtures/dcv-file-panel.js';
import { expect, row, test, waitForFreshList } from './fixtures.js';

test.use({
  ignoreHTTPSErrors: true,
  worldOptions: { sim: { dcvTls: true }, certificateAnswer: () => 'trust' },
});

test('upload through the file picker and by drag and drop, then download a file from the session', async ({
  app,
  world,
  context,
}) => {
  await waitForFreshList(app);
  const opened = context.waitForEvent('page');
  await row(app, 'genomics-lab').getByRole('button', { name: 'Open application' }).click();
  const win = await opened;
  const files = storedFiles(win);
  await expect(files).toContainText('results.csv');
  await uploadByPickerAndDrop(win, world.sim.dcv!.origin);

  const download = win.waitForEvent('download');
  await files.getByRole('link', { name: 'notes.txt' }).click();
  const d = await download;
  expect(d.suggestedFilename()).toBe('notes.txt');
  const { readFile } = await import('node:fs/promises');
  expect(await readFile((await d.path())!, 'utf8')).toBe('field notes\n');
});
