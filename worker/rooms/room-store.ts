import type { MessageKind } from "../channels/types";
import { type ChannelPolicy, policyOf } from "../domain/channel-policy";
import { previewOf } from "../domain/room";
import { windowExpiresAt } from "../domain/window";
import { clock } from "../lib/clock";
import { Problem } from "../lib/problem";
import { messageView } from "./message-view";
import type { Message, RoomEvent, RoomSummary } from "./types";

/** The room as it keeps itself; the summary adds what is derived (window end, last seq). */
export interface RoomRecord extends Omit<RoomSummary, "windowExpiresAt" | "lastSeq"> {}

/** The policy of the room's channel kind (rooms opened before kinds existed are WhatsApp's). */
export const policyOfRoom = (r: RoomRecord): ChannelPolicy => policyOf(r.channelKind ?? "whatsapp");

/** Rule I2: when the room's reply window closes; null when it has none (no customer message, or a kind without one). */
export const windowEndOf = (r: RoomRecord): number | null => windowExpiresAt(r.lastCustomerMessageAt, policyOfRoom(r));

interface MessageRow extends Record<string, SqlStorageValue> {
  id: string;
  seq: number;
  provider_message_id: string | null;
  client_id: string | null;
  direction: string;
  kind: string;
  status: string;
  sent_at: number;
  created_at: number;
  author_id: string | null;
  data: string;
}

type MessageData = Pick<
  Message,
  "text" | "media" | "location" | "contacts" | "replyToId" | "reactionToId" | "error" | "authorName" | "details"
>;

const dataOf = (m: Omit<MessageData, "details"> & { details?: MessageData["details"] }): string =>
  JSON.stringify({
    text: m.text,
    media: m.media,
    location: m.location,
    contacts: m.contacts,
    replyToId: m.replyToId,
    reactionToId: m.reactionToId,
    error: m.error,
    authorName: m.authorName,
    details: m.details ?? null,
  } satisfies MessageData);

/**
 * A room's own SQLite: the record, the message log and the event log whose strictly increasing
 * `seq` lets a socket resume with `after=<seq>` (rules I5, G6). Synchronous: callers group writes in
 * `transactionSync` with the outbox row that announces them.
 */
