/**
 * Builders of exactly Meta's `messages` webhook JSON (for the sandbox provider and the tests).
 */
import type { DeliveryStatus } from "../types";

export interface MetaMediaObject {
  id: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
  animated?: boolean;
}

export interface MetaErrorObject {
  code: number;
  title: string;
  message?: string;
  error_data?: { details: string };
  href?: string;
}

/** A message's type-specific part, as Meta nests it under the key named by `type`. */
export type MetaMessageContent =
  | { type: "text"; text: { body: string } }
  | { type: "image"; image: MetaMediaObject }
  | { type: "video"; video: MetaMediaObject }
  | { type: "audio"; audio: MetaMediaObject }
  | { type: "document"; document: MetaMediaObject }
  | { type: "sticker"; sticker: MetaMediaObject }
  | { type: "location"; location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { type: "contacts"; contacts: unknown[] }
  | { type: "reaction"; reaction: { message_id: string; emoji?: string } }
  | { type: "button"; button: { text: string; payload?: string } }
  | {
      type: "interactive";
      interactive:
        | { type: "button_reply"; button_reply: { id: string; title: string } }
        | { type: "list_reply"; list_reply: { id: string; title: string; description?: string } };
    }
  | { type: "unsupported"; errors?: MetaErrorObject[]; unsupported?: { type: string } };

export type InboundMessageInput = MetaMessageContent & {
  id: string;
  /** Unix seconds. */
  timestamp: number | string;
  /** A reply: the id of the message replied to (`from` defaults to the business's display number). */
  context?: { id: string; from?: string };
};

export interface WebhookAccount {
  phoneNumberId: string;
  displayPhoneNumber: string;
  /** The WhatsApp Business Account id (`entry[].id`). */
  wabaId: string;
}

export interface BuildInboundWebhookInput extends WebhookAccount {
  contact: { waId: string; name?: string | null };
  message: InboundMessageInput;
}

export interface BuildStatusWebhookInput extends WebhookAccount {
  status: {
    id: string;
    status: DeliveryStatus;
    /** Unix seconds. */
    timestamp: number | string;
    /** The customer's phone (`recipient_id`), or their BSUID (`recipient_user_id`) when sent to that alone. */
    recipientId: string;
    recipientIsUserId?: boolean;
    errors?: MetaErrorObject[];
  };
}

function envelope(account: WebhookAccount, value: Record<string, unknown>) {
  return {
    object: "whatsapp_business_account" as const,
    entry: [
      {
        id: account.wabaId,
        changes: [
          {
            value: {
              messaging_product: "whatsapp" as const,
              metadata: { display_phone_number: account.displayPhoneNumber, phone_number_id: account.phoneNumberId },
              ...value,
            },
            field: "messages" as const,
          },
        ],
      },
    ],
  };
}

/** One inbound customer message, as Meta's `messages` webhook carries it. */
export function buildInboundWebhook(input: BuildInboundWebhookInput) {
  const { id, timestamp, context, ...content } = input.message;
  const contact = {
    ...(typeof input.contact.name === "string" ? { profile: { name: input.contact.name } } : {}),
    wa_id: input.contact.waId,
  };
  const message = {
    ...(context ? { context: { from: context.from ?? input.displayPhoneNumber, id: context.id } } : {}),
    from: input.contact.waId,
    id,
    timestamp: String(timestamp),
    ...content,
  };
  return envelope(input, { contacts: [contact], messages: [message] });
}

/** One delivery status of a business message, as Meta's `messages` webhook carries it. */
export function buildStatusWebhook(input: BuildStatusWebhookInput) {
  const { id, status, timestamp, recipientId, recipientIsUserId, errors } = input.status;
  const entry = {
    id,
    status,
    timestamp: String(timestamp),
    ...(recipientIsUserId ? { recipient_user_id: recipientId } : { recipient_id: recipientId }),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return envelope(input, { statuses: [entry] });
}
