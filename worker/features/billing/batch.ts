/** Billing's D1 batches (B7): writes that must land together are committed as one batch. */
import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../db/client";
import { isConstraintViolation } from "../../db/errors";

/** One statement of a D1 batch. */
export type Write = BatchItem<"sqlite">;
/** A condition the database decides when the batch runs, not when it is built. */
export type Condition = SQL;

/**
 * Runs `writes` as one D1 batch: all land or none. Null when a UNIQUE or CHECK constraint refused
 * it (an idempotency key seen before, a wallet that would go below zero: B7).
 */
export async function commit(db: Db, writes: readonly Write[]): Promise<unknown[] | null> {
  const [first, ...rest] = writes;
  if (!first) return [];
  try {
    return await db.batch([first, ...rest]);
  } catch (err) {
    if (!isConstraintViolation(err, "any")) throw err;
    return null;
  }
}

/** Rows an UPDATE or DELETE of a D1 batch changed. */
export const changedRows = (result: unknown) =>
  (result as { meta?: { changes?: number } } | undefined)?.meta?.changes ?? 0;
