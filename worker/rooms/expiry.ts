import { and, eq, inArray, lte, ne } from "drizzle-orm";
import { chunksOf, type Db } from "../db/client";
import { organizationSettings, rooms } from "../db/schema";
import { clock } from "../lib/clock";
import { roomStub } from "./room-do";

/**
 * Rule I4: resolves rooms whose 24-hour window has expired. Each room checks its own window again,
 * so running this twice, or late, resolves nothing twice.
 */
export async function resolveExpiredRooms(env: Env, db: Db, organizationIds: string[]): Promise<number> {
  if (organizationIds.length === 0) return 0;
  const now = clock.now();
  // Any number of organizations: D1 binds at most 100 parameters per statement.
  const expired: { id: string }[] = [];
  for (const ids of chunksOf(organizationIds)) {
    expired.push(
      ...(await db
        .select({ id: rooms.id })
        .from(rooms)
        .where(and(inArray(rooms.organizationId, ids), ne(rooms.status, "resolved"), lte(rooms.windowExpiresAt, now)))),
    );
  }
  let resolved = 0;
  for (const { id } of expired) if (await roomStub(env, id).resolveExpired()) resolved++;
  return resolved;
}

/** The cron's safety net behind the rooms' own alarms: every organization with auto-resolve on. */
export async function autoResolveAll(env: Env, db: Db): Promise<number> {
  const orgs = await db
    .select({ id: organizationSettings.organizationId })
    .from(organizationSettings)
    .where(eq(organizationSettings.autoResolveExpired, true));
  return resolveExpiredRooms(
    env,
    db,
    orgs.map((o) => o.id),
  );
}
