// "Signed in": a confirmation after an IAM Identity Center sign-in ends well, with the session's
// end and where the computers of the profiles it serves are listed.
import type { SignInEntry } from '../../../electron/shared/models.js';

/** One confirmation, until the user dismisses it. */
export interface SignInNotice {
  id: string;
  /** "sso-session lab" or the start URL. */
  label: string;
  /** ISO 8601 end of the signed-in session, when known. */
  expiresAt?: string;
  profiles: string[];
}

/** The sign-ins that just succeeded, seen by comparing each new sign-in state with the last. */
export class SignInNotices {
  notices = $state.raw<SignInNotice[]>([]);
  /** Each sign-in's status when last seen; not state, so a plain record. */
  #last: Record<string, SignInEntry['status']> = {};

  /** Feed each sign-in state; a sign-in that went from waiting to signed in becomes a notice. */
  observe(entries: readonly SignInEntry[]): void {
    const added: SignInNotice[] = [];
    for (const e of entries) {
      const before = this.#last[e.id];
      if (e.status === 'signed-in' && before !== undefined && before !== 'signed-in') {
        added.push({
          id: e.id,
          label: e.kind === 'sso-session' ? `sso-session ${e.label}` : e.label,
          profiles: [...e.profiles],
          ...(e.expiresAt ? { expiresAt: e.expiresAt } : {}),
        });
      }
    }
    this.#last = Object.fromEntries(entries.map((e) => [e.id, e.status]));
    if (added.length)
      this.notices = [...this.notices.filter((n) => !added.some((a) => a.id === n.id)), ...added];
  }

  /** Keep a confirmation the user has seen from coming back. */
  dismiss(id: string): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }
}
