/**
 * The sandbox's stored records: the shapes its Durable Object answers (customers, messages both
 * ways, media, webhook deliveries) and how each is read from a SQLite row.
 */

import type { ProviderQualityScore } from "../channels/whatsapp/template-webhooks";
import type { WebhookAccount } from "../channels/whatsapp/webhook-builders";
import { SANDBOX_DISPLAY_PHONE_NUMBER, SANDBOX_PHONE_NUMBER_ID, SANDBOX_WABA_ID } from "./config";
import type { MetaGraphError } from "./graph";
import type { InboundKind } from "./inbound-kinds";
import type { SandboxTemplate, SandboxTemplateStatus } from "./templates";

export type MessageDirection = "in" | "out";
export type SandboxMessageStatus = "accepted" | "pending" | "sent" | "delivered" | "read" | "failed";

export interface SandboxCustomer {
  waId: string;
  name: string | null;
  createdAt: number;
  lastMessageAt: number | null;
  lastText: string | null;
}

export interface SandboxError {
  code: number;
  title: string;
  details: string | null;
}

export interface SandboxMessage {
  /** The wamid. */
  id: string;
  waId: string;
  /** From the platform's side: `in` = customer to business, `out` = business to customer. */
  direction: MessageDirection;
  type: string;
  /** What a phone shows: the text, caption, template rendering, emoji or place. */
  text: string;
  /** Meta's type-specific object, as sent or received, as JSON. */
  content: string;
  mediaId: string | null;
  mediaLink: string | null;
  contextId: string | null;
  status: SandboxMessageStatus;
  error: SandboxError | null;
  /** The business's `biz_opaque_callback_data` (a campaign send: `cmp:<campaign>:<recipient>:<attempt>`). */
  callbackData: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface SandboxMedia {
  id: string;
  mimeType: string;
  sha256: string;
  fileSize: number;
  filename: string | null;
  r2Key: string;
  createdAt: number;
}

export interface SandboxDelivery {
  id: number;
  kind: "message" | "status" | "redelivery" | "template";
  messageId: string;
  status: string | null;
  state: "pending" | "delivered" | "dead";
  attempts: number;
  dueAt: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: number | null;
  /** The exact raw JSON body posted (and re-posted on retry). */
  body: string;
}

/** What a customer sends from the simulator. Media must be recorded first (`recordMedia`). */
export type CustomerMessageInput = { waId: string; name?: string | null; contextId?: string | null } & (
  | { type: "text"; text: string }
  | { type: "image" | "video" | "audio" | "document" | "sticker"; mediaId: string; caption?: string | null }
  /** `place` is the place's name; the customer's own `name` stays theirs (issue 17). */
  | { type: "location"; latitude: number; longitude: number; place?: string | null; address?: string | null }
  | { type: "reaction"; messageId: string; emoji: string }
  /** Issue 12, item 3: one of the other kinds a customer sends (inbound-kinds.ts). */
  | { type: "kind"; kind: InboundKind; text?: string | undefined; targetId?: string | undefined }
  /** A tap on a business message's reply button or list row. */
  | { type: "interactive"; reply: { kind: "button_reply" | "list_reply"; id: string; title: string } }
);

export type BusinessSendResult =
  | { ok: true; messageId: string; waId: string; held?: boolean }
  | { ok: false; status: number; error: MetaGraphError };

export interface CustomerSendResult {
  message: SandboxMessage;
  delivery: SandboxDelivery | null;
}

export type Row = Record<string, SqlStorageValue>;

export const ACCOUNT: WebhookAccount = {
  phoneNumberId: SANDBOX_PHONE_NUMBER_ID,
  displayPhoneNumber: SANDBOX_DISPLAY_PHONE_NUMBER,
  wabaId: SANDBOX_WABA_ID,
};

export const seconds = (ms: number) => Math.floor(ms / 1000);

export function toMessage(row: Row): SandboxMessage {
  return {
    id: row.id as string,
    waId: row.wa_id as string,
    direction: row.direction as MessageDirection,
    type: row.type as string,
    text: row.text as string,
    content: row.content as string,
    mediaId: row.media_id as string | null,
    mediaLink: row.media_link as string | null,
    contextId: row.context_id as string | null,
    status: row.status as SandboxMessageStatus,
    error: row.error ? (JSON.parse(row.error as string) as SandboxError) : null,
    callbackData: (row.callback_data as string | null | undefined) ?? null,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  };
}

export function toMedia(row: Row): SandboxMedia {
  return {
    id: row.id as string,
    mimeType: row.mime_type as string,
    sha256: row.sha256 as string,
    fileSize: row.file_size as number,
    filename: row.filename as string | null,
    r2Key: row.r2_key as string,
    createdAt: row.created_at as number,
  };
}

export function toTemplate(row: Row): SandboxTemplate {
  return {
    id: row.id as string,
    name: row.name as string,
    language: row.language as string,
    category: row.category as string,
    components: row.components as string,
    status: row.status as SandboxTemplateStatus,
    reason: row.reason as string | null,
    quality: row.quality as ProviderQualityScore,
    pauses: row.pauses as number,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  };
}

export function toDelivery(row: Row): SandboxDelivery {
  return {
    id: row.id as number,
    kind: row.kind as SandboxDelivery["kind"],
    messageId: row.message_id as string,
    status: row.status as string | null,
    state: row.state as SandboxDelivery["state"],
    attempts: row.attempts as number,
    dueAt: row.due_at as number,
    lastStatus: row.last_status as number | null,
    lastError: row.last_error as string | null,
    deliveredAt: row.delivered_at as number | null,
    body: row.body as string,
  };
}

export function toCustomer(row: Row): SandboxCustomer {
  return {
    waId: row.wa_id as string,
    name: row.name as string | null,
    createdAt: row.created_at as number,
    lastMessageAt: row.last_at as number | null,
    lastText: row.last_text as string | null,
  };
}
