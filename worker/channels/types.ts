/**
 * The common message shape every channel adapter parses into and sends from.
 * Times are ms since the epoch; provider ids are kept verbatim (WhatsApp: wamid, wa_id, phone_number_id).
 */
import type { DeliveryStatus, MessageKind } from "../domain/types";
import type { TemplateHeaderParameter } from "./template-types";

// The kinds and statuses are the domain's (pure rules read them); adapters parse into them.
export { DELIVERY_STATUSES, type DeliveryStatus, MESSAGE_KINDS, type MessageKind } from "../domain/types";

export interface MediaRef {
  /** The provider's media id, to be fetched through the provider's API. */
  providerMediaId: string;
  mimeType: string | null;
  filename: string | null;
  sha256: string | null;
}

export interface LocationPayload {
  latitude: number;
  longitude: number;
  name: string | null;
  address: string | null;
}

/**
 * Who sent an inbound message. `externalId` is the phone (WhatsApp: wa_id) when the provider gives
 * one, else its user id (WhatsApp: the business-scoped user id, BSUID); both are given when known,
 * so that the contact can be linked (issue 12, I1).
 */
export interface InboundContact {
  externalId: string;
  name: string | null;
  phone?: string | null;
  userId?: string | null;
  username?: string | null;
}

/** A quick-reply button, list row or flow answer the customer tapped, beside its title. */
export interface InteractiveReply {
  type: string;
  id: string | null;
  title: string | null;
  description: string | null;
  payload: string | null;
  /** A flow's answers (WhatsApp: nfm_reply.response_json), as Meta sent them. */
  responseJson: string | null;
}

export interface OrderItem {
  productRetailerId: string;
  quantity: number;
  itemPrice: number | null;
  currency: string | null;
}

/**
 * What a message carries beyond its kind's common fields (issue 12: nothing the customer sent is
 * thrown away). Every part is optional; absent parts are left out of the stored JSON.
 */
export interface MessageDetails {
  /** A click-to-WhatsApp ad or post the conversation came from. */
  referral?: {
    sourceUrl: string | null;
    sourceId: string | null;
    sourceType: string | null;
    headline: string | null;
    body: string | null;
    mediaType: string | null;
    ctwaClid: string | null;
  };
  order?: { catalogId: string | null; text: string | null; items: OrderItem[] };
  reply?: InteractiveReply;
  forwarded?: boolean;
  frequentlyForwarded?: boolean;
  /** Media: the provider's checksum (base64 sha256) of the file, and whether a sticker moves. */
  sha256?: string;
  animated?: boolean;
  /** A shared place's link (WhatsApp: location.url). */
  locationUrl?: string;
  /** The provider id of the quoted message, kept when that message is not in this room. */
  quotedProviderId?: string;
  /** The customer edited (the text or caption shown is the latest) or deleted the message. */
  edited?: boolean;
  revoked?: boolean;
  /** What the provider could not deliver to us: the type it named and its errors. */
  unsupported?: { type: string | null; errors: ProviderError[] };
  /** A provider notice about the customer: a changed number or user id, or a changed identity. */
  system?: { type: string | null; body: string | null; newExternalId: string | null };
  /** An item the adapter could not read, as the provider sent it (capped). */
  raw?: string;
  /**
   * Email (issue 16): the mail's subject and sender (the sender differs from the room's contact when
   * someone else answered in the thread), and the whole text when its quoted history was taken off.
   */
  /** `automatic`: an out-of-office, bounce or list mail (RFC 3834), never answered automatically. */
  email?: { subject: string; from: string; fullText: string | null; automatic?: boolean };
  /** Outbound: a campaign's message, kept in its recipient's room (rule I3). */
  broadcast?: { campaignId: string; name: string | null };
  /** Outbound: what the provider will bill for it, from its latest status that said (issue 12). */
  billing?: StatusBilling;
}

/** An inbound message that changes an earlier one instead of adding a bubble. */
export type InboundChange = { type: "edit"; targetProviderId: string } | { type: "revoke"; targetProviderId: string };

export interface InboundMessage {
  providerMessageId: string;
  /** The business account the message was sent to (WhatsApp: metadata.phone_number_id). */
  channelKey: string;
  contact: InboundContact;
  sentAt: number;
  kind: MessageKind;
  /** Text body, media caption, or the reaction's emoji. */
  text: string | null;
  media: MediaRef | null;
  location: LocationPayload | null;
  /** Shared contact cards, as the provider sent them. */
  contacts: unknown[] | null;
  /** The provider id of the message this one replies to (WhatsApp: context.id). */
  replyToProviderId: string | null;
  /** For kind "reaction": the provider id of the message reacted to. */
  reactionToProviderId: string | null;
  /** Everything else the provider sent (issue 12); absent when there is nothing more. */
  details?: MessageDetails;
  /** An edit or a deletion of an earlier message (the content fields hold an edit's new content). */
  change?: InboundChange;
}

