import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { InboundMessage } from "../channels/types";
import { chunksOf, type Db } from "../db/client";
import { rowMapper } from "../db/rows";
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

/** The organization's WhatsApp contacts of these numbers, each created on first sight: one D1 batch. */
export async function upsertContacts(db: Db, organizationId: string, externalIds: readonly string[]) {
  const [first, ...rest] = externalIds.map((id) => upsertContactQuery(db, organizationId, id, null));
  if (!first) return [];
  const results = await db.batch([first, ...rest]);
  return results.map((rows) => {
    if (!rows[0]) throw new Error("contact upsert returned nothing");
    return rows[0];
  });
}

/** Each contact's unresolved room on the channel, opened (at its `at`) where there is none (I1, I3): one D1 batch. */
export async function openRoomsFor(db: Db, channel: Channel, list: readonly { contact: Contact; at: number }[]) {
  const statements = list.flatMap(({ contact, at }) => [
    db
      .insert(rooms)
      .values(newRoomRow(channel, contact, at))
      .onConflictDoNothing(),
    unresolvedRoomQuery(db, channel.id, contact.id),
  ]);
  const [first, ...rest] = statements;
  if (!first) return [];
  const results = await db.batch([first, ...rest]);
  return list.map((_, i) => {
    const room = (results[2 * i + 1] as (typeof rooms.$inferSelect)[])[0];
    if (!room) throw new Error("no unresolved room after insert");
    return room;
  });
}

/**
 * The contact's unresolved room on the channel, opening one when there is none (rule I1). The
 * partial unique index on (channel, contact) where status <> 'resolved' makes concurrent first
 * messages agree on one room. One D1 round trip.
 */
