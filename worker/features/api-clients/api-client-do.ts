import { DurableObject } from "cloudflare:workers";
import {
  type Admission,
  admitRequest,
  type Bucket,
  IDEMPOTENCY_TTL_MS,
  type IdempotencyVerdict,
  idempotencyVerdict,
} from "../../domain/api-clients";
import { clock } from "../../lib/clock";

/** An answer kept for an Idempotency-Key, to be given again to a retry of the same request. */
export interface StoredAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

export type Claim =
  | (IdempotencyVerdict & { kind: "proceed" | "reused" | "in_progress" })
  | { kind: "replay"; answer: StoredAnswer };

/**
 * One API client (issue 18): an API key, or a signed-in user of one organization. The single writer
 * of its request budget (a token bucket, RateLimit-* headers) and of its Idempotency-Keys: a key is
 * claimed before the request runs and answered after, so a retry gets the first answer and two
 * requests with one key never both run.
 */
export class ApiClientDO extends DurableObject<Env> {
  private bucket: Bucket | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, at INTEGER NOT NULL,
      status INTEGER, content_type TEXT, body TEXT)`);
  }

  /** Takes one request from the budget (the bucket lives in memory: an eviction only refills it). */
  admit(limit: number, now: number): Admission {
    const admission = admitRequest(this.bucket, limit, now);
    this.bucket = admission.bucket;
    return admission;
  }

  /** Claims `key` for a request with this fingerprint, or says why it may not run (or what it answered). */
  async claim(key: string, fingerprint: string, now: number): Promise<Claim> {
    const sql = this.ctx.storage.sql;
    const row = sql
      .exec<{
        fingerprint: string;
        at: number;
        status: number | null;
        content_type: string | null;
        body: string | null;
      }>("SELECT fingerprint, at, status, content_type, body FROM idempotency WHERE key = ?", key)
      .toArray()[0];
    const record = row ? { fingerprint: row.fingerprint, completed: row.status !== null, at: row.at } : null;
    const verdict = idempotencyVerdict(record, fingerprint, now);
    if (verdict.kind === "replay" && row?.status != null) {
      return { kind: "replay", answer: { status: row.status, contentType: row.content_type, body: row.body ?? "" } };
    }
    if (verdict.kind === "proceed") {
      sql.exec(
        `INSERT INTO idempotency (key, fingerprint, at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, at = excluded.at,
           status = NULL, content_type = NULL, body = NULL`,
        key,
        fingerprint,
        now,
      );
      if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + IDEMPOTENCY_TTL_MS);
    }
    return verdict.kind === "replay" ? { kind: "proceed" } : verdict;
  }

  /** Keeps the answer of a claimed key. */
  complete(key: string, answer: StoredAnswer): void {
    this.ctx.storage.sql.exec(
      "UPDATE idempotency SET status = ?, content_type = ?, body = ? WHERE key = ?",
      answer.status,
      answer.contentType,
      answer.body,
      key,
    );
  }

  /** Lets a key go without an answer (the request failed in a way worth retrying). */
  release(key: string): void {
    this.ctx.storage.sql.exec("DELETE FROM idempotency WHERE key = ? AND status IS NULL", key);
  }

  /** Forgets answers older than a day; comes back while any are left. */
  override async alarm(): Promise<void> {
    const now = clock.now();
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM idempotency WHERE at < ?", now - IDEMPOTENCY_TTL_MS);
    const oldest = sql.exec<{ at: number | null }>("SELECT min(at) AS at FROM idempotency").one().at;
    if (oldest !== null) await this.ctx.storage.setAlarm(oldest + IDEMPOTENCY_TTL_MS);
  }
}
