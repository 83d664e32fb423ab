// A Svelte action that says when an element comes on screen and leaves it: what rows use to
// fetch figures only for what the user can see.
import type { Action } from 'svelte/action';

/** Calls `change(true)` when the element enters the viewport, `change(false)` when it leaves. */
export const onScreen: Action<Element, (visible: boolean) => void> = (node, change) => {
  let notify = change;
  let seen = false;
  const io = new IntersectionObserver((entries) => {
    const visible = entries.some((e) => e.isIntersecting);
    if (visible === seen) return;
    seen = visible;
    notify(visible);
  });
  io.observe(node);
  return {
    update(next) {
      notify = next;
    },
    destroy() {
      io.disconnect();
      if (seen) notify(false);
    },
  };
};
