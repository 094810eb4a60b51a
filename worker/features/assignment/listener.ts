/**
 * Rule I12's listener: a new room (`room.created`, whichever channel opened it) is given to the next
 * online agent in turn when the organization has automatic assignment on. The organization's InboxDO
 * decides, one room at a time (`assigner.ts`); the room assigns itself only while still unassigned and
 * holding a customer's message, so a redelivered event changes nothing. A room resolved or (re)assigned
 * may leave an agent below the cap: the organization's waiting rooms catch up (once per batch).
 * An organization with automatic assignment off costs one settings read per batch, no InboxDO call.
 */
import { createDb } from "../../db/client";
import type { Listener } from "../../events/listeners";
import { readAssignmentSettings } from "./repo";

export const autoAssignment: Listener = {
  name: "auto-assignment",
  wants: (e) =>
    (e.type === "room.created" && e.room.assigneeId === null) ||
    e.type === "room.resolved" ||
    e.type === "room.assigned",
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const on = new Set<string>();
    for (const organizationId of new Set(events.map((e) => e.organizationId))) {
      if ((await readAssignmentSettings(db, organizationId)).enabled) on.add(organizationId);
    }
    const freed = new Set<string>();
    for (const event of events) {
      if (!on.has(event.organizationId)) continue;
      if (event.type === "room.created") {
        await env.INBOX.getByName(event.organizationId).assignNewRoom(event.organizationId, event.roomId);
      } else freed.add(event.organizationId);
    }
    for (const organizationId of freed) await env.INBOX.getByName(organizationId).catchUp(organizationId);
  },
};
