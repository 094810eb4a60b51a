import { AsyncLocalStorage } from "node:async_hooks";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { databaseError } from "../db/errors";

/** Structured JSON logs, one object per line. Never pass secrets, tokens or bodies here. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** The request a log line belongs to (issue 18: every line a request causes names its X-Request-Id). */
const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `work` with every log line it writes stamped with the request's id. */
export function withRequestId<T>(requestId: string, work: () => Promise<T>): Promise<T> {
  return requestContext.run({ requestId }, work);
}

export function log(level: "info" | "warn" | "error", msg: string, fields: LogFields = {}): void {
  const requestId = requestContext.getStore()?.requestId;
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), requestId, ...fields });
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
