import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { SurveyOutcome } from "../domain/csat";
import { organizationId } from "./schema";

/**
 * Rule R3: a tenant's CSAT setting. `templateName` + `templateLanguage`: the approved template (of that
 * name on the room's channel) sent when the reply window has closed; null: skipped with a note.
 */
export const csatSettings = sqliteTable("csat_settings", {
  organizationId: text("organization_id").primaryKey(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
  question: text("question").notNull(),
  templateName: text("template_name"),
  templateLanguage: text("template_language"),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Rule R3: one survey per conversation (the room id is the key: a second resolve asks nothing), with
 * the customer's rating and comment once given. `agentId`: who held the room when it was resolved.
 */
export const csatSurveys = sqliteTable(
  "csat_surveys",
  {
    roomId: text("room_id").primaryKey(),
    organizationId: organizationId(),
    channelId: text("channel_id").notNull(),
    contactExternalId: text("contact_external_id").notNull(),
    agentId: text("agent_id"),
    /** When the conversation was resolved: the report's dates are this one's. */
    resolvedAt: integer("resolved_at").notNull(),
    /** null while the survey is on its way. */
    outcome: text("outcome").$type<SurveyOutcome>(),
    messageId: text("message_id"),
    sentAt: integer("sent_at"),
    rating: integer("rating"),
    ratedAt: integer("rated_at"),
    comment: text("comment"),
    commentedAt: integer("commented_at"),
  },
  (t) => [
    index("csat_surveys_org_resolved").on(t.organizationId, t.resolvedAt),
    index("csat_surveys_contact_rated").on(t.channelId, t.contactExternalId, t.ratedAt),
  ],
);
