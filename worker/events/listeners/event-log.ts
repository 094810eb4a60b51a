import { createDb } from "../../db/client";
import { domainEvents } from "../../db/schema-events";
import type { Listener } from "./index";

/** Keeps every event of the tenant, once by its id: the history reports and webhook replays read. */
export const eventLog: Listener = {
  name: "event-log",
  wants: () => true,
  async apply(env, event) {
    await createDb(env.DB)
      .insert(domainEvents)
      .values({
        id: event.id,
        organizationId: event.organizationId,
        type: event.type,
        roomId: "roomId" in event ? event.roomId : null,
        at: event.at,
        payload: event,
      })
      .onConflictDoNothing();
  },
};
