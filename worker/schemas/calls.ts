/**
 * WhatsApp calls (rules C1-C11, B8): every request and response body of the calls API and the
 * `call.*` messages of the inbox socket. Shared with the web app (call widget, Settings > Calls,
 * Reports > Call activity).
 */
import { z } from "@hono/zod-openapi";
import { CALL_DIRECTIONS, CALL_OUTCOMES, CALL_STATES, PERMISSION_STATES, RING_MODES } from "../domain/calls";
import { checkReportRange, ReportDay } from "./reports";

/** An SDP as browsers write it (CRLF lines starting with v=0). */
export const SdpSchema = z.string().min(10).max(20_000).startsWith("v=0").openapi({ example: "v=0\r\no=- ..." });

export const CallIdParamSchema = z.object({ id: z.string().min(1).max(64) });
export const SdpBodySchema = z.object({ sdp: SdpSchema });

export const IceServersSchema = z.object({
  iceServers: z.array(
    z.object({
      urls: z.union([z.string(), z.array(z.string())]),
      username: z.string().optional(),
      credential: z.string().optional(),
    }),
  ),
});

export const CallSchema = z.object({
  id: z.string(),
  channelId: z.string(),
  roomId: z.string().nullable(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  contactExternalId: z.string(),
  direction: z.enum(CALL_DIRECTIONS),
  state: z.enum(CALL_STATES),
  outcome: z.enum(CALL_OUTCOMES).nullable(),
  agentId: z.string().nullable(),
  startedAt: z.number().int(),
  connectedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  durationSeconds: z.number().int(),
  cost: z.number().int(),
  endReason: z.string().nullable(),
  /** Inbound: the customer's offer (for an agent who missed the ring); outbound: the provider's answer once known. */
  remoteSdp: z.string().nullable(),
});
export type CallView = z.infer<typeof CallSchema>;

export const CallingSettingsBodySchema = z.object({ inbound: z.boolean(), outbound: z.boolean() });
export const CallingSettingsSchema = CallingSettingsBodySchema.extend({ channelId: z.string() });

const Members = z.array(z.string().min(1).max(64)).max(100);
export const RingGroupBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  channelId: z.string().min(1).max(64),
  mode: z.enum(RING_MODES),
  members: Members.default([]),
  ringTimeoutSeconds: z.number().int().min(30).max(60).default(45),
});
export const RingGroupPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    mode: z.enum(RING_MODES),
    members: Members,
    ringTimeoutSeconds: z.number().int().min(30).max(60),
  })
  .partial();
export const RingGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  channelId: z.string(),
  mode: z.enum(RING_MODES),
  members: z.array(z.string()),
  ringTimeoutSeconds: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export const RingGroupListSchema = z.object({ ringGroups: z.array(RingGroupSchema) });
export const RingGroupIdParamSchema = z.object({ id: z.string().min(1).max(64) });

/** Strict: with every field optional, a body of anything else is a mistake, not an empty request. */
export const PermissionRequestBodySchema = z.strictObject({ text: z.string().trim().min(1).max(1024).optional() });
export const CallPermissionSchema = z.object({
  roomId: z.string(),
  state: z.enum(PERMISSION_STATES),
  expiresAt: z.number().int().nullable(),
  /** When the next request may be sent (C2); null: now. */
  nextRequestAt: z.number().int().nullable(),
  unansweredInARow: z.number().int(),
  /** C4: two unanswered calls in a row: the customer is asked to reconsider; four revoke. */
  warning: z.boolean(),
  /**
   * C2: until when a conversation of any category (a template's too) is open with the customer;
   * null: none. A request needs this or the customer's reply window.
   */
  conversationOpenUntil: z.number().int().nullable(),
});
export type CallPermissionView = z.infer<typeof CallPermissionSchema>;

const Day = ReportDay;
export const CallReportQuerySchema = z
  .object({
    from: Day.openapi({ example: "2026-12-01" }),
    to: Day.openapi({ example: "2026-12-07", description: "inclusive" }),
    direction: z.enum(CALL_DIRECTIONS).optional(),
    status: z.enum(CALL_OUTCOMES).optional(),
    cursor: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: "The `nextCursor` of the previous page; none for the newest calls" }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .superRefine(checkReportRange);
export const CallReportRowSchema = z.object({
  id: z.string(),
  direction: z.enum(CALL_DIRECTIONS),
  status: z.enum(["Answered", "Unanswered"]),
  /** The agent's name, "N/A" when none (C10). */
  agent: z.string(),
  contact: z.string().nullable(),
  startedAt: z.number().int(),
  durationSeconds: z.number().int(),
  cost: z.number().int(),
});
export const CallReportSchema = z.object({
  calls: z.array(CallReportRowSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Every call the filter matches, not only this page's. */
  totals: z.object({
    calls: z.number().int(),
    answered: z.number().int(),
    unanswered: z.number().int(),
    cost: z.number().int(),
  }),
});

/** Rule C5: the calls ringing the signed-in agent now, each with the customer's offer (`remoteSdp`). */
export const RingingCallsSchema = z.object({ calls: z.array(CallSchema) });

/** What the inbox socket says about calls (rules C5-C7, C3). */
export const CallSocketMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("call.ringing"),
    call: CallSchema,
    contact: z.object({ id: z.string().nullable(), name: z.string().nullable(), externalId: z.string() }),
    roomId: z.string().nullable(),
    /** The customer's SDP offer, to answer with RTCPeerConnection. */
    sdp: z.string(),
  }),
  z.object({ type: z.literal("call.taken"), callId: z.string(), agentId: z.string() }),
  z.object({ type: z.literal("call.connected"), call: CallSchema }),
  /** Outbound: the provider's SDP answer for the placing agent's browser. */
  z.object({ type: z.literal("call.answer"), callId: z.string(), sdp: z.string() }),
  z.object({ type: z.literal("call.ended"), call: CallSchema }),
  z.object({ type: z.literal("call.permission"), permission: CallPermissionSchema }),
]);
export type CallSocketMessage = z.infer<typeof CallSocketMessageSchema>;
