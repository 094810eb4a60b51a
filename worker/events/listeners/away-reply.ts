import { createDb } from "../../db/client";
import { officeHoursOf } from "../../features/office-hours/repo";
import { awayReplyAt, type OfficeHoursOf } from "../../features/office-hours/service";
import { clock } from "../../lib/clock";
import { errorForLog, log } from "../../lib/log";
import { roomStub } from "../../rooms/room-stub";
import type { DomainEvent } from "../types";
import type { Listener } from "./index";

/**
 * Rule I9: a customer message written outside office hours gets the away reply, once per room per
 * closed period (the room records the period's key with the reply). Not when the office has opened
 * by the time the event is handled, nor for a reaction.
 */
export const awayReply: Listener = {
  name: "away-reply",
  wants: (event) =>
    event.type === "message.created" &&
    event.message.direction === "in" &&
    event.message.kind !== "reaction" &&
    // An out-of-office answering our away reply would otherwise start a loop (RFC 3834).
    !event.message.details?.email?.automatic,
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const hoursOf = new Map<string, Promise<OfficeHoursOf>>();
    const retry: DomainEvent[] = [];
    for (const event of events) {
      if (event.type !== "message.created") continue;
      const { organizationId } = event;
      if (!hoursOf.has(organizationId)) hoursOf.set(organizationId, officeHoursOf(db, organizationId));
      const hours = await hoursOf.get(organizationId);
      const reply = awayReplyAt(hours ?? null, event.message.sentAt);
      if (!reply) continue;
      if (awayReplyAt(hours ?? null, clock.now())?.period !== reply.period) continue;
      try {
        await roomStub(env, event.roomId).sendAutomaticReply(`away:${reply.period}`, reply.text);
      } catch (err) {
        // Cut off before the provider (refunded and forgotten by the room): this listener tries again.
        log("warn", "away_reply.retry", { roomId: event.roomId, error: errorForLog(err) });
        retry.push(event);
      }
    }
    return { retry };
  },
};
