import { and, asc, eq } from "drizzle-orm";
import type { Db } from "./client";
import { quickReplies } from "./schema";

/** Rule I8: the quick replies of an organization. */
const columns = {
  id: quickReplies.id,
  title: quickReplies.title,
  text: quickReplies.text,
  updatedAt: quickReplies.updatedAt,
};
const mine = (organizationId: string, id: string) =>
  and(eq(quickReplies.id, id), eq(quickReplies.organizationId, organizationId));

export async function quickRepliesOf(db: Db, organizationId: string) {
  return db
    .select(columns)
    .from(quickReplies)
    .where(eq(quickReplies.organizationId, organizationId))
    .orderBy(asc(quickReplies.title));
}

/** Adds a quick reply; undefined when its title is taken. */
export async function insertQuickReply(
  db: Db,
  organizationId: string,
  reply: { title: string; text: string },
  now: number,
) {
  const [row] = await db
    .insert(quickReplies)
    .values({ id: crypto.randomUUID(), organizationId, ...reply, updatedAt: now })
    .onConflictDoNothing()
    .returning(columns);
  return row;
}

export async function quickReplyExists(db: Db, organizationId: string, id: string): Promise<boolean> {
  return (await db.query.quickReplies.findFirst({ where: mine(organizationId, id) })) !== undefined;
}

/** Changes a quick reply; a taken title throws the constraint violation (see `db/errors.ts`). */
export async function updateQuickReply(
  db: Db,
  organizationId: string,
  id: string,
  change: { title?: string | undefined; text?: string | undefined },
  now: number,
) {
  const [row] = await db
    .update(quickReplies)
    .set({ ...change, updatedAt: now })
    .where(mine(organizationId, id))
    .returning(columns);
  return row;
}

export async function deleteQuickReply(db: Db, organizationId: string, id: string): Promise<boolean> {
  const [row] = await db.delete(quickReplies).where(mine(organizationId, id)).returning({ id: quickReplies.id });
  return row !== undefined;
}
