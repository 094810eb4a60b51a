import { DurableObject } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import type { InboundMessage, StatusUpdate } from "../channels/types";
import { autoResolveEnabled } from "../db/channels";
import { createDb } from "../db/client";
import { type RoomView, roomView } from "../db/rooms";
import { providerMessages, rooms } from "../db/schema";
import { nextStatus, type OutboundStatus } from "../domain/delivery";
import type { ConversationCategory } from "../domain/pricing";
import {
  assign,
  assigneeAfterReply,
  checkFreeFormSend,
  checkTemplateSend,
  isRefusal,
  previewOf,
  type Refusal,
  type RoomState,
  resolve,
  take,
} from "../domain/room";
import { extendWindow, windowExpiresAt } from "../domain/window";
import { chargeSend, refundSend } from "../features/billing/service";
import { clock } from "../lib/clock";
import { Problem, problemResponse } from "../lib/problem";
import { memberOf } from "./member";
import { sendFromRoom } from "./outbound";
import type {
  Author,
  InboundOutcome,
  MediaInfo,
  Message,
  OutboundBody,
  RoomEvent,
  RoomIdentity,
  RoomSummary,
  TemplateSend,
} from "./types";

interface RoomRecord extends Omit<RoomSummary, "windowExpiresAt" | "lastSeq"> {}

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
  "text" | "media" | "location" | "contacts" | "replyToId" | "reactionToId" | "error" | "authorName"
>;

type TemplateCategory = Exclude<ConversationCategory, "service">;

const toProblem = (r: Refusal) => new Problem(r.status, r.code, r.detail);

/**
 * A Problem does not survive the RPC boundary as a class, so refusals travel as a tagged value and
 * `roomStub` throws them again on the caller's side.
 */
interface Refused {
  __problem: { status: Problem["status"]; code: string; detail: string };
}
async function refusable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof Problem) {
      return { __problem: { status: err.status, code: err.code, detail: err.detail } } satisfies Refused as never;
    }
    throw err;
  }
}

/**
 * One conversation room (rules I1-I6, G6): the message log with a strictly increasing `seq`, the
 * 24-hour window, assignment, and WebSocket fan-out to the agents who have the room open. Every change
 * is an event with the next `seq`; a socket that reconnects with `after=<seq>` gets what it missed.
 * The D1 `rooms` row (the inbox index) and the tenant feed are updated after each change.
 */
