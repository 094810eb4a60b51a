/** Ring groups and their members (rules C5, C6, C8). */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { isConstraintViolation } from "../../db/errors";
import { ringGroupMembers, ringGroups } from "../../db/schema-calls";
import type { RingMode } from "../../domain/calls";

export interface RingGroup {
  id: string;
  organizationId: string;
  channelId: string;
  name: string;
  mode: RingMode;
  ringTimeoutSeconds: number;
  members: string[];
  createdAt: number;
  updatedAt: number;
}

/** The organization's groups (of one number when `channelId` is given), oldest first, with members in order. */
export async function ringGroupsOf(db: Db, organizationId: string, channelId?: string): Promise<RingGroup[]> {
  const where = channelId
    ? and(eq(ringGroups.organizationId, organizationId), eq(ringGroups.channelId, channelId))
    : eq(ringGroups.organizationId, organizationId);
  const groups = await db.select().from(ringGroups).where(where).orderBy(asc(ringGroups.createdAt), asc(ringGroups.id));
  if (groups.length === 0) return [];
  const members = await db
    .select()
    .from(ringGroupMembers)
    .innerJoin(ringGroups, eq(ringGroups.id, ringGroupMembers.ringGroupId))
    .where(where)
    .orderBy(asc(ringGroupMembers.position));
  return groups.map((g) => ({
    ...g,
    members: members.filter((m) => m.ring_group_members.ringGroupId === g.id).map((m) => m.ring_group_members.agentId),
  }));
}

export async function ringGroupOf(db: Db, organizationId: string, id: string): Promise<RingGroup | undefined> {
  return (await ringGroupsOf(db, organizationId)).find((g) => g.id === id);
}

export type GroupWrite = Omit<RingGroup, "createdAt" | "updatedAt">;

/**
 * Writes the group and replaces its members in one batch. False when an agent is already in another
 * group of the same number (C8: the UNIQUE (channel, agent) index refuses it; nothing is written).
 */
export async function saveRingGroup(db: Db, g: GroupWrite, now: number, isNew: boolean): Promise<boolean> {
  const { members, ...row } = g;
  const write = isNew
    ? db.insert(ringGroups).values({ ...row, createdAt: now, updatedAt: now })
    : db
        .update(ringGroups)
        .set({ name: row.name, mode: row.mode, ringTimeoutSeconds: row.ringTimeoutSeconds, updatedAt: now })
        .where(and(eq(ringGroups.id, row.id), eq(ringGroups.organizationId, row.organizationId)));
  const clear = db.delete(ringGroupMembers).where(eq(ringGroupMembers.ringGroupId, g.id));
  const inserts = members.map((agentId, position) =>
    db.insert(ringGroupMembers).values({ ringGroupId: g.id, channelId: g.channelId, agentId, position }),
  );
  try {
    await db.batch([write, clear, ...inserts]);
    return true;
  } catch (err) {
    if (isConstraintViolation(err, "UNIQUE")) return false;
    throw err;
  }
}

export async function deleteRingGroup(db: Db, organizationId: string, id: string): Promise<void> {
  await db.batch([
    db.delete(ringGroupMembers).where(eq(ringGroupMembers.ringGroupId, id)),
    db.delete(ringGroups).where(and(eq(ringGroups.id, id), eq(ringGroups.organizationId, organizationId))),
  ]);
}
