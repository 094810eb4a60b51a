import { DrizzleQueryError } from "drizzle-orm/errors";

/**
 * The database's own error behind drizzle's wrapper. A single drizzle query throws a
 * DrizzleQueryError whose message holds the SQL and its bound parameters (secrets, emails, texts);
 * a batch throws D1's error as is. Only the database's message is safe to read or log.
 */
export function databaseError(err: unknown): unknown {
  let e = err;
  while (e instanceof DrizzleQueryError && e.cause !== undefined) e = e.cause;
  return e;
}

/** True when SQLite refused a write for a UNIQUE (or, with `kind`, CHECK) constraint. */
export function isConstraintViolation(err: unknown, kind: "UNIQUE" | "CHECK" | "any" = "UNIQUE"): boolean {
  const e = databaseError(err);
  if (e instanceof DrizzleQueryError) return false;
  const message = e instanceof Error ? e.message : String(e);
  if (kind === "any") return /(UNIQUE|CHECK) constraint failed|SQLITE_CONSTRAINT/i.test(message);
  return message.includes(`${kind} constraint failed`);
}
