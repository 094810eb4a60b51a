import { DurableObject } from "cloudflare:workers";
import { signWhatsAppBody } from "../channels/whatsapp/signature";
import {
  buildTemplateQualityWebhook,
  buildTemplateStatusWebhook,
  type ProviderQualityScore,
} from "../channels/whatsapp/template-webhooks";
import {
  buildInboundWebhook,
  buildStatusWebhook,
  type InboundMessageInput,
  type MetaErrorObject,
  type MetaMessageContent,
  type WebhookAccount,
} from "../channels/whatsapp/webhook-builders";
import { log } from "../lib/log";
import {
  RETRY,
  SANDBOX_APP_SECRET,
  SANDBOX_DEMO_TEMPLATE,
  SANDBOX_DISPLAY_PHONE_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_WABA_ID,
  STATUS_DELAYS_MS,
  TEMPLATE_REVIEW_MS,
} from "./config";
import { deliverToPlatform, platformWebhookUrl } from "./deliver";
import { isUndeliverable, type MetaGraphError, metaErrors, newWamid, type OutboundSend } from "./graph";
import {
  invalidHeaderHandle,
  mediaHeadersOf,
  newTemplateId,
  newUploadHandle,
  newUploadToken,
  reviewOutcome,
  type SandboxTemplate,
  type SandboxTemplateStatus,
  type TemplateSubmission,
  templateExists,
} from "./templates";

/**
 * The sandbox WhatsApp provider (development only): one instance (`SANDBOX_INSTANCE`) plays Meta's
 * servers and the customers' phones. It keeps, in its SQLite storage:
 * - customers (wa_id, profile name);
 * - every message both ways: the customers' (`in`) and the business's (`out`), with their status;
 * - uploaded media metadata (the bytes are in R2 `env.MEDIA` under `sandbox/`);
 * - every webhook it owes the platform (`deliveries`), so a restart or an eviction loses none.
 *
 * Webhooks go to the platform's real `POST /webhooks/whatsapp` in-process (`deliverToPlatform`),
 * signed with the app secret. A non-2xx answer is retried with exponential backoff by alarm (Meta
 * retries too); webhooks about one message go out in order, a later one waits for an earlier one.
 *
 * Statuses: a business message is `accepted` when the Graph API answers, then `sent`, `delivered`
 * and `read` follow by themselves (STATUS_DELAYS_MS), each with its status webhook. A customer
 * message is `pending` until the platform acknowledges its webhook (`delivered`), `failed` when the
 * retries give up, and `read` once the business marks it read.
 *
 * Templates (rule T3): the WABA's message templates, reviewed like Meta does (see `templates.ts`):
 * each status or quality change happens at its time (`template_changes`) and is announced by its
 * signed `message_template_status_update` / `message_template_quality_update` webhook, delivered
 * and retried like every other webhook (`deliveries`, kind `template`).
 */

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
  | { type: "location"; latitude: number; longitude: number; name?: string | null; address?: string | null }
  | { type: "reaction"; messageId: string; emoji: string }
);

export type BusinessSendResult =
  | { ok: true; messageId: string; waId: string }
  | { ok: false; status: number; error: MetaGraphError };

export interface CustomerSendResult {
  message: SandboxMessage;
  delivery: SandboxDelivery | null;
}

type Row = Record<string, SqlStorageValue>;

const ACCOUNT: WebhookAccount = {
  phoneNumberId: SANDBOX_PHONE_NUMBER_ID,
  displayPhoneNumber: SANDBOX_DISPLAY_PHONE_NUMBER,
  wabaId: SANDBOX_WABA_ID,
};

const seconds = (ms: number) => Math.floor(ms / 1000);

function toMessage(row: Row): SandboxMessage {
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
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  };
}

