/**
 * Issue 17 item 5: the Contacts page's work: a profile edit, the contact's rooms on every channel,
 * and the import and export of contacts as CSV (the broadcast lists' cell-as-text rules, T5).
 */

import type { Db } from "../../db/client";
import { contactOf } from "../../db/rooms";
import type { Actor } from "../../domain/actor";
import { checkContactList } from "../../domain/contact-list";
import { mergedAttributes, profilesOf, whatsAppRowsOf } from "../../domain/contact-profile";
import { csvText } from "../../lib/csv";
import { decodeCursor, encodeCursor, isKeyAndId } from "../../lib/cursor";
import { problems } from "../../lib/problem";
import { decodeSheet, fileTooLarge, listInvalid, MAX_LIST_FILE_BYTES } from "../contact-lists/service";
import {
  type ContactRow,
  changeProfile,
  contactPage,
  contactsByPhone,
  type ProfileChange,
  roomsOfContact,
  saveImported,
} from "./repo";

export async function editProfile(db: Db, actor: Actor, id: string, change: ProfileChange) {
  const attributes = change.attributes
    ? Object.fromEntries(Object.entries(change.attributes).filter(([, v]) => v !== ""))
    : undefined;
  const row = await changeProfile(db, actor.organizationId, id, {
    ...change,
    ...(attributes ? { attributes } : {}),
  });
  if (!row) throw problems.notFound("contact");
  return row;
}

/** A page of the contact's rooms, newest activity first; paged by cursor (worker/lib/cursor.ts). */
export async function contactRooms(
  db: Db,
  actor: Actor,
  id: string,
  q: { cursor?: string | undefined; limit: number },
) {
  const contact = await contactOf(db, actor.organizationId, id);
  const after = decodeCursor(q.cursor, isKeyAndId);
  const before = after ? { lastMessageAt: after[0], id: after[1] } : undefined;
  const rows = await roomsOfContact(db, actor.organizationId, contact.id, q.limit + 1, before);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    rooms: page,
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.lastMessageAt, last.id]) : null,
  };
}

/**
 * A CSV or XLSX of contacts: checked whole (422 `list_invalid` with every problem, nothing kept),
 * then each phone's WhatsApp contact is created or updated: the file's values win, attributes the
 * file does not name are kept.
 */
export async function importContacts(db: Db, actor: Actor, file: File) {
  if (file.size > MAX_LIST_FILE_BYTES) throw fileTooLarge();
  if (file.size === 0)
    throw listInvalid([{ row: null, column: null, code: "file_empty", message: "The file is empty." }]);
  const sheet = whatsAppRowsOf(decodeSheet(new Uint8Array(await file.arrayBuffer()), file.name));
  const checked = checkContactList(sheet.rows);
  if (!checked.ok) throw listInvalid(checked.errors);
  const { profiles, errors } = profilesOf(checked.list);
  if (errors.length > 0) throw listInvalid(errors);
  const existing = new Map(
    (
      await contactsByPhone(
        db,
        actor.organizationId,
        profiles.map((p) => p.phone),
      )
    ).map((c) => [c.externalId, c]),
  );
  const rows = profiles.map((p) => {
    const known = existing.get(p.phone);
    return {
      ...p,
      id: known?.id ?? crypto.randomUUID(),
      attributes: mergedAttributes(known?.attributes ?? {}, p.attributes),
    };
  });
  await saveImported(db, actor.organizationId, rows);
  const updated = rows.filter((r) => existing.has(r.phone)).length;
  return {
    created: rows.length - updated,
    updated,
    duplicateCount: checked.list.duplicateCount,
    otherChannelCount: sheet.otherKinds,
  };
}

const EXPORT_PAGE = 500;

/** Every contact as CSV: phone (or the channel's id), kind, name, email, notes, blocked, then one column per attribute. */
export async function exportContacts(db: Db, actor: Actor): Promise<string> {
  const all: ContactRow[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await contactPage(db, actor.organizationId, after, EXPORT_PAGE);
    all.push(...page);
    if (page.length < EXPORT_PAGE) break;
    after = page.at(-1)?.id ?? null;
  }
  const keys = [...new Set(all.flatMap((c) => Object.keys(c.attributes ?? {})))].sort();
  return csvText([
    ["phone", "kind", "name", "email", "notes", "blocked", ...keys],
    ...all.map((c) => [
      c.externalId,
      c.kind,
      c.name,
      c.email,
      c.notes,
      c.blockedAt === null ? "no" : "yes",
      ...keys.map((k) => c.attributes?.[k] ?? ""),
    ]),
  ]);
}
