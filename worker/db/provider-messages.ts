/**
 * The `provider_messages` rows of outbound messages (G6): the room each message of the organization
 * went out from, so that its statuses, and a broadcast told again (I3), find that room.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { StatusUpdate } from "../channels/types";
import { clock } from "../lib/clock";
import { chunksOf, type Db } from "./client";
import { contacts, providerMessages, rooms } from "./schema";

type Contact = typeof contacts.$inferSelect;

/** The room recorded for each of these outbound messages of the organization, with its contact. */
export async function roomsWithContactsOf(db: Db, organizationId: string, ids: readonly string[]) {
  const found = new Map<string, { room: typeof rooms.$inferSelect; contact: Contact }>();
  for (const chunk of chunksOf(ids)) {
    const rows = await db
      .select({ id: providerMessages.providerMessageId, room: rooms, contact: contacts })
      .from(providerMessages)
      .innerJoin(rooms, eq(rooms.id, providerMessages.roomId))
      .innerJoin(contacts, eq(contacts.id, rooms.contactId))
      .where(
        and(
          eq(providerMessages.organizationId, organizationId),
          inArray(providerMessages.providerMessageId, chunk),
          eq(providerMessages.direction, "out"),
        ),
      );
    for (const row of rows) found.set(row.id, { room: row.room, contact: row.contact });
  }
  return found;
}

/** Moves an outbound message's recorded room from `from` to `to`; false when it was not `from` any more. */
export async function moveOutbound(
  db: Db,
  organizationId: string,
  providerMessageId: string,
  from: string,
  to: string,
) {
  const moved = await db
    .update(providerMessages)
    .set({ roomId: to })
    .where(
      and(
        eq(providerMessages.organizationId, organizationId),
        eq(providerMessages.providerMessageId, providerMessageId),
        eq(providerMessages.roomId, from),
      ),
    )
    .returning({ id: providerMessages.providerMessageId });
  return moved.length === 1;
}

/** Statuses of this outbound message find its room (G6); the first room recorded stays. */
export async function recordOutbound(db: Db, organizationId: string, providerMessageId: string, roomId: string) {
  await recordOutbounds(db, [{ organizationId, providerMessageId, roomId }]);
}

/** `recordOutbound` for many messages: one D1 batch (5 parameters a row, at most 100 a statement). */
export async function recordOutbounds(
  db: Db,
  list: readonly { organizationId: string; providerMessageId: string; roomId: string }[],
) {
  const storedAt = clock.now();
  const [first, ...rest] = chunksOf(list, 18).map((chunk) =>
    db
      .insert(providerMessages)
      .values(chunk.map((m) => ({ ...m, direction: "out" as const, storedAt })))
      .onConflictDoNothing(),
  );
  if (first) await db.batch([first, ...rest]);
}

/** The room of this organization's outbound message; another tenant's status never reaches it (G6). */
export async function roomOfOutbound(db: Db, organizationId: string, update: StatusUpdate): Promise<string | null> {
  const row = await db.query.providerMessages.findFirst({
    where: and(
      eq(providerMessages.organizationId, organizationId),
      eq(providerMessages.providerMessageId, update.providerMessageId),
      eq(providerMessages.direction, "out"),
    ),
  });
  return row?.roomId ?? null;
}
