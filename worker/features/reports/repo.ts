import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { reportMessages, reportRooms } from "../../db/schema-reports";

type RoomFact = typeof reportRooms.$inferInsert;
type MessageFact = typeof reportMessages.$inferInsert;

/** D1 takes at most 100 bound parameters per statement. */
const ROOMS_PER_INSERT = 12;
const MESSAGES_PER_INSERT = 14;

/**
 * Applies room facts in any order and any number of times: the first assignment and the resolve
 * are kept once known, the holder follows the latest fact.
 */
export function upsertRoomFacts(db: Db, rows: RoomFact[]) {
  const statements = [];
  for (let i = 0; i < rows.length; i += ROOMS_PER_INSERT) {
    statements.push(
      db
        .insert(reportRooms)
        .values(rows.slice(i, i + ROOMS_PER_INSERT))
        .onConflictDoUpdate({
          target: reportRooms.roomId,
          set: {
            assigneeId: sql`coalesce(excluded.assignee_id, ${reportRooms.assigneeId})`,
            assignedAt: sql`min(coalesce(${reportRooms.assignedAt}, excluded.assigned_at), coalesce(excluded.assigned_at, ${reportRooms.assignedAt}))`,
            resolvedAt: sql`coalesce(excluded.resolved_at, ${reportRooms.resolvedAt})`,
          },
        }),
    );
  }
  return statements;
}

export function insertMessageFacts(db: Db, rows: MessageFact[]) {
  const statements = [];
  for (let i = 0; i < rows.length; i += MESSAGES_PER_INSERT) {
    statements.push(
      db
        .insert(reportMessages)
        .values(rows.slice(i, i + MESSAGES_PER_INSERT))
        .onConflictDoNothing(),
    );
  }
  return statements;
}

/** The organization's rooms opened in [from, to), optionally of one channel. */
export async function roomsOpened(db: Db, organizationId: string, from: number, to: number, channelId?: string) {
  return db
    .select()
    .from(reportRooms)
    .where(
      and(
        eq(reportRooms.organizationId, organizationId),
        gte(reportRooms.openedAt, from),
        lt(reportRooms.openedAt, to),
        channelId ? eq(reportRooms.channelId, channelId) : undefined,
      ),
    );
}

/** The messages of these rooms (for first response times and counts). */
export async function messagesOfRooms(db: Db, roomIds: string[]) {
  const out: (typeof reportMessages.$inferSelect)[] = [];
  for (const chunk of chunksOf(roomIds)) {
    out.push(...(await db.select().from(reportMessages).where(inArray(reportMessages.roomId, chunk))));
  }
  return out;
}
