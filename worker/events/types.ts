import type { ProviderError } from "../channels/types";
import type { OutboundStatus } from "../domain/delivery";
import type { Message, RoomSummary } from "../rooms/types";

/**
 * The domain events: what happened in a tenant's inbox, once, with a stable id. A room records its
 * events in its outbox in the same SQLite transaction as the change; everything else that wants to
 * know (the inbox index, the live feed, reports, tenant webhooks, campaign and call logs) learns of
 * them from there (rule G6: each event is delivered at least once and applied once by its id).
 */
interface EventBase {
  /** Stable across retries: listeners dedupe by it. */
  id: string;
  organizationId: string;
  /** ms since the epoch, from the one clock. */
  at: number;
}

export type RoomEventType = "room.created" | "room.assigned" | "room.resolved" | "room.updated";

export type DomainEvent = EventBase &
  (
    | { type: "message.created" | "message.updated"; roomId: string; message: Message }
    | { type: RoomEventType; roomId: string; room: RoomSummary }
    | { type: "contact.blocked" | "contact.unblocked"; contactId: string }
    | {
        type: "template.status_changed";
        templateId: string;
        channelId: string;
        name: string;
        language: string;
        status: string;
        reason: string | null;
      }
    | {
        /** A campaign began sending (issue 15: tenant webhooks), again when a retry resumes it. */
        type: "campaign.started";
        campaignId: string;
        channelId: string;
        templateName: string;
        language: string;
        total: number;
      }
    | {
        /** A campaign ended: completed, partially_completed, failed or cancelled, with its counts (issue 15). */
        type: "campaign.completed";
        campaignId: string;
        channelId: string;
        templateName: string;
        language: string;
        status: string;
        stopReason: string | null;
        total: number;
        counts: Record<string, number>;
        /** Integer rupiah charged (net of refunds). */
        cost: number;
      }
    | {
        /** A status webhook for a campaign's message (issue 13: found by biz_opaque_callback_data). */
        type: "campaign.recipient_status";
        campaignId: string;
        recipientId: number;
        /** Which send of the recipient the status is of (a Retry sends again); absent in older events. */
        attempt?: number | null;
        status: "sent" | "delivered" | "read" | "failed";
        errorCode: string | null;
        providerMessageId: string;
      }
    | {
        /**
         * Rule I3: a campaign's message to a recipient, for the recipient's room (the room opens when
         * the contact has none unresolved); published again with each later state of the recipient.
         */
        type: "campaign.message";
        campaignId: string;
        campaignName: string | null;
        channelId: string;
        recipientId: number;
        /** E.164. */
        phone: string;
        providerMessageId: string;
        /** The template's body with the recipient's values; null for a campaign created before it was kept. */
        text: string | null;
        /** `pending` while Meta holds it for pacing (T8). */
        status: OutboundStatus;
        error: ProviderError | null;
        sentAt: number;
      }
    | {
        /** Issue 14: a WhatsApp call started ringing, was answered, or ended (with its cost, B8). */
        type: "call.started" | "call.answered" | "call.ended";
        callId: string;
        channelId: string;
        roomId: string | null;
        contactId: string | null;
        direction: "inbound" | "outbound";
        status: "ringing" | "answered" | "unanswered";
        agentId: string | null;
        durationSeconds: number;
        cost: number;
      }
  );

export type DomainEventType = DomainEvent["type"];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/** An event as a producer states it: the id and the time are given when it is recorded. */
export type NewEvent = DomainEvent extends infer E ? (E extends DomainEvent ? Omit<E, "id" | "at"> : never) : never;
