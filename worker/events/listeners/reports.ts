import { createDb } from "../../db/client";
import { insertMessageFacts, upsertRoomFacts } from "../../features/reports/repo";
import type { DomainEvent } from "../types";
import type { Listener } from "./index";

const WANTED = new Set(["room.created", "room.assigned", "room.resolved", "message.created"]);

/**
 * Rules R1, R2: keeps the reporting records as things happen: each room's opening, first assignment
 * and resolve, and each message once by its id (so a redelivered batch changes nothing).
 */
export const reports: Listener = {
  name: "reports",
  wants: (event) => WANTED.has(event.type),
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const rooms = [];
    const messages = [];
    for (const event of events as DomainEvent[]) {
      if (event.type === "message.created") {
        const m = event.message;
        if (m.direction === "note") continue;
        messages.push({
          messageId: m.id,
          organizationId: event.organizationId,
          roomId: event.roomId,
          direction: m.direction,
          authorId: m.direction === "out" ? m.authorId : null,
          at: m.direction === "in" ? m.sentAt : m.createdAt,
        });
      } else if (event.type === "room.created" || event.type === "room.assigned" || event.type === "room.resolved") {
        const r = event.room;
        rooms.push({
          roomId: r.roomId,
          organizationId: event.organizationId,
          channelId: r.channelId,
          openedAt: r.openedAt,
          assigneeId: r.assigneeId,
          assignedAt: r.assigneeId ? event.at : null,
          resolvedAt: event.type === "room.resolved" ? (r.resolvedAt ?? event.at) : null,
        });
      }
    }
    const statements = [...upsertRoomFacts(db, rooms), ...insertMessageFacts(db, messages)];
    const [first, ...rest] = statements;
    if (first) await db.batch([first, ...rest]);
  },
};
