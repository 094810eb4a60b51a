import type { Db } from "../../db/client";
import type { Actor } from "../../domain/actor";
import { checkContactList, type ListError, type SheetRow, variableColumnsOf } from "../../domain/contact-list";
import { clock } from "../../lib/clock";
import { decodeCursor, encodeCursor, isKeyAndId, isRowNumber } from "../../lib/cursor";
import { Problem, problems } from "../../lib/problem";
import type { ContactListDetail, ContactListView, ListErrorView } from "../../schemas/contact-lists";
import { decodeCsv } from "./decode-csv";
import { decodeXlsx, XlsxError } from "./decode-xlsx";
import {
  type ContactList,
  contactListById,
  contactListPage,
  contactListRowPage,
  deleteContactList,
  insertContactList,
} from "./repo";

/**
 * Contact lists (rule T5): an upload is decoded (CSV or XLSX), checked as a whole, and stored in one
 * batch, or refused 422 `list_invalid` with every problem and nothing kept. Admins only (A3).
 */
export const MAX_LIST_FILE_BYTES = 5 * 1024 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // .xls (Excel 97-2003)

export function listInvalid(errors: ListError[]): Problem {
  const shown: ListErrorView[] = errors.map((e) => ({
    path: e.row === null ? "file" : e.column === null ? String(e.row) : `${e.row}.${e.column}`,
    ...e,
  }));
  const detail =
    errors.length === 1
      ? "The file has 1 problem; nothing was kept."
      : `The file has ${errors.length} problems; nothing was kept.`;
  return new Problem(422, "list_invalid", detail, shown);
}

const starts = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The file's rows of text: XLSX by its zip signature, an old .xls refused, anything else read as CSV. */
export function decodeSheet(bytes: Uint8Array, filename: string): SheetRow[] {
  if (starts(bytes, OLE) || /\.xls$/i.test(filename)) {
    throw listInvalid([
      { row: null, column: null, code: "file_type", message: "Old .xls files are not read: save it as .xlsx or CSV." },
    ]);
  }
  if (starts(bytes, ZIP)) {
    try {
      return decodeXlsx(bytes);
    } catch (err) {
      const message = err instanceof XlsxError ? err.message : "The file could not be read as an Excel workbook.";
      throw listInvalid([{ row: null, column: null, code: "file_unreadable", message }]);
    }
  }
  if (bytes.subarray(0, 4096).includes(0)) {
    throw listInvalid([{ row: null, column: null, code: "file_type", message: "The file is neither CSV nor XLSX." }]);
  }
  return decodeCsv(bytes);
}

export function contactListView(list: ContactList): ContactListView {
  return {
    id: list.id,
    name: list.name,
    columns: list.columns,
    variableColumns: variableColumnsOf(list.columns),
    rowCount: list.rowCount,
    duplicateCount: list.duplicateCount,
    createdBy: list.createdBy,
    createdAt: list.createdAt,
  };
}

export async function uploadContactList(db: Db, actor: Actor, name: string, file: File): Promise<ContactListView> {
  if (file.size > MAX_LIST_FILE_BYTES) throw fileTooLarge();
  if (file.size === 0) {
    throw listInvalid([{ row: null, column: null, code: "file_empty", message: "The file is empty." }]);
  }
  const rows = decodeSheet(new Uint8Array(await file.arrayBuffer()), file.name);
  const checked = checkContactList(rows);
  if (!checked.ok) throw listInvalid(checked.errors);
  const { list } = checked;
  const record = {
    id: `cl_${crypto.randomUUID()}`,
    organizationId: actor.organizationId,
    name,
    columns: list.columns,
    rowCount: list.rows.length,
    duplicateCount: list.duplicateCount,
    createdBy: "identityId" in actor ? actor.identityId : null,
    createdAt: clock.now(),
  };
  await insertContactList(db, record, list.rows);
  return contactListView(record);
}

export function fileTooLarge(): Problem {
  return new Problem(413, "list_too_large", `A list file can be at most ${MAX_LIST_FILE_BYTES / 1024 / 1024} MB.`);
}

export async function listContactLists(db: Db, organizationId: string, query: { limit: number; cursor?: string }) {
  const after = decodeCursor(query.cursor, isKeyAndId);
  const position = after ? { createdAt: after[0], id: after[1] } : null;
  const page = await contactListPage(db, organizationId, query.limit + 1, position);
  const lists = page.slice(0, query.limit);
  const last = lists.at(-1);
  const nextCursor = page.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null;
  return { lists: lists.map(contactListView), nextCursor };
}

export async function contactListDetail(
  db: Db,
  organizationId: string,
  id: string,
  query: { limit: number; cursor?: string },
): Promise<ContactListDetail> {
  const after = decodeCursor(query.cursor, isRowNumber);
  const list = await contactListById(db, organizationId, id);
  if (!list) throw problems.notFound("contact list");
  const page = await contactListRowPage(db, id, query.limit + 1, after?.[0] ?? 0);
  const rows = page.slice(0, query.limit);
  const last = rows.at(-1);
  const nextCursor = page.length > query.limit && last ? encodeCursor([last.rowNo]) : null;
  return { ...contactListView(list), rows, nextCursor };
}

export async function removeContactList(db: Db, organizationId: string, id: string): Promise<void> {
  if (!(await deleteContactList(db, organizationId, id))) throw problems.notFound("contact list");
}
