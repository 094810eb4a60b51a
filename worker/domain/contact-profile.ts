/**
 * Issue 17 item 5: a contact's profile (name, email, notes, custom attributes) and how a row of an
 * imported CSV becomes one. Cells are text, read with the broadcast lists' rules (T5): the headings
 * `phone`, `name`, `email` and `notes` fill the profile, every other heading is a custom attribute.
 */
import { type CheckedList, cleanCell, type ListError, normaliseHeading, type SheetRow } from "./contact-list";

export const MAX_NOTES_CHARS = 2_000;
export const MAX_ATTRIBUTES = 30;
export const MAX_ATTRIBUTE_CHARS = 200;
export const ATTRIBUTE_KEY = /^[\p{L}\p{N}_-]{1,64}$/u;
/** Deliberately loose: one @, something on each side, a dot in the domain; the mailbox decides the rest. */
export const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** `kind` and `blocked` come with an export and are read-only: an import ignores them. */
const PROFILE_HEADINGS = new Set(["phone", "name", "email", "notes", "kind", "blocked"]);

/**
 * An export lists every channel's contacts; an import creates WhatsApp contacts by phone, so rows
 * whose `kind` names another channel (a Telegram chat id is not a phone) are left out and counted.
 */
export function whatsAppRowsOf(rows: readonly SheetRow[]): { rows: SheetRow[]; otherKinds: number } {
  const start = rows.findIndex((r) => r.cells.some((c) => cleanCell(c) !== ""));
  const heading = rows[start];
  const kindAt = heading ? heading.cells.findIndex((c) => normaliseHeading(c) === "kind") : -1;
  if (!heading || kindAt < 0) return { rows: [...rows], otherKinds: 0 };
  const kept = rows.filter((r, i) => {
    if (i <= start) return true;
    const kind = cleanCell(r.cells[kindAt] ?? "").toLowerCase();
    return kind === "" || kind === "whatsapp";
  });
  return { rows: kept, otherKinds: rows.length - kept.length };
}

export interface ImportedProfile {
  rowNo: number;
  phone: string;
  name: string | null;
  email: string | null;
  notes: string | null;
  attributes: Record<string, string>;
}

/** An attribute key as stored: the list heading rule ("Member Since" -> "membersince"). */
export const attributeKey = normaliseHeading;

/** Rows of a checked list to profiles; a bad email or a long note is a row error, not a silent drop. */
export function profilesOf(list: CheckedList): { profiles: ImportedProfile[]; errors: ListError[] } {
  const errors: ListError[] = [];
  const extra = list.columns.filter((c) => !PROFILE_HEADINGS.has(c));
  if (extra.length > MAX_ATTRIBUTES) {
    errors.push({
      row: 1,
      column: null,
      code: "too_many_columns",
      message: `A contact has at most ${MAX_ATTRIBUTES} custom attributes; this file has ${extra.length} other columns.`,
    });
  }
  const profiles = list.rows.map((c) => {
    const email = c.cells.email || null;
    const notes = c.cells.notes || null;
    if (email && !EMAIL.test(email)) {
      errors.push({
        row: c.rowNo,
        column: null,
        code: "email_invalid",
        message: `"${email.slice(0, 60)}" is not an email address.`,
      });
    }
    if (notes && notes.length > MAX_NOTES_CHARS) {
      errors.push({
        row: c.rowNo,
        column: null,
        code: "cell_too_long",
        message: `Notes hold at most ${MAX_NOTES_CHARS} characters.`,
      });
    }
    const attributes: Record<string, string> = {};
    for (const key of extra) {
      const value = c.cells[key] ?? "";
      if (value === "") continue;
      if (value.length > MAX_ATTRIBUTE_CHARS) {
        errors.push({
          row: c.rowNo,
          column: null,
          code: "cell_too_long",
          message: `The attribute "${key}" holds at most ${MAX_ATTRIBUTE_CHARS} characters.`,
        });
      }
      attributes[key] = value;
    }
    // A WhatsApp contact's id is the E.164 number without its "+" (the wa_id the provider sends).
    return { rowNo: c.rowNo, phone: c.phone.replace(/^\+/, ""), name: c.cells.name || null, email, notes, attributes };
  });
  return { profiles, errors };
}

/** Attributes after an import: the file's values over the contact's, the contact's others kept. */
export function mergedAttributes(current: Record<string, string>, imported: Record<string, string>) {
  return { ...current, ...imported };
}
