import { DrizzleQueryError } from "drizzle-orm/errors";
import { databaseError } from "../db/errors";

/** Structured JSON logs, one object per line. Never pass secrets, tokens or bodies here. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export function log(level: "info" | "warn" | "error", msg: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/**
 * What of a thrown error may go into a log line: its name and message, with drizzle's wrapper
 * (whose message carries the query's bound parameters: secrets, emails, customers' texts) replaced
 * by the database's own error.
 */
export function errorForLog(err: unknown): string {
  const e = databaseError(err);
  if (e instanceof DrizzleQueryError) return "DrizzleQueryError";
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
