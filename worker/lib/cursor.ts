import { fromBase64Url, toBase64Url } from "./crypto";
import { problems } from "./problem";

/**
 * The one page cursor of the API: an opaque base64url token holding the position of the last row a
 * page showed (its sort key and id, or a row number). Clients pass `nextCursor` back as it is; a
 * cursor this API did not give is 400 `validation_failed` (`invalid_cursor`), never a 500 and never
 * silently the first page.
 */
export type Position = (string | number)[];

export function encodeCursor(position: Position): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(position)));
}

/** The position `cursor` holds when it has `shape`; null without a cursor; 400 for anything else. */
export function decodeCursor<T extends Position>(
  cursor: string | undefined,
  shape: (parts: unknown[]) => parts is T,
): T | null {
  if (!cursor) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
  } catch {
    parts = null;
  }
  if (Array.isArray(parts) && shape(parts)) return parts;
  throw problems.validation([
    { path: "cursor", code: "invalid_cursor", message: "Pass the nextCursor of a previous page." },
  ]);
}

/** `[sort key, id]`: a time (or other number) and the row's id, the usual keyset position. */
export const isKeyAndId = (p: unknown[]): p is [number, string] =>
  p.length === 2 && Number.isFinite(p[0]) && typeof p[1] === "string" && p[1] !== "";

/** `[n]`: a row number. */
export const isRowNumber = (p: unknown[]): p is [number] => p.length === 1 && Number.isInteger(p[0]);
