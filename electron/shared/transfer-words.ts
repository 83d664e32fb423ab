// The words of files moving in and out of a session (DCV's file storage in a session window):
// the save dialog, and what a finished or failed download says. Main reads them here, so the
// notification and the log cannot drift apart.

/** A size as people read it: "512 bytes", "1.5 KB", "12 MB" (powers of 1024, as file managers show). */
export function sizeWords(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${n >= 10 ? Math.round(n) : Math.round(n * 10) / 10} ${units[u]}`;
}

/** The title of the save dialog of a download from a session. */
export function saveDialogTitle(file: string, computerName: string | undefined): string {
  return computerName ? `Save ${file} from ${computerName}` : `Save ${file} from the session`;
}

/** The notification of a download saved where the user chose. */
export function downloadDoneWords(file: string, folder: string): { title: string; body: string } {
  return { title: 'Download finished', body: `${file} was saved in ${folder}.` };
}

/**
 * The notification of a download that stopped for good (the network, the session or the disk
 * failed; Electron says no more than "interrupted"): how far it got, and what to do.
 */
export function downloadFailedWords(
  file: string,
  received: number,
  total: number,
): { title: string; body: string } {
  const got = total > 0 ? `${sizeWords(received)} of ${sizeWords(total)}` : sizeWords(received);
  return {
    title: 'Download failed',
    body: `${file} stopped after ${got} and was not saved. Download it again from the session's file storage.`,
  };
}
