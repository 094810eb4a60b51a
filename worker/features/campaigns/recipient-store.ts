/**
 * A campaign's recipients in its Durable Object's SQLite (T6): the object is their single writer.
 * `sending` with `started = 0`: claimed and handed to the queue; `started = 1`: a sender took it
 * (from then on it is never handed out again: its outcome is reported, or it fails as unknown).
 */
import type { RecipientCounts } from "../../db/schema-campaigns";
import { type RecipientState, UNKNOWN_OUTCOME } from "../../domain/campaign";
import type { Receipt } from "../billing/service";
import type { NewRecipient, RecipientParams, RecipientView } from "./types";

export type RecipientRow = {
  id: number;
  phone: string;
  params: string;
  state: RecipientState;
  attempt: number;
  started: number;
  claimed_at: number | null;
  not_before: number;
  errors: number;
  reason: string | null;
  wamid: string | null;
  receipt: string | null;
  cost: number;
  updated_at: number;
  room_state: RecipientState | null;
} & Record<string, SqlStorageValue>;

const EMPTY_COUNTS = (): RecipientCounts => ({
  queued: 0,
  sending: 0,
  held: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  cancelled: 0,
  skipped: 0,
});

export class RecipientStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS recipients (
        id INTEGER PRIMARY KEY, phone TEXT NOT NULL, params TEXT NOT NULL, state TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 0, started INTEGER NOT NULL DEFAULT 0, claimed_at INTEGER,
        not_before INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0, reason TEXT, wamid TEXT,
        receipt TEXT, cost INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS recipients_state ON recipients (state, not_before, id);`);
    // Rule I3: the state each recipient's room was last told (added after the first campaigns).
    const columns = sql.exec<{ name: string }>("PRAGMA table_info(recipients)").toArray();
    if (!columns.some((c) => c.name === "room_state")) {
      // A campaign from before: what it sent then is not told to rooms now (nothing floods the inbox).
      sql.exec(`ALTER TABLE recipients ADD COLUMN room_state TEXT;
        UPDATE recipients SET room_state = state WHERE wamid IS NOT NULL;
        CREATE INDEX IF NOT EXISTS recipients_room_due ON recipients (id)
        WHERE wamid IS NOT NULL AND room_state IS NOT state;`);
    }
  }

  get<T>(key: string): T | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  set(key: string, value: unknown): void {
    this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, JSON.stringify(value));
  }

  insertAll(recipients: readonly NewRecipient[], now: number): void {
    // One statement per recipient inside the caller's transaction (5,000 rows at most, T5).
    recipients.forEach((r, i) => {
      this.sql.exec(
        "INSERT INTO recipients (id, phone, params, state, updated_at) VALUES (?, ?, ?, 'queued', ?)",
        i + 1,
        r.phone,
        JSON.stringify(r.params),
        now,
      );
    });
  }

  row(id: number): RecipientRow | null {
    return this.sql.exec<RecipientRow>("SELECT * FROM recipients WHERE id = ?", id).toArray()[0] ?? null;
  }

  /** Claims up to `limit` due recipients: `sending`, the next attempt recorded (T6, item 3). */
  claim(limit: number, now: number): { id: number; attempt: number }[] {
    if (limit <= 0) return [];
    return this.sql
      .exec<{ id: number; attempt: number }>(
        `UPDATE recipients SET state = 'sending', attempt = attempt + 1, started = 0, claimed_at = ?, updated_at = ?
         WHERE id IN (SELECT id FROM recipients WHERE state = 'queued' AND not_before <= ? ORDER BY id LIMIT ?)
         RETURNING id, attempt`,
        now,
        now,
        now,
        limit,
      )
      .toArray()
      .sort((a, b) => a.id - b.id);
  }

  /** Claimed but not taken by a sender within `staleMs` (the queue message was lost): hand out again. */
  unstarted(olderThan: number): { id: number; attempt: number }[] {
    return this.sql
      .exec<{ id: number; attempt: number }>(
        "SELECT id, attempt FROM recipients WHERE state = 'sending' AND started = 0 AND claimed_at < ? ORDER BY id LIMIT 500",
        olderThan,
      )
      .toArray();
  }

  /** Taken by a sender that never reported (it was evicted or timed out): the outcome is unknown. */
  failLost(olderThan: number, now: number): number {
    return this.sql
      .exec(
        `UPDATE recipients SET state = 'failed', reason = 'unknown_outcome', updated_at = ?
       WHERE state = 'sending' AND started = 1 AND claimed_at < ? RETURNING id`,
        now,
        olderThan,
      )
      .toArray().length;
  }

  /** A sender takes a claimed recipient once: true only the first time for this attempt. */
  start(id: number, attempt: number, now: number): boolean {
    return (
      this.sql
        .exec(
          "UPDATE recipients SET started = 1, claimed_at = ?, updated_at = ? WHERE id = ? AND attempt = ? AND state = 'sending' AND started = 0 RETURNING id",
          now,
          now,
          id,
          attempt,
        )
        .toArray().length === 1
    );
  }

  update(id: number, fields: Partial<Omit<RecipientRow, "id">>, now: number): void {
    const entries = Object.entries({ ...fields, updated_at: now });
    this.sql.exec(
      `UPDATE recipients SET ${entries.map(([k]) => `${k} = ?`).join(", ")} WHERE id = ?`,
      ...entries.map(([, v]) => v as SqlStorageValue),
      id,
    );
  }

  /** Every recipient still queued fails (or is cancelled) with `reason`. */
  endQueued(state: "failed" | "cancelled", reason: string, now: number): number {
    return this.sql
      .exec(
        "UPDATE recipients SET state = ?, reason = ?, updated_at = ? WHERE state = 'queued' RETURNING id",
        state,
        reason,
        now,
      )
      .toArray().length;
  }

  /** Cancel: claimed recipients no sender took yet are cancelled too (a sender's `start` then fails). */
  cancelUnstarted(now: number): number {
    return this.sql
      .exec(
        "UPDATE recipients SET state = 'cancelled', reason = 'campaign_cancelled', updated_at = ? WHERE state = 'sending' AND started = 0 RETURNING id",
        now,
      )
      .toArray().length;
  }

  /**
   * Failed recipients go back to `queued` for an explicit retry (T7). Opted-out ones stay failed, and
   * so do those whose send may have gone out (`unknown_outcome`, until a status says; item 4: never
   * sent or charged twice). One settled `no_status` after 48 h (refunded) is sent again.
   */
  requeueFailed(now: number): number {
    return this.sql
      .exec(
        `UPDATE recipients SET state = 'queued', reason = NULL, errors = 0, not_before = 0, receipt = NULL, cost = 0,
         wamid = NULL, room_state = NULL, updated_at = ?
       WHERE state = 'failed' AND coalesce(reason, '') NOT IN ('opted_out', ?) RETURNING id`,
        now,
        UNKNOWN_OUTCOME,
      )
      .toArray().length;
  }

  /**
   * Issue 13 item 4: `unknown_outcome` recipients with a stored receipt (a charge to give back) whose
   * attempt was at or before `attemptBefore`. One without a receipt is left as it is: a charge of
   * it may stand that no receipt can give back, and Retry would charge it again.
   */
  awaitingStatus(attemptBefore: number, limit: number): RecipientRow[] {
    return this.sql
      .exec<RecipientRow>(
        `SELECT * FROM recipients WHERE state = 'failed' AND reason = ? AND receipt IS NOT NULL
         AND claimed_at <= ? ORDER BY claimed_at LIMIT ?`,
        UNKNOWN_OUTCOME,
        attemptBefore,
        limit,
      )
      .toArray();
  }

  /** Issue 13 item 4: the earliest attempt of a recipient `awaitingStatus` would settle, or null. */
  firstAwaitingStatus(): number | null {
    return this.sql
      .exec<{ at: number | null }>(
        "SELECT min(claimed_at) AS at FROM recipients WHERE state = 'failed' AND reason = ? AND receipt IS NOT NULL",
        UNKNOWN_OUTCOME,
      )
      .one().at;
  }

  /**
   * Rule I3: recipients with a message whose room has not been told their current state, once that
   * state is final (read, failed) or has stood since `settledBy`: states that follow each other
   * within moments (sent, delivered, read) are told as one.
   */
  roomDue(limit: number, settledBy: number): RecipientRow[] {
    return this.sql
      .exec<RecipientRow>(
        `SELECT * FROM recipients WHERE wamid IS NOT NULL AND room_state IS NOT state
         AND (state IN ('read', 'failed') OR updated_at <= ?) ORDER BY id LIMIT ?`,
        settledBy,
        limit,
      )
      .toArray();
  }

  /** Rule I3: whether some recipient's room is still to be told its current state (now or soon). */
  roomPending(): boolean {
    return (
      this.sql.exec("SELECT 1 FROM recipients WHERE wamid IS NOT NULL AND room_state IS NOT state LIMIT 1").toArray()
        .length > 0
    );
  }

  /** Rule I3: the room was told this recipient's `state` (a later state is told again). */
  roomTold(rows: readonly Pick<RecipientRow, "id" | "state">[]): void {
    for (const r of rows) this.sql.exec("UPDATE recipients SET room_state = ? WHERE id = ?", r.state, r.id);
  }

  counts(skipped: number): RecipientCounts {
    const counts = EMPTY_COUNTS();
    for (const r of this.sql.exec<{ state: RecipientState; n: number }>(
      "SELECT state, count(*) AS n FROM recipients GROUP BY state",
    )) {
      counts[r.state] = r.n;
    }
    counts.skipped = skipped;
    return counts;
  }

  cost(): number {
    return this.sql.exec<{ c: number }>("SELECT coalesce(sum(cost), 0) AS c FROM recipients").one().c;
  }

  page(opts: { state?: RecipientState | undefined; after: number; limit: number }): RecipientView[] {
    const rows = opts.state
      ? this.sql.exec<RecipientRow>(
          "SELECT * FROM recipients WHERE state = ? AND id > ? ORDER BY id LIMIT ?",
          opts.state,
          opts.after,
          opts.limit,
        )
      : this.sql.exec<RecipientRow>(
          "SELECT * FROM recipients WHERE id > ? ORDER BY id LIMIT ?",
          opts.after,
          opts.limit,
        );
    return rows.toArray().map(viewOf);
  }
}

export const viewOf = (r: RecipientRow): RecipientView => ({
  id: r.id,
  phone: r.phone,
  state: r.state,
  reason: r.reason,
  providerMessageId: r.wamid,
  attempt: r.attempt,
  updatedAt: r.updated_at,
});

export const paramsOf = (r: RecipientRow): RecipientParams => JSON.parse(r.params) as RecipientParams;
export const receiptOf = (r: RecipientRow): Receipt | null => (r.receipt ? (JSON.parse(r.receipt) as Receipt) : null);
/** Rupiah a receipt took from the WhatsApp balance (package part and top-up; B5). */
export const costOf = (receipt: Receipt | null) =>
  (receipt?.entries ?? [])
    .filter((e) => e.wallet === "packageBalance" || e.wallet === "topupBalance")
    .reduce((sum, e) => sum + e.amount, 0);
