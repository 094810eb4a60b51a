import { and, eq, gt, lte } from "drizzle-orm";
import type { Db } from "../../db/client";
import { roomSnoozes, roomUnreadMarks } from "../../db/schema-labels";

/** Issue 17: the one repository of `room_snoozes` and `room_unread_marks`. */

export async function putSnooze(db: Db, organizationId: string, roomId: string, until: number, by: string | null) {
  await db
    .insert(roomSnoozes)
    .values({ roomId, organizationId, until, snoozedBy: by })
    .onConflictDoUpdate({ target: roomSnoozes.roomId, set: { until, snoozedBy: by } });
}

/** Until when the room is snoozed at `now`, or null. */
export async function snoozeOf(db: Db, roomId: string, now: number): Promise<number | null> {
  const [row] = await db
    .select({ until: roomSnoozes.until })
    .from(roomSnoozes)
    .where(and(eq(roomSnoozes.roomId, roomId), gt(roomSnoozes.until, now)));
  return row?.until ?? null;
}

export async function deleteSnooze(db: Db, roomId: string): Promise<void> {
  await db.delete(roomSnoozes).where(eq(roomSnoozes.roomId, roomId));
}

/** Takes the snoozes whose time has come (at most `limit`): answers their rooms. */
export async function takeDueSnoozes(db: Db, now: number, limit: number): Promise<string[]> {
  const due = await db
    .select({ roomId: roomSnoozes.roomId })
    .from(roomSnoozes)
    .where(lte(roomSnoozes.until, now))
    .limit(limit);
  for (const { roomId } of due) {
    await db.delete(roomSnoozes).where(and(eq(roomSnoozes.roomId, roomId), lte(roomSnoozes.until, now)));
  }
  return due.map((d) => d.roomId);
}

export async function putUnreadMark(db: Db, organizationId: string, roomId: string, userId: string) {
  await db.insert(roomUnreadMarks).values({ roomId, userId, organizationId }).onConflictDoNothing();
}

export async function deleteUnreadMark(db: Db, roomId: string, userId: string) {
  await db.delete(roomUnreadMarks).where(and(eq(roomUnreadMarks.roomId, roomId), eq(roomUnreadMarks.userId, userId)));
}
