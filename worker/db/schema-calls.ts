import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CALL_DIRECTIONS, CALL_OUTCOMES, PERMISSION_STATES, RING_MODES } from "../domain/calls";
import { createdAt, organizationId } from "./schema";

/**
 * The call log (rule C10): one row per WhatsApp call, written only by the call's CallDO (the single
 * writer of a call's state), read by the call activity report.
 */
export const calls = sqliteTable(
  "calls",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    channelId: text("channel_id").notNull(),
    /** The provider's call id (WhatsApp: wacid). */
    providerCallId: text("provider_call_id").notNull(),
    contactId: text("contact_id"),
    roomId: text("room_id"),
    direction: text("direction", { enum: CALL_DIRECTIONS }).notNull(),
    /** ringing, accepting, active, ended (the CallDO's state). */
    state: text("state").notNull(),
    /** Answered or Unanswered once ended; null while the call lasts. */
    outcome: text("outcome", { enum: CALL_OUTCOMES }),
    agentId: text("agent_id"),
    startedAt: integer("started_at").notNull(),
    connectedAt: integer("connected_at"),
    endedAt: integer("ended_at"),
    durationSeconds: integer("duration_seconds").notNull().default(0),
    /** Rupiah charged to the voice balance (B8); inbound calls are free. */
    cost: integer("cost").notNull().default(0),
    endReason: text("end_reason"),
  },
  (t) => [
    uniqueIndex("calls_channel_provider").on(t.channelId, t.providerCallId),
    index("calls_org_started").on(t.organizationId, t.startedAt),
    index("calls_contact").on(t.channelId, t.contactId, t.startedAt),
  ],
);

/** Rule C7: the agents on a call, one row each: the PRIMARY KEY makes a second claim fail. */
export const agentCalls = sqliteTable(
  "agent_calls",
  {
    organizationId: organizationId(),
    agentId: text("agent_id").notNull(),
    callId: text("call_id").notNull(),
    since: integer("since").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.agentId] })],
);

/**
 * Rule B8: what each connected outbound call holds of its organization's voice balance (its started
 * minutes), one row per call until it is charged. Calls at the same time share the balance: a call
 * holds a minute only while the balance less every other call's hold pays for it.
 */
export const voiceHolds = sqliteTable(
  "voice_holds",
  {
    callId: text("call_id").primaryKey(),
    organizationId: organizationId(),
    /** Rupiah held: the call's started minutes at its rate. */
    amount: integer("amount").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("voice_holds_org").on(t.organizationId)],
);

/** Rules C5, C6, C8: ring groups of a WhatsApp number. */
export const ringGroups = sqliteTable(
  "ring_groups",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    channelId: text("channel_id").notNull(),
    name: text("name").notNull(),
    mode: text("mode", { enum: RING_MODES }).notNull(),
    ringTimeoutSeconds: integer("ring_timeout_seconds").notNull().default(45),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("ring_groups_org_channel").on(t.organizationId, t.channelId)],
);

/** Rule C8: UNIQUE (channel, agent): an agent is in at most one ring group per number. */
export const ringGroupMembers = sqliteTable(
  "ring_group_members",
  {
    ringGroupId: text("ring_group_id").notNull(),
    channelId: text("channel_id").notNull(),
    agentId: text("agent_id").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ringGroupId, t.agentId] }),
    uniqueIndex("ring_group_members_channel_agent").on(t.channelId, t.agentId),
  ],
);

/** Rule C1: a WhatsApp number's calling switches (off until an admin turns them on). */
export const callSettings = sqliteTable("call_settings", {
  channelId: text("channel_id").primaryKey(),
  organizationId: organizationId(),
  inbound: integer("inbound", { mode: "boolean" }).notNull().default(false),
  outbound: integer("outbound", { mode: "boolean" }).notNull().default(false),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Rules C2-C4: a contact's call permission on a number: the customer's latest answer, the limits'
 * reset point (the last connected call) and the run of unanswered outbound calls.
 */
export const callPermissions = sqliteTable(
  "call_permissions",
  {
    channelId: text("channel_id").notNull(),
    contactId: text("contact_id").notNull(),
    organizationId: organizationId(),
    state: text("state", { enum: PERMISSION_STATES }).notNull().default("none"),
    /** A temporary grant's end (C3: 168 h from approval). */
    expiresAt: integer("expires_at"),
    answeredAt: integer("answered_at"),
    lastConnectedAt: integer("last_connected_at"),
    unansweredInARow: integer("unanswered_in_a_row").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.contactId] })],
);

/** Rule C2, C3: every permission request sent, for the limits and the 72 h expiry. */
export const callPermissionRequests = sqliteTable(
  "call_permission_requests",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    channelId: text("channel_id").notNull(),
    contactId: text("contact_id").notNull(),
    roomId: text("room_id").notNull(),
    providerMessageId: text("provider_message_id"),
    sentAt: integer("sent_at").notNull(),
    /** pending, answered, expired. */
    state: text("state").notNull().default("pending"),
  },
  (t) => [index("call_permission_requests_contact").on(t.channelId, t.contactId, t.sentAt)],
);
