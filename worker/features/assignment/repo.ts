import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agentAvailability, assignmentSettings } from "../../db/schema-assignment";
import { type Availability, DEFAULT_AVAILABILITY, DEFAULT_MAX_OPEN_PER_AGENT } from "../../domain/assignment";

/** Rule I12: the one repository of `agent_availability` and `assignment_settings`. */
export interface AssignmentSettings {
  enabled: boolean;
  maxOpenPerAgent: number;
}

export async function readAssignmentSettings(db: Db, organizationId: string): Promise<AssignmentSettings> {
  const [row] = await db
    .select({ enabled: assignmentSettings.enabled, maxOpenPerAgent: assignmentSettings.maxOpenPerAgent })
    .from(assignmentSettings)
    .where(eq(assignmentSettings.organizationId, organizationId));
  return row ?? { enabled: false, maxOpenPerAgent: DEFAULT_MAX_OPEN_PER_AGENT };
}

export async function writeAssignmentSettings(
  db: Db,
  organizationId: string,
  settings: AssignmentSettings,
  now: number,
): Promise<void> {
  await db
    .insert(assignmentSettings)
    .values({ organizationId, ...settings, updatedAt: now })
    .onConflictDoUpdate({ target: assignmentSettings.organizationId, set: { ...settings, updatedAt: now } });
}

export async function availabilityOf(db: Db, organizationId: string, userId: string): Promise<Availability> {
  const [row] = await db
    .select({ availability: agentAvailability.availability })
    .from(agentAvailability)
    .where(and(eq(agentAvailability.organizationId, organizationId), eq(agentAvailability.userId, userId)));
  return row?.availability ?? DEFAULT_AVAILABILITY;
}

/** Every member's choice that was ever made; the others have the default. */
export async function availabilitiesOf(db: Db, organizationId: string): Promise<Map<string, Availability>> {
  const rows = await db
    .select({ userId: agentAvailability.userId, availability: agentAvailability.availability })
    .from(agentAvailability)
    .where(eq(agentAvailability.organizationId, organizationId));
  return new Map(rows.map((r) => [r.userId, r.availability]));
}

export async function saveAvailability(
  db: Db,
  organizationId: string,
  userId: string,
  availability: Availability,
  now: number,
): Promise<void> {
  await db
    .insert(agentAvailability)
    .values({ organizationId, userId, availability, changedAt: now })
    .onConflictDoUpdate({
      target: [agentAvailability.organizationId, agentAvailability.userId],
      set: { availability, changedAt: now },
    });
}
