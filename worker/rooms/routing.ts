import { and, eq, ne, sql } from "drizzle-orm";
import type { InboundMessage, StatusUpdate } from "../channels/types";
import type { Db } from "../db/client";
import { blockedMessages, type channels, contacts, providerMessages, rooms } from "../db/schema";
import { clock } from "../lib/clock";
import type { RoomIdentity } from "./types";

type Channel = typeof channels.$inferSelect;
type Contact = typeof contacts.$inferSelect;

const upsertContactQuery = (db: Db, organizationId: string, externalId: string, name: string | null) =>
  db
    .insert(contacts)
    .values({ id: crypto.randomUUID(), organizationId, kind: "whatsapp", externalId, name })
    .onConflictDoUpdate({
      target: [contacts.organizationId, contacts.kind, contacts.externalId],
      set: { name: sql`coalesce(excluded.name, ${contacts.name})` },
    })
    .returning();

/** The organization's contact for a provider account id, created on first sight. */
export async function upsertContact(db: Db, organizationId: string, externalId: string, name: string | null) {
  const [row] = await upsertContactQuery(db, organizationId, externalId, name);
  if (!row) throw new Error("contact upsert returned nothing");
  return row;
}

/**
 * The contact's unresolved room on the channel, opening one when there is none (rule I1). The
 * partial unique index on (channel, contact) where status <> 'resolved' makes concurrent first
 * messages agree on one room. One D1 round trip.
 */
export async function openRoomFor(db: Db, channel: Channel, contact: Contact, at: number) {
  const [, found] = await db.batch([
    db
      .insert(rooms)
      .values(newRoomRow(channel, contact, at))
      .onConflictDoNothing(),
    unresolvedRoomQuery(db, channel.id, contact.id),
  ]);
  const room = found[0];
  if (!room) throw new Error("no unresolved room after insert");
  return room;
}

/** The D1 row of a room that opens now: unassigned, with no message yet. */
const newRoomRow = (channel: Channel, contact: Contact, at: number) => ({
  id: crypto.randomUUID(),
  organizationId: channel.organizationId,
  channelId: channel.id,
  contactId: contact.id,
  lastMessageAt: at,
  openedAt: at,
});

/**
 * Opens a new unresolved room for a business-started conversation (rule I3), or null when the contact
 * already has one on the channel: the partial unique index decides, so of two concurrent starts only
 * one gets a room (and sends).
 */
export async function claimRoomFor(db: Db, channel: Channel, contact: Contact, at: number) {
  const [room] = await db
    .insert(rooms)
    .values(newRoomRow(channel, contact, at))
    .onConflictDoNothing()
    .returning();
  return room ?? null;
}

const unresolvedRoomQuery = (db: Db, channelId: string, contactId: string) =>
  db
    .select()
    .from(rooms)
    .where(and(eq(rooms.channelId, channelId), eq(rooms.contactId, contactId), ne(rooms.status, "resolved")))
    .limit(1);

/**
 * Everything the webhook needs to route one message, in one D1 round trip: whether its provider id
 * was stored already (G6), the contact (created on first sight), and the contact's unresolved room.
 */
export async function routeInbound(
  db: Db,
  channel: Channel,
  providerMessageId: string,
  contact: InboundMessage["contact"],
) {
  const [seen, [row]] = await db.batch([
    db
      .select({ storedAt: providerMessages.storedAt })
      .from(providerMessages)
      // Rule G6, per tenant: another organization's copy of this id is not a repeat of ours.
      .where(
        and(
          eq(providerMessages.organizationId, channel.organizationId),
          eq(providerMessages.providerMessageId, providerMessageId),
        ),
      ),
    upsertContactQuery(db, channel.organizationId, contact.externalId, contact.name),
  ]);
  if (!row) throw new Error("contact upsert returned nothing");
  const stored = seen[0]?.storedAt != null;
  const room = stored || row.blockedAt ? null : ((await unresolvedRoomQuery(db, channel.id, row.id))[0] ?? null);
  return { stored, contact: row, room };
}

export async function unresolvedRoom(db: Db, channelId: string, contactId: string) {
  return (await unresolvedRoomQuery(db, channelId, contactId))[0];
}

export function identityOf(room: typeof rooms.$inferSelect, contact: Contact): RoomIdentity {
  return {
    roomId: room.id,
    organizationId: room.organizationId,
    channelId: room.channelId,
    contactId: contact.id,
    contactExternalId: contact.externalId,
    contactName: contact.name,
  };
}

/** Rule I6: a blocked contact's message is kept, marked blocked, and reaches no room. */
export async function keepBlocked(db: Db, channel: Channel, contact: Contact, message: InboundMessage) {
  await db
    .insert(blockedMessages)
    .values({
      providerMessageId: message.providerMessageId,
      organizationId: channel.organizationId,
      channelId: channel.id,
      contactId: contact.id,
      kind: message.kind,
      text: message.text,
      sentAt: message.sentAt,
      payload: message,
    })
    .onConflictDoNothing();
}

export async function markStored(db: Db, organizationId: string, providerMessageId: string, roomId: string) {
  await db
    .insert(providerMessages)
    .values({ providerMessageId, organizationId, roomId, direction: "in", storedAt: clock.now() })
    .onConflictDoUpdate({
      target: [providerMessages.organizationId, providerMessages.providerMessageId],
      set: { roomId, storedAt: clock.now() },
    });
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
