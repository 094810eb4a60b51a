import { createDb } from "../../db/client";
import { domainEvents } from "../../db/schema-events";
import type { Listener } from "./index";

/** D1 takes at most 100 bound parameters per statement: 6 columns a row. */
const ROWS_PER_INSERT = 16;

/** Keeps every event of the tenant, once by its id: the history reports and webhook replays read. */
export const eventLog: Listener = {
  name: "event-log",
  wants: () => true,
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const rows = events.map((event) => ({
      id: event.id,
      organizationId: event.organizationId,
      type: event.type,
      roomId: "roomId" in event ? event.roomId : null,
      at: event.at,
      payload: event,
    }));
    const inserts = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      inserts.push(
        db
          .insert(domainEvents)
          .values(rows.slice(i, i + ROWS_PER_INSERT))
          .onConflictDoNothing(),
      );
    }
    const [first, ...rest] = inserts;
    if (first) await db.batch([first, ...rest]);
  },
};
