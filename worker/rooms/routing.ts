import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import type { InboundContact, InboundMessage, StatusUpdate } from "../channels/types";
import type { Db } from "../db/client";
import { blockedMessages, type channels, contacts, providerMessages, rooms } from "../db/schema";
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
 * The contact, created on first sight, its name and user id kept current: a write only when either
 * changes (the next statement of the batch reads the row), so a known customer's message writes
 * nothing to D1. Issue 12 (I1): a message naming only a user id (WhatsApp's BSUID, the phone hidden)
 * creates no contact when a contact already carries that user id beside its phone.
 */
const touchContactQuery = (db: Db, organizationId: string, kind: Channel["kind"], contact: InboundContact) => {
  const userId = contact.userId ?? null;
  const sameOrg = sql`${contacts.organizationId} = ${organizationId} AND ${contacts.kind} = ${kind}`;
  // The phone hidden: the external id of the contact linked to this user id, if there is one.
  const externalId =
    !contact.phone && userId !== null
      ? sql`coalesce((SELECT c.external_id FROM ${contacts} c WHERE c.organization_id = ${organizationId}
          AND c.kind = ${kind} AND c.user_id = ${userId} LIMIT 1), ${contact.externalId})`
      : contact.externalId;
  return db
    .insert(contacts)
    .values({ id: crypto.randomUUID(), organizationId, kind, externalId, name: contact.name, userId })
    .onConflictDoUpdate({
      target: [contacts.organizationId, contacts.kind, contacts.externalId],
      set: {
        name: sql`coalesce(excluded.name, ${contacts.name})`,
        userId: sql`coalesce(excluded.user_id, ${contacts.userId})`,
      },
      setWhere: sql`${sameOrg} AND ((excluded.name IS NOT NULL AND excluded.name IS NOT ${contacts.name})
        OR (excluded.user_id IS NOT NULL AND excluded.user_id IS NOT ${contacts.userId}))`,
    });
};

/**
 * Issue 12 (I1): a contact first known by its user id only (phone hidden) is linked to its phone when
 * a message names both: its external id becomes the phone, unless a contact of that phone exists.
 */
const linkPhoneQuery = (db: Db, organizationId: string, kind: Channel["kind"], contact: InboundContact) =>
  db
    .update(contacts)
    .set({ externalId: contact.phone ?? "" })
    .where(
      sql`${contacts.organizationId} = ${organizationId} AND ${contacts.kind} = ${kind}
        AND ${contact.phone ?? null} IS NOT NULL AND ${contacts.externalId} = ${contact.userId ?? null}
        AND NOT EXISTS (SELECT 1 FROM ${contacts} c2 WHERE c2.organization_id = ${organizationId}
          AND c2.kind = ${kind} AND c2.external_id = ${contact.phone ?? null})`,
    );

/**
 * Issue 12: the customer changed number (WhatsApp `system` user_changed_number): the contact is
 * re-linked to the new number, unless a contact of the new number exists already.
 */
export async function relinkContact(db: Db, channel: Channel, fromExternalId: string, toExternalId: string) {
  await db
    .update(contacts)
    .set({ externalId: toExternalId })
    .where(
      sql`${contacts.organizationId} = ${channel.organizationId} AND ${contacts.kind} = ${channel.kind}
        AND ${contacts.externalId} = ${fromExternalId}
        AND NOT EXISTS (SELECT 1 FROM ${contacts} c2 WHERE c2.organization_id = ${channel.organizationId}
          AND c2.kind = ${channel.kind} AND c2.external_id = ${toExternalId})`,
    );
}

/**
 * Rule I1 inside the routing batch: a message of a contact (not blocked, I6; not a repeat, G6) that
 * has no unresolved room on the channel opens one; the partial unique index makes it a no-op that
 * writes nothing when there is one. (drizzle's insert-select takes every column, in order.)
 */
function openRoomUnlessOpenQuery(db: Db, channel: Channel, contactId: SQL, sentAt: number, seen: SQL | undefined) {
  return db
    .insert(rooms)
    .select(
      db
        .select({
          id: sql`${crypto.randomUUID()}`.as("id"),
          organizationId: sql`${channel.organizationId}`.as("organization_id"),
          channelId: sql`${channel.id}`.as("channel_id"),
          contactId: sql`${contacts.id}`.as("contact_id"),
          status: sql`'unassigned'`.as("status"),
          assigneeId: sql`NULL`.as("assignee_id"),
          lastMessagePreview: sql`NULL`.as("last_message_preview"),
          lastMessageAt: sql`${sentAt}`.as("last_message_at"),
          lastCustomerMessageAt: sql`NULL`.as("last_customer_message_at"),
          windowExpiresAt: sql`NULL`.as("window_expires_at"),
          unreadCount: sql`0`.as("unread_count"),
          openedAt: sql`${sentAt}`.as("opened_at"),
          resolvedAt: sql`NULL`.as("resolved_at"),
        })
        .from(contacts)
        .where(
          sql`${contacts.id} = ${contactId} AND ${contacts.blockedAt} IS NULL
            AND NOT EXISTS (SELECT 1 FROM ${providerMessages} WHERE ${seen})`,
        ),
    )
    .onConflictDoNothing();
}

/**
 * Everything the webhook needs to route one message, in ONE D1 round trip (a batch runs as one
 * transaction, in order): whether its provider id is known already (G6: stored by a room's outbox),
 * the contact (created on first sight, its name kept current), and the contact's unresolved room on
 * the channel (I1), opened when there is none.
 */
export async function routeInbound(
  db: Db,
  channel: Channel,
  providerMessageId: string,
  contact: InboundMessage["contact"],
  sentAt: number,
) {
  // Issue 12 (I1): the contact of the phone (or id) given, else the one linked to the user id.
  const userId = contact.userId ?? null;
  const contactId = sql`(SELECT ${contacts.id} FROM ${contacts} WHERE ${contacts.organizationId} = ${channel.organizationId}
    AND ${contacts.kind} = ${channel.kind} AND (${contacts.externalId} = ${contact.externalId}
      OR (${userId} IS NOT NULL AND ${contacts.userId} = ${userId}))
    ORDER BY ${contacts.externalId} = ${contact.externalId} DESC LIMIT 1)`;
  // Rule G6, per tenant: another organization's copy of this id is not a repeat of ours.
  const seenWhere = and(
    eq(providerMessages.organizationId, channel.organizationId),
    eq(providerMessages.providerMessageId, providerMessageId),
  );
  const [seen, , , [row], , [room]] = await db.batch([
    db.select({ storedAt: providerMessages.storedAt }).from(providerMessages).where(seenWhere),
    linkPhoneQuery(db, channel.organizationId, channel.kind, contact),
    touchContactQuery(db, channel.organizationId, channel.kind, contact),
    db.select().from(contacts).where(sql`${contacts.id} = ${contactId}`),
    openRoomUnlessOpenQuery(db, channel, contactId, sentAt, seenWhere),
    db
      .select()
      .from(rooms)
      .where(and(eq(rooms.channelId, channel.id), sql`${rooms.contactId} = ${contactId}`, ne(rooms.status, "resolved")))
      .limit(1),
  ]);
  if (!row) throw new Error("contact upsert returned nothing");
  return { stored: seen[0]?.storedAt != null, contact: row, room: room ?? null };
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
    channelKind: contact.kind,
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
