import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { RoomView } from "../../db/rooms";
import { labels, roomLabels, roomSnoozes, roomUnreadMarks } from "../../db/schema-labels";
import type { Actor } from "../../domain/actor";
import type { LabelRow } from "../labels/repo";

/** D1 binds at most 100 parameters; a list page is at most 100 rooms, a few more bind the rest. */
const ROOMS_PER_QUERY = 90;

/**
 * What the list and the room header show beside the index row (issue 17 item 3): the room's labels
 * (I11), whether the asking person marked it unread for themself, and until when it is snoozed. One
 * D1 round trip for a page.
 */
export async function decorateRooms<R extends RoomView>(db: Db, actor: Actor, page: R[], now: number) {
  if (page.length === 0) return [];
  const userId = actor.kind === "api_key" ? "" : (actor.identityId ?? "");
  const ids = page.map((r) => r.id).slice(0, ROOMS_PER_QUERY);
  const [labelRows, marks, snoozes] = await db.batch([
    db
      .select({ roomId: roomLabels.roomId, id: labels.id, name: labels.name, colour: labels.colour })
      .from(roomLabels)
      .innerJoin(labels, eq(labels.id, roomLabels.labelId))
      .where(inArray(roomLabels.roomId, ids))
      .orderBy(asc(labels.name)),
    db
      .select({ roomId: roomUnreadMarks.roomId })
      .from(roomUnreadMarks)
      .where(and(eq(roomUnreadMarks.userId, userId), inArray(roomUnreadMarks.roomId, ids))),
    db
      .select({ roomId: roomSnoozes.roomId, until: roomSnoozes.until })
      .from(roomSnoozes)
      .where(and(inArray(roomSnoozes.roomId, ids), gt(roomSnoozes.until, now))),
  ]);
  const byRoom = new Map<string, LabelRow[]>();
  for (const { roomId, ...label } of labelRows) byRoom.set(roomId, [...(byRoom.get(roomId) ?? []), label]);
  const marked = new Set(marks.map((m) => m.roomId));
  const until = new Map(snoozes.map((s) => [s.roomId, s.until]));
  return page.map((room) => ({
    ...room,
    labels: byRoom.get(room.id) ?? [],
    markedUnread: marked.has(room.id),
    snoozedUntil: until.get(room.id) ?? null,
  }));
}
