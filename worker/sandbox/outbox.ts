import { buildStatusWebhook, type MetaErrorObject } from "../channels/whatsapp/webhook-builders";
import { log } from "../lib/log";
import { RETRY } from "./config";
import { postSignedWebhook } from "./deliver";
import { isUserId } from "./graph";
import { webhooksOf } from "./outbox-batch";
import { ACCOUNT, type Row, type SandboxDelivery, seconds, toDelivery } from "./store";

/** Webhooks posted at once, each about a different message (Meta's webhooks arrive concurrently too). */
const DELIVERY_LANES = 8;

/** The wait before the next attempt of a webhook the platform did not take. */
export function backoffMs(attempts: number): number {
  return Math.min(RETRY.baseMs * 2 ** Math.max(0, attempts - 1), RETRY.maxMs);
}

/**
 * Every webhook the sandbox owes the platform (`deliveries`), kept in SQLite so a restart or an
 * eviction loses none. Each is posted signed to the platform's real `POST /webhooks/whatsapp`; a
 * non-2xx answer is retried with exponential backoff by alarm, and webhooks about one message go
 * out in order. A status is applied to its message at its time, taken or not.
 */
export class WebhookOutbox {
  private flushing: Promise<void> | null = null;
  private flushAgain = false;

  constructor(
    private readonly sql: SqlStorage,
    private readonly env: Env,
    private readonly storage: DurableObjectStorage,
    /** Runs first in every flush: changes due now whose webhooks go out in the same flush. */
    private readonly beforeFlush: (now: number) => void,
    /** When something else due in `beforeFlush` is next (a held send's release, T8); null: nothing. */
    private readonly nextOtherDue: () => number | null = () => null,
  ) {}

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