/** What the provider will bill for a sent message (WhatsApp: a status's conversation and pricing). */
export interface StatusBilling {
  conversationId: string | null;
  conversationOrigin: string | null;
  conversationExpiresAt: number | null;
  billable: boolean | null;
  pricingModel: string | null;
  category: string | null;
  pricingType: string | null;
}

export interface ProviderError {
  code: string;
  title: string;
  detail: string | null;
}

export interface StatusUpdate {
  providerMessageId: string;
  channelKey: string;
  /** The recipient's phone, else its user id (WhatsApp: recipient_id, else recipient_user_id). */
  recipientExternalId: string;
  status: DeliveryStatus;
  at: number;
  error: ProviderError | null;
  billing?: StatusBilling;
  /** What the business attached to the send (WhatsApp: biz_opaque_callback_data), if anything. */
  callbackData?: string | null;
}

/**
 * A provider call event, channel-neutral (rule C11; WhatsApp: the `calls` webhook field). `connect`
 * carries the customer's SDP offer (inbound) or the provider's answer (outbound); `ringing`,
 * `accepted`, `rejected` are an outbound call's progress; `terminate` ends any call, with its
 * duration only when it was picked up.
 */
export interface CallEvent {
  providerCallId: string;
  channelKey: string;
  contact: InboundContact;
  event: "connect" | "terminate" | "ringing" | "accepted" | "rejected";
  direction: "inbound" | "outbound" | null;
  at: number;
  sdp: { type: "offer" | "answer"; sdp: string } | null;
  /** Seconds talked, only when the call was picked up (terminate). */
  durationSeconds: number | null;
  /** What the business attached when placing the call (WhatsApp: biz_opaque_callback_data). */
  callbackData: string | null;
  errorCode: string | null;
}

/** The customer's answer to a call permission request (rule C3; WhatsApp: call_permission_reply). */
export interface CallPermissionReply {
  providerMessageId: string;
  channelKey: string;
  contact: InboundContact;
  at: number;
  accepted: boolean;
  permanent: boolean;
  expiresAt: number | null;
  automatic: boolean;
  /** The request (or the call, for an automatic grant) it answers, if the provider says. */
  contextId: string | null;
}

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  /** Call signalling (rule C11); absent when the body has none. */
  calls?: CallEvent[];
  callPermissionReplies?: CallPermissionReply[];
}

/** What the business sends. `to` is the contact's external id. */
export type OutboundPayload =
  | {
      kind: "text";
      to: string;
      text: string;
      replyToProviderId?: string | null;
      /** Rule I2 (Messenger, Instagram): a human's reply past the standard window. */
      tag?: "human_agent";
    }
  | {
      kind: "image" | "video" | "audio" | "document" | "sticker";
      to: string;
      providerMediaId: string;
      caption?: string | null;
      filename?: string | null;
      replyToProviderId?: string | null;
      tag?: "human_agent";
    }
  | {
      /**
       * A question with options to tap (rule R3's rating; WhatsApp: reply buttons up to 3 options, a
       * list up to 10). The tapped option comes back as an inbound message's `details.reply.id`.
       */
      kind: "choice";
      to: string;
      text: string;
      /** The label of the button that opens a list. */
      button: string;
      options: { id: string; title: string }[];
    }
  | {
      kind: "template";
      to: string;
      name: string;
      language: string;
      bodyVariables: string[];
      /** Rule T3: the header's parameter (text or media) when the template has one. */
      header?: TemplateHeaderParameter | null;
      /** The `{{1}}` suffix of each URL button that has one, by the button's index in the template. */
      urlButtons?: { index: number; text: string }[];
      /** Echoed by the provider in this message's status webhooks (campaigns find their recipient by it). */
      callbackData?: string;
    };

/**
 * `held`: the provider accepted a template send but holds it for pacing (T8). `httpStatus` on a
 * failure: a 5xx status, after which the message may have gone out (campaigns never re-send those).
 */
export type SendResult =
  | { ok: true; providerMessageId: string; held?: boolean }
  | { ok: false; error: ProviderError; httpStatus?: number | null };