export class RoomStore {
  /**
   * The room's record and last seq as committed, kept in memory: this object is the only writer of
   * its SQLite, so they are read from it once per activation (undefined: not read yet). A commit that
   * throws rolls SQLite back, and `forget()` drops these with it.
   */
  private cached: RoomRecord | null | undefined;
  private seq: number | undefined;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`
      CREATE TABLE IF NOT EXISTS room (k INTEGER PRIMARY KEY CHECK (k = 1), data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, message_id TEXT, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS messages (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, provider_message_id TEXT UNIQUE, client_id TEXT UNIQUE,
        direction TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, sent_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL, author_id TEXT, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS automatic_replies (key TEXT PRIMARY KEY, message_id TEXT NOT NULL, at INTEGER NOT NULL);
    `);
  }

  /** Whether the room already sent the automatic reply named `key` (I9: "away:<closed period>"). */
  automaticReplySent(key: string): boolean {
    return this.sql.exec("SELECT 1 FROM automatic_replies WHERE key = ?", key).toArray().length > 0;
  }

  /** The message (or note) recorded as the automatic reply `key`, if any. */
  automaticReplyOf(key: string): string | null {
    const row = this.sql.exec<{ message_id: string }>("SELECT message_id FROM automatic_replies WHERE key = ?", key);
    return row.toArray()[0]?.message_id ?? null;
  }

  recordAutomaticReply(key: string, messageId: string, at: number): void {
    this.sql.exec("INSERT INTO automatic_replies (key, message_id, at) VALUES (?, ?, ?)", key, messageId, at);
  }

  forgetAutomaticReply(key: string): void {
    this.sql.exec("DELETE FROM automatic_replies WHERE key = ?", key);
  }

  /** The room's record, a copy the caller may change (nothing is saved until `saveRecord`); null before it opens. */
  record(): RoomRecord | null {
    if (this.cached === undefined) {
      const row = this.sql.exec<{ data: string }>("SELECT data FROM room WHERE k = 1").toArray()[0];
      const r = row ? (JSON.parse(row.data) as RoomRecord) : null;
      // Rooms saved before versions start at 0.
      if (r) r.version ??= 0;
      this.cached = r;
    }
    return this.cached ? { ...this.cached } : null;
  }

  /** The saved record's version; null when the room has none. */
  storedVersion(): number | null {
    return this.record()?.version ?? null;
  }

  /** Drops what is kept in memory, after a commit that threw (SQLite rolled it back). */
  forget(): void {
    this.cached = undefined;
    this.seq = undefined;
  }

  requireRecord(): RoomRecord {
    const r = this.record();
    if (!r) throw new Problem(404, "not_found", "No such room.");
    return r;
  }

  /** Call inside `RoomObject.commit` only, which saves the change's record this way once. */
  saveRecord(r: RoomRecord): void {
    this.sql.exec("INSERT OR REPLACE INTO room (k, data) VALUES (1, ?)", JSON.stringify(r));
    this.cached = { ...r };
  }

  lastSeq(): number {
    this.seq ??= this.sql.exec<{ s: number | null }>("SELECT max(seq) AS s FROM events").one().s ?? 0;
    return this.seq;
  }

  summary(r: RoomRecord): RoomSummary {
    return { ...r, windowExpiresAt: windowEndOf(r), lastSeq: this.lastSeq() };
  }

  appendEvent(type: string, messageId: string | null): number {
    this.seq = this.sql
      .exec<{ seq: number }>(
        "INSERT INTO events (type, message_id, at) VALUES (?, ?, ?) RETURNING seq",
        type,
        messageId,
        clock.now(),
      )
      .one().seq;
    return this.seq;
  }

  /** The seq of a message's own latest event. */
  lastSeqOf(messageId: string): number | null {
    return this.sql.exec<{ s: number | null }>("SELECT max(seq) AS s FROM events WHERE message_id = ?", messageId).one()
      .s;
  }

  private toMessage(row: MessageRow): Message {
    const data = JSON.parse(row.data) as Partial<MessageData>;
    return {
      id: row.id,
      seq: row.seq,
      direction: row.direction as Message["direction"],
      kind: row.kind as Message["kind"],
      status: row.status as Message["status"],
      providerMessageId: row.provider_message_id,
      authorId: row.author_id,
      sentAt: row.sent_at,
      createdAt: row.created_at,
      ...(data as MessageData),
      // Messages stored before issue 12 have no details.
      details: data.details ?? null,
    };
  }

  messageWhere(clause: string, ...bindings: SqlStorageValue[]): Message | null {
    const row = this.sql.exec<MessageRow>(`SELECT * FROM messages WHERE ${clause}`, ...bindings).toArray()[0];
    return row ? this.toMessage(row) : null;
  }

  messageCount(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM messages").one().n;
  }

  /** Inserts a message as a new event; returns it. Call inside a transaction with the record update. */
  insertMessage(
    m: Omit<Message, "seq" | "createdAt" | "details"> & { clientId?: string | null; details?: Message["details"] },
  ): Message {
    const seq = this.appendEvent("message.created", m.id);
    const createdAt = clock.now();
    this.sql.exec(
      `INSERT INTO messages (id, seq, provider_message_id, client_id, direction, kind, status, sent_at, created_at, author_id, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      m.id,
      seq,
      m.providerMessageId,
      m.clientId ?? null,
      m.direction,
      m.kind,
      m.status,
      m.sentAt,
      createdAt,
      m.authorId,
      dataOf(m),
    );
    const { clientId: _, ...message } = m;
    return { ...message, details: message.details ?? null, seq, createdAt };
  }

  /** Rewrites a message's mutable fields as a new `message.updated` event. */
  updateMessage(message: Message): Message {
    this.appendEvent("message.updated", message.id);
    this.sql.exec(
      "UPDATE messages SET status = ?, provider_message_id = ?, data = ? WHERE id = ?",
      message.status,
      message.providerMessageId,
      dataOf(message),
      message.id,
    );
    return message;
  }

  listMessages(q: { before?: number | undefined; after?: number | undefined; limit: number }): Message[] {
    if (q.after !== undefined) {
      return this.sql
        .exec<MessageRow>("SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?", q.after, q.limit)
        .toArray()
        .map((row) => this.toMessage(row));
    }
    const rows = this.sql
      .exec<MessageRow>(
        "SELECT * FROM messages WHERE seq < ? ORDER BY seq DESC LIMIT ?",
        q.before ?? Number.MAX_SAFE_INTEGER,
        q.limit,
      )
      .toArray();
    return rows.reverse().map((row) => this.toMessage(row));
  }

  /** Every message created or changed after `after`, in seq order, then the room as it is now. */
  eventsAfter(after: number, r: RoomRecord): RoomEvent[] {
    const rows = this.sql
      .exec<MessageRow & { event_seq: number }>(
        `SELECT m.*, e.seq AS event_seq FROM events e JOIN messages m ON m.id = e.message_id
         WHERE e.seq > ? AND e.seq = (SELECT max(seq) FROM events WHERE message_id = m.id) ORDER BY e.seq`,
        after,
      )
      .toArray();
    const events: RoomEvent[] = rows.map((row) => ({
      type: row.seq > after ? "message.created" : "message.updated",
      seq: row.event_seq,
      message: messageView(r.roomId, this.toMessage(row)),
    }));
    const summary = this.summary(r);
    events.push({ type: "room.updated", seq: summary.lastSeq, room: summary });
    return events;
  }
}

/**
 * A message sent at `at` becomes what the inbox shows of the room, unless a later one shows already
 * (a message that arrives late does not cover a newer one).
 */
export function showIfLatest(r: RoomRecord, at: number, kind: MessageKind, text: string | null): void {
  if (at < r.lastMessageAt && r.lastMessagePreview !== null) return;
  r.lastMessageAt = Math.max(r.lastMessageAt, at);
  r.lastMessagePreview = previewOf(kind, text);
}
