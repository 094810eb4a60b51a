import {
  buildInboundWebhook,
  type InboundMessageInput,
  type MetaErrorObject,
  type MetaMessageContent,
} from "../channels/whatsapp/webhook-builders";
import { ENGAGEMENT_LIMITED_PREFIX, STATUS_DELAYS_MS } from "./config";
import { isUndeliverable, metaErrors, newWamid, type OutboundSend } from "./graph";
import { kindContent } from "./inbound-kinds";
import type { WebhookOutbox } from "./outbox";
import {
  ACCOUNT,
  type BusinessSendResult,
  type CustomerMessageInput,
  type CustomerSendResult,
  type SandboxCustomer,
  type SandboxMedia,
  type SandboxMessage,
  seconds,
  toCustomer,
  toMedia,
  toMessage,
} from "./store";

/**
 * The customers' phones and the messages both ways: what a customer sends from the simulator (a
 * signed `messages` webhook), what the business sends through the fake Graph API (its statuses then
 * follow by themselves, STATUS_DELAYS_MS), and the media both sides refer to.
 */
export class Phones {
  constructor(
    private readonly sql: SqlStorage,
    private readonly outbox: WebhookOutbox,
  ) {}

  /** Creates the customer if new; a non-empty `name` replaces the profile name. */
  upsertCustomer(waId: string, name?: string | null): SandboxCustomer {
    const now = Date.now();
    const clean = name?.trim() || null;
    this.sql.exec(
      `INSERT INTO customers (wa_id, name, created_at) VALUES (?, ?, ?)
       ON CONFLICT (wa_id) DO UPDATE SET name = coalesce(excluded.name, customers.name)`,
      waId,
      clean,
      now,
    );
    return this.customer(waId) as SandboxCustomer;
  }

  customer(waId: string): SandboxCustomer | null {
    const rows = this.sql
      .exec(
        `SELECT c.wa_id, c.name, c.created_at,
           (SELECT max(created_at) FROM messages m WHERE m.wa_id = c.wa_id) AS last_at,
           (SELECT text FROM messages m WHERE m.wa_id = c.wa_id ORDER BY seq DESC LIMIT 1) AS last_text
         FROM customers c WHERE c.wa_id = ?`,
        waId,
      )
      .toArray();
    const row = rows[0];
    return row ? toCustomer(row) : null;
  }

  /** Every customer, the most recently active first. */
  listCustomers(): SandboxCustomer[] {
    return this.sql
      .exec(
        `SELECT c.wa_id, c.name, c.created_at,
           (SELECT max(created_at) FROM messages m WHERE m.wa_id = c.wa_id) AS last_at,
           (SELECT text FROM messages m WHERE m.wa_id = c.wa_id ORDER BY seq DESC LIMIT 1) AS last_text
         FROM customers c ORDER BY coalesce(last_at, c.created_at) DESC, c.wa_id`,
      )
      .toArray()
      .map(toCustomer);
  }

  /** Every message with one customer, both ways, oldest first. */
  conversation(waId: string): SandboxMessage[] {
    return this.sql.exec("SELECT * FROM messages WHERE wa_id = ? ORDER BY seq", waId).toArray().map(toMessage);
  }

  message(id: string): SandboxMessage | null {
    const row = this.sql.exec("SELECT * FROM messages WHERE id = ?", id).toArray()[0];
    return row ? toMessage(row) : null;
  }

