import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { AVAILABILITIES } from "../domain/assignment";
import { organizationId } from "./schema";

/**
 * Rule I12: what each member chose to be in an organization (`online`, `away`, `offline`). A member
 * without a row has never chosen: `online`. What others see also needs an open inbox socket
 * (`domain/assignment.ts`, `effectiveAvailability`): a stale "online" with no socket is offline.
 */
export const agentAvailability = sqliteTable(
  "agent_availability",
  {
    organizationId: organizationId(),
    userId: text("user_id").notNull(),
    availability: text("availability", { enum: AVAILABILITIES }).notNull(),
    changedAt: integer("changed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);

/** Rule I12: automatic assignment of new rooms, per organization (off until an admin turns it on). */
export const assignmentSettings = sqliteTable("assignment_settings", {
  organizationId: text("organization_id").primaryKey(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
  maxOpenPerAgent: integer("max_open_per_agent").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
