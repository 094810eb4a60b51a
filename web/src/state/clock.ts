import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

/**
 * One clock for the inbox (issue 17): the room list, the room's header and its composer read the
 * same second, so a window's countdown says the same everywhere and expires everywhere at once.
 * It ticks while at least one component reads it.
 */
const tick = signal(Date.now());
let timer: ReturnType<typeof setInterval> | undefined;
let readers = 0;

export function useClock(): number {
  useEffect(() => {
    readers += 1;
    if (readers === 1) {
      tick.value = Date.now();
      timer = setInterval(() => {
        tick.value = Date.now();
      }, 1_000);
    }
    return () => {
      readers -= 1;
      if (readers === 0) clearInterval(timer);
    };
  }, []);
  return tick.value;
}

/** The inbox clock as a signal, for computed state (the snoozed rooms that come back, issue 17). */
export { tick as inboxClock };
