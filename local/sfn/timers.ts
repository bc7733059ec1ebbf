/**
 * Node's `setTimeout` fires after 1 ms when asked for more than 2^31-1 ms (24.8 days), which is how
 * aws-local-stepfunctions finishes a 30-day Wait at once. `after` chunks a long delay into timers
 * Node can hold, re-arming until the due time (by `Date.now()`) has come.
 */

export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export interface Timer {
  cancel(): void;
}

export function after(delayMs: number, fire: () => void): Timer {
  const due = Date.now() + Math.max(0, delayMs);
  let handle: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number) => {
    handle = setTimeout(() => {
      const remaining = due - Date.now();
      if (remaining > 0) arm(remaining);
      else {
        handle = undefined;
        fire();
      }
    }, Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS));
  };
  arm(delayMs);
  return {
    cancel() {
      if (handle !== undefined) clearTimeout(handle);
      handle = undefined;
    },
  };
}
