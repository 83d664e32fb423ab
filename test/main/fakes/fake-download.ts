// A stand-in for Electron 45's DownloadItem and the download path of a session, as
// docs/api/download-item.md, docs/api/session.md (will-download),
// shell/browser/api/electron_api_download_item.cc and
// shell/browser/electron_download_manager_delegate.cc describe them:
// - will-download is emitted with (event, item, webContents); preventDefault() cancels the
//   download and the item is gone from the next tick ("DownloadItem used after being destroyed");
// - setSavePath and setSaveDialogOptions only count inside will-download: the target is decided
//   right after it, and later calls change nothing of this download;
// - with no save path, Electron shows its save dialog with those options, a missing title being
//   the download's URL (ElectronDownloadManagerDelegate::OnDownloadPathGenerated) and the parent
//   the window of the webContents; cancelling it cancels the download (USER_CANCELED: state
//   'cancelled', 'done' with 'cancelled', getSavePath() ''); choosing a file sets the save path;
// - bytes arrive while the dialog is open (Chromium writes to an intermediate file meanwhile);
// - 'updated' (state 'progressing' or 'interrupted') is emitted while not done, 'done' (state
//   'completed', 'cancelled' or 'interrupted') once, and nothing after it (OnDownloadUpdated);
// - an interruption the network may recover from is 'updated' with 'interrupted' and can be
//   resumed; one it cannot is 'done' with 'interrupted'; resume() without range support on the
//   server starts again from 0 (the docs' note); a paused download receives nothing;
// - cancel() on a done download does nothing; getTotalBytes() is 0 when the size is unknown.
import { EventEmitter } from 'node:events';
import type { SaveDialogOptions } from 'electron';

/** A download's state, as getState() names it. */
export type DownloadState = 'progressing' | 'completed' | 'cancelled' | 'interrupted';

/** What the server sends: a name (Content-Disposition), a size (0: unknown), resumability. */
export interface FakeDownloadSpec {
  filename?: string;
  totalBytes?: number;
  mimeType?: string;
  /** The server supports range requests with ETag and Last-Modified. */
  resumable?: boolean;
}

/** The user's answer to the save dialog. */
export interface SaveDialogAnswer {
  canceled: boolean;
  filePath?: string;
}

/** One save dialog shown: its options as Electron completed them, and its parent window's id. */
export interface ShownSaveDialog {
  options: SaveDialogOptions;
  parentId: number | undefined;
}

export class FakeDownloadItem extends EventEmitter {
  /** How the user answers save dialogs (fake-electron points it at its state). */
  static saveDialog: (shown: ShownSaveDialog) => Promise<SaveDialogAnswer> | SaveDialogAnswer = (s) => ({
    canceled: false,
    filePath: s.options.defaultPath ?? '',
  });
  /** Every save dialog shown, in order. */
  static dialogs: ShownSaveDialog[] = [];

