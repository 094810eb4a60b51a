/**
 * The email threads repository (issue 16, rule G3): every read and write of `email_threads`, and the
 * lookup of the room an email thread lives in (its Message-IDs against `provider_messages`).
 */
import { and, eq, lte } from "drizzle-orm";
import type { Db } from "./client";
import { emailThreads } from "./schema-email";

export type EmailThread = typeof emailThreads.$inferSelect;

/** At most this many References are kept and sent (Cloudflare's reply() refuses over 100). */
export const MAX_REFERENCES = 20;

export async function threadOf(db: Db, channelId: string, address: string): Promise<EmailThread | null> {
  const [row] = await db
    .select()
    .from(emailThreads)
    .where(and(eq(emailThreads.channelId, channelId), eq(emailThreads.address, address)))
    .limit(1);
  return row ?? null;
}

/** The customer's latest mail becomes what a reply answers: its subject, its id and its thread's ids. */
export async function keepLatestMail(
  db: Db,
  thread: Omit<EmailThread, "updatedAt" | "references"> & { references: string[] },
  at: number,
): Promise<void> {
  const ids = [...thread.references.filter((id) => id !== thread.lastMessageId), thread.lastMessageId];
  const references = ids.slice(-MAX_REFERENCES);
  const values = { ...thread, references, updatedAt: at };
  await db
    .insert(emailThreads)
    .values(values)
    .onConflictDoUpdate({
      target: [emailThreads.channelId, emailThreads.address],
      set: { subject: values.subject, lastMessageId: values.lastMessageId, references, updatedAt: at },
      // A mail delivered late does not replace a newer one as the mail to answer.
      setWhere: lte(emailThreads.updatedAt, at),
    });
}

/**
 * The unresolved room of this channel that one of `messageIds` (a mail's In-Reply-To and References,
 * nearest first) was stored in, with its contact's address; null when none is (rule I1 then decides).
 */
export async function roomOfThread(
  db: Db,
  organizationId: string,
  channelId: string,
  messageIds: string[],
): Promise<{ roomId: string; address: string } | null> {
  const ids = messageIds.slice(0, MAX_REFERENCES);
  if (ids.length === 0) return null;
  const marks = ids.map((_, i) => `?${i + 3}`).join(", ");
  const row = await db.$client
    .prepare(
      `SELECT r.id AS room_id, c.external_id AS address FROM provider_messages pm
        JOIN rooms r ON r.id = pm.room_id JOIN contacts c ON c.id = r.contact_id
        WHERE pm.organization_id = ?1 AND pm.provider_message_id IN (${marks})
          AND r.channel_id = ?2 AND r.status <> 'resolved'
        ORDER BY pm.created_at DESC LIMIT 1`,
    )
    .bind(organizationId, channelId, ...ids)
    .first<{ room_id: string; address: string }>();
  return row ? { roomId: row.room_id, address: row.address } : null;
}
