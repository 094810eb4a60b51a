/** Rules C2-C4: call permissions per contact and number, and the requests sent. */
import { and, desc, eq, gte } from "drizzle-orm";
import type { Db } from "../../db/client";
import { callPermissionRequests, callPermissions } from "../../db/schema-calls";

export type PermissionRow = typeof callPermissions.$inferSelect;
type PermissionChange = Partial<
  Pick<PermissionRow, "state" | "expiresAt" | "answeredAt" | "lastConnectedAt" | "unansweredInARow">
>;

export async function permissionOf(db: Db, channelId: string, contactId: string): Promise<PermissionRow | undefined> {
  const [row] = await db
    .select()
    .from(callPermissions)
    .where(and(eq(callPermissions.channelId, channelId), eq(callPermissions.contactId, contactId)));
  return row;
}

export async function changePermission(
  db: Db,
  key: { organizationId: string; channelId: string; contactId: string },
  change: PermissionChange,
  now: number,
) {
  await db
    .insert(callPermissions)
    .values({ ...key, ...change, updatedAt: now })
    .onConflictDoUpdate({
      target: [callPermissions.channelId, callPermissions.contactId],
      set: { ...change, updatedAt: now },
    });
}

/** Requests sent to the contact on the number since `since`, newest first. */
export async function requestsSince(db: Db, channelId: string, contactId: string, since: number) {
  return db
    .select()
    .from(callPermissionRequests)
    .where(
      and(
        eq(callPermissionRequests.channelId, channelId),
        eq(callPermissionRequests.contactId, contactId),
        gte(callPermissionRequests.sentAt, since),
      ),
    )
    .orderBy(desc(callPermissionRequests.sentAt));
}

export async function recordRequest(db: Db, row: typeof callPermissionRequests.$inferInsert) {
  await db.insert(callPermissionRequests).values(row);
}

/** Rule C3: pending requests end (a call connected, a newer one was answered, the room resolved). */
export async function closePendingRequests(
  db: Db,
  channelId: string,
  contactId: string,
  state: "answered" | "expired",
) {
  await db
    .update(callPermissionRequests)
    .set({ state })
    .where(
      and(
        eq(callPermissionRequests.channelId, channelId),
        eq(callPermissionRequests.contactId, contactId),
        eq(callPermissionRequests.state, "pending"),
      ),
    );
}