export async function openRoomFor(db: Db, channel: Channel, contact: Contact, at: number) {
  const [room] = await openRoomsFor(db, channel, [{ contact, at }]);
  return room as typeof rooms.$inferSelect;
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
 * The contact of (organization ?1, kind ?2, provider id ?3, user id ?4), as a subquery. Issue 12 (I1):
 * the contact of the phone (or id) given, else the one linked to the user id (WhatsApp's BSUID).
 */
const CONTACT_ID = `(SELECT id FROM contacts WHERE organization_id = ?1 AND kind = ?2
  AND (external_id = ?3 OR (?4 IS NOT NULL AND user_id = ?4)) ORDER BY external_id = ?3 DESC LIMIT 1)`;

/** The routing batch, as SQL text written once (see `rowMapper`); each statement's parameters in order. */
const ROUTE = {
  // Issue 12 (I1): a contact first known by its user id only (phone hidden) is linked to its phone when a
  // message names both: its external id becomes the phone, unless a contact of that phone exists.
  // Writes nothing otherwise, and is left out of the batch when the message does not name both. (?5 phone)
  linkPhone: `UPDATE contacts SET external_id = ?5 WHERE organization_id = ?1 AND kind = ?2
    AND ?5 IS NOT NULL AND external_id = ?4
    AND NOT EXISTS (SELECT 1 FROM contacts c2 WHERE c2.organization_id = ?1 AND c2.kind = ?2 AND c2.external_id = ?5)`,
  // Created on first sight, its name and user id kept current: a write only when either changes. A message
  // naming only a user id (phone hidden) lands on the contact carrying that user id beside its phone,
  // creating none (issue 12, I1). (?5 phone, ?6 new id, ?7 name)
  touchContact: `INSERT INTO contacts (id, organization_id, kind, external_id, name, user_id)
    VALUES (?6, ?1, ?2, coalesce(CASE WHEN ?5 IS NULL THEN (SELECT c.external_id FROM contacts c
      WHERE c.organization_id = ?1 AND c.kind = ?2 AND c.user_id = ?4 LIMIT 1) END, ?3), ?7, ?4)
    ON CONFLICT (organization_id, kind, external_id) DO UPDATE
    SET name = coalesce(excluded.name, contacts.name), user_id = coalesce(excluded.user_id, contacts.user_id)
    WHERE (excluded.name IS NOT NULL AND excluded.name IS NOT contacts.name)
      OR (excluded.user_id IS NOT NULL AND excluded.user_id IS NOT contacts.user_id)`,
  // Rule I1: a message of a contact (not blocked, I6; not a repeat, G6) with no unresolved room on the
  // channel opens one; the partial unique index makes it a no-op, writing nothing, when there is one.
  // (?5 new room id, ?6 channel, ?7 sent at, ?8 provider message id)
  openRoom: `INSERT INTO rooms (id, organization_id, channel_id, contact_id, last_message_at, opened_at)
    SELECT ?5, ?1, ?6, id, ?7, ?7 FROM contacts WHERE id = ${CONTACT_ID} AND blocked_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM provider_messages WHERE organization_id = ?1 AND provider_message_id = ?8)
    ON CONFLICT DO NOTHING`,
  // What the batch found, read once at its end: the contact, whether the message is stored already (G6,
  // per tenant: another organization's copy of this id is not a repeat of ours) and the contact's
  // unresolved room on the channel (I1). (?5 provider message id, ?6 channel)
  found: `SELECT c.*,
    (SELECT stored_at FROM provider_messages WHERE organization_id = ?1 AND provider_message_id = ?5) AS seen_at,
    (SELECT r.id FROM rooms r WHERE r.channel_id = ?6 AND r.contact_id = c.id AND r.status <> 'resolved' LIMIT 1)
      AS room_id
    FROM contacts c WHERE c.id = ${CONTACT_ID}`,
};
const contactOfRow = rowMapper(contacts);

/**
 * Everything the webhook needs to route one message, in ONE D1 round trip (a batch runs as one
 * transaction, in order): the contact (created on first sight, its name and user id kept current,
 * linked to its phone when a message names both: issue 12), the contact's unresolved room on the
 * channel (I1), opened when there is none, and whether the message's provider id is stored already
 * (G6: by a room's outbox). A known contact under the same name and user id writes nothing; its
 * batch is three statements (four when the message names both a phone and a user id), where it was six.
 */
export async function routeInbound(
  db: Db,
  channel: Channel,
  providerMessageId: string,
  contact: InboundMessage["contact"],
  sentAt: number,
) {
  const d1 = db.$client;
  const who = [channel.organizationId, channel.kind, contact.externalId, contact.userId ?? null] as const;
  const phone = contact.phone ?? null;
  const results = await d1.batch<Record<string, unknown>>([
    ...(phone !== null && contact.userId ? [d1.prepare(ROUTE.linkPhone).bind(...who, phone)] : []),
    d1.prepare(ROUTE.touchContact).bind(...who, phone, crypto.randomUUID(), contact.name),
    d1.prepare(ROUTE.openRoom).bind(...who, crypto.randomUUID(), channel.id, sentAt, providerMessageId),
    d1.prepare(ROUTE.found).bind(...who, providerMessageId, channel.id),
  ]);
  const row = results.at(-1)?.results[0];
  if (!row) throw new Error("contact upsert returned nothing");
  return {
    stored: row.seen_at != null,
    contact: contactOfRow(row),
    room:
      typeof row.room_id === "string"
        ? { id: row.room_id, organizationId: channel.organizationId, channelId: channel.id }
        : null,
  };
}

/** Which of these provider message ids the organization has stored already (G6). */
export async function storedProviderIds(db: Db, organizationId: string, ids: readonly string[]): Promise<Set<string>> {
  const stored = new Set<string>();
  // D1 binds at most 100 parameters per statement.
  for (const chunk of chunksOf(ids)) {
    const rows = await db
      .select({ id: providerMessages.providerMessageId })
      .from(providerMessages)
      .where(
        and(eq(providerMessages.organizationId, organizationId), inArray(providerMessages.providerMessageId, chunk)),
      );
    for (const row of rows) stored.add(row.id);
  }
  return stored;
}

export async function unresolvedRoom(db: Db, channelId: string, contactId: string) {
  return (await unresolvedRoomQuery(db, channelId, contactId))[0];
}

export function identityOf(
  room: Pick<typeof rooms.$inferSelect, "id" | "organizationId" | "channelId">,
  contact: Contact,
): RoomIdentity {
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
