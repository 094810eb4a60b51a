import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { rooms } from "../../db/schema";
import { labels, roomLabels } from "../../db/schema-labels";

/** Rule I11: the one repository of `labels` and `room_labels`. */
export type LabelRow = { id: string; name: string; colour: string };

const labelColumns = { id: labels.id, name: labels.name, colour: labels.colour };

/** D1 binds at most 100 parameters a statement. */
const IDS_PER_QUERY = 90;

export function listLabels(db: Db, organizationId: string): Promise<LabelRow[]> {
  return db
    .select(labelColumns)
    .from(labels)
    .where(eq(labels.organizationId, organizationId))
    .orderBy(asc(labels.name));
}

/** Admin › Labels: open (unresolved) rooms per label of the tenant (through `room_labels_label`). */
export async function openRoomsPerLabel(db: Db, organizationId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ labelId: roomLabels.labelId, open: sql<number>`count(*)` })
    .from(roomLabels)
    .innerJoin(rooms, eq(rooms.id, roomLabels.roomId))
    .where(
      and(
        inArray(
          roomLabels.labelId,
          db.select({ id: labels.id }).from(labels).where(eq(labels.organizationId, organizationId)),
        ),
        ne(rooms.status, "resolved"),
      ),
    )
    .groupBy(roomLabels.labelId);
  return new Map(rows.map((r) => [r.labelId, Number(r.open)]));
}

export async function findLabel(db: Db, organizationId: string, id: string): Promise<LabelRow | null> {
  const [row] = await db
    .select(labelColumns)
    .from(labels)
    .where(and(eq(labels.id, id), eq(labels.organizationId, organizationId)));
  return row ?? null;
}

export async function findLabels(db: Db, organizationId: string, ids: string[]): Promise<LabelRow[]> {
  if (ids.length === 0) return [];
  return db
    .select(labelColumns)
    .from(labels)
    .where(and(eq(labels.organizationId, organizationId), inArray(labels.id, ids.slice(0, IDS_PER_QUERY))));
}

export async function insertLabel(db: Db, organizationId: string, label: LabelRow, now: number): Promise<void> {
  await db.insert(labels).values({ ...label, organizationId, updatedAt: now });
}

export async function updateLabel(
  db: Db,
  organizationId: string,
  id: string,
  change: { name?: string | undefined; colour?: string | undefined },
  now: number,
): Promise<void> {
  await db
    .update(labels)
    .set({ ...change, updatedAt: now })
    .where(and(eq(labels.id, id), eq(labels.organizationId, organizationId)));
}

/** Deleting a label takes it off every room (ON DELETE CASCADE). */
export async function deleteLabel(db: Db, organizationId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(labels)
    .where(and(eq(labels.id, id), eq(labels.organizationId, organizationId)))
    .returning({ id: labels.id });
  return gone.length > 0;
}

/** Replaces the room's labels with `labelIds` (all of the room's organization) in one batch. */
export async function replaceRoomLabels(db: Db, organizationId: string, roomId: string, labelIds: string[]) {
  const clear = db.delete(roomLabels).where(eq(roomLabels.roomId, roomId));
  if (labelIds.length === 0) return void (await clear);
  await db.batch([
    clear,
    db.insert(roomLabels).values(labelIds.map((labelId) => ({ roomId, labelId, organizationId }))),
  ]);
}

/** Puts one label on the room; true when it was not there yet. */
export async function addRoomLabel(db: Db, organizationId: string, roomId: string, labelId: string) {
  const added = await db
    .insert(roomLabels)
    .values({ roomId, labelId, organizationId })
    .onConflictDoNothing()
    .returning({ roomId: roomLabels.roomId });
  return added.length > 0;
}

/** The labels on one room. */
export function labelsOfRoom(db: Db, roomId: string): Promise<LabelRow[]> {
  return db
    .select(labelColumns)
    .from(roomLabels)
    .innerJoin(labels, eq(labels.id, roomLabels.labelId))
    .where(eq(roomLabels.roomId, roomId))
    .orderBy(asc(labels.name));
}
