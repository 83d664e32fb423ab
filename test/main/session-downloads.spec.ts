// Downloads from a session page (DCV's file storage), over the fake DownloadItem that behaves as
// Electron 45's (fakes/fake-download.ts): the save dialog is always shown, with words of ours
// (never the URL, which carries the session's token); progress covers what the user chose to
// save, all of a computer's downloads on one bar; the end says where the file went or how far it
// got.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSessionDownloads } from '../../electron/main/windows/session-downloads.js';
import type { ComputerId } from '../../electron/shared/models.js';
import { FakeDownloadItem, type SaveDialogAnswer } from './fakes/fake-download.js';

const A = 'default/us-east-2/genomics-notebook' as ComputerId;
const B = 'default/us-east-2/rstudio-lab' as ComputerId;
const URL_OF = (name: string) => `https://127.0.0.1:8443/files/${name}?authToken=SECRET-TOKEN`;

let progress: Map<ComputerId, number[]>;
let notes: { title: string; body: string; computerId: ComputerId }[];
let answer: (defaultPath: string) => SaveDialogAnswer;
let downloads: ReturnType<typeof createSessionDownloads>;
const session = new EventEmitter();

beforeEach(() => {
  progress = new Map();
  notes = [];
  answer = (p) => ({ canceled: false, filePath: p });
  FakeDownloadItem.dialogs = [];
  FakeDownloadItem.saveDialog = (shown) => answer(shown.options.defaultPath ?? '');
  downloads = createSessionDownloads({
    downloadsDir: () => join('/home/u', 'Downloads'),
    setProgress: (id, f) => void (progress.get(id) ?? progress.set(id, []).get(id)!).push(f),
    notify: (n) => void notes.push(n),
    log: { info: () => undefined, warn: () => undefined },
  });
  session.removeAllListeners();
});

/** A download of `computerId`'s session, as the page starts it. */
function download(computerId: ComputerId, name: string, totalBytes: number, resumable = false) {
  session.removeAllListeners('will-download');
  session.once('will-download', (_e, item: FakeDownloadItem) =>
    downloads.handle(item, computerId, 'genomics-notebook'),
  );
  return new FakeDownloadItem(URL_OF(name), { filename: name, totalBytes, resumable }).start(session, {}, 7);
}
const last = (id: ComputerId) => progress.get(id)?.at(-1);

describe('the save dialog', () => {
  it('is always shown, titled with the file and the computer, never the URL, opening in Downloads', async () => {
    const item = download(A, 'notes.txt', 12);
    await item.targetDecided;
    expect(FakeDownloadItem.dialogs).toHaveLength(1);
    const { options } = FakeDownloadItem.dialogs[0]!;
    expect(options.title).toBe('Save notes.txt from genomics-notebook');
    expect(JSON.stringify(options)).not.toContain('SECRET-TOKEN');
    expect(options.defaultPath).toBe(join('/home/u/Downloads', 'notes.txt'));
  });

  it('opens where the user last saved, for the next download', async () => {
    answer = () => ({ canceled: false, filePath: join('/data/run-7', 'results.csv') });
    await download(A, 'results.csv', 10).finish();
    const next = download(A, 'notes.txt', 12);
    await next.targetDecided;
    expect(FakeDownloadItem.dialogs[1]!.options.defaultPath).toBe(join('/data/run-7', 'notes.txt'));
  });

  it('a name with folders in it is saved under its own name only', async () => {
    download(A, '../../.ssh/authorized_keys', 10);
    expect(FakeDownloadItem.dialogs[0]!.options.defaultPath).toBe(
      join('/home/u/Downloads', 'authorized_keys'),
    );
  });
});

describe('progress and the end', () => {
  it('shows progress once the user chose where to save, and says where the file went', async () => {
    const item = download(A, 'notes.txt', 200);
    // Bytes arrive while the dialog is open: not the user's download yet.
    item.receive(20);
    expect(last(A)).toBe(-1);
    await item.targetDecided;
    item.receive(30);
    expect(last(A)).toBe(0.25);
    await item.finish();
    expect(last(A)).toBe(-1);
    expect(notes).toEqual([
      {
        title: 'Download finished',
        body: `notes.txt was saved in ${join('/home/u/Downloads')}.`,
        computerId: A,
      },
    ]);
  });

  it('one bar for all of a computer’s downloads; it clears when the last one ends', async () => {
    const one = download(A, 'a.bin', 100);
    const two = download(A, 'b.bin', 300);
    await Promise.all([one.targetDecided, two.targetDecided]);
    one.receive(100);
    two.receive(100);
    expect(last(A)).toBe(0.5);
    await one.finish();
    // b.bin alone: 100 of 300.
    expect(last(A)).toBeCloseTo(1 / 3);
    expect(downloads.inProgress(A)).toBe(1);
    await two.finish();
    expect(last(A)).toBe(-1);
    expect(downloads.inProgress()).toBe(0);
  });

  it('a size the server does not give makes the bar indeterminate; other computers keep their own', async () => {
    const item = download(B, 'stream.log', 0);
    await item.targetDecided;
    item.receive(5000);
    expect(last(B)).toBe(2);
    expect(progress.get(A)).toBeUndefined();
  });

  it('cancelled in the dialog: the user chose, nothing is shown', async () => {
    answer = () => ({ canceled: true });
    const item = download(A, 'notes.txt', 12);
    await item.targetDecided;
    expect(item.getState()).toBe('cancelled');
    expect(notes).toEqual([]);
    expect(progress.get(A)?.every((f) => f === -1)).toBe(true);
  });

  it('an interrupted download says how far it got and what to do', async () => {
    const item = download(A, 'big.tar', 4 * 1024 * 1024);
    await item.targetDecided;
    item.receive(1.5 * 1024 * 1024);
    item.interrupt();
    expect(item.getState()).toBe('interrupted');
    expect(last(A)).toBe(-1);
    expect(notes).toEqual([
      {
        title: 'Download failed',
        body: "big.tar stopped after 1.5 MB of 4 MB and was not saved. Download it again from the session's file storage.",
        computerId: A,
      },
    ]);
  });

  it('an interruption the server can resume is not a failure: it goes on where it stopped', async () => {
    const item = download(A, 'big.tar', 100, true);
    await item.targetDecided;
    item.receive(40);
    item.interrupt();
    expect(notes).toEqual([]);
    expect(last(A)).toBe(0.4);
    item.resume();
    item.receive(10);
    expect(last(A)).toBe(0.5);
    await item.finish();
    expect(notes.map((n) => n.title)).toEqual(['Download finished']);
  });

  it('lists what is saving for the menu, tells when that changes, and cancels on the user’s word', async () => {
    let changes = 0;
    const off = downloads.onChange(() => changes++);
    const one = download(A, 'a.bin', 100);
    const two = download(A, 'b.bin', 100);
    await Promise.all([one.targetDecided, two.targetDecided]);
    one.receive(10);
    two.receive(10);
    expect(downloads.names(A)).toEqual(['a.bin', 'b.bin']);
    expect(downloads.names(B)).toEqual([]);
    expect(changes).toBe(2);
    downloads.cancel(A);
    expect([one.getState(), two.getState()]).toEqual(['cancelled', 'cancelled']);
    expect(downloads.names(A)).toEqual([]);
    expect(changes).toBe(4);
    // The user stopped them: no failure to report, and the bar is gone.
    expect(notes).toEqual([]);
    expect(last(A)).toBe(-1);
    off();
  });
});
