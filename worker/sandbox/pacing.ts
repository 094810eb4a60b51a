/**
 * Template pacing (rule T8, issue 13 item 8): Meta sends a MARKETING template's first sends and
 * holds the rest (`message_status: held_for_quality_assessment`) while it rates the template. When
 * the rating comes back GREEN or YELLOW the held messages are released (sent, delivered, read);
 * RED drops them as `failed` (132015 while the template is paused, 132016 once it is disabled).
 * A held message no rating decided is released by itself after the hold (HOLD_RELEASE_MS, about
 * 30 minutes; `configure` sets it shorter), by the sandbox's alarm.
 */
import type { MetaErrorObject } from "../channels/whatsapp/webhook-builders";
import { HOLD_RELEASE_MS, STATUS_DELAYS_MS } from "./config";
import type { WebhookOutbox } from "./outbox";

/** Sends of a MARKETING template that go out before the rest are held. */
export const PACING_FIRST = 5;

interface HeldRow extends Record<string, SqlStorageValue> {
  message_id: string;
  wa_id: string;
  callback_data: string | null;
}

export class Pacing {
  constructor(
    private readonly sql: SqlStorage,
    private readonly outbox: WebhookOutbox,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS paced_sends (
      message_id TEXT PRIMARY KEY, template TEXT NOT NULL, wa_id TEXT NOT NULL, callback_data TEXT,
      held INTEGER NOT NULL, created_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS paced_sends_template ON paced_sends (template, held);
      CREATE TABLE IF NOT EXISTS pacing_settings (id INTEGER PRIMARY KEY CHECK (id = 1), hold_ms INTEGER NOT NULL);`);
    const columns = sql.exec<{ name: string }>("PRAGMA table_info(paced_sends)").toArray();
    if (!columns.some((c) => c.name === "release_at"))
      sql.exec("ALTER TABLE paced_sends ADD COLUMN release_at INTEGER");
  }

  /** How long a held send waits for a rating before it is released by itself. */
  holdMs(): number {
    const row = this.sql.exec<{ hold_ms: number }>("SELECT hold_ms FROM pacing_settings WHERE id = 1").toArray()[0];
    return row?.hold_ms ?? HOLD_RELEASE_MS;
  }

  configure(holdMs: number): { holdMs: number } {
    this.sql.exec("INSERT OR REPLACE INTO pacing_settings (id, hold_ms) VALUES (1, ?)", holdMs);
    return { holdMs };
  }

  /** When the next held send is due to be released by itself; null when none is held. */
  nextRelease(): number | null {
    return this.sql.exec<{ t: number | null }>("SELECT min(release_at) AS t FROM paced_sends WHERE held = 1").one().t;
  }

  /** Held sends whose hold is over without a rating: released (Meta releases them anyway). */
  releaseDue(now: number): number {
    const rows = this.sql
      .exec<HeldRow>(
        "UPDATE paced_sends SET held = 0 WHERE held = 1 AND release_at <= ? RETURNING message_id, wa_id, callback_data",
        now,
      )
      .toArray();
    this.sendOut(rows, now);
    return rows.length;
  }

  /** Whether the next send of this template (name/language) is held. */
  holdsNext(template: string): boolean {
    const row = this.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM paced_sends WHERE template = ?", template)
      .one();
    return row.n >= PACING_FIRST;
  }

  record(messageId: string, template: string, waId: string, callbackData: string | null, held: boolean): void {
    const now = Date.now();
    this.sql.exec(
      "INSERT INTO paced_sends (message_id, template, wa_id, callback_data, held, created_at, release_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      messageId,
      template,
      waId,
      callbackData,
      held ? 1 : 0,
      now,
      held ? now + this.holdMs() : null,
    );
    if (held) this.outbox.scheduleAlarm();
  }

  private takeHeld(template: string): HeldRow[] {
    return this.sql
      .exec<HeldRow>(
        "UPDATE paced_sends SET held = 0 WHERE template = ? AND held = 1 RETURNING message_id, wa_id, callback_data",
        template,
      )
      .toArray();
  }

  /** GREEN or YELLOW: the held messages go out. */
  release(template: string): number {
    const rows = this.takeHeld(template);
    this.sendOut(rows, Date.now());
    return rows.length;
  }

  private sendOut(rows: HeldRow[], now: number): void {
    for (const r of rows) {
      this.sql.exec("UPDATE messages SET status = 'accepted', updated_at = ? WHERE id = ?", now, r.message_id);
      for (const status of ["sent", "delivered", "read"] as const) {
        this.outbox.enqueueStatus(
          r.message_id,
          r.wa_id,
          status,
          now + STATUS_DELAYS_MS[status],
          undefined,
          r.callback_data,
        );
      }
    }
    if (rows.length > 0) this.outbox.scheduleAlarm();
  }

  /** RED: the held messages are dropped, failed with the template's new state's code. */
  drop(template: string, disabled: boolean): number {
    const now = Date.now();
    const error: MetaErrorObject = disabled
      ? {
          code: 132016,
          title: "Template disabled",
          message: "Template disabled",
          error_data: { details: "The template was disabled for low quality." },
        }
      : {
          code: 132015,
          title: "Template paused",
          message: "Template paused",
          error_data: { details: "The template was paused for low quality." },
        };
    const rows = this.takeHeld(template);
    for (const r of rows) {
      this.outbox.enqueueStatus(r.message_id, r.wa_id, "failed", now + STATUS_DELAYS_MS.sent, error, r.callback_data);
    }
    if (rows.length > 0) this.outbox.scheduleAlarm();
    return rows.length;
  }
}