  /**
   * A customer sends a message: it is recorded, turned into Meta's signed `messages` webhook and
   * delivered to the platform now (retried by alarm if the platform does not answer 2xx).
   */
  async customerSends(input: CustomerMessageInput): Promise<CustomerSendResult> {
    const now = Date.now();
    this.upsertCustomer(input.waId, input.name);
    const name = this.customer(input.waId)?.name ?? null;
    const id = newWamid();
    const { content, text, mediaId } = this.contentOf(input);
    const message = {
      ...content,
      id,
      timestamp: seconds(now),
      ...(input.contextId ? { context: { id: input.contextId } } : {}),
    } as InboundMessageInput;
    const body = JSON.stringify(buildInboundWebhook({ ...ACCOUNT, contact: { waId: input.waId, name }, message }));
    const { type, ...typed } = content as { type: string } & Record<string, unknown>;
    this.sql.exec(
      `INSERT INTO messages (id, wa_id, direction, type, text, content, media_id, media_link, context_id, status,
         error, created_at, updated_at) VALUES (?, ?, 'in', ?, ?, ?, ?, NULL, ?, 'pending', NULL, ?, ?)`,
      id,
      input.waId,
      type,
      text,
      JSON.stringify(typed[type] ?? typed),
      mediaId,
      input.contextId ?? null,
      now,
      now,
    );
    const deliveryId = this.outbox.enqueue({ kind: "message", messageId: id, orderKey: id, body, dueAt: now });
    await this.outbox.flush();
    return { message: this.message(id) as SandboxMessage, delivery: this.outbox.delivery(deliveryId) };
  }

  /** Meta's content object of what the customer sends, and what the phone shows of it. */
  private contentOf(input: CustomerMessageInput): {
    content: MetaMessageContent;
    text: string;
    mediaId: string | null;
  } {
    switch (input.type) {
      case "text":
        return { content: { type: "text", text: { body: input.text } }, text: input.text, mediaId: null };
      case "location": {
        const location = {
          latitude: input.latitude,
          longitude: input.longitude,
          ...(input.place ? { name: input.place } : {}),
          ...(input.address ? { address: input.address } : {}),
        };
        const text = [input.place, input.address, `${input.latitude}, ${input.longitude}`].filter(Boolean).join(" - ");
        return { content: { type: "location", location }, text, mediaId: null };
      }
      case "reaction": {
        const reaction = { message_id: input.messageId, emoji: input.emoji };
        return { content: { type: "reaction", reaction }, text: input.emoji, mediaId: null };
      }
      case "kind": {
        const { content, text } = kindContent({ ...input, waId: input.waId });
        return { content: content as unknown as MetaMessageContent, text, mediaId: null };
      }
      case "interactive": {
        const { kind, id, title } = input.reply;
        const interactive =
          kind === "button_reply"
            ? { type: kind, button_reply: { id, title } }
            : { type: kind, list_reply: { id, title } };
        return { content: { type: "interactive", interactive }, text: title, mediaId: null };
      }
      default: {
        const media = this.media(input.mediaId);
        if (!media) throw new Error(`no sandbox media ${input.mediaId}`);
        const object = {
          ...(input.caption ? { caption: input.caption } : {}),
          ...(input.type === "document" && media.filename ? { filename: media.filename } : {}),
          mime_type: media.mimeType,
          sha256: media.sha256,
          id: media.id,
        };
        return {
          content: { type: input.type, [input.type]: object } as MetaMessageContent,
          text: input.caption ?? (input.type === "document" ? (media.filename ?? "") : ""),
          mediaId: media.id,
        };
      }
    }
  }

