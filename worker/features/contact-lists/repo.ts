import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contactListRows, contactLists } from "../../db/schema-contact-lists";

export type ContactList = typeof contactLists.$inferSelect;
/** A list's recipient as a campaign reads it (T6): the phone in E.164 and the row's cells by heading. */
export type ListRecipient = { rowNo: number; phone: string; cells: Record<string, string> };

/** The organization's list, or null: another organization's list is not found (tenant scope). */
export async function contactListById(db: Db, organizationId: string, id: string): Promise<ContactList | null> {
  const [list] = await db
    .select()
    .from(contactLists)
    .where(and(eq(contactLists.id, id), eq(contactLists.organizationId, organizationId)));
  return list ?? null;
}

/** Every recipient of the organization's list in row order (at most 5,000, T5), or null when not found. */
export async function listRecipients(db: Db, organizationId: string, listId: string): Promise<ListRecipient[] | null> {
  const list = await contactListById(db, organizationId, listId);
  if (!list) return null;
  return db
    .select({ rowNo: contactListRows.rowNo, phone: contactListRows.phone, cells: contactListRows.cells })
    .from(contactListRows)
    .where(eq(contactListRows.listId, listId))
    .orderBy(asc(contactListRows.rowNo));
}
