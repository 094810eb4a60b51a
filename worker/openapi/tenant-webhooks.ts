import type { OpenAPIHono } from "@hono/zod-openapi";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../domain/webhooks";
import type { AppEnv } from "../lib/router";

type Doc = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;

/** What each tenant event's `data` carries beside its `id` and `at` (rule G5). */
const DATA: Record<WebhookEventType, string> = {
  "message.created": "`roomId` and `message` (as GET /api/rooms/{id}/messages shows it)",
  "message.updated": "`roomId` and `message`, with its new status, edit or file",
  "room.created": "`roomId` and `room` (status, assignee, contact, window)",
  "room.assigned": "`roomId` and `room`, with its new `assigneeId`",
  "room.resolved": "`roomId` and `room`",
  "contact.blocked": "`contactId`",
  "contact.unblocked": "`contactId`",
  "template.status_changed": "`templateId`, `name`, `language`, `status`, `reason`",
  "campaign.started": "`campaignId`, `name`, `recipients`",
  "campaign.completed": "`campaignId`, `status` and the counts per recipient state",
  "campaign.recipient_status":
    "`campaignId`, `recipientId`, `attempt` (which send of the recipient: a Retry sends again), `status`, `errorCode`, `providerMessageId`",
  "call.started": "`callId`, `roomId`, `direction`, `status`",
  "call.answered": "`callId`, `roomId`, `direction`, `agentId`",
  "call.ended": "`callId`, `roomId`, `direction`, `status`, `agentId`, `durationSeconds`, `cost` (rupiah)",
};

/**
 * Rule G5 in the document: each event a tenant endpoint may receive, as OpenAPI 3.1 `webhooks`. The
 * body is Standard Webhooks' shape, signed with the endpoint's secret (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature: v1,<base64>` over `id.timestamp.body`).
 */
export function documentTenantWebhooks(doc: Doc): void {
  const headers = [
    ["webhook-id", "The delivery's id (`msg_…`): the same on every retry and replay; dedupe by it"],
    ["webhook-timestamp", "Unix seconds when this attempt was signed; refuse old ones"],
    ["webhook-signature", "`v1,<base64 HMAC-SHA256>` of `id.timestamp.body` with the endpoint's secret"],
  ].map(([name, description]) => ({ name, in: "header", required: true, description, schema: { type: "string" } }));
  doc.webhooks = Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `on${type
            .split(/[._]/)
            .map((w) => w[0]?.toUpperCase() + w.slice(1))
            .join("")}`,
          summary: `${type}: data has ${DATA[type]}`,
          tags: ["webhook-endpoints"],
          security: [],
          parameters: headers,
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["type", "timestamp", "data"],
                  properties: {
                    type: { type: "string", const: type },
                    timestamp: { type: "string", format: "date-time" },
                    data: {
                      type: "object",
                      required: ["id", "at"],
                      properties: {
                        id: { type: "string", description: "The event's id: the same on every delivery of it" },
                        at: { type: "integer", description: "When it happened, ms since the epoch" },
                      },
                      additionalProperties: true,
                    },
                  },
                },
                example: { type, timestamp: "2026-12-04T09:00:00.000Z", data: { id: "evt_1", at: 1796374800000 } },
              },
            },
          },
          responses: {
            "200": { description: "Received: any 2xx. Anything else is retried (5 s, 5 min, 30 min, 2 h, …)" },
            "410": { description: "Gone: the endpoint is disabled and nothing more is sent to it" },
          },
        },
      },
    ]),
  ) as Doc["webhooks"];
}
