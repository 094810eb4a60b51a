import { desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { webhookAttempts } from "../../db/schema-webhooks";

export type WebhookAttempt = typeof webhookAttempts.$inferSelect;

export async function insertAttempt(db: Db, row: WebhookAttempt): Promise<void> {
  await db.insert(webhookAttempts).values(row);
}

/** The attempts of these deliveries, newest first. */
export async function attemptsOf(db: Db, deliveryIds: string[]): Promise<WebhookAttempt[]> {
  if (deliveryIds.length === 0) return [];
  return db
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveryIds))
    .orderBy(desc(webhookAttempts.at));
}

export async function attemptsOfDelivery(db: Db, deliveryId: string): Promise<WebhookAttempt[]> {
  return db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(webhookAttempts.at);
}
