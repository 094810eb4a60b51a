/** The `conversations` table and their uses (B2, B3): what a send opened or was charged against. */
import { and, eq, getTableColumns, gt, inArray, or, sql } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { contacts } from "../../db/schema";
import { conversations } from "../../db/schema-billing";
import type { Condition, Write } from "./batch";

export type ConversationRow = typeof conversations.$inferInsert;

/**
 * Rules B2, B3: a conversation is per recipient, the customer's number on the channel. A room's send
 * names the customer by their contact's id, a campaign's by `wa:<number>` (charged before its room opens): either
 * finds the other's conversations with the same number.
 */
const CAMPAIGN_CONTACT = "wa:";
export const campaignContactId = (externalId: string) => `${CAMPAIGN_CONTACT}${externalId}`;

/**
 * Conversations of this recipient: their contact, the campaign key of their number, or a WhatsApp
 * contact with that number. One IN list, so that `conversations_contact` (channel, contact, expiry)
 * is used for each key, and the contact by `contacts_org_external` (organization, kind, number).
 */
const sameRecipient = (organizationId: string, contactId: string, externalId: string) =>
  sql`${conversations.contactId} IN (SELECT ${contactId} UNION ALL SELECT ${campaignContactId(externalId)}
    UNION ALL SELECT ${contacts.id} FROM ${contacts} WHERE ${contacts.organizationId} = ${organizationId}
      AND ${contacts.kind} = 'whatsapp' AND ${contacts.externalId} = ${externalId})`;

/** The conversation `ownId` (if a retry already opened it) and every unexpired one with the recipient. */
export function openConversations(
  db: Db,
  c: { ownId: string; organizationId: string; channelId: string; contactId: string; externalId: string; now: number },
) {
  return db
    .select({
      id: conversations.id,
      messageId: conversations.messageId,
      category: conversations.category,
      expiresAt: conversations.expiresAt,
    })
    .from(conversations)
    .where(
      or(
        eq(conversations.id, c.ownId),
        and(
          eq(conversations.channelId, c.channelId),
          sameRecipient(c.organizationId, c.contactId, c.externalId),
          gt(conversations.expiresAt, c.now),
        ),
      ),
    );
}

/** D1 binds at most 100 parameters per statement: conversation rows per INSERT. */
export const CONVERSATION_ROWS_PER_INSERT = Math.floor(90 / Object.keys(getTableColumns(conversations)).length);

export const conversationInsert = (db: Db, rows: ConversationRow | ConversationRow[]): Write =>
  db.insert(conversations).values(Array.isArray(rows) ? rows : [rows]);

/** One more send charged against a conversation, only while it has not expired: the batch's last write. */
export const conversationUse = (db: Db, id: string, now: number): Write =>
  db
    .update(conversations)
    .set({ uses: sql`${conversations.uses} + 1` })
    .where(and(eq(conversations.id, id), gt(conversations.expiresAt, now)));

/** Holds while the conversation has no use but the send that opened it. */
export const soleUse = (db: Db, id: string): Condition =>
  sql`EXISTS ${db
    .select({ one: sql`1` })
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.uses, 1)))}`;

/** Undoes an opened conversation when its opener was its sole use, otherwise takes one use away. */
export const conversationUndo = (db: Db, id: string): Write[] => [
  db.delete(conversations).where(and(eq(conversations.id, id), eq(conversations.uses, 1))),
  db
    .update(conversations)
    .set({ uses: sql`${conversations.uses} - 1` })
    .where(eq(conversations.id, id)),
];

/** Takes back the use a refunded send made of a conversation that covered it. */
export const conversationUseReleased = (db: Db, id: string): Write =>
  db
    .update(conversations)
    .set({ uses: sql`${conversations.uses} - 1` })
    .where(and(eq(conversations.id, id), gt(conversations.uses, 1)));

export function conversationCountsByDay(db: Db, organizationId: string, month: string) {
  return db
    .select({ day: conversations.day, category: conversations.category, n: sql<number>`count(*)` })
    .from(conversations)
    .where(and(eq(conversations.organizationId, organizationId), eq(conversations.month, month)))
    .groupBy(conversations.day, conversations.category);
}

/**
 * For a batch of charges: which recipients (by their number, `externalIds`) have an unexpired
 * conversation on the channel, under any of the keys of `sameRecipient`, and which of `ownIds` exist
 * already (a message charged before: a retry). 90 ids per query.
 */
export async function openConversationsAmong(
  db: Db,
  c: {
    organizationId: string;
    channelId: string;
    recipients: readonly { contactId: string; externalId: string }[];
    ownIds: readonly string[];
    now: number;
    /** Only conversations of this category (a template's estimate); any when absent. */
    category?: ConversationRow["category"];
  },
): Promise<{ recipients: Set<string>; own: Set<string> }> {
  const recipients = new Set<string>();
  const own = new Set<string>();
  const chunks: Promise<void>[] = [];
  const byKey = new Map<string, string>();
  for (const r of c.recipients) {
    byKey.set(r.contactId, r.externalId);
    byKey.set(campaignContactId(r.externalId), r.externalId);
  }
  const open = and(
    eq(conversations.channelId, c.channelId),
    gt(conversations.expiresAt, c.now),
    c.category ? eq(conversations.category, c.category) : undefined,
  );
  for (const ids of chunksOf([...byKey.keys()])) {
    chunks.push(
      db
        .select({ contactId: conversations.contactId })
        .from(conversations)
        .where(and(open, inArray(conversations.contactId, ids)))
        .then((rows) => {
          for (const r of rows) recipients.add(byKey.get(r.contactId) as string);
        }),
    );
  }
  for (const numbers of chunksOf([...new Set(c.recipients.map((r) => r.externalId))])) {
    chunks.push(
      db
        .select({ externalId: contacts.externalId })
        .from(conversations)
        .innerJoin(contacts, eq(contacts.id, conversations.contactId))
        .where(
          and(
            open,
            eq(contacts.organizationId, c.organizationId),
            eq(contacts.kind, "whatsapp"),
            inArray(contacts.externalId, numbers),
          ),
        )
        .then((rows) => {
          for (const r of rows) recipients.add(r.externalId);
        }),
    );
  }
  for (const ids of chunksOf(c.ownIds)) {
    chunks.push(
      db
        .select({ id: conversations.id })
        .from(conversations)
        .where(inArray(conversations.id, ids))
        .then((rows) => {
          for (const r of rows) own.add(r.id);
        }),
    );
  }
  await Promise.all(chunks);
  return { recipients, own };
}
