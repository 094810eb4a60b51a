import type { DomainEvent, NewEvent } from "../events/types";
import { clock } from "../lib/clock";
import type { RoomSummary } from "./types";

/** One recorded change: the event, and the room as it was right after it (what the index and feed show). */
export interface OutboxRow {
  id: number;
  event: DomainEvent;
  room: RoomSummary;
}

/**
 * A room's outbox, in the room's own SQLite. A change and the events that announce it are written in
 * one transaction, so an event is never lost (the change is there) and never invented (the change
 * is not). The room drains it after answering; the alarm retries until it is empty.
 */
export class RoomOutbox {
  /** How many rows wait, kept in memory once counted (this object is the only writer of its outbox). */
  private count: number | undefined;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL, room TEXT NOT NULL)`);
  }

  /** Call inside the change's `transactionSync`. The event id is fixed here, so retries keep it. */
  record(event: NewEvent, room: RoomSummary): DomainEvent {
    const stamped = { ...event, id: crypto.randomUUID(), at: clock.now() } as DomainEvent;
    this.sql.exec("INSERT INTO outbox (event, room) VALUES (?, ?)", JSON.stringify(stamped), JSON.stringify(room));
    if (this.count !== undefined) this.count++;
    return stamped;
  }

  /** The oldest `limit` rows, in the order they were recorded. */
  pending(limit: number): OutboxRow[] {
    const rows = this.sql
      .exec<{ id: number; event: string; room: string }>(
        "SELECT id, event, room FROM outbox ORDER BY id LIMIT ?",
        limit,
      )
      .toArray()
      .map((row) => ({ id: row.id, event: JSON.parse(row.event), room: JSON.parse(row.room) }));
    if (rows.length < limit) this.count = rows.length;
    return rows;
  }

  /** Forgets these rows, the oldest `pending` gave, once every one of them was delivered. */
  delivered(rows: OutboxRow[]): void {
    const last = rows.at(-1);
    if (!last) return;
    this.sql.exec("DELETE FROM outbox WHERE id <= ?", last.id);
    if (this.count !== undefined) this.count = Math.max(0, this.count - rows.length);
  }

  size(): number {
    this.count ??= this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM outbox").one().n;
    return this.count;
  }

  /** After a commit that threw: count again from SQLite. */
  forget(): void {
    this.count = undefined;
  }
}