  /**
   * A business message accepted by the Graph API: recorded for the customer, then its statuses
   * follow by alarm. A recipient starting with 62800 cannot receive: Meta's 131026, recorded as failed;
   * a MARKETING template to one starting with 62801 fails later with 131049 (`ENGAGEMENT_LIMITED_PREFIX`).
   */
  businessSends(send: OutboundSend, hold = false, marketing = false): BusinessSendResult {
    const now = Date.now();
    const id = newWamid();
    const undeliverable = isUndeliverable(send.waId);
    if (!undeliverable) this.upsertCustomer(send.waId);
    const failure = undeliverable ? metaErrors.undeliverable(send.waId) : null;
    this.sql.exec(
      `INSERT INTO messages (id, wa_id, direction, type, text, content, media_id, media_link, context_id, status,
         error, created_at, updated_at, callback_data) VALUES (?, ?, 'out', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      send.waId,
      send.type,
      send.text,
      JSON.stringify(send.content),
      send.mediaId,
      send.mediaLink,
      send.contextId,
      failure ? "failed" : hold ? "held" : "accepted",
      failure
        ? JSON.stringify({ code: failure.code, title: "Message undeliverable", details: failure.error_data?.details })
        : null,
      now,
      now,
      send.callbackData ?? null,
    );
    if (failure) return { ok: false, status: 400, error: failure };
    // T8: a held message has no status until the template's rating releases or drops it (pacing.ts).
    if (hold) return { ok: true, messageId: id, waId: send.waId, held: true };

    if (marketing && send.waId.startsWith(ENGAGEMENT_LIMITED_PREFIX)) {
      // Research §1.4: the per-user marketing limit comes as a failed status, never in the answer.
      const detail = "This message was not delivered to maintain healthy ecosystem engagement.";
      const error: MetaErrorObject = { code: 131049, title: detail, message: detail, error_data: { details: detail } };
      this.outbox.enqueueStatus(id, send.waId, "failed", now + STATUS_DELAYS_MS.sent, error, send.callbackData ?? null);
    } else if (send.mediaId && !this.media(send.mediaId)) {
      // Meta accepts the request, then reports the failure by status webhook.
      const error: MetaErrorObject = {
        code: 131053,
        title: "Media upload error",
        message: "Media upload error",
        error_data: { details: `Unable to find media with id ${send.mediaId}.` },
      };
      this.outbox.enqueueStatus(id, send.waId, "failed", now + STATUS_DELAYS_MS.sent, error, send.callbackData ?? null);
    } else {
      const cb = send.callbackData ?? null;
      this.outbox.enqueueStatus(id, send.waId, "sent", now + STATUS_DELAYS_MS.sent, undefined, cb);
      this.outbox.enqueueStatus(id, send.waId, "delivered", now + STATUS_DELAYS_MS.delivered, undefined, cb);
      this.outbox.enqueueStatus(id, send.waId, "read", now + STATUS_DELAYS_MS.read, undefined, cb);
      // As Meta does, now and then: a status twice, and out of order (delivered again after read).
      if (cb && duplicatesStatuses(id)) {
        this.outbox.enqueueStatus(id, send.waId, "delivered", now + STATUS_DELAYS_MS.read + 50, undefined, cb);
        this.outbox.enqueueStatus(id, send.waId, "sent", now + STATUS_DELAYS_MS.read + 100, undefined, cb);
      }
    }
    this.outbox.scheduleAlarm();
    return { ok: true, messageId: id, waId: send.waId };
  }

  /** The business marks a customer's message read (`{status:"read", message_id}`). False if unknown. */
  markRead(messageId: string): boolean {
    const row = this.sql.exec("SELECT id FROM messages WHERE id = ? AND direction = 'in'", messageId).toArray()[0];
    if (!row) return false;
    this.sql.exec("UPDATE messages SET status = 'read', updated_at = ? WHERE id = ?", Date.now(), messageId);
    return true;
  }

  recordMedia(media: SandboxMedia): SandboxMedia {
    this.sql.exec(
      "INSERT INTO media (id, mime_type, sha256, file_size, filename, r2_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      media.id,
      media.mimeType,
      media.sha256,
      media.fileSize,
      media.filename,
      media.r2Key,
      media.createdAt,
    );
    return media;
  }

  media(id: string): SandboxMedia | null {
    const row = this.sql.exec("SELECT * FROM media WHERE id = ?", id).toArray()[0];
    return row ? toMedia(row) : null;
  }

  /** Forgets a media record (Graph `DELETE /{media_id}`); returns its R2 key, or null if unknown. */
  deleteMedia(id: string): string | null {
    const media = this.media(id);
    if (!media) return null;
    this.sql.exec("DELETE FROM media WHERE id = ?", id);
    return media.r2Key;
  }
}

/** One message in four (by its id) gets duplicated, out-of-order statuses. */
const duplicatesStatuses = (wamid: string) => (wamid.charCodeAt(wamid.length - 1) & 3) === 0;
