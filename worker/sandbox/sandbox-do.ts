import { DurableObject } from "cloudflare:workers";
import type { ProviderQualityScore } from "../channels/whatsapp/template-webhooks";
import type { OutboundSend, TemplateSendContent } from "./graph";
import { WebhookOutbox } from "./outbox";
import { Pacing } from "./pacing";
import { Phones } from "./phones";
import { type RateStats, SendRate, throughputError } from "./rate";
import { TemplateReviews } from "./reviews";
import { createSandboxSchema } from "./schema";
import type {
  BusinessSendResult,
  CustomerMessageInput,
  CustomerSendResult,
  SandboxCustomer,
  SandboxDelivery,
  SandboxMedia,
  SandboxMessage,
} from "./store";
import { type SandboxTemplate, type TemplateSubmission, templateSendMismatch } from "./templates";

export { backoffMs } from "./outbox";
export type {
  BusinessSendResult,
  CustomerMessageInput,
  CustomerSendResult,
  MessageDirection,
  SandboxCustomer,
  SandboxDelivery,
  SandboxError,
  SandboxMedia,
  SandboxMessage,
  SandboxMessageStatus,
} from "./store";

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
export class SandboxDO extends DurableObject<Env> {
  private readonly outbox: WebhookOutbox;
  private readonly phones: Phones;
  private readonly reviews: TemplateReviews;
  private readonly rate = new SendRate();
  private readonly pacing: Pacing;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    createSandboxSchema(sql);
    this.outbox = new WebhookOutbox(
      sql,
      env,
      ctx.storage,
      (now) => {
        this.reviews.applyDue(now);
        this.pacing.releaseDue(now);
      },
      () => this.pacing.nextRelease(),
    );
    this.phones = new Phones(sql, this.outbox);
    this.reviews = new TemplateReviews(sql, this.outbox);
    this.pacing = new Pacing(sql, this.outbox);
  }

  override async alarm(): Promise<void> {
    await this.outbox.flush();
  }

  // The fake Calling API's calls, settings and permissions by key (calls-state.ts)

  async callRecord(key: string): Promise<unknown> {
    return (await this.ctx.storage.get(`calls:${key}`)) ?? null;
  }
  async saveCallRecord(key: string, value: unknown): Promise<void> {
    await this.ctx.storage.put(`calls:${key}`, value);
  }

  // Customers and messages both ways (phones.ts)

  upsertCustomer(waId: string, name?: string | null): SandboxCustomer {
    return this.phones.upsertCustomer(waId, name);
  }
  customer(waId: string): SandboxCustomer | null {
    return this.phones.customer(waId);
  }
  listCustomers(): SandboxCustomer[] {
    return this.phones.listCustomers();
  }
  conversation(waId: string): SandboxMessage[] {
    return this.phones.conversation(waId);
  }
  message(id: string): SandboxMessage | null {
    return this.phones.message(id);
  }
  customerSends(input: CustomerMessageInput): Promise<CustomerSendResult> {
    return this.phones.customerSends(input);
  }
  /**
   * A business send through the Graph API, as Meta answers it: a template send whose parameters do
   * not match the template is refused (T3, before the rate), a MARKETING template may be held by
   * pacing (T8), and above the number's rate nothing is sent (130429).
   */
  businessSends(send: OutboundSend): BusinessSendResult {
    let pacedTemplate: string | null = null;
    if (send.type === "template") {
      // Meta refuses a send whose parameters do not match the approved template (rule T3).
      const { name, language, components } = send.content as TemplateSendContent;
      const known = this.reviews.templateNamed(name, language.code);
      const mismatch = known ? templateSendMismatch(JSON.parse(known.components), components) : null;
      if (mismatch) return { ok: false, status: 400, error: mismatch };
      // T8: MARKETING templates are paced.
      if (known?.category === "MARKETING") pacedTemplate = `${name}/${language.code}`;
    }
    // Issue 13: the number's throughput; above it Meta answers 130429 and sends nothing.
    if (!this.rate.admit(Date.now())) return { ok: false, status: 429, error: throughputError() };
    const hold = pacedTemplate !== null && this.pacing.holdsNext(pacedTemplate);
    const result = this.phones.businessSends(send, hold, pacedTemplate !== null);
    if (result.ok && pacedTemplate) {
      this.pacing.record(result.messageId, pacedTemplate, send.waId, send.callbackData ?? null, hold);
    }
    return result;
  }
  /** T8: how long a held send waits for a rating before it is released by itself. */
  configurePacing(holdMs: number): { holdMs: number } {
    const result = this.pacing.configure(holdMs);
    this.outbox.scheduleAlarm();
    return result;
  }
  configureRate(messagesPerSecond: number): RateStats {
    this.rate.configure(messagesPerSecond);
    return this.rate.stats();
  }
  rateStats(): RateStats {
    return this.rate.stats();
  }
  markRead(messageId: string): boolean {
    return this.phones.markRead(messageId);
  }
  recordMedia(media: SandboxMedia): SandboxMedia {
    return this.phones.recordMedia(media);
  }
  media(id: string): SandboxMedia | null {
    return this.phones.media(id);
  }
  deleteMedia(id: string): string | null {
    return this.phones.deleteMedia(id);
  }

  // Message templates and their review (reviews.ts)

  createTemplate(submission: TemplateSubmission): ReturnType<TemplateReviews["createTemplate"]> {
    return this.reviews.createTemplate(submission);
  }
  startUpload(fileLength: number, fileType: string, fileName: string | null): string {
    return this.reviews.startUpload(fileLength, fileType, fileName);
  }
  finishUpload(sessionId: string, offset: number, length: number): ReturnType<TemplateReviews["finishUpload"]> {
    return this.reviews.finishUpload(sessionId, offset, length);
  }
  uploadByHandle(handle: string): { fileType: string; fileLength: number } | null {
    return this.reviews.uploadByHandle(handle);
  }
  listTemplates(): SandboxTemplate[] {
    return this.reviews.listTemplates();
  }
  template(id: string): SandboxTemplate | null {
    return this.reviews.template(id);
  }
  deleteTemplate(name: string, id?: string | null): number {
    return this.reviews.deleteTemplate(name, id);
  }
  reviewTemplate(
    id: string,
    event: "APPROVED" | "REJECTED" | "PAUSED" | "DISABLED" | "REINSTATED",
    reason?: string | null,
  ): Promise<SandboxDelivery | null> {
    return this.reviews.reviewTemplate(id, event, reason);
  }
  async rateTemplate(id: string, quality: ProviderQualityScore): Promise<SandboxDelivery[] | "not_rated" | null> {
    const result = await this.reviews.rateTemplate(id, quality);
    const template = this.reviews.template(id);
    if (Array.isArray(result) && template) {
      // T8: the rating decides the held messages of a paced template.
      const key = `${template.name}/${template.language}`;
      if (quality === "RED") this.pacing.drop(key, template.status === "DISABLED");
      else if (quality === "GREEN" || quality === "YELLOW") this.pacing.release(key);
    }
    return result;
  }

  // Webhook deliveries (outbox.ts)

  deliveries(limit = 50): SandboxDelivery[] {
    return this.outbox.deliveries(limit);
  }
  delivery(id: number): SandboxDelivery | null {
    return this.outbox.delivery(id);
  }
  redeliverLast(): Promise<SandboxDelivery | null> {
    return this.outbox.redeliverLast();
  }
}
