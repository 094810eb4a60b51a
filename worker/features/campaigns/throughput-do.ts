import { DurableObject } from "cloudflare:workers";
import { type BackOff, backOffAfterThrottle, paceSends } from "../../domain/throughput";
import { clock } from "../../lib/clock";

/**
 * One business number's throughput (issue 13, item 3): the single writer of when its next campaign
 * send may go. Every sender asks it for times for its batch, so concurrent queue batches and several
 * campaigns on one number together stay within the number's budget; a 130429 backs the whole number
 * off. The next free time is kept in storage: an eviction does not hand out the same times twice.
 */
export class ThroughputDO extends DurableObject<Env> {
  /**
   * Up to `count` send times at `perSecond`, the first no sooner than `leadMs` from now (the sender's
   * work before its first send: a time that has passed when it sends would be sent late, into times
   * given to others), none further than `horizonMs` after that.
   */
  slots(count: number, perSecond: number, leadMs: number, horizonMs: number): number[] {
    const kv = this.ctx.storage.kv;
    const from = clock.now() + leadMs;
    const paced = paceSends(kv.get<number>("nextFree") ?? 0, from, count, perSecond, horizonMs);
    kv.put("nextFree", paced.nextFree);
    return paced.slots;
  }

  /** Meta answered 130429: no send on this number until the back-off has passed. */
  throttled(): void {
    const kv = this.ctx.storage.kv;
    const next = backOffAfterThrottle(kv.get<number>("nextFree") ?? 0, kv.get<BackOff>("backOff") ?? null, clock.now());
    kv.put("nextFree", next.nextFree);
    kv.put("backOff", next.backOff);
  }
}

export const throughputStub = (env: Env, channelId: string) => env.THROUGHPUT.get(env.THROUGHPUT.idFromName(channelId));
