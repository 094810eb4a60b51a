/** The one clock: every rule takes `now` from here (ms since epoch), so domain code stays pure. */
export const clock = { now: (): number => Date.now() };
