import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "./client";
import { quickReplies } from "./schema";

/**
 * Rule I8: the quick replies of an organization. Issue 17: the team's (`owner_id` "") beside each
 * person's own (`owner_id` their identity id); nobody sees or touches another person's own.
 */
export const TEAM = "";
const columns = {
  id: quickReplies.id,
  title: quickReplies.title,
  text: quickReplies.text,
  scope: sql<"team" | "personal">`CASE WHEN ${quickReplies.ownerId} = '' THEN 'team' ELSE 'personal' END`,
  updatedAt: quickReplies.updatedAt,
};
/** The owners a person may see: the team, and themselves when they are a person (not an API key). */
const visibleTo = (personId: string | null) => (personId ? [TEAM, personId] : [TEAM]);
const one = (organizationId: string, id: string, ownerId: string) =>
  and(eq(quickReplies.id, id), eq(quickReplies.organizationId, organizationId), eq(quickReplies.ownerId, ownerId));

export async function quickRepliesOf(db: Db, organizationId: string, personId: string | null) {
  return db
    .select(columns)
    .from(quickReplies)
    .where(and(eq(quickReplies.organizationId, organizationId), inArray(quickReplies.ownerId, visibleTo(personId))))
    .orderBy(asc(quickReplies.title), asc(quickReplies.ownerId));
}

/** Whose a quick reply is ("" the team's), when the person may see it; undefined otherwise. */
export async function quickReplyOwner(db: Db, organizationId: string, id: string, personId: string | null) {
  const row = await db.query.quickReplies.findFirst({
    columns: { ownerId: true },
    where: and(
      eq(quickReplies.id, id),
      eq(quickReplies.organizationId, organizationId),
      inArray(quickReplies.ownerId, visibleTo(personId)),
    ),
  });
  return row?.ownerId;
}

/** Adds a quick reply for `ownerId` ("" the team); undefined when that owner has the title already. */
export async function insertQuickReply(
  db: Db,
  organizationId: string,
  reply: { title: string; text: string },
  ownerId: string,
  now: number,
) {
  const [row] = await db
    .insert(quickReplies)
    .values({ id: crypto.randomUUID(), organizationId, ownerId, ...reply, updatedAt: now })
    .onConflictDoNothing()
    .returning(columns);
  return row;
}

/** Changes one owner's quick reply; a taken title throws the constraint violation (see `db/errors.ts`). */
export async function updateQuickReply(
  db: Db,
  organizationId: string,
  id: string,
  ownerId: string,
  change: { title?: string | undefined; text?: string | undefined },
  now: number,
) {
  const [row] = await db
    .update(quickReplies)
    .set({ ...change, updatedAt: now })
    .where(one(organizationId, id, ownerId))
    .returning(columns);
  return row;
}

export async function deleteQuickReply(db: Db, organizationId: string, id: string, ownerId: string) {
  const [row] = await db
    .delete(quickReplies)
    .where(one(organizationId, id, ownerId))
    .returning({ id: quickReplies.id });
  return row !== undefined;
}
