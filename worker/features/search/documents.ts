import type { Message } from "../../rooms/types";

/**
 * Issue 17 (search): what the inbox search indexes, and how a search box's words become an FTS5
 * query. Every query is scoped to its tenant inside the index: the organization id is one token of
 * the `tenant` column (hex, so the tokenizer never splits it), and-ed with the words.
 */
export function tenantToken(organizationId: string): string {
  let hex = "";
  for (const byte of new TextEncoder().encode(organizationId)) hex += byte.toString(16).padStart(2, "0");
  return `t${hex}`;
}

/** A message's searchable words: its text (or caption), a shared place's name and address, a file's name. */
export function messageWords(m: Message): string {
  if (m.details?.revoked) return "";
  return [m.text, m.location?.name, m.location?.address, m.media?.filename]
    .filter((part): part is string => Boolean(part))
    .join(" ")
    .trim();
}

/**
 * A contact's number as searchable words: as stored, as dialled at home (62… as 0…), and its endings
 * of 4 digits or more, so that any part of it typed (the last digits, a middle run) is the start of
 * one of its words.
 */
export function phoneWords(externalId: string): string {
  const words = [externalId];
  if (externalId.startsWith("62")) words.push(`0${externalId.slice(2)}`);
  for (let i = 1; i <= externalId.length - 4; i++) words.push(externalId.slice(i));
  return words.join(" ");
}

/** At most this many words of a search are used. */
const MAX_TERMS = 8;

/**
 * The FTS5 expression for a search box: every word must occur (as a word or the start of one), in the
 * tenant's documents. Words are split on anything but letters and digits, as the index's tokenizer
 * does, and quoted, so nothing typed is FTS5 syntax. Null when nothing searchable was typed.
 */
export function matchExpression(organizationId: string, q: string): string | null {
  const terms = q
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  const words = terms.map((t) => `body:"${t.replaceAll('"', '""')}"*`).join(" AND ");
  return `tenant:"${tenantToken(organizationId)}" AND ${words}`;
}