  enqueue(d: {
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
  enqueueStatus(
    messageId: string,
    waId: string,
    status: "sent" | "delivered" | "read" | "failed",
    at: number,
    error?: MetaErrorObject,
    callbackData: string | null = null,
  ): void {
    const webhook = buildStatusWebhook({
      ...ACCOUNT,
      status: {
        id: messageId,
        status,
        timestamp: seconds(at),
        recipientId: waId,
        recipientIsUserId: isUserId(waId),
        ...(error ? { errors: [error] } : {}),
      },
    });
    // Meta echoes the send's biz_opaque_callback_data in each of its statuses.
    const value = webhook.entry[0]?.changes[0]?.value as { statuses?: Record<string, unknown>[] } | undefined;
    const first = value?.statuses?.[0];
    if (callbackData && first) first.biz_opaque_callback_data = callbackData;
    const body = JSON.stringify(webhook);
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
  flush(): Promise<void> {
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
    this.beforeFlush(now);
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
      .exec<{ id: number; order_key: string }>(
        "SELECT id, order_key FROM deliveries WHERE state = 'pending' AND due_at <= ? ORDER BY id",
        now,
      )
      .toArray();
    // Like Meta: webhooks about different messages go out concurrently (statuses due together in
    // one webhook, see outbox-batch.ts), those about one message in order.
    const chains = new Map<string, number[]>();
    for (const { id, order_key } of ready) chains.set(order_key, [...(chains.get(order_key) ?? []), id]);
    let pending = [...chains.values()];
    while (pending.length > 0) {
      const heads = pending.flatMap((chain) => {
        const row = this.dueFirstOfMessage(chain[0] as number);
        return row ? [{ chain, row }] : [];
      });
      const queue = webhooksOf(heads.map((h) => h.row));
      const taken = new Set<number>();
      const lane = async () => {
        for (let webhook = queue.shift(); webhook; webhook = queue.shift()) {
          if (await this.attempt(webhook.rows, webhook.body))
            for (const row of webhook.rows) taken.add(row.id as number);
        }
      };
      await Promise.all(Array.from({ length: Math.min(DELIVERY_LANES, queue.length) }, lane));
      pending = heads.filter((h) => taken.has(h.row.id as number) && h.chain.length > 1).map((h) => h.chain.slice(1));
    }
  }

  /** Delivery `id` when it is still due and the first of its message not yet taken; else null. */
  private dueFirstOfMessage(id: number): Row | null {
    const row = this.sql.exec("SELECT * FROM deliveries WHERE id = ? AND state = 'pending'", id).toArray()[0];
    if (!row || (row.due_at as number) > Date.now()) return null;
    const earlier = this.sql
      .exec("SELECT 1 FROM deliveries WHERE state = 'pending' AND order_key = ? AND id < ? LIMIT 1", row.order_key, id)
      .toArray();
    return earlier.length > 0 ? null : row; // webhooks about one message go out in order
  }

  /** Posts one webhook, signed as Meta signs it: the platform's answer status, or why it failed. */
  private async post(body: string): Promise<{ status: number | null; error: string | null }> {
    try {
      const res = await postSignedWebhook(this.env, body);
      if (res.status >= 200 && res.status <= 299) {
        await res.body?.cancel();
        return { status: res.status, error: null };
      }
      return { status: res.status, error: (await res.text()).slice(0, 500) };
    } catch (err) {
      return { status: null, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Posts one webhook carrying `rows` (`body`): true when the platform took it. */
  private async attempt(rows: Row[], body: string): Promise<boolean> {
    // Leased: if this instance dies mid-flight, the deliveries are retried after the lease.
    for (const row of rows) {
      this.sql.exec(
        "UPDATE deliveries SET attempts = attempts + 1, due_at = ? WHERE id = ?",
        Date.now() + RETRY.leaseMs,
        row.id,
      );
    }
    const { status, error } = await this.post(body);
    const now = Date.now();
    const taken = status !== null && status >= 200 && status <= 299;
    if (!taken) {
      const deliveryIds = rows.map((row) => row.id).join(",");
      log("warn", "sandbox_webhook_not_accepted", { deliveryIds, kind: rows[0]?.kind as string, status });
    }
    for (const row of rows) {
      if (taken) this.settleTaken(row, status, now);
      else this.settleRefused(row, (row.attempts as number) + 1, status, error, now);
    }
    return taken;
  }

  private settleTaken(row: Row, status: number, now: number): void {
    this.sql.exec(
      "UPDATE deliveries SET state = 'delivered', last_status = ?, last_error = NULL, delivered_at = ? WHERE id = ?",
      status,
      now,
      row.id,
    );
    if (row.kind === "message") {
      this.sql.exec(
        "UPDATE messages SET status = 'delivered', updated_at = ? WHERE id = ? AND status = 'pending'",
        now,
        row.message_id,
      );
    }
  }

  private settleRefused(row: Row, attempts: number, status: number | null, error: string | null, now: number): void {
    const dead = attempts >= RETRY.maxAttempts;
    this.sql.exec(
      "UPDATE deliveries SET state = ?, due_at = ?, last_status = ?, last_error = ? WHERE id = ?",
      dead ? "dead" : "pending",
      now + backoffMs(attempts),
      status,
      error,
      row.id,
    );
    // The webhooks after it about the same message wait for it: none is due before it is tried again.
    if (!dead) {
      this.sql.exec(
        "UPDATE deliveries SET due_at = max(due_at, ?) WHERE state = 'pending' AND order_key = ? AND id > ?",
        now + backoffMs(attempts),
        row.order_key,
        row.id,
      );
    }
    if (dead && row.kind === "message") {
      this.sql.exec(
        "UPDATE messages SET status = 'failed', updated_at = ? WHERE id = ? AND status = 'pending'",
        now,
        row.message_id,
      );
    }
  }

  /** The alarm wakes at the next delivery that can go (first of its message) or status to apply. */
  scheduleAlarm(): void {
    const row = this.sql
      .exec(
        // A pending webhook behind an earlier one of its message is never due before it (see `attempt`).
        `SELECT min(t) AS next FROM (
           SELECT min(due_at) AS t FROM deliveries WHERE state = 'pending'
           UNION ALL
           SELECT min(due_at) AS t FROM deliveries WHERE applied = 0
           UNION ALL
           SELECT min(due_at) AS t FROM template_changes WHERE applied = 0)`,
      )
      .one();
    const times = [row.next as number | null, this.nextOtherDue()].filter((t): t is number => t !== null);
    if (times.length === 0) return;
    const next = Math.min(...times);
    void this.storage.setAlarm(Math.max(next, Date.now()));
  }
}
