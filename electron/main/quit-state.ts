// Whether the user has confirmed quitting: the launcher window's close hides it to the tray
// until then, and really closes it after.
/** Whether the user has confirmed quitting (closing the launcher then really closes it). */
export interface QuitState {
  readonly confirmed: boolean;
  confirm(): void;
  /** The quit did not happen (a session page kept its window): closing the launcher hides it again. */
  cancel(): void;
}

/** A QuitState, not confirmed. */
export function createQuitState(): QuitState {
  let confirmed = false;
  return {
    get confirmed() {
      return confirmed;
    },
    confirm: () => void (confirmed = true),
    cancel: () => void (confirmed = false),
  };
}
