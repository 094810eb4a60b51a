import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizationSettings, organizations } from "../../db/schema";
import type { OfficeHours } from "../../domain/office-hours";

/** The organization's office hours (null: never set) and its time zone, which they are in (I9). */
export async function officeHoursOf(
  db: Db,
  organizationId: string,
): Promise<{ hours: OfficeHours | null; timeZone: string } | null> {
  const [row] = await db
    .select({ hours: organizationSettings.officeHours, timeZone: organizations.timeZone })
    .from(organizations)
    .leftJoin(organizationSettings, eq(organizationSettings.organizationId, organizations.id))
    .where(eq(organizations.id, organizationId));
  return row ? { hours: row.hours ?? null, timeZone: row.timeZone } : null;
}

export async function saveOfficeHours(db: Db, organizationId: string, hours: OfficeHours, now: number): Promise<void> {
  await db
    .insert(organizationSettings)
    .values({ organizationId, officeHours: hours, updatedAt: now })
    .onConflictDoUpdate({ target: organizationSettings.organizationId, set: { officeHours: hours, updatedAt: now } });
}
