/**
 * Rule I12's listener: a new room (`room.created`, whichever channel opened it) is given to the next
 * online agent in turn when the organization has automatic assignment on. The organization's InboxDO
 * decides, one room at a time (`assigner.ts`); the room assigns itself only while still unassigned and
 * holding a customer's message, so a redelivered event changes nothing.
 */
import type { Listener } from "../../events/listeners";

export const autoAssignment: Listener = {
  name: "auto-assignment",
  wants: (e) => e.type === "room.created" && e.room.assigneeId === null,
  async applyAll(env, events) {
    for (const event of events) {
      if (event.type !== "room.created") continue;
      await env.INBOX.getByName(event.organizationId).assignNewRoom(event.organizationId, event.roomId);
    }
  },
};
