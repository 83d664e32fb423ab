// The questions a session window asks the user, as native dialogs over that window: an
// untrusted or changed certificate, leaving a page that guards unload, a client certificate,
// microphone and camera, and a page that did not load. Each takes its Electron pieces as
// arguments, so the wiring in main stays one line per dependency and tests pass fakes.
import type {
  App,
  BrowserWindow,
  Certificate,
  Dialog,
  MessageBoxOptions,
  MessageBoxReturnValue,
  MessageBoxSyncOptions,
} from 'electron';
import { certificatePromptText, withPin, type CertificateFacts } from '../../core/certificate-policy.js';
import { redactSecrets } from '../../core/redact.js';
import type { Settings } from '../../shared/settings.js';
import type { ComputerId } from '../../shared/models.js';
import type {
  BrokenSession,
  CertificateAnswer,
  RefusedCertificate,
  SessionWindowDeps,
  SessionWindowLike,
} from './session-window-types.js';

/** A message box over a window (modal to it), or app-wide when it has closed meanwhile. */
export type AskOver = (windowId: number, opts: MessageBoxOptions) => Promise<MessageBoxReturnValue>;

/** The settings store as these dialogs use it. */
export interface SettingsAccess {
  get(): Settings;
  update(patch: Partial<Settings>): unknown;
}

/** The certificate part of the session window deps: pins in settings, the prompt over the window. */
export function certificateQuestions(o: {
  settings: SettingsAccess;
  askOver: AskOver;
}): NonNullable<SessionWindowDeps['certificates']> {
  return {
    pins: () => o.settings.get().certificatePins,
    trust(facts: CertificateFacts, win: SessionWindowLike): boolean {
      try {
        o.settings.update({ certificatePins: withPin(o.settings.get().certificatePins, facts) });
        return true;
      } catch (err) {
        // A pin that is not saved is not trusted: say so over the window, never an unhandled rejection.
        const why = redactSecrets(err instanceof Error ? err.message : String(err)).slice(0, 300);
        void o
          .askOver(win.id, {
            type: 'error',
            buttons: ['Close'],
            message: `The certificate of ${facts.hostPort} could not be trusted`,
            detail: `Saving the trust in settings failed: ${why}`,
          })
          .catch(() => {});
        return false;
      }
    },
    async ask(refused: RefusedCertificate, win: SessionWindowLike): Promise<CertificateAnswer> {
      const { message, detail } = certificatePromptText(refused);
      if (refused.why === 'changed') {
        // As ssh: refused by default; replacing the pin is a deliberate, non-default choice.
        const r = await o.askOver(win.id, {
          type: 'warning',
          buttons: ['Close', 'Open in browser instead', 'Trust the new certificate'],
          defaultId: 0,
          cancelId: 0,
          message,
          detail,
        });
        return r.response === 2 ? 'trust' : r.response === 1 ? 'browser' : 'cancel';
      }
      const r = await o.askOver(win.id, {
        type: 'question',
        buttons: ["Trust this computer's certificate", 'Open in browser instead', 'Cancel'],
        defaultId: 2,
        cancelId: 2,
        message,
        detail,
      });
      return r.response === 0 ? 'trust' : r.response === 1 ? 'browser' : 'cancel';
    },
  };
}

