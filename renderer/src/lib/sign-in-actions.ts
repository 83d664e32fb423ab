// IAM Identity Center from the launcher: the device sign-in, MFA answers, and adding profiles from
// a start URL. What they change (sign-ins, profiles) comes back as the core's events.
import type { LauncherApi } from '../../../electron/preload/index.js';
import type { NewSsoProfile, SignInRef } from '../../../electron/shared/models.js';
import type { ConnectionState } from './connection.svelte.js';

type SsoRef = { startUrl: string; region: string; session: string };

/** The sign-in actions. */
export class SignInActions {
  #api: LauncherApi;
  #connection: ConnectionState;
  #refresh: () => Promise<void>;

  /** `refresh`: sweep the list (after profiles were added). */
  constructor(api: LauncherApi, connection: ConnectionState, refresh: () => Promise<void>) {
    this.#api = api;
    this.#connection = connection;
    this.#refresh = refresh;
  }

  /** Run the device sign-in; resolves when signed in, denied, expired or cancelled (the panel shows the code meanwhile). */
  startSignIn(ref: SignInRef) {
    return this.#connection.guard(() => this.#api.startSignIn(ref));
  }

  async cancelSignIn(ref: SignInRef): Promise<void> {
    await this.#connection.guard(() => this.#api.cancelSignIn(ref));
  }

  signOut(ref: SignInRef) {
    return this.#connection.guard(() => this.#api.signOut(ref));
  }

  /** The MFA code for a waiting request, or null to cancel it. */
  async answerMfa(id: string, code: string | null): Promise<void> {
    await this.#connection.guard(() => this.#api.answerMfa(id, code));
  }

  /** Sign in to a start URL and list its accounts and roles. */
  async discoverSso(ref: SsoRef) {
    return (await this.#connection.guard(() => this.#api.discoverSso(ref))) ?? this.#connection.unreachable();
  }

  /** Add the chosen accounts and roles as profiles; the list takes them in at once. */
  async addSsoProfiles(add: SsoRef & { profiles: NewSsoProfile[] }) {
    const r =
      (await this.#connection.guard(() => this.#api.addSsoProfiles(add))) ?? this.#connection.unreachable();
    if (r.ok) await this.#refresh();
    return r;
  }
}