function toMedia(row: Row): SandboxMedia {
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

function toTemplate(row: Row): SandboxTemplate {
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

/** A template change the sandbox will make (and announce) at its time. */
interface TemplateChangeInput {
  status?: SandboxTemplateStatus;
  /** Meta's event when it differs from the status (REINSTATED). */
  event?: string;
  reason?: string | null;
  otherInfo?: { title: string; description: string };
  quality?: ProviderQualityScore;
}

function toDelivery(row: Row): SandboxDelivery {
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

export function backoffMs(attempts: number): number {
  return Math.min(RETRY.baseMs * 2 ** Math.max(0, attempts - 1), RETRY.maxMs);
}

export class SandboxDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS customers (
        wa_id TEXT PRIMARY KEY,
        name TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        wa_id TEXT NOT NULL,
        direction TEXT NOT NULL,
        type TEXT NOT NULL,
        text TEXT NOT NULL,
        content TEXT NOT NULL,
        media_id TEXT,
        media_link TEXT,
        context_id TEXT,
        status TEXT NOT NULL,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS messages_by_customer ON messages (wa_id, seq);
      CREATE TABLE IF NOT EXISTS media (
        id TEXT PRIMARY KEY,
        mime_type TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        filename TEXT,
        r2_key TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        message_id TEXT NOT NULL,
        order_key TEXT NOT NULL,
        status TEXT,
        error TEXT,
        applied INTEGER NOT NULL DEFAULT 1,
        body TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        due_at INTEGER NOT NULL,
        last_status INTEGER,
        last_error TEXT,
        delivered_at INTEGER,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries (state, order_key, id);
      CREATE TABLE IF NOT EXISTS templates (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        language TEXT NOT NULL,
        category TEXT NOT NULL,
        components TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        quality TEXT NOT NULL DEFAULT 'UNKNOWN',
        pauses INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (name, language)
      );
      CREATE TABLE IF NOT EXISTS uploads (
        id TEXT PRIMARY KEY,
        file_name TEXT,
        file_length INTEGER NOT NULL,
        file_type TEXT NOT NULL,
        handle TEXT UNIQUE,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS template_changes (
        delivery_id INTEGER PRIMARY KEY,
        template_id TEXT NOT NULL,
        status TEXT,
        reason TEXT,
        quality TEXT,
        due_at INTEGER NOT NULL,
        applied INTEGER NOT NULL DEFAULT 0
      );
    `);
    const now = Date.now();
    this.sql.exec(
      `INSERT OR IGNORE INTO templates (id, name, language, category, components, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'APPROVED', ?, ?)`,
      SANDBOX_DEMO_TEMPLATE.id,
      SANDBOX_DEMO_TEMPLATE.name,
      SANDBOX_DEMO_TEMPLATE.language,
      SANDBOX_DEMO_TEMPLATE.category,
      JSON.stringify(SANDBOX_DEMO_TEMPLATE.components),
      now,
      now,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Customers and conversations (the simulator's side)
  // -------------------------------------------------------------------------------------------

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
    return row ? this.toCustomer(row) : null;
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
      .map((row) => this.toCustomer(row));
  }

  private toCustomer(row: Row): SandboxCustomer {
    return {
      waId: row.wa_id as string,
      name: row.name as string | null,
      createdAt: row.created_at as number,
      lastMessageAt: row.last_at as number | null,
      lastText: row.last_text as string | null,
    };
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
    let content: MetaMessageContent;
    let text: string;
    let mediaId: string | null = null;
    switch (input.type) {
      case "text":
        content = { type: "text", text: { body: input.text } };
        text = input.text;
        break;
      case "location": {
        const location = {
          latitude: input.latitude,
          longitude: input.longitude,
          ...(input.name ? { name: input.name } : {}),
          ...(input.address ? { address: input.address } : {}),
        };
        content = { type: "location", location };
        text = [input.name, input.address, `${input.latitude}, ${input.longitude}`].filter(Boolean).join(" - ");
        break;
      }
      case "reaction":
        content = { type: "reaction", reaction: { message_id: input.messageId, emoji: input.emoji } };
        text = input.emoji;
        break;
      default: {
        const media = this.media(input.mediaId);
        if (!media) throw new Error(`no sandbox media ${input.mediaId}`);
        mediaId = media.id;
        const object = {
          ...(input.caption ? { caption: input.caption } : {}),
          ...(input.type === "document" && media.filename ? { filename: media.filename } : {}),
          mime_type: media.mimeType,
          sha256: media.sha256,
          id: media.id,
        };
        content = { type: input.type, [input.type]: object } as MetaMessageContent;
        text = input.caption ?? (input.type === "document" ? (media.filename ?? "") : "");
      }
    }
    const message = {
      ...content,
      id,
      timestamp: seconds(now),
      ...(input.contextId ? { context: { id: input.contextId } } : {}),
    } as InboundMessageInput;
    const body = JSON.stringify(buildInboundWebhook({ ...ACCOUNT, contact: { waId: input.waId, name }, message }));
    const { type: _type, ...typed } = content as { type: string } & Record<string, unknown>;
    this.sql.exec(
      `INSERT INTO messages (id, wa_id, direction, type, text, content, media_id, media_link, context_id, status,
         error, created_at, updated_at) VALUES (?, ?, 'in', ?, ?, ?, ?, NULL, ?, 'pending', NULL, ?, ?)`,
      id,
      input.waId,
      input.type,
      text,
      JSON.stringify(typed[input.type]),
      mediaId,
      input.contextId ?? null,
      now,
      now,
    );
    const deliveryId = this.enqueue({ kind: "message", messageId: id, orderKey: id, body, dueAt: now });
    await this.flush();
    return { message: this.message(id) as SandboxMessage, delivery: this.delivery(deliveryId) };
  }

  // -------------------------------------------------------------------------------------------
  // The business's side (the fake Graph API)
  // -------------------------------------------------------------------------------------------

  /**
   * A business message accepted by the Graph API: recorded for the customer, then its statuses
   * follow by alarm. A recipient starting with 62800 cannot receive: Meta's 131026, recorded as failed.
   */
  businessSends(send: OutboundSend): BusinessSendResult {
    const now = Date.now();
    const id = newWamid();
    const undeliverable = isUndeliverable(send.waId);
    if (!undeliverable) this.upsertCustomer(send.waId);
    const failure = undeliverable ? metaErrors.undeliverable(send.waId) : null;
    this.sql.exec(
      `INSERT INTO messages (id, wa_id, direction, type, text, content, media_id, media_link, context_id, status,
         error, created_at, updated_at) VALUES (?, ?, 'out', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      send.waId,
      send.type,
      send.text,
      JSON.stringify(send.content),
      send.mediaId,
      send.mediaLink,
      send.contextId,
      failure ? "failed" : "accepted",
      failure
        ? JSON.stringify({ code: failure.code, title: "Message undeliverable", details: failure.error_data?.details })
        : null,
      now,
      now,
    );
    if (failure) return { ok: false, status: 400, error: failure };

    if (send.mediaId && !this.media(send.mediaId)) {
      // Meta accepts the request, then reports the failure by status webhook.
      const error: MetaErrorObject = {
        code: 131053,
        title: "Media upload error",
        message: "Media upload error",
        error_data: { details: `Unable to find media with id ${send.mediaId}.` },
      };
      this.enqueueStatus(id, send.waId, "failed", now + STATUS_DELAYS_MS.sent, error);
    } else {
      this.enqueueStatus(id, send.waId, "sent", now + STATUS_DELAYS_MS.sent);
      this.enqueueStatus(id, send.waId, "delivered", now + STATUS_DELAYS_MS.delivered);
      this.enqueueStatus(id, send.waId, "read", now + STATUS_DELAYS_MS.read);
    }
    this.scheduleAlarm();
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

  // -------------------------------------------------------------------------------------------
  // Message templates (the fake template API and its review)
  // -------------------------------------------------------------------------------------------

  /**
   * A template submitted through the Graph API: PENDING now, reviewed after TEMPLATE_REVIEW_MS
   * (APPROVED, or REJECTED when it carries the marker word), announced by signed webhook.
   */
  createTemplate(
    submission: TemplateSubmission,
  ): { ok: true; template: SandboxTemplate } | { ok: false; status: number; error: MetaGraphError } {
    const exists = this.sql
      .exec("SELECT id FROM templates WHERE name = ? AND language = ?", submission.name, submission.language)
      .toArray();
    if (exists.length > 0)
      return { ok: false, status: 400, error: templateExists(submission.name, submission.language) };
    // Meta refuses a media header whose example handle it did not hand out (Resumable Upload API).
    for (const header of mediaHeadersOf(submission.components)) {
      const upload = header.handle ? this.uploadByHandle(header.handle) : null;
      if (!upload) return { ok: false, status: 400, error: invalidHeaderHandle(header.handle) };
    }
    const now = Date.now();
    const id = newTemplateId();
    this.sql.exec(
      `INSERT INTO templates (id, name, language, category, components, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?)`,
      id,
      submission.name,
      submission.language,
      submission.category,
      JSON.stringify(submission.components),
      now,
      now,
    );
    const template = this.template(id) as SandboxTemplate;
    const outcome = reviewOutcome(submission.components);
    this.enqueueTemplateChange(template, { status: outcome.status, reason: outcome.reason }, now + TEMPLATE_REVIEW_MS);
    this.scheduleAlarm();
    return { ok: true, template };
  }

  /**
   * Resumable Upload API, step 1 (`POST /{app_id}/uploads`): an upload session for a file of this
   * length and type; answers Meta's session id, `upload:` + an opaque token.
   */
  startUpload(fileLength: number, fileType: string, fileName: string | null): string {
    const id = `upload:${newUploadToken()}`;
    this.sql.exec(
      "INSERT INTO uploads (id, file_name, file_length, file_type, created_at) VALUES (?, ?, ?, ?, ?)",
      id,
      fileName,
      fileLength,
      fileType,
      Date.now(),
    );
    return id;
  }

  /**
   * Step 2 (`POST /{upload_session_id}`): the bytes from `offset`; the whole file in one go here.
   * Answers the file handle `h`, or why not (unknown session, wrong offset or length).
   */
  finishUpload(
    sessionId: string,
    offset: number,
    length: number,
  ): { ok: true; handle: string } | { ok: false; status: number; error: MetaGraphError } {
    const row = this.sql.exec("SELECT * FROM uploads WHERE id = ?", sessionId).toArray()[0];
    if (!row) return { ok: false, status: 400, error: metaErrors.unknownObject("post", sessionId) };
    if (offset !== 0) {
      return { ok: false, status: 400, error: metaErrors.invalidParameter("file_offset must be 0 for a new upload.") };
    }
    if (length !== row.file_length) {
      return {
        ok: false,
        status: 400,
        error: metaErrors.invalidParameter(`Expected ${String(row.file_length)} bytes, received ${length}.`),
      };
    }
    const handle = (row.handle as string | null) ?? newUploadHandle(row.file_type as string);
    this.sql.exec("UPDATE uploads SET handle = ? WHERE id = ?", handle, sessionId);
    return { ok: true, handle };
  }

  /** A finished upload by its handle, or null. */
  uploadByHandle(handle: string): { fileType: string; fileLength: number } | null {
    const row = this.sql.exec("SELECT file_type, file_length FROM uploads WHERE handle = ?", handle).toArray()[0];
    return row ? { fileType: row.file_type as string, fileLength: row.file_length as number } : null;
  }

  /** Every template, the newest first. */
  listTemplates(): SandboxTemplate[] {
    return this.sql.exec("SELECT * FROM templates ORDER BY created_at DESC, id").toArray().map(toTemplate);
  }

  template(id: string): SandboxTemplate | null {
    const row = this.sql.exec("SELECT * FROM templates WHERE id = ?", id).toArray()[0];
    return row ? toTemplate(row) : null;
  }

  /**
   * Graph `DELETE /{waba_id}/message_templates?name=[&hsm_id=]`: every language of the name, or the
   * one template of that id. A review not yet announced is dropped with it. Returns how many went.
   */
  deleteTemplate(name: string, id?: string | null): number {
    const rows = this.sql
      .exec("SELECT id FROM templates WHERE name = ? AND (? IS NULL OR id = ?)", name, id ?? null, id ?? null)
      .toArray();
    for (const row of rows) {
      this.cancelTemplateChanges(row.id as string);
      this.sql.exec("DELETE FROM templates WHERE id = ?", row.id);
    }
    return rows.length;
  }

  /**
   * The reviewer decides now (simulator, tests): APPROVED, REJECTED (with a reason), PAUSED,
   * DISABLED or REINSTATED; a scheduled review of the template is dropped. Null if unknown.
   */
  async reviewTemplate(
    id: string,
    event: "APPROVED" | "REJECTED" | "PAUSED" | "DISABLED" | "REINSTATED",
    reason?: string | null,
  ): Promise<SandboxDelivery | null> {
    const template = this.template(id);
    if (!template) return null;
    this.cancelTemplateChanges(id);
    const status: SandboxTemplateStatus = event === "REINSTATED" ? "APPROVED" : event;
    const change: TemplateChangeInput = { status, event, reason: reason ?? null };
    if (event === "PAUSED" && !reason) change.otherInfo = pauseInfo();
    const deliveryId = this.enqueueTemplateChange(template, change, Date.now());
    await this.flush();
    return this.delivery(deliveryId);
  }

  /**
   * The template's quality changes now (Meta rates approved templates from the customers'
   * reactions): a quality webhook; LOW also pauses the template, or disables it when it was
   * paused before. Null if unknown; "not_rated" when the template is not approved or paused.
   */
  async rateTemplate(id: string, quality: ProviderQualityScore): Promise<SandboxDelivery[] | "not_rated" | null> {
    const template = this.template(id);
    if (!template) return null;
    if (template.status !== "APPROVED" && template.status !== "PAUSED") return "not_rated";
    const now = Date.now();
    const ids = [this.enqueueTemplateChange(template, { quality }, now)];
    if (quality === "RED" && template.status === "APPROVED" && template.pauses === 0) {
      ids.push(this.enqueueTemplateChange(template, { status: "PAUSED", otherInfo: pauseInfo() }, now));
    } else if (quality === "RED") {
      ids.push(
        this.enqueueTemplateChange(
          template,
          {
            status: "DISABLED",
            otherInfo: { title: "DISABLED", description: "The template was disabled after repeated low quality." },
          },
          now,
        ),
      );
    }
    await this.flush();
    return ids.map((d) => this.delivery(d) as SandboxDelivery);
  }

  /** Queues one template change and its webhook, both due at `at`. Returns the delivery id. */
  private enqueueTemplateChange(template: SandboxTemplate, change: TemplateChangeInput, at: number): number {
    const ref = {
      wabaId: SANDBOX_WABA_ID,
      templateId: template.id,
      name: template.name,
      language: template.language,
      time: seconds(at),
    };
    const body =
      change.status !== undefined
        ? buildTemplateStatusWebhook({
            ...ref,
            event: change.event ?? change.status,
            reason: change.reason ?? null,
            category: template.category,
            ...(change.otherInfo ? { otherInfo: change.otherInfo } : {}),
          })
        : buildTemplateQualityWebhook({ ...ref, previousScore: template.quality, score: change.quality ?? "UNKNOWN" });
    const deliveryId = this.enqueue({
      kind: "template",
      messageId: template.id,
      orderKey: `template:${template.id}`,
      body: JSON.stringify(body),
      dueAt: at,
      status: change.status ?? null,
    });
    this.sql.exec(
      "INSERT INTO template_changes (delivery_id, template_id, status, reason, quality, due_at) VALUES (?, ?, ?, ?, ?, ?)",
      deliveryId,
      template.id,
      change.status ?? null,
      change.status === undefined ? null : (change.reason ?? change.otherInfo?.description ?? null),
      change.quality ?? null,
      at,
    );
    return deliveryId;
  }

  /** Drops the template's changes not yet made, and their webhooks not yet attempted. */
  private cancelTemplateChanges(templateId: string): void {
    this.sql.exec(
      `DELETE FROM deliveries WHERE kind = 'template' AND message_id = ? AND state = 'pending' AND attempts = 0
         AND id IN (SELECT delivery_id FROM template_changes WHERE applied = 0)`,
      templateId,
    );
    this.sql.exec("DELETE FROM template_changes WHERE template_id = ? AND applied = 0", templateId);
  }

  /** Makes the template changes that are due (their webhooks go out in the same flush). */
  private applyTemplateChanges(now: number): void {
    const due = this.sql
      .exec("SELECT * FROM template_changes WHERE applied = 0 AND due_at <= ? ORDER BY delivery_id", now)
      .toArray();
    for (const row of due) {
      this.sql.exec(
        `UPDATE templates SET status = coalesce(?, status),
           reason = CASE WHEN ? IS NULL THEN reason WHEN ? = 'APPROVED' THEN NULL ELSE ? END,
           quality = coalesce(?, quality), pauses = pauses + (CASE WHEN ? = 'PAUSED' THEN 1 ELSE 0 END),
           updated_at = ? WHERE id = ?`,
        row.status,
        row.status,
        row.status,
        row.reason,
        row.quality,
        row.status,
        now,
        row.template_id,
      );
      this.sql.exec("UPDATE template_changes SET applied = 1 WHERE delivery_id = ?", row.delivery_id);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Webhook deliveries
  // -------------------------------------------------------------------------------------------

  /** The most recent deliveries, newest first. */
  deliveries(limit = 50): SandboxDelivery[] {
    return this.sql.exec("SELECT * FROM deliveries ORDER BY id DESC LIMIT ?", limit).toArray().map(toDelivery);
  }

  delivery(id: number): SandboxDelivery | null {
    const row = this.sql.exec("SELECT * FROM deliveries WHERE id = ?", id).toArray()[0];
    return row ? toDelivery(row) : null;
  }

  /**
   * Meta retrying: posts the last webhook already attempted again, byte for byte (same body, same
   * signature), now. Null when nothing was sent yet.
   */
  async redeliverLast(): Promise<SandboxDelivery | null> {
    const last = this.sql
      .exec("SELECT * FROM deliveries WHERE attempts > 0 AND kind != 'redelivery' ORDER BY id DESC LIMIT 1")
      .toArray()[0];
    if (!last) return null;
    const id = this.enqueue({
      kind: "redelivery",
      messageId: last.message_id as string,
      orderKey: `redelivery:${last.id}:${Date.now()}`,
      body: last.body as string,
      dueAt: Date.now(),
    });
    await this.flush();
    return this.delivery(id);
  }

  override async alarm(): Promise<void> {
    await this.flush();
  }

  private enqueue(d: {
    kind: SandboxDelivery["kind"];
    messageId: string;
    orderKey: string;
    body: string;
    dueAt: number;
    status?: string | null;
    error?: string | null;
    applied?: boolean;
  }): number {
    const row = this.sql
      .exec(
        `INSERT INTO deliveries (kind, message_id, order_key, status, error, applied, body, due_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        d.kind,
        d.messageId,
        d.orderKey,
        d.status ?? null,
        d.error ?? null,
        d.applied === false ? 0 : 1,
        d.body,
        d.dueAt,
        Date.now(),
      )
      .one();
    return row.id as number;
  }

  /** A status of a business message that happens at `at`: its webhook body carries that time. */
  private enqueueStatus(
    messageId: string,
    waId: string,
    status: "sent" | "delivered" | "read" | "failed",
    at: number,
    error?: MetaErrorObject,
  ): void {
    const body = JSON.stringify(
      buildStatusWebhook({
        ...ACCOUNT,
        status: {
          id: messageId,
          status,
          timestamp: seconds(at),
          recipientId: waId,
          ...(error ? { errors: [error] } : {}),
        },
      }),
    );
    const stored = error
      ? JSON.stringify({ code: error.code, title: error.title, details: error.error_data?.details })
      : null;
    this.enqueue({
      kind: "status",
      messageId,
      orderKey: messageId,
      body,
      dueAt: at,
      status,
      error: stored,
      applied: false,
    });
  }

  /** Runs deliveries until none is due; concurrent callers share one run (and wait for it). */
  private flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        do {
          this.flushAgain = false;
          await this.flushOnce();
        } while (this.flushAgain);
      } finally {
        this.flushing = null;
        this.scheduleAlarm();
      }
    })();
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const now = Date.now();
    this.applyTemplateChanges(now);
    // A status happens on the phone at its time, whether or not the platform takes its webhook.
    const due = this.sql
      .exec("SELECT id, message_id, status, error FROM deliveries WHERE applied = 0 AND due_at <= ? ORDER BY id", now)
      .toArray();
    for (const row of due) {
      this.sql.exec(
        "UPDATE messages SET status = ?, error = coalesce(?, error), updated_at = ? WHERE id = ?",
        row.status,
        row.error,
        now,
        row.message_id,
      );
      this.sql.exec("UPDATE deliveries SET applied = 1 WHERE id = ?", row.id);
    }
    const ready = this.sql
      .exec("SELECT id FROM deliveries WHERE state = 'pending' AND due_at <= ? ORDER BY id", now)
      .toArray();
    for (const { id } of ready) {
      const row = this.sql.exec("SELECT * FROM deliveries WHERE id = ? AND state = 'pending'", id).toArray()[0];
      if (!row || (row.due_at as number) > Date.now()) continue;
      const earlier = this.sql
        .exec(
          "SELECT 1 FROM deliveries WHERE state = 'pending' AND order_key = ? AND id < ? LIMIT 1",
          row.order_key,
          row.id,
        )
        .toArray();
      if (earlier.length > 0) continue; // webhooks about one message go out in order
      await this.attempt(row);
    }
  }

  private async attempt(row: Row): Promise<void> {
    const id = row.id as number;
    const attempts = (row.attempts as number) + 1;
    // Leased: if this instance dies mid-flight, the delivery is retried after the lease.
    this.sql.exec(
      "UPDATE deliveries SET attempts = ?, due_at = ? WHERE id = ?",
      attempts,
      Date.now() + RETRY.leaseMs,
      id,
    );
    const body = row.body as string;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const request = new Request(platformWebhookUrl(this.env), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "facebookexternalua",
          "x-hub-signature-256": await signWhatsAppBody(body, SANDBOX_APP_SECRET),
        },
        body,
      });
      const res = await deliverToPlatform(this.env, request);
      status = res.status;
      if (status < 200 || status > 299) error = (await res.text()).slice(0, 500);
      else await res.body?.cancel();
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const now = Date.now();
    if (status !== null && status >= 200 && status <= 299) {
      this.sql.exec(
        "UPDATE deliveries SET state = 'delivered', last_status = ?, last_error = NULL, delivered_at = ? WHERE id = ?",
        status,
        now,
        id,
      );
      if (row.kind === "message") {
        this.sql.exec(
          "UPDATE messages SET status = 'delivered', updated_at = ? WHERE id = ? AND status = 'pending'",
          now,
          row.message_id,
        );
      }
      return;
    }
    const dead = attempts >= RETRY.maxAttempts;
    log("warn", "sandbox_webhook_not_accepted", { deliveryId: id, kind: row.kind as string, status, attempts, dead });
    this.sql.exec(
      "UPDATE deliveries SET state = ?, due_at = ?, last_status = ?, last_error = ? WHERE id = ?",
      dead ? "dead" : "pending",
      now + backoffMs(attempts),
      status,
      error,
      id,
    );
    if (dead && row.kind === "message") {
      this.sql.exec(
        "UPDATE messages SET status = 'failed', updated_at = ? WHERE id = ? AND status = 'pending'",
        now,
        row.message_id,
      );
    }
  }

  /** The alarm wakes at the next delivery that can go (first of its message) or status to apply. */
  private scheduleAlarm(): void {
    const row = this.sql
      .exec(
        `SELECT min(t) AS next FROM (
           SELECT min(d.due_at) AS t FROM deliveries d WHERE d.state = 'pending' AND NOT EXISTS (
             SELECT 1 FROM deliveries e WHERE e.state = 'pending' AND e.order_key = d.order_key AND e.id < d.id)
           UNION ALL
           SELECT min(due_at) AS t FROM deliveries WHERE applied = 0
           UNION ALL
           SELECT min(due_at) AS t FROM template_changes WHERE applied = 0)`,
      )
      .one();
    const next = row.next as number | null;
    if (next === null) return;
    void this.ctx.storage.setAlarm(Math.max(next, Date.now()));
  }
}

function pauseInfo() {
  return {
    title: "FIRST_PAUSE",
    description: "Your template was paused for 3 hours because of its low quality rating.",
  };
}
