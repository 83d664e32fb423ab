// Files downloaded from a session page (DCV's file transfer) always go through a save dialog;
// progress shows on the window's taskbar entry and a notification says when it is done.
import { basename, join } from 'node:path';
import type { DownloadItem } from 'electron';

/** What download handling needs from the shell. */
export interface DownloadDeps {
  /** Default folder of the save dialog (the user's Downloads). */
  downloadsDir: string;
  setProgress(fraction: number): void;
  notify(title: string, body: string): void;
  log: { info(...a: unknown[]): void };
}

type Item = Pick<
  DownloadItem,
  'getFilename' | 'setSaveDialogOptions' | 'getTotalBytes' | 'getReceivedBytes' | 'on' | 'once'
>;

/** Handle one will-download event. */
export function handleDownload(item: Item, deps: DownloadDeps): void {
  const name = basename(item.getFilename() || 'download');
  // No save path is set, so Electron always asks the user where to save, with these options;
  // nothing from a remote page is ever written to disk silently.
  item.setSaveDialogOptions({
    title: 'Save file from the session',
    defaultPath: join(deps.downloadsDir, name),
  });
  item.on('updated', () => {
    const total = item.getTotalBytes();
    // 2 = indeterminate on Windows when the size is unknown.
    deps.setProgress(total > 0 ? item.getReceivedBytes() / total : 2);
  });
  item.once('done', (_event, state) => {
    deps.setProgress(-1);
    if (state === 'completed') deps.notify('Download finished', name);
    else if (state === 'interrupted') deps.notify('Download failed', `${name} was interrupted.`);
    else deps.log.info('download cancelled');
  });
}
