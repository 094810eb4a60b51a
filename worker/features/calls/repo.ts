/**
 * The call log (rule C10) and who is on a call (C7). The CallDO is the only writer of a call's row;
 * the report and the API read it.
 */
import { and, desc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { isConstraintViolation } from "../../db/errors";
import { agentCalls, calls } from "../../db/schema-calls";

export type CallRow = typeof calls.$inferSelect;

export async function saveCall(db: Db, row: CallRow): Promise<void> {
  const { id, organizationId, channelId, providerCallId, direction, startedAt, ...changing } = row;
  await db.insert(calls).values(row).onConflictDoUpdate({ target: calls.id, set: changing });
}

export async function callOf(db: Db, organizationId: string, id: string): Promise<CallRow | undefined> {
  const [row] = await db
    .select()
    .from(calls)
    .where(and(eq(calls.id, id), eq(calls.organizationId, organizationId)));
  return row;
}

/** Rule C4: connected outbound calls to the contact on the number since `since`. */
export async function connectedOutboundSince(db: Db, channelId: string, contactId: string, since: number) {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(calls)
    .where(
      and(
        eq(calls.channelId, channelId),
        eq(calls.contactId, contactId),
        eq(calls.direction, "outbound"),
        gte(calls.connectedAt, since),
      ),
    );
  return row?.n ?? 0;
}

export interface CallLogFilter {
  from: number;
  to: number;
  direction?: "inbound" | "outbound" | undefined;
  outcome?: "answered" | "unanswered" | undefined;
}

/** Where the previous page ended: its last call (newest first, ties by id). */
export interface CallLogPosition {
  startedAt: number;
  id: string;
}

function endedWhere(organizationId: string, f: CallLogFilter): SQL[] {
  const where: SQL[] = [
    eq(calls.organizationId, organizationId),
    gte(calls.startedAt, f.from),
    lt(calls.startedAt, f.to),
    eq(calls.state, "ended"),
  ];
  if (f.direction) where.push(eq(calls.direction, f.direction));
  if (f.outcome) where.push(eq(calls.outcome, f.outcome));
  return where;
}

/** Ended calls started in [from, to), newest first, after `position` (C10). */
export async function endedCalls(
  db: Db,
  organizationId: string,
  f: CallLogFilter,
  limit: number,
  position?: CallLogPosition,
): Promise<CallRow[]> {
  const where = endedWhere(organizationId, f);
  if (position) {
    where.push(
      or(
        lt(calls.startedAt, position.startedAt),
        and(eq(calls.startedAt, position.startedAt), lt(calls.id, position.id)),
      ) as SQL,
    );
  }
  return db
    .select()
    .from(calls)
    .where(and(...where))
    .orderBy(desc(calls.startedAt), desc(calls.id))
    .limit(limit);
}

/** The figures of every ended call the filter matches, whatever page is shown (C10). */
export async function endedCallTotals(db: Db, organizationId: string, f: CallLogFilter) {
  const [row] = await db
    .select({
      calls: sql<number>`count(*)`,
      answered: sql<number>`coalesce(sum(case when ${calls.outcome} = 'answered' then 1 else 0 end), 0)`,
      cost: sql<number>`coalesce(sum(${calls.cost}), 0)`,
    })
    .from(calls)
    .where(and(...endedWhere(organizationId, f)));
  const total = Number(row?.calls ?? 0);
  const answered = Number(row?.answered ?? 0);
  return { calls: total, answered, unanswered: total - answered, cost: Number(row?.cost ?? 0) };
}

/** Inbound calls still ringing somebody, started since `since` (at most `limit`, newest first). */
export async function ringingCalls(db: Db, organizationId: string, since: number, limit: number) {
  return db
    .select({ channelId: calls.channelId, providerCallId: calls.providerCallId })
    .from(calls)
    .where(
      and(
        eq(calls.organizationId, organizationId),
        gte(calls.startedAt, since),
        eq(calls.state, "ringing"),
        eq(calls.direction, "inbound"),
      ),
    )
    .orderBy(desc(calls.startedAt))
    .limit(limit);
}

/** Rule C7: claims the agent for the call; false when they are on another call. */
export async function claimAgent(db: Db, organizationId: string, agentId: string, callId: string, now: number) {
  try {
    await db.insert(agentCalls).values({ organizationId, agentId, callId, since: now });
    return true;
  } catch (err) {
    if (!isConstraintViolation(err, "any")) throw err;
    const [row] = await db
      .select()
      .from(agentCalls)
      .where(and(eq(agentCalls.organizationId, organizationId), eq(agentCalls.agentId, agentId)));
    return row?.callId === callId;
  }
}

export async function releaseAgent(db: Db, organizationId: string, agentId: string, callId: string) {
  await db
    .delete(agentCalls)
    .where(
      and(
        eq(agentCalls.organizationId, organizationId),
        eq(agentCalls.agentId, agentId),
        eq(agentCalls.callId, callId),
      ),
    );
}

/** Rule C7: every agent this call claimed is free again (a no-op when none is left). */
export async function releaseCall(db: Db, organizationId: string, callId: string) {
  await db.delete(agentCalls).where(and(eq(agentCalls.organizationId, organizationId), eq(agentCalls.callId, callId)));
}

/** Rule C7: which of these agents are on a call now. */
export async function agentsOnCalls(db: Db, organizationId: string, agentIds: string[]): Promise<Set<string>> {
  if (agentIds.length === 0) return new Set();
  const busy = new Set<string>();
  for (const chunk of chunksOf(agentIds)) {
    const rows = await db
      .select({ agentId: agentCalls.agentId })
      .from(agentCalls)
      .where(and(eq(agentCalls.organizationId, organizationId), inArray(agentCalls.agentId, chunk)));
    for (const r of rows) busy.add(r.agentId);
  }
  return busy;
}