  private state: DownloadState = 'progressing';
  private savePath = '';
  private dialogOptions: SaveDialogOptions = {};
  private received = 0;
  private paused = false;
  /** Inside will-download: the only time setSavePath and setSaveDialogOptions count. */
  private deciding = true;
  private destroyed = false;
  /** Settles once the target is decided (the dialog answered, or no dialog needed). */
  targetDecided: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly spec: FakeDownloadSpec = {},
  ) {
    super();
  }

  private alive(): void {
    if (this.destroyed) throw new Error('DownloadItem used after being destroyed');
  }
  private get done(): boolean {
    return (
      this.state === 'completed' ||
      this.state === 'cancelled' ||
      (this.state === 'interrupted' && !this.spec.resumable)
    );
  }
  private finishWith(state: DownloadState): void {
    this.state = state;
    this.emit('done', {}, state);
  }

  getURL() {
    this.alive();
    return this.url;
  }
  getFilename() {
    this.alive();
    return (
      this.spec.filename ?? decodeURIComponent(new URL(this.url).pathname.split('/').pop() || 'download')
    );
  }
  getMimeType() {
    return this.spec.mimeType ?? 'application/octet-stream';
  }
  hasUserGesture() {
    return true;
  }
  getTotalBytes() {
    this.alive();
    return this.spec.totalBytes ?? 0;
  }
  getReceivedBytes() {
    this.alive();
    return this.received;
  }
  getPercentComplete() {
    const total = this.getTotalBytes();
    return total > 0 ? Math.floor((this.received * 100) / total) : 0;
  }
  getState(): DownloadState {
    this.alive();
    return this.state;
  }
  getSavePath() {
    this.alive();
    return this.savePath;
  }
  setSavePath(path: string) {
    this.alive();
    if (this.deciding) this.savePath = path;
  }
  getSaveDialogOptions() {
    return { ...this.dialogOptions };
  }
  setSaveDialogOptions(options: SaveDialogOptions) {
    this.alive();
    if (this.deciding) this.dialogOptions = { ...options };
  }
  isPaused() {
    return this.paused;
  }
  pause() {
    this.alive();
    if (this.state !== 'progressing' || this.paused) return;
    this.paused = true;
    this.emit('updated', {}, 'progressing');
  }
  canResume() {
    this.alive();
    return (this.paused || this.state === 'interrupted') && !this.done;
  }
  resume() {
    this.alive();
    if (this.done) return;
    if (this.state === 'interrupted' && !this.spec.resumable) this.received = 0;
    this.paused = false;
    this.state = 'progressing';
    this.emit('updated', {}, 'progressing');
  }
  cancel() {
    this.alive();
    if (this.done) return;
    this.finishWith('cancelled');
  }

  // ---- what the network and the user do (tests drive these) ----

  /** Bytes arrive; false when nothing can (paused, interrupted or done). */
  receive(bytes: number): boolean {
    this.alive();
    if (this.state !== 'progressing' || this.paused) return false;
    const total = this.getTotalBytes();
    this.received = total > 0 ? Math.min(total, this.received + bytes) : this.received + bytes;
    this.emit('updated', {}, 'progressing');
    return true;
  }
  /** The last byte arrived (once the target is decided): completed. */
  async finish(): Promise<void> {
    await this.targetDecided;
    if (this.state !== 'progressing' || this.paused)
      throw new Error(`cannot finish a ${this.state} download`);
    const total = this.getTotalBytes();
    if (total > 0) this.received = total;
    this.finishWith('completed');
  }
  /** The network or the disk failed: resumable servers keep it resumable ('updated'), others end it ('done'). */
  interrupt(): void {
    this.alive();
    if (this.state !== 'progressing') return;
    this.state = 'interrupted';
    if (this.spec.resumable) this.emit('updated', {}, 'interrupted');
    else this.emit('done', {}, 'interrupted');
  }

  /**
   * Run will-download on `emitter` (a session) for this item, then decide its target as
   * Electron's download manager delegate does. `parentId` is the window of the webContents.
   */
  start(emitter: EventEmitter, contents: unknown, parentId: number | undefined): this {
    let prevented = false;
    emitter.emit('will-download', { preventDefault: () => (prevented = true) }, this, contents);
    this.deciding = false;
    if (prevented) {
      this.state = 'cancelled';
      // "item will not be available from next tick of the process"
      setImmediate(() => (this.destroyed = true));
      return this;
    }
    if (this.savePath) return this;
    const options: SaveDialogOptions = {
      ...this.dialogOptions,
      title: this.dialogOptions.title || this.url,
      defaultPath: this.dialogOptions.defaultPath || this.getFilename(),
    };
    const shown = { options, parentId };
    FakeDownloadItem.dialogs.push(shown);
    this.targetDecided = Promise.resolve()
      .then(() => FakeDownloadItem.saveDialog(shown))
      .then((answer) => {
        if (this.done) return;
        if (answer.canceled || !answer.filePath) this.finishWith('cancelled');
        else this.savePath = answer.filePath;
      });
    return this;
  }
}
