// The launcher's events (the contract's event channels), one bus per launcher. Feature modules
// emit on it; the shell, the browser host and tests subscribe.
import type { EventChannel, EventPayload } from '../shared/ipc-contract.js';

type Listener = (payload: never) => void;

/** Typed publish/subscribe over the contract's event channels. */
export class EventBus {
  readonly #listeners = new Map<EventChannel, Set<Listener>>();

  /** Subscribe; returns an unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
    let set = this.#listeners.get(channel);
    if (!set) this.#listeners.set(channel, (set = new Set()));
    set.add(listener as Listener);
    return () => void set.delete(listener as Listener);
  }

  /** Send payload to every subscriber of channel. */
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    for (const l of this.#listeners.get(channel) ?? []) {
      try {
        (l as (p: EventPayload<C>) => void)(payload);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }

  /** Drop every subscriber. */
  clear(): void {
    this.#listeners.clear();
  }
}
