import { DurableObject } from "cloudflare:workers";
import { nextInRotation } from "../domain/calls";

/**
 * One ring group (rule C5 b): the round-robin rotation of inbound WhatsApp calls. It remembers who
 * was rung last; being one object per group, two calls arriving together get two different agents.
 */
export class RingGroupDO extends DurableObject<Env> {
  /** The next agent to ring among `eligible` (online, not on a call), in the group's member order. */
  async pick(members: string[], eligible: string[]): Promise<string | null> {
    const last = (await this.ctx.storage.get<string>("lastRung")) ?? null;
    const next = nextInRotation(members, eligible, last);
    if (next !== null) await this.ctx.storage.put("lastRung", next);
    return next;
  }
}
