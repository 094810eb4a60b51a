import { and, eq, gt } from "drizzle-orm";
import type { Db } from "./client";
import { realtimeTickets } from "./schema-identity";

/** Stores a realtime ticket; only its hash is kept. */
export async function insertTicket(db: Db, ticket: typeof realtimeTickets.$inferInsert): Promise<void> {
  await db.insert(realtimeTickets).values(ticket);
}

/** Claims (deletes) a live ticket in the same statement, so it works once. */
export async function claimTicket(db: Db, ticketHash: string, now: number) {
  const [row] = await db
    .delete(realtimeTickets)
    .where(and(eq(realtimeTickets.ticketHash, ticketHash), gt(realtimeTickets.expiresAt, now)))
    .returning();
  return row;
}
