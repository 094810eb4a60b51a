/**
 * Rule I12's listener: a room waiting for an agent (unassigned and holding a customer's message: a
 * customer's new room's `room.created`, whichever channel; the `room.updated` of the first answer in a
 * room a template or a broadcast opened; a later change while it still waits) is given to the next
 * online agent in turn when the organization has automatic assignment on. The organization's InboxDO decides, one room at a time (`assigner.ts`); the room assigns
 * itself only while still unassigned and holding a customer's message, so a redelivered event changes
 * nothing. A room resolved or (re)assigned may leave an agent below the cap: the organization's
 * waiting rooms catch up (once per batch). An organization with automatic assignment off costs one
 * settings read per batch, no InboxDO call.
 */
import { createDb } from "../../db/client";
import type { Listener } from "../../events/listeners";
import type { DomainEvent } from "../../events/types";
import { readAssignmentSettings } from "./repo";

/** A room that waits for an agent: unassigned and holding a customer's message. */
function waitingRoomOf(e: DomainEvent): string | null {
  if (e.type !== "room.created" && e.type !== "room.updated") return null;
  const { room } = e;
  return room.status === "unassigned" && room.assigneeId === null && room.lastCustomerMessageAt !== null
    ? e.roomId
    : null;
}

export const autoAssignment: Listener = {
  name: "auto-assignment",
  wants: (e) => waitingRoomOf(e) !== null || e.type === "room.resolved" || e.type === "room.assigned",
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const on = new Set<string>();
    for (const organizationId of new Set(events.map((e) => e.organizationId))) {
      if ((await readAssignmentSettings(db, organizationId)).enabled) on.add(organizationId);
    }
    const freed = new Set<string>();
    const asked = new Set<string>();
    for (const event of events) {
      if (!on.has(event.organizationId)) continue;
      const waiting = waitingRoomOf(event);
      if (waiting === null) freed.add(event.organizationId);
      else if (!asked.has(waiting)) {
        asked.add(waiting);
        await env.INBOX.getByName(event.organizationId).assignNewRoom(event.organizationId, waiting);
      }
    }
    for (const organizationId of freed) await env.INBOX.getByName(organizationId).catchUp(organizationId);
  },
};
