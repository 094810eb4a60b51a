/**
 * Issue 17 item 5: contact profiles in D1 (the `contacts` table): edits, the import's upserts, the
 * export's pages, and a contact's rooms on every channel.
 */
import { and, eq, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { selectRooms, toView } from "../../db/rooms";
import { contacts, rooms } from "../../db/schema";
import type { ImportedProfile } from "../../domain/contact-profile";

export type ContactRow = typeof contacts.$inferSelect;
export type ProfileChange = Partial<Pick<ContactRow, "name" | "email" | "notes" | "attributes">>;

export async function changeProfile(db: Db, organizationId: string, id: string, change: ProfileChange) {
  const [row] = await db
    .update(contacts)
    .set(change)
    .where(and(eq(contacts.id, id), eq(contacts.organizationId, organizationId)))
    .returning();
  return row ?? null;
}

/** The WhatsApp contacts of these phones that exist already (the import merges into them). */
export async function contactsByPhone(db: Db, organizationId: string, phones: string[]) {
  const found: ContactRow[] = [];
  for (const chunk of chunksOf(phones)) {
    found.push(
      ...(await db
        .select()
        .from(contacts)
        .where(
          and(
            eq(contacts.organizationId, organizationId),
            eq(contacts.kind, "whatsapp"),
            inArray(contacts.externalId, chunk),
          ),
        )),
    );
  }
  return found;
}

/** Writes imported profiles in batches (7 bound values a row; D1 binds at most 100 per statement). */
export async function saveImported(db: Db, organizationId: string, rows: (ImportedProfile & { id: string })[]) {
  const statements = [];
  for (let i = 0; i < rows.length; i += 12) {
    statements.push(
      db
        .insert(contacts)
        .values(
          rows.slice(i, i + 12).map((r) => ({
            id: r.id,
            organizationId,
            kind: "whatsapp" as const,
            externalId: r.phone,
            name: r.name,
            email: r.email,
            notes: r.notes,
            attributes: r.attributes,
          })),
        )
        .onConflictDoUpdate({
          target: [contacts.organizationId, contacts.kind, contacts.externalId],
          set: {
            name: sql`coalesce(excluded.name, ${contacts.name})`,
            email: sql`coalesce(excluded.email, ${contacts.email})`,
            notes: sql`coalesce(excluded.notes, ${contacts.notes})`,
            attributes: sql`excluded.attributes`,
          },
        }),
    );
  }
  for (let i = 0; i < statements.length; i += 50) {
    const batch = statements.slice(i, i + 50);
    if (batch.length > 0) await db.batch(batch as [(typeof batch)[number], ...typeof batch]);
  }
}

/** A page of every contact, oldest id first, for the export. */
export async function contactPage(db: Db, organizationId: string, after: string | null, limit: number) {
  const where: SQL[] = [eq(contacts.organizationId, organizationId)];
  if (after) where.push(sql`${contacts.id} > ${after}`);
  return db
    .select()
    .from(contacts)
    .where(and(...where))
    .orderBy(contacts.id)
    .limit(limit);
}

/** The contact's rooms on every channel, newest activity first, after `before` (a page). */
export async function roomsOfContact(
  db: Db,
  organizationId: string,
  contactId: string,
  limit: number,
  before?: { lastMessageAt: number; id: string },
) {
  const where: SQL[] = [eq(rooms.organizationId, organizationId), eq(rooms.contactId, contactId)];
  if (before) {
    where.push(
      or(
        lt(rooms.lastMessageAt, before.lastMessageAt),
        and(eq(rooms.lastMessageAt, before.lastMessageAt), lt(rooms.id, before.id)),
      ) as SQL,
    );
  }
  return (await selectRooms(db, and(...where), limit)).map(toView);
}
