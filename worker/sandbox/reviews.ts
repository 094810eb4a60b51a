import {
  buildTemplateQualityWebhook,
  buildTemplateStatusWebhook,
  type ProviderQualityScore,
} from "../channels/whatsapp/template-webhooks";
import { SANDBOX_WABA_ID, TEMPLATE_REVIEW_MS } from "./config";
import { type MetaGraphError, metaErrors } from "./graph";
import type { WebhookOutbox } from "./outbox";
import { type SandboxDelivery, seconds, toTemplate } from "./store";
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

/** A template change the sandbox will make (and announce) at its time. */
interface TemplateChangeInput {
  status?: SandboxTemplateStatus;
  /** Meta's event when it differs from the status (REINSTATED). */
  event?: string;
  reason?: string | null;
  otherInfo?: { title: string; description: string };
  quality?: ProviderQualityScore;
}

/**
 * The WABA's message templates and their review (rule T3), as Meta does it (see `templates.ts`):
 * each status or quality change happens at its time (`template_changes`) and is announced by its
 * signed `message_template_status_update` / `message_template_quality_update` webhook, delivered and
 * retried by the outbox like every other webhook (kind `template`). Header samples arrive through
 * the Resumable Upload API (`uploads`).
 */
export class TemplateReviews {
  constructor(
    private readonly sql: SqlStorage,
    private readonly outbox: WebhookOutbox,
  ) {}

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
    this.outbox.scheduleAlarm();
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

  /** The template of this name and language (Meta's key for a send), or null. */
  templateNamed(name: string, language: string): SandboxTemplate | null {
    const row = this.sql.exec("SELECT * FROM templates WHERE name = ? AND language = ?", name, language).toArray()[0];
    return row ? toTemplate(row) : null;
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
    await this.outbox.flush();
    return this.outbox.delivery(deliveryId);
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
    await this.outbox.flush();
    return ids.map((d) => this.outbox.delivery(d) as SandboxDelivery);
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
    const deliveryId = this.outbox.enqueue({
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
  applyDue(now: number): void {
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
}

function pauseInfo() {
  return {
    title: "FIRST_PAUSE",
    description: "Your template was paused for 3 hours because of its low quality rating.",
  };
}
