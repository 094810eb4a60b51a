/**
 * A business number's throughput (issue 13, item 3): Meta admits at most so many messages per second
 * per number and answers 130429 above it. Sends are given times spread evenly over the number's
 * budget, after the times already given out, so that no second holds more than the budget however
 * many senders and campaigns share the number. Pure: the times are given.
 */

export interface SendSlots {
  /** When each send may go, ms since the epoch, in order; fewer than asked when the horizon is reached. */
  slots: number[];
  /** The first free time after the last slot: where the next request starts. */
  nextFree: number;
}

/**
 * Up to `count` send times at `perSecond`, evenly spaced from the later of `now` and `nextFree`, none
 * later than `now + horizonMs` (a sender does not hold a recipient long; the rest waits for a later claim).
 */
export function paceSends(
  nextFree: number,
  now: number,
  count: number,
  perSecond: number,
  horizonMs: number,
): SendSlots {
  const gap = 1000 / Math.max(1, perSecond);
  const start = Math.max(now, nextFree);
  const room = Math.max(0, Math.floor((now + horizonMs - start) / gap) + 1);
  const given = Math.min(count, room);
  const slots = Array.from({ length: given }, (_, i) => Math.floor(start + i * gap));
  return { slots, nextFree: given > 0 ? start + given * gap : nextFree };
}

/**
 * When a send given time `slot` may really go, `sentAt` being the times the sends before it in its
 * batch went (in order): never before its slot, and never as the (`perSecond` + 1)-th in any 1,000 ms.
 * A batch whose timers ran late catches up on its slots (the provider counts per second, so a
 * late send does not have to push every later one back) but never puts more than the budget in a second.
 */
export function sendTimeOf(slot: number, sentAt: readonly number[], perSecond: number): number {
  const budget = Math.max(1, Math.floor(perSecond));
  const oldestInWindow = sentAt.length >= budget ? sentAt[sentAt.length - budget] : undefined;
  return oldestInWindow === undefined ? slot : Math.max(slot, oldestInWindow + 1000);
}

/** A 130429 within this long of the last one counts as the same trouble: the back-off doubles. */
export const BACK_OFF_RESET_MS = 30_000;
const BACK_OFF_MAX_MS = 8_000;

export interface BackOff {
  /** Back-offs in a row (each within BACK_OFF_RESET_MS of the one before). */
  streak: number;
  /** When the last one happened, ms since the epoch. */
  at: number;
}

/**
 * Research §1.5: a 130429 backs off the whole number, 1 s, then doubling while they keep coming
 * (at most 8 s). Answers the number's next free send time and the new streak.
 */
export function backOffAfterThrottle(
  nextFree: number,
  last: BackOff | null,
  now: number,
): { nextFree: number; backOff: BackOff } {
  const streak = last && now - last.at < BACK_OFF_RESET_MS ? last.streak + 1 : 1;
  const delay = Math.min(1000 * 2 ** (streak - 1), BACK_OFF_MAX_MS);
  return { nextFree: Math.max(nextFree, now + delay), backOff: { streak, at: now } };
}