export class RoomDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS room (k INTEGER PRIMARY KEY CHECK (k = 1), data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, message_id TEXT, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS messages (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, provider_message_id TEXT UNIQUE, client_id TEXT UNIQUE,
        direction TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, sent_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL, author_id TEXT, data TEXT NOT NULL);
    `);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  // ---- state ------------------------------------------------------------------------------------

  private record(): RoomRecord | null {
    const row = this.sql.exec<{ data: string }>("SELECT data FROM room WHERE k = 1").toArray()[0];
    return row ? (JSON.parse(row.data) as RoomRecord) : null;
  }

  private requireRecord(): RoomRecord {
    const r = this.record();
    if (!r) throw new Problem(404, "not_found", "No such room.");
    return r;
  }

  private saveRecord(r: RoomRecord) {
    this.sql.exec("INSERT OR REPLACE INTO room (k, data) VALUES (1, ?)", JSON.stringify(r));
  }

  private lastSeq(): number {
    return this.sql.exec<{ s: number | null }>("SELECT max(seq) AS s FROM events").one().s ?? 0;
  }

  private summary(r: RoomRecord): RoomSummary {
    return { ...r, windowExpiresAt: windowExpiresAt(r.lastCustomerMessageAt), lastSeq: this.lastSeq() };
  }

  private appendEvent(type: string, messageId: string | null): number {
    return this.sql
      .exec<{ seq: number }>(
        "INSERT INTO events (type, message_id, at) VALUES (?, ?, ?) RETURNING seq",
        type,
        messageId,
        clock.now(),
      )
      .one().seq;
  }

  private toMessage(row: MessageRow): Message {
    const data = JSON.parse(row.data) as MessageData;
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
      ...data,
    };
  }

  private messageWhere(clause: string, ...bindings: SqlStorageValue[]): Message | null {
    const row = this.sql.exec<MessageRow>(`SELECT * FROM messages WHERE ${clause}`, ...bindings).toArray()[0];
    return row ? this.toMessage(row) : null;
  }

  /** Inserts a message as a new event; returns it. Call inside a transaction with the record update. */
  private insertMessage(m: Omit<Message, "seq" | "createdAt"> & { clientId?: string | null }): Message {
    const seq = this.appendEvent("message.created", m.id);
    const data: MessageData = {
      text: m.text,
      media: m.media,
      location: m.location,
      contacts: m.contacts,
      replyToId: m.replyToId,
      reactionToId: m.reactionToId,
      error: m.error,
      authorName: m.authorName,
    };
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
      JSON.stringify(data),
    );
    const { clientId: _, ...message } = m;
    return { ...message, seq, createdAt };
  }

  /** Rewrites a message's mutable fields as a new `message.updated` event. */
  private updateMessage(message: Message): Message {
    this.appendEvent("message.updated", message.id);
    const data: MessageData = {
      text: message.text,
      media: message.media,
      location: message.location,
      contacts: message.contacts,
      replyToId: message.replyToId,
      reactionToId: message.reactionToId,
      error: message.error,
      authorName: message.authorName,
    };
    this.sql.exec(
      "UPDATE messages SET status = ?, provider_message_id = ?, data = ? WHERE id = ?",
      message.status,
      message.providerMessageId,
      JSON.stringify(data),
      message.id,
    );
    return message;
  }

  // ---- fan-out and the inbox index ---------------------------------------------------------------

  private broadcast(event: RoomEvent, except?: WebSocket) {
    const text = JSON.stringify(event);
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except) continue;
      try {
        ws.send(text);
      } catch {
        // A socket closing under us: the client resumes from its last seq.
      }
    }
  }

  /**
   * Sends a message's change to the sockets, stamped with the seq of its own latest event, and with the
   * message as stored now. When other events were appended since its change (the caller awaited in
   * between), the change is logged again as a new event first: a socket that resumes with
   * `after=<any seq it saw>` then always gets the latest state of the message, and sockets see seqs
   * strictly increase and statuses never go back (rules I5, G6).
   */
  private emitMessage(type: "message.created" | "message.updated", message: Message) {
    const current = this.messageWhere("id = ?", message.id) ?? message;
    const own = this.sql
      .exec<{ s: number | null }>("SELECT max(seq) AS s FROM events WHERE message_id = ?", message.id)
      .one().s;
    const seq = own !== null && own === this.lastSeq() ? own : this.appendEvent("message.updated", message.id);
    this.broadcast({ type, seq, message: current });
  }

  /** What the inbox shows of a room that the room itself does not keep; read once, refreshed by `republish`. */
  private listing: { channelName: string; contactBlocked: boolean } | null = null;
  private publishTurn: Promise<unknown> = Promise.resolve();

  /**
   * Tells the room's sockets at once, then writes the D1 inbox row and tells the tenant feed. The
   * writes run one after another in the order of the changes, each with the room as it was at its
   * change, so the index never ends on an older state and the feed sees every change in order.
   */
  private publish(r: RoomRecord, created = false): Promise<void> {
    const summary = this.summary(r);
    this.broadcast({ type: "room.updated", seq: summary.lastSeq, room: summary });
    const run = this.publishTurn.then(() => this.writeIndex(summary, created));
    this.publishTurn = run.catch(() => undefined);
    return run;
  }

  private async writeIndex(s: RoomSummary, created: boolean) {
    const db = createDb(this.env.DB);
    await db
      .update(rooms)
      .set({
        status: s.status,
        assigneeId: s.assigneeId,
        lastMessagePreview: s.lastMessagePreview,
        lastMessageAt: s.lastMessageAt,
        lastCustomerMessageAt: s.lastCustomerMessageAt,
        windowExpiresAt: s.windowExpiresAt,
        unreadCount: s.unreadCount,
        resolvedAt: s.resolvedAt,
      })
      .where(eq(rooms.id, s.roomId));
    if (!this.listing) {
      const view = await roomView(db, s.organizationId, s.roomId);
      this.listing = { channelName: view.channelName, contactBlocked: view.contactBlocked };
    }
    // The feed carries the room as GET /api/rooms/:id shows it.
    const room: RoomView = {
      id: s.roomId,
      status: s.status,
      assigneeId: s.assigneeId,
      channelId: s.channelId,
      channelName: this.listing.channelName,
      contactId: s.contactId,
      contactExternalId: s.contactExternalId,
      contactName: s.contactName,
      contactBlocked: this.listing.contactBlocked,
      lastMessagePreview: s.lastMessagePreview,
      lastMessageAt: s.lastMessageAt,
      lastCustomerMessageAt: s.lastCustomerMessageAt,
      windowExpiresAt: s.windowExpiresAt,
      unreadCount: s.unreadCount,
      openedAt: s.openedAt,
      resolvedAt: s.resolvedAt,
    };
    await this.env.INBOX.getByName(s.organizationId).publish({ type: created ? "room.created" : "room.updated", room });
  }

  /** Tells the inbox again how this room looks, after a change made outside it (a contact blocked). */
  async republish(): Promise<void> {
    this.listing = null;
    const r = this.record();
    if (r) await this.publish(r);
  }

  private state(r: RoomRecord): RoomState {
    return { status: r.status, assigneeId: r.assigneeId, lastCustomerMessageAt: r.lastCustomerMessageAt };
  }

  // ---- RPC: lifecycle ----------------------------------------------------------------------------

  /** Opens the room (idempotent): called once by whoever created its D1 row. */
  async open(identity: RoomIdentity, openedAt: number): Promise<RoomSummary> {
    const existing = this.record();
    if (existing) return this.summary(existing);
    const r: RoomRecord = {
      ...identity,
      status: "unassigned",
      assigneeId: null,
      lastMessagePreview: null,
      lastMessageAt: openedAt,
      lastCustomerMessageAt: null,
      unreadCount: 0,
      openedAt,
      resolvedAt: null,
    };
    this.saveRecord(r);
    this.appendEvent("room.opened", null);
    await this.publish(r, true);
    return this.summary(r);
  }

  getSummary(): Promise<RoomSummary> {
    return refusable(async () => this.summary(this.requireRecord()));
  }

  // ---- RPC: inbound ------------------------------------------------------------------------------

  /**
   * Stores a customer's message once (dedupe by provider message id, rule G6), extends the window
   * (I2) and fans it out (I5). A resolved room refuses: the caller opens a new room (I1).
   */
  async receiveInbound(identity: RoomIdentity, inbound: InboundMessage): Promise<InboundOutcome> {
    if (!this.record()) await this.open(identity, inbound.sentAt);
    const r = this.requireRecord();
    const duplicate = this.messageWhere("provider_message_id = ?", inbound.providerMessageId);
    if (duplicate) {
      // A repeat may follow a crash between storing and publishing: bring the index, the feed and
      // the window alarm up to date again (each is idempotent).
      await this.armWindowAlarm(r);
      await this.publish(r);
      return { outcome: "duplicate", message: duplicate };
    }
    if (r.status === "resolved") {
      // Rule I1: a resolve may have been saved here without reaching the D1 index (a crash between the
      // two). Write the index again so routing sees the room resolved and opens a new one.
      await this.publish(r);
      return { outcome: "resolved" };
    }
    const replyTo = inbound.replyToProviderId
      ? this.messageWhere("provider_message_id = ?", inbound.replyToProviderId)
      : null;
    const reactionTo = inbound.reactionToProviderId
      ? this.messageWhere("provider_message_id = ?", inbound.reactionToProviderId)
      : null;
    const media: MediaInfo | null = inbound.media
      ? {
          key: null,
          providerMediaId: inbound.media.providerMediaId,
          mimeType: inbound.media.mimeType,
          filename: inbound.media.filename,
          size: null,
        }
      : null;
    const message = this.ctx.storage.transactionSync(() => {
      const m = this.insertMessage({
        id: crypto.randomUUID(),
        direction: "in",
        kind: inbound.kind,
        text: inbound.text,
        media,
        location: inbound.location,
        contacts: inbound.contacts,
        replyToId: replyTo?.id ?? null,
        reactionToId: reactionTo?.id ?? null,
        status: "received",
        error: null,
        authorId: null,
        authorName: inbound.contact.name,
        providerMessageId: inbound.providerMessageId,
        sentAt: inbound.sentAt,
      });
      r.lastCustomerMessageAt = extendWindow(r.lastCustomerMessageAt, inbound.sentAt);
      if (inbound.sentAt >= r.lastMessageAt || r.lastMessagePreview === null) {
        r.lastMessageAt = Math.max(r.lastMessageAt, inbound.sentAt);
        r.lastMessagePreview = previewOf(inbound.kind, inbound.text);
      }
      r.unreadCount += 1;
      if (inbound.contact.name) r.contactName = inbound.contact.name;
      this.saveRecord(r);
      return m;
    });
    this.emitMessage("message.created", message);
    const published = this.publish(r); // queued now, in the order of the changes
    await this.armWindowAlarm(r);
    await published;
    return { outcome: "stored", message };
  }

  /** The provider file of an inbound message is now in R2. */
  async attachMedia(messageId: string, media: { key: string; mimeType: string | null; size: number }) {
    const m = this.messageWhere("id = ?", messageId);
    if (!m?.media || m.media.key === media.key) return;
    const updated = this.ctx.storage.transactionSync(() =>
      this.updateMessage({ ...m, media: { ...m.media, ...media } as MediaInfo }),
    );
    this.emitMessage("message.updated", updated);
  }

  /** Delivery statuses move forward only (G6); returns false when the message is not in this room. */
  async applyStatus(update: StatusUpdate): Promise<boolean> {
    const m = this.messageWhere("provider_message_id = ? AND direction = 'out'", update.providerMessageId);
    if (!m) return false;
    const next = nextStatus(m.status as OutboundStatus, update.status);
    if (!next) return true;
    const updated = this.ctx.storage.transactionSync(() =>
      this.updateMessage({ ...m, status: next, error: next === "failed" ? update.error : m.error }),
    );
    this.emitMessage("message.updated", updated);
    return true;
  }

  // ---- RPC: outbound -----------------------------------------------------------------------------

  /** A free-form reply (I2): refused outside the window, after a resolve, or to a blocked contact. */
  sendMessage(author: Author, body: OutboundBody, contactBlocked: boolean): Promise<Message> {
    return refusable(() => this.sendMessageNow(author, body, contactBlocked));
  }

  private async sendMessageNow(author: Author, body: OutboundBody, contactBlocked: boolean): Promise<Message> {
    const r = this.requireRecord();
    if (body.clientMessageId) {
      const earlier = this.messageWhere("client_id = ?", body.clientMessageId);
      if (earlier) return earlier;
    }
    const refusal = checkFreeFormSend(this.state(r), contactBlocked, author, clock.now());
    if (refusal) throw toProblem(refusal);
    const replyTo = body.replyTo ? this.messageWhere("id = ?", body.replyTo) : null;
    if (body.replyTo && !replyTo)
      throw new Problem(422, "reply_target_missing", "The message replied to is not in this room.");
    return this.dispatch(r, author, body, replyTo);
  }

  /** An approved template, allowed after the window (I2, I3). */
  sendTemplate(author: Author, template: TemplateSend, contactBlocked: boolean): Promise<Message> {
    return refusable(async () => {
      const r = this.requireRecord();
      const refusal = checkTemplateSend(this.state(r), contactBlocked, author);
      if (refusal) throw toProblem(refusal);
      return this.dispatch(r, author, { type: "template", template }, null);
    });
  }

  private async dispatch(
    room: RoomRecord,
    author: Author,
    body: OutboundBody | { type: "template"; template: TemplateSend },
    replyTo: Message | null,
  ): Promise<Message> {
    let now = clock.now();
    const db = createDb(this.env.DB);
    const messageId = crypto.randomUUID();
    // B2-B7: paid before anything is sent; one room charges one send at a time, so concurrent
    // replies agree on one conversation. Rule B1: the clock is read when this charge's turn comes,
    // never before the wait, so a charge never carries a month older than the wallets'.
    const receipt = await this.serially(() => {
      now = clock.now();
      return chargeSend(db, {
        organizationId: room.organizationId,
        channelId: room.channelId,
        contactId: room.contactId,
        contactExternalId: room.contactExternalId,
        roomId: room.roomId,
        messageId,
        send: body.type === "template" ? (body.template.category as TemplateCategory) : "reply",
        now,
      });
    });
    // Refunds queue behind charges, so a reply charged against this send's conversation is counted
    // before the refund decides whether the conversation can be undone (B2).
    const refund = (cause?: unknown) =>
      receipt ? this.serially(() => refundSend(db, receipt, clock.now(), cause)) : Promise.resolve();
    const text =
      body.type === "template"
        ? body.template.bodyText.replace(/\{\{(\d+)\}\}/g, (_, n) => body.template.variables[Number(n) - 1] ?? "")
        : (body.text ?? null);
    let r = room;
    let pending: Message;
    try {
      pending = this.ctx.storage.transactionSync(() => {
        // Read the room again: an inbound message or a resolve may have landed while we were charging.
        r = this.requireRecord();
        if (r.status === "resolved") {
          throw new Problem(422, "room_resolved", "This room was resolved while the message was on its way.");
        }
        const m = this.insertMessage({
          id: messageId,
          clientId: "clientMessageId" in body ? (body.clientMessageId ?? null) : null,
          direction: "out",
          kind: body.type,
          text,
          media: null,
          location: null,
          contacts: null,
          replyToId: replyTo?.id ?? null,
          reactionToId: null,
          status: "pending",
          error: null,
          authorId: author.userId,
          authorName: author.name,
          providerMessageId: null,
          sentAt: now,
        });
        r.assigneeId = assigneeAfterReply(this.state(r), author);
        if (r.assigneeId) r.status = "assigned";
        r.lastMessageAt = now;
        r.lastMessagePreview = previewOf(body.type, text);
        r.unreadCount = 0;
        this.saveRecord(r);
        return m;
      });
    } catch (err) {
      await refund();
      throw err;
    }
    this.emitMessage("message.created", pending);
    let result: Awaited<ReturnType<typeof sendFromRoom>>;
    let interrupted: unknown;
    try {
      await this.publish(r);
      result = await sendFromRoom(this.env, r, body, replyTo?.providerMessageId ?? null);
    } catch (err) {
      // B7: charged but not confirmed sent (the index, the channel or the file could not be read):
      // the message fails with a clear error and the charge is given back below.
      interrupted = err;
      result = {
        ok: false,
        error: { code: "send_interrupted", title: "The message could not be sent. Try again.", detail: null },
      };
    }
    const sent = this.ctx.storage.transactionSync(() =>
      this.updateMessage({
        ...pending,
        media: result.media ?? pending.media,
        status: result.ok ? "sent" : "failed",
        providerMessageId: result.ok ? result.providerMessageId : null,
        error: result.ok ? null : result.error,
      }),
    );
    if (!result.ok) await refund(interrupted);
    if (result.ok) {
      await db
        .insert(providerMessages)
        .values({
          providerMessageId: result.providerMessageId,
          organizationId: r.organizationId,
          roomId: r.roomId,
          direction: "out",
          storedAt: clock.now(),
        })
        .onConflictDoNothing();
    }
    this.emitMessage("message.updated", sent);
    return sent;
  }

  /** A private note: agents only, never sent to the customer. */
  addNote(author: Author, text: string): Promise<Message> {
    return refusable(async () => this.addNoteNow(author, text));
  }

  private addNoteNow(author: Author, text: string): Message {
    this.requireRecord();
    const note = this.ctx.storage.transactionSync(() =>
      this.insertMessage({
        id: crypto.randomUUID(),
        direction: "note",
        kind: "note",
        text,
        media: null,
        location: null,
        contacts: null,
        replyToId: null,
        reactionToId: null,
        status: "received",
        error: null,
        authorId: author.userId,
        authorName: author.name,
        providerMessageId: null,
        sentAt: clock.now(),
      }),
    );
    this.emitMessage("message.created", note);
    return note;
  }

  private billingTurn: Promise<unknown> = Promise.resolve();

  /** Runs `work` after every earlier call has finished (an in-memory queue: charges stay ordered). */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.billingTurn.then(work, work);
    this.billingTurn = run.catch(() => undefined);
    return run;
  }

  // ---- RPC: assignment and resolve ---------------------------------------------------------------

  private transition(next: (s: RoomState) => RoomState | Refusal): Promise<RoomSummary> {
    return refusable(() => this.transitionNow(next));
  }

  private async transitionNow(next: (s: RoomState) => RoomState | Refusal): Promise<RoomSummary> {
    const r = this.requireRecord();
    const result = next(this.state(r));
    if (isRefusal(result)) throw toProblem(result);
    r.status = result.status;
    r.assigneeId = result.assigneeId;
    if (result.status === "resolved") r.resolvedAt = clock.now();
    this.ctx.storage.transactionSync(() => {
      this.saveRecord(r);
      this.appendEvent("room.updated", null);
    });
    await this.publish(r);
    if (r.status === "resolved") await this.ctx.storage.deleteAlarm();
    return this.summary(r);
  }

  /**
   * Rule I3: a room opened to start a conversation whose template was refused (402, 422) holds
   * nothing; it is resolved at once, so the contact has no unresolved room and can be started again.
   * Returns false when the room holds a message (it stays as it is).
   */
  async closeEmpty(): Promise<boolean> {
    const r = this.record();
    if (!r || r.status === "resolved") return false;
    if (this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM messages").one().n > 0) return false;
    await this.transition((s) => ({ ...s, status: "resolved" }));
    return true;
  }

  assign(author: Author, userId: string) {
    return this.transition((s) => assign(s, author, userId));
  }

  take(author: Author) {
    return this.transition((s) => take(s, author));
  }

  resolve(author: Author) {
    return this.transition((s) => resolve(s, author));
  }

  markRead(): Promise<RoomSummary> {
    return refusable(() => this.markReadNow());
  }

  private async markReadNow(): Promise<RoomSummary> {
    const r = this.requireRecord();
    if (r.unreadCount === 0) return this.summary(r);
    r.unreadCount = 0;
    this.saveRecord(r);
    await this.publish(r);
    return this.summary(r);
  }

  // ---- RPC: reading ------------------------------------------------------------------------------

  async listMessages(q: {
    before?: number | undefined;
    after?: number | undefined;
    limit: number;
  }): Promise<Message[]> {
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

  async getMessage(id: string): Promise<Message | null> {
    return this.messageWhere("id = ?", id);
  }

  // ---- window alarm (I4) -------------------------------------------------------------------------

  private async armWindowAlarm(r: RoomRecord) {
    const expiresAt = windowExpiresAt(r.lastCustomerMessageAt);
    if (expiresAt !== null) await this.ctx.storage.setAlarm(expiresAt);
  }

  /** At the window's end: resolve when the tenant turned auto-resolve on (I4). */
  override async alarm() {
    const r = this.record();
    if (!r || r.status === "resolved") return;
    const expiresAt = windowExpiresAt(r.lastCustomerMessageAt);
    if (expiresAt === null) return;
    if (expiresAt > clock.now()) {
      await this.ctx.storage.setAlarm(expiresAt);
      return;
    }
    if (await autoResolveEnabled(createDb(this.env.DB), r.organizationId)) {
      await this.resolveExpired();
    }
  }

  /** Resolves the room if its window has expired; used by the alarm and by "resolve all expired". */
  async resolveExpired(): Promise<boolean> {
    const r = this.record();
    if (!r || r.status === "resolved") return false;
    const expiresAt = windowExpiresAt(r.lastCustomerMessageAt);
    if (expiresAt === null || expiresAt > clock.now()) return false;
    await this.transition((s) => ({ ...s, status: "resolved" }));
    return true;
  }

  // ---- WebSockets (hibernation API) --------------------------------------------------------------

  /** Upgrade: `GET /ws?after=<seq>` with the user in `x-user-id` / `x-user-name` (set by the route). */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("Expected WebSocket", { status: 426 });
    const r = this.record();
    // The D1 row can exist before the room is opened (its first message still on the queue): a Problem
    // thrown here would reach the caller as a 500, so answer the problem itself.
    if (!r) return roomNotReady();
    const after = Number(new URL(request.url).searchParams.get("after") ?? "0") || 0;
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(memberOf(request));
    for (const event of this.eventsAfter(after, r)) server.send(JSON.stringify(event));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Every message created or changed after `after`, in seq order, then the room as it is now. */
  private eventsAfter(after: number, r: RoomRecord): RoomEvent[] {
    const rows = this.sql
      .exec<MessageRow & { event_seq: number; event_type: string }>(
        `SELECT m.*, e.seq AS event_seq, e.type AS event_type FROM events e JOIN messages m ON m.id = e.message_id
         WHERE e.seq > ? AND e.seq = (SELECT max(seq) FROM events WHERE message_id = m.id) ORDER BY e.seq`,
        after,
      )
      .toArray();
    const events: RoomEvent[] = rows.map((row) => ({
      type: row.seq > after ? "message.created" : "message.updated",
      seq: row.event_seq,
      message: this.toMessage(row),
    }));
    const summary = this.summary(r);
    events.push({ type: "room.updated", seq: summary.lastSeq, room: summary });
    return events;
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer) {
    if (typeof data !== "string" || data.length > 1024) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    if ((parsed as { type?: unknown }).type === "typing") {
      const who = ws.deserializeAttachment() as { userId: string | null; name: string | null } | null;
      this.broadcast({ type: "typing", userId: who?.userId ?? null, name: who?.name ?? null }, ws);
    }
  }

  override async webSocketClose(ws: WebSocket, code: number) {
    try {
      ws.close(code === 1005 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }
}

function roomNotReady(): Response {
  return problemResponse(
    new Problem(503, "room_not_ready", "This room is still being opened; try again in a moment.", undefined, {
      "Retry-After": "1",
    }),
  );
}

/** RoomDO's RPC surface as callers see it (the RPC mapping cannot express `unknown` fields). */
export type RoomApi = Pick<
  RoomDO,
  | "open"
  | "getSummary"
  | "receiveInbound"
  | "attachMedia"
  | "applyStatus"
  | "sendMessage"
  | "sendTemplate"
  | "addNote"
  | "assign"
  | "take"
  | "resolve"
  | "markRead"
  | "listMessages"
  | "getMessage"
  | "resolveExpired"
  | "closeEmpty"
  | "republish"
> & { fetch(request: Request): Promise<Response> };

/** The one way to reach a room: a room's refusals come back as Problems (4xx), never as 500s. */
export function roomStub(env: Env, roomId: string): RoomApi {
  const stub = env.ROOM.getByName(roomId) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  return new Proxy(stub, {
    get(target, name) {
      if (typeof name !== "string" || name === "then") return Reflect.get(target, name);
      if (name === "fetch") return (request: Request) => target.fetch?.(request);
      // Stub members are RPC proxies themselves: call them as methods, never through .apply/.bind.
      return async (...args: unknown[]) => {
        const result = await target[name]?.(...args);
        const refused = (result as Partial<Refused> | null)?.__problem;
        if (refused) throw new Problem(refused.status, refused.code, refused.detail);
        return result;
      };
    },
  }) as unknown as RoomApi;
}
