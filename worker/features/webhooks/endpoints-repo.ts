import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { webhookEndpoints } from "../../db/schema-webhooks";

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

/** The organization's endpoint, or null: another organization's is not found. */
export async function endpointById(db: Db, organizationId: string, id: string): Promise<WebhookEndpoint | null> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.organizationId, organizationId)));
  return row ?? null;
}

/** A page of the organization's endpoints, newest first; `before` is the position of the previous page's last. */
export async function endpointsPage(
  db: Db,
  organizationId: string,
  limit: number,
  before?: Pick<WebhookEndpoint, "createdAt" | "id">,
) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.organizationId, organizationId),
        before
          ? or(
              lt(webhookEndpoints.createdAt, before.createdAt),
              and(eq(webhookEndpoints.createdAt, before.createdAt), lt(webhookEndpoints.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(limit);
}

/** The organization's enabled endpoints (the listener picks those subscribed to an event). */
/** Every endpoint of the organization, enabled or not (the events listener decides what each gets). */
export async function endpointsOf(db: Db, organizationId: string): Promise<WebhookEndpoint[]> {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.organizationId, organizationId));
}

export async function insertEndpoint(db: Db, row: typeof webhookEndpoints.$inferInsert): Promise<void> {
  await db.insert(webhookEndpoints).values(row);
}

export async function updateEndpoint(
  db: Db,
  organizationId: string,
  id: string,
  patch: Partial<typeof webhookEndpoints.$inferInsert>,
): Promise<WebhookEndpoint | null> {
  const [row] = await db
    .update(webhookEndpoints)
    .set(patch)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.organizationId, organizationId)))
    .returning();
  return row ?? null;
}

export async function deleteEndpoint(db: Db, organizationId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.organizationId, organizationId)))
    .returning({ id: webhookEndpoints.id });
  return gone.length > 0;
}