/** "Leave the session?" — synchronous, because Electron decides will-prevent-unload right away. */
export function leaveQuestion(o: {
  showSync(windowId: number, opts: MessageBoxSyncOptions): number;
}): NonNullable<SessionWindowDeps['confirmLeave']> {
  return (win) =>
    o.showSync(win.id, {
      type: 'question',
      buttons: ['Leave', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      message: 'Leave the session?',
      detail: 'Unsaved work in the session may be lost.',
    }) === 0;
}

/** Pick a client certificate only when the user chooses one; "Don't send one" is the default. */
export function clientCertificateQuestion(o: {
  askOver: AskOver;
}): NonNullable<SessionWindowDeps['chooseClientCertificate']> {
  return async (host, certificates, win) => {
    const shown = certificates.slice(0, 5);
    const r = await o.askOver(win.id, {
      type: 'question',
      buttons: [
        "Don't send one",
        ...shown.map((c: Certificate) => `${c.subjectName} (issued by ${c.issuerName})`),
      ],
      defaultId: 0,
      cancelId: 0,
      message: `${host} asks for a client certificate`,
      detail: 'Send one only if your administrator told you this computer needs it.',
    });
    return r.response === 0 ? undefined : r.response - 1;
  };
}

/** Microphone and webcam: asked once per computer, remembered in settings (mediaGrants). */
export function mediaQuestion(o: {
  settings: SettingsAccess;
  askOver: AskOver;
}): NonNullable<SessionWindowDeps['media']> {
  return {
    granted: (id: ComputerId) => o.settings.get().mediaGrants[id],
    async ask(id, name, win) {
      const opts: MessageBoxOptions = {
        type: 'question',
        buttons: ['Allow', "Don't allow"],
        defaultId: 1,
        cancelId: 1,
        message: `Let ${name} use your microphone and camera?`,
        detail:
          'The session asks for them (for calls or recordings on the computer). The launcher remembers your answer for this computer; you can change it in Settings.',
      };
      // No window left (closed meanwhile): askOver falls back to an app-wide dialog.
      const r = await o.askOver(win?.id ?? -1, opts);
      const allow = r.response === 0;
      o.settings.update({ mediaGrants: { ...o.settings.get().mediaGrants, [id]: allow } });
      return allow;
    },
  };
}

/** The offer when a session page broke or did not load: Reconnect, Open in browser, Close. */
export function brokenQuestion(o: {
  askOver: AskOver;
  reconnect(b: BrokenSession): void;
  openInBrowser(b: BrokenSession): void;
  close(b: BrokenSession): void;
}): SessionWindowDeps['onBroken'] {
  return (broken, win) => {
    void o
      .askOver(win.id, {
        type: 'warning',
        buttons: ['Reconnect', 'Open in browser', 'Close window'],
        defaultId: 0,
        cancelId: 2,
        message: 'The session is not available in this window',
        detail: `${broken.reason[0]!.toUpperCase()}${broken.reason.slice(1)}. Reconnect fetches fresh access details from Lightsail; Open in browser shows the session in your web browser instead.`,
      })
      .then((r) => {
        if (r.response === 0) o.reconnect(broken);
        else if (r.response === 1) o.openInBrowser(broken);
        else o.close(broken);
      });
  };
}

/** Every webContents (the launcher too): a client certificate is never sent without asking. */
export function setupClientCertificateRefusal(app: Pick<App, 'on'>): void {
  app.on('select-client-certificate', (event, _contents, _url, _list, callback) => {
    // Session windows ask first (session-window.ts); anything that reaches here sends none.
    if (event.defaultPrevented) return;
    event.preventDefault();
    (callback as (c?: Certificate) => void)();
  });
}

/** Every question of the session window manager, over Electron's dialog (one spread in main). */
export function sessionWindowQuestions(o: {
  dialog: {
    showMessageBox(opts: MessageBoxOptions): Promise<MessageBoxReturnValue>;
    showMessageBoxSync(opts: MessageBoxSyncOptions): number;
  };
  /** BrowserWindow.fromId */
  fromId(id: number): BrowserWindow | null;
  settings: SettingsAccess;
}): Pick<SessionWindowDeps, 'certificates' | 'confirmLeave' | 'chooseClientCertificate' | 'media'> {
  // Electron's overloads take the parent window first; our narrow type names only the no-parent form.
  const d = o.dialog as unknown as Dialog;
  const askOver: AskOver = (id, opts) => {
    const win = o.fromId(id);
    return win ? d.showMessageBox(win, opts) : d.showMessageBox(opts);
  };
  const showSync = (id: number, opts: MessageBoxSyncOptions) => {
    const win = o.fromId(id);
    return win ? d.showMessageBoxSync(win, opts) : d.showMessageBoxSync(opts);
  };
  return {
    certificates: certificateQuestions({ settings: o.settings, askOver }),
    confirmLeave: leaveQuestion({ showSync }),
    chooseClientCertificate: clientCertificateQuestion({ askOver }),
    media: mediaQuestion({ settings: o.settings, askOver }),
  };
}
