import { and, asc, desc, eq, gt, lt, or } from "drizzle-orm";
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

/**
 * Rows per INSERT statement: the rows travel as one JSON parameter, expanded by SQLite's json_each.
 * A statement takes at most 500 rows and about 900 KB of JSON (D1 caps a bound value at 2 MB).
 */
const ROWS_PER_STATEMENT = 500;
const JSON_PER_STATEMENT = 900_000;

/** The rows as JSON arrays `[rowNo, phone, cells]`, grouped so no statement's parameter is too large. */
function rowChunks(rows: ListRecipient[]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const r of rows) {
    const json = JSON.stringify([r.rowNo, r.phone, r.cells]);
    if (current.length > 0 && (current.length >= ROWS_PER_STATEMENT || size + json.length > JSON_PER_STATEMENT)) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      size = 0;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(",")}]`);
  return chunks;
}

/**
 * Stores a checked list and all its rows in ONE D1 batch (rule T5: nothing partial is kept; the
 * batch is a transaction). 5,000 rows are about ten statements, each binding its rows as one JSON
 * text, far from D1's 100 bound parameters a statement.
 */
export async function insertContactList(
  db: Db,
  list: Omit<ContactList, "createdAt"> & { createdAt: number },
  rows: ListRecipient[],
): Promise<void> {
  const d1 = db.$client;
  const statements = [
    d1
      .prepare(
        "INSERT INTO contact_lists (id, organization_id, name, columns, row_count, duplicate_count, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .bind(
        list.id,
        list.organizationId,
        list.name,
        JSON.stringify(list.columns),
        list.rowCount,
        list.duplicateCount,
        list.createdBy,
        list.createdAt,
      ),
  ];
  for (const chunk of rowChunks(rows)) {
    statements.push(
      d1
        .prepare(
          "INSERT INTO contact_list_rows (list_id, row_no, phone, cells) SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)",
        )
        .bind(list.id, chunk),
    );
  }
  await d1.batch(statements);
}

/** A page of the organization's lists, newest first, after the (createdAt, id) cursor when given. */
export async function contactListPage(
  db: Db,
  organizationId: string,
  limit: number,
  after: { createdAt: number; id: string } | null,
): Promise<ContactList[]> {
  const inOrg = eq(contactLists.organizationId, organizationId);
  const where = after
    ? and(
        inOrg,
        or(
          lt(contactLists.createdAt, after.createdAt),
          and(eq(contactLists.createdAt, after.createdAt), lt(contactLists.id, after.id)),
        ),
      )
    : inOrg;
  return db
    .select()
    .from(contactLists)
    .where(where)
    .orderBy(desc(contactLists.createdAt), desc(contactLists.id))
    .limit(limit);
}

/** A page of a list's rows in row order, after `afterRowNo` (the list is already known to be the org's). */
export async function contactListRowPage(
  db: Db,
  listId: string,
  limit: number,
  afterRowNo: number,
): Promise<ListRecipient[]> {
  return db
    .select({ rowNo: contactListRows.rowNo, phone: contactListRows.phone, cells: contactListRows.cells })
    .from(contactListRows)
    .where(and(eq(contactListRows.listId, listId), gt(contactListRows.rowNo, afterRowNo)))
    .orderBy(asc(contactListRows.rowNo))
    .limit(limit);
}

/** Deletes the organization's list and its rows in one batch; false when there was no such list. */
export async function deleteContactList(db: Db, organizationId: string, id: string): Promise<boolean> {
  const list = await contactListById(db, organizationId, id);
  if (!list) return false;
  await db.batch([
    db.delete(contactListRows).where(eq(contactListRows.listId, id)),
    db.delete(contactLists).where(and(eq(contactLists.id, id), eq(contactLists.organizationId, organizationId))),
  ]);
  return true;
}
