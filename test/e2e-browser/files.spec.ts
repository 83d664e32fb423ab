// Files in and out of a session, through the stand-in DCV page's file storage (modelled on
// DCV's): an upload from the page's file picker, one dropped onto the window, and a download.
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
  const files = win.getByRole('list', { name: 'Files in the session storage' });
  await expect(files).toContainText('results.csv');

  await win
    .getByLabel('Upload files')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('field notes\n') });
  await expect(win.locator('#dcv-client')).toHaveAttribute('data-upload', 'done:picker:notes.txt');
  await expect(files).toContainText('notes.txt (12 bytes)');

  // A drop onto the window, as a file dragged from the desktop arrives.
  // Page code as a string: the test files are type-checked without the DOM library.
  const transfer = await win.evaluateHandle(`(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['a,b\\n1,2\\n'], 'data.csv', { type: 'text/csv' }));
    return dt;
  })()`);
  await win.locator('#dcv').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(win.locator('#dcv-client')).toHaveAttribute('data-upload', 'done:drop:data.csv');
  await expect(files).toContainText('data.csv (8 bytes)');
  // The page stayed the session: a drop never navigates the window to the file.
  expect(new URL(win.url()).origin).toBe(world.sim.dcv!.origin);

  const download = win.waitForEvent('download');
  await files.getByRole('link', { name: 'notes.txt' }).click();
  const d = await download;
  expect(d.suggestedFilename()).toBe('notes.txt');
  const { readFile } = await import('node:fs/promises');
  expect(await readFile((await d.path())!, 'utf8')).toBe('field notes\n');
});
