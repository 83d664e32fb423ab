// Files downloaded from a session page (DCV's file storage): nothing from a remote page is ever
// written to disk without the user choosing where, so no save path is set and Electron shows its
// save dialog (with our title and folder: its own default title is the download's URL, which
// carries the session's token). Once the user has chosen, progress shows on the computer's
// session windows (taskbar, dock), all of its downloads together; a notification says where the
// file went, or how far it got when it failed. A download cancelled in the dialog is the user's
// choice: nothing is shown.
import { dirname, join } from 'node:path';
import type { DownloadItem } from 'electron';
import { downloadDoneWords, downloadFailedWords, saveDialogTitle } from '../../shared/transfer-words.js';
import type { ComputerId } from '../../shared/models.js';

/** The DownloadItem methods used here (Electron's DownloadItem has them; tests pass a fake). */
export interface DownloadItemLike extends Pick<
  DownloadItem,
  'getFilename' | 'setSaveDialogOptions' | 'getSavePath' | 'getTotalBytes' | 'getReceivedBytes' | 'cancel'
> {
  on(event: 'updated', listener: (event: unknown, state: 'progressing' | 'interrupted') => void): unknown;
  once(
    event: 'done',
    listener: (event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void,
  ): unknown;
}

/** What download handling needs from the shell. */
export interface SessionDownloadsDeps {
  /** The user's Downloads folder: the save dialog opens there until the user saves elsewhere. */
  downloadsDir(): string;
  /** Taskbar progress on a computer's session windows: 0..1, 2 for a size unknown, -1 to clear. */
  setProgress(computerId: ComputerId, fraction: number): void;
  notify(n: { title: string; body: string; computerId: ComputerId }): void;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
}

/** Downloads of every session window. */
export interface SessionDownloads {
  /** Handle one will-download of a computer's session partition. */
  handle(item: DownloadItemLike, computerId: ComputerId, computerName: string | undefined): void;
  /** Downloads saving now (the user chose where), of one computer or of all. */
  inProgress(computerId?: ComputerId): number;
  /** The names of a computer's downloads saving now. */
  names(computerId: ComputerId): string[];
  /** Stop a computer's downloads saving now (the user asked; nothing of them is kept). */
  cancel(computerId: ComputerId): void;
  /** Call `listener` when a download starts saving or ends; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** The file's own name: Chromium already sanitises it, this keeps any folder part out. */
function fileName(item: DownloadItemLike): string {
  return (
    item
      .getFilename()
      .split(/[\\/]/)
      .filter((p) => p && p !== '.' && p !== '..')
      .pop() ?? 'download'
  );
}

/** Make the download handler. */
export function createSessionDownloads(deps: SessionDownloadsDeps): SessionDownloads {
  const active = new Map<ComputerId, Set<DownloadItemLike>>();
  // Where the user last saved, for this run: the next dialog opens there, as browsers do.
  let lastFolder: string | undefined;
  // Bytes arrive while the save dialog is open; only a download the user placed counts.
  const saving = (items: Iterable<DownloadItemLike>) => [...items].filter((i) => i.getSavePath() !== '');

  const listeners = new Set<() => void>();
  // The menus list what is saving: a download counts once placed, and stops counting when done.
  const changed = () => {
    for (const l of [...listeners]) l();
  };
  const showProgress = (computerId: ComputerId) => {
    const items = saving(active.get(computerId) ?? []);
    if (items.length === 0) return deps.setProgress(computerId, -1);
    // One bar for all of a computer's downloads; a size unknown makes it indeterminate.
    if (items.some((i) => i.getTotalBytes() <= 0)) return deps.setProgress(computerId, 2);
    const total = items.reduce((s, i) => s + i.getTotalBytes(), 0);
    const received = items.reduce((s, i) => s + Math.min(i.getReceivedBytes(), i.getTotalBytes()), 0);
    deps.setProgress(computerId, Math.min(1, Math.max(0, received / total)));
  };

  return {
    handle(item, computerId, computerName) {
      const name = fileName(item);
      item.setSaveDialogOptions({
        title: saveDialogTitle(name, computerName),
        defaultPath: join(lastFolder ?? deps.downloadsDir(), name),
      });
      let set = active.get(computerId);
      if (!set) active.set(computerId, (set = new Set()));
      set.add(item);
      let placed = false;
      item.on('updated', () => {
        showProgress(computerId);
        if (!placed && item.getSavePath() !== '') {
          placed = true;
          changed();
        }
      });
      item.once('done', (_event, state) => {
        set.delete(item);
        if (set.size === 0) active.delete(computerId);
        showProgress(computerId);
        if (placed) changed();
        const savedTo = item.getSavePath();
        if (state === 'completed') {
          lastFolder = dirname(savedTo);
          deps.log.info(`download from ${computerId} finished (${item.getReceivedBytes()} bytes)`);
          deps.notify({ ...downloadDoneWords(name, lastFolder), computerId });
        } else if (state === 'interrupted') {
          deps.log.warn(
            `download from ${computerId} interrupted after ${item.getReceivedBytes()} of ${item.getTotalBytes()} bytes`,
          );
          deps.notify({
            ...downloadFailedWords(name, item.getReceivedBytes(), item.getTotalBytes()),
            computerId,
          });
        } else {
          // Cancelled: in the save dialog (no path), or by the app quitting; the user knows.
          deps.log.info(`download from ${computerId} cancelled${savedTo ? '' : ' in the save dialog'}`);
        }
      });
    },
    inProgress(computerId) {
      const sets = computerId ? [active.get(computerId) ?? []] : [...active.values()];
      return sets.reduce((n, s) => n + saving(s).length, 0);
    },
    names(computerId) {
      return saving(active.get(computerId) ?? []).map(fileName);
    },
    cancel(computerId) {
      for (const item of saving(active.get(computerId) ?? [])) item.cancel();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
