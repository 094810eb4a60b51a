import type { InboundMessage, StatusUpdate } from "../channels/types";
import { autoResolveEnabled } from "../db/channels";
import { createDb } from "../db/client";
import { nextStatus, type OutboundStatus } from "../domain/delivery";
import {
  assign,
  checkFreeFormSend,
  checkTemplateSend,
  isRefusal,
  previewOf,
  type Refusal,
  type RoomState,
  resolve,
  take,
} from "../domain/room";
import { extendWindow } from "../domain/window";
import { clock } from "../lib/clock";
import { errorForLog, log } from "../lib/log";
import { Problem } from "../lib/problem";
import { sendAutomaticReply } from "./automatic-replies";
import type { Listing } from "./room-drain";
import { billedDetails, changedOriginal, inboundMessageOf } from "./room-inbound";
import { dispatchSend, type SendBody } from "./room-send";
import { RoomSockets } from "./room-sockets";
import { policyOfRoom, type RoomRecord, windowEndOf } from "./room-store";
import { refusable } from "./room-stub";
import { keepSurveyAnswer, type SurveyResult, type SurveySend, sendSurvey } from "./room-survey";
import type {
  Author,
  InboundOutcome,
  MediaInfo,
  Message,
  OutboundBody,
  RoomIdentity,
  RoomSummary,
  TemplateSend,
} from "./types";

export { type RoomApi, roomStub } from "./room-stub";

const toProblem = (r: Refusal) => new Problem(r.status, r.code, r.detail);

/**
 * One conversation room (rules I1-I6, G6): the message log with a strictly increasing `seq`, the
 * reply window, assignment, and WebSocket fan-out to the agents who have the room open
 * (`room-sockets.ts`). It is the single writer of its state: every change is committed to its SQLite
 * together with the domain events that announce it (the outbox), answered, and then the outbox is
 * drained to the D1 inbox index, the tenant feed and the `events` queue, retried by the alarm until it
 * is empty (`room-object.ts`).
 */
export class RoomDO extends RoomSockets {
  private state(r: RoomRecord): RoomState {
    return {
      status: r.status,
      assigneeId: r.assigneeId,
      lastCustomerMessageAt: r.lastCustomerMessageAt,
      policy: policyOfRoom(r),
    };
  }

  // ---- RPC: lifecycle ----------------------------------------------------------------------------

  /** Opens the room (idempotent): called once by whoever created its D1 row. */
  async open(identity: RoomIdentity, openedAt: number): Promise<RoomSummary> {
    const existing = this.store.record();
    if (existing) return this.store.summary(existing);
    const r = this.openNow(identity, openedAt);
    await this.settle();
    return this.store.summary(r);
  }

  private openNow(identity: RoomIdentity, openedAt: number): RoomRecord {
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
    return this.commit(() => {
      this.store.saveRecord(r);
      this.store.appendEvent("room.opened", null);
      return { result: r, record: r, events: [{ type: "room.created" }] };
    });
  }

  getSummary(): Promise<RoomSummary> {
    return refusable(async () => this.store.summary(this.store.requireRecord()));
  }

  // ---- RPC: inbound ------------------------------------------------------------------------------

  /**
   * Stores a customer's message once (dedupe by provider message id, rule G6), extends the window
   * (I2) and fans it out (I5); answers once it is committed, and drains the outbox after. A resolved
   * room refuses: the caller opens a new room (I1).
   */
  async receiveInbound(identity: RoomIdentity, inbound: InboundMessage, listing?: Listing): Promise<InboundOutcome> {
    // What the inbox shows beside the room, as the caller just read it (saves the drain a D1 read).
    if (listing) this.listing ??= listing;
    if (!this.store.record()) this.openNow(identity, inbound.sentAt);
    const r = this.store.requireRecord();
    const duplicate = this.store.messageWhere("provider_message_id = ?", inbound.providerMessageId);
    if (duplicate) {
      // A repeat may follow an eviction before the outbox drained: drain it again (idempotent).
      this.kick();
      return { outcome: "duplicate", message: duplicate };
    }
    if (r.status === "resolved") {
      // Rule I1: the index must say resolved before the caller looks for the contact's open room
      // (written again: it may have been lost after the resolve was saved here).
      this.commit(() => ({ result: null, record: r, events: [{ type: "room.updated" as const }] }));
      await this.drainOutbox();
      return { outcome: "resolved" };
    }
    const changed = inbound.change ? this.applyChange(inbound) : null;
    if (changed) return { outcome: "stored", message: changed };
    const message = this.commit(() => {
      const m = this.store.insertMessage(this.inboundMessage(inbound));
      r.lastCustomerMessageAt = extendWindow(r.lastCustomerMessageAt, inbound.sentAt, clock.now());
      if (inbound.sentAt >= r.lastMessageAt || r.lastMessagePreview === null) {
        r.lastMessageAt = Math.max(r.lastMessageAt, inbound.sentAt);
        r.lastMessagePreview = previewOf(inbound.kind, inbound.text);
      }
      // Issue 12: a reaction is shown on its message, it is not something new to read.
      if (inbound.kind !== "reaction") r.unreadCount += 1;
      if (inbound.contact.name) r.contactName = inbound.contact.name;
      this.store.saveRecord(r);
      return { result: m, record: r, events: [{ type: "message.created", message: m }] };
    });
    this.emitMessage("message.created", message);
    this.announce(r);
    this.kick();
    return { outcome: "stored", message };
  }

  private inboundMessage(inbound: InboundMessage): Omit<Message, "seq" | "createdAt"> {
    return inboundMessageOf(inbound, (providerId) =>
      providerId ? (this.store.messageWhere("provider_message_id = ?", providerId)?.id ?? null) : null,
    );
  }

  /**
   * Issue 12: the customer edited or deleted an earlier message of this room. The original is updated
   * without a new bubble or an unread count. Null when the original is not in this room: the caller
   * stores the change as a message of its own, so nothing is lost.
   */
  private applyChange(inbound: InboundMessage): Message | null {
    const change = inbound.change;
    if (!change) return null;
    const original = this.store.messageWhere("provider_message_id = ? AND direction = 'in'", change.targetProviderId);
    if (!original) return null;
    return this.updateAndEmit(changedOriginal(original, change, this.inboundMessage(inbound)));
  }

  /** The provider file of an inbound message is now in R2. */
  async attachMedia(messageId: string, media: { key: string; mimeType: string | null; size: number }) {
    const m = this.store.messageWhere("id = ?", messageId);
    if (!m?.media || m.media.key === media.key) return;
    this.updateAndEmit({ ...m, media: { ...m.media, ...media } as MediaInfo });
  }

  /** Delivery statuses move forward only (G6); returns false when the message is not in this room. */
  async applyStatus(update: StatusUpdate): Promise<boolean> {
    const m = this.store.messageWhere("provider_message_id = ? AND direction = 'out'", update.providerMessageId);
    if (!m) return false;
    const next = nextStatus(m.status as OutboundStatus, update.status);
    // Issue 12: what Meta will bill (conversation, pricing) is kept, from any status that says it.
    const details = billedDetails(m, update);
    if (!next && !details) return true;
    this.updateAndEmit({
      ...m,
      status: next ?? m.status,
      error: next === "failed" ? update.error : m.error,
      details: details ?? m.details,
    });
    return true;
  }

  /** Commits a message's new state with its `message.updated` event, tells the sockets, drains after. */
  updateAndEmit(message: Message): Message {
    const record = this.store.requireRecord();
    const updated = this.commit(() => {
      const m = this.store.updateMessage(message);
      return { result: m, record, events: [{ type: "message.updated", message: m }] };
    });
    this.emitMessage("message.updated", updated);
    this.kick();
    return updated;
  }

  // ---- RPC: outbound -----------------------------------------------------------------------------

  /** A free-form reply (I2): refused outside the window, after a resolve, or to a blocked contact. */
  sendMessage(author: Author, body: OutboundBody, contactBlocked: boolean): Promise<Message> {
    return refusable(async () => {
      const r = this.store.requireRecord();
      if (body.clientMessageId) {
        const earlier = this.store.messageWhere("client_id = ?", body.clientMessageId);
        if (earlier) return earlier;
      }
      const refusal = checkFreeFormSend(this.state(r), contactBlocked, author, clock.now());
      if (refusal) throw toProblem(refusal);
      const replyTo = body.replyTo ? this.store.messageWhere("id = ?", body.replyTo) : null;
      if (body.replyTo && !replyTo)
        throw new Problem(422, "reply_target_missing", "The message replied to is not in this room.");
      return this.dispatch(r, author, body, replyTo);
    });
  }

  /** An approved template, allowed after the window (I2, I3). */
  sendTemplate(author: Author, template: TemplateSend, contactBlocked: boolean): Promise<Message> {
    return refusable(async () => {
      const r = this.store.requireRecord();
      const refusal = checkTemplateSend(this.state(r), contactBlocked, author);
      if (refusal) throw toProblem(refusal);
      return this.dispatch(r, author, { type: "template", template }, null);
    });
  }

  private async dispatch(r: RoomRecord, author: Author, body: SendBody, replyTo: Message | null): Promise<Message> {
    const sent = await dispatchSend(this, this.env, { room: r, author, body, replyTo });
    await this.settle();
    return sent;
  }

  /** I9's away reply, once per `key` (the closed period); null when nothing was sent. */
  async sendAutomaticReply(key: string, text: string): Promise<Message | null> {
    const sent = await sendAutomaticReply(this, this.env, key, text);
    if (sent) await this.settle();
    return sent;
  }

  /** Rule R3: the conversation's CSAT survey, once, after its resolve (`room-survey.ts`). */
  async sendSurvey(survey: SurveySend): Promise<SurveyResult | null> {
    const result = await sendSurvey(this, this.env, survey);
    await this.settle();
    return result;
  }

  /** Rule R3: the customer's rating, kept in the conversation it rates; it opens no room. */
  async receiveSurveyAnswer(inbound: InboundMessage): Promise<Message | null> {
    const message = keepSurveyAnswer(this, inbound);
    if (message) this.kick();
    return message;
  }

  /** A private note: agents only, never sent to the customer. */
  addNote(author: Author, text: string): Promise<Message> {
    return refusable(async () => {
      const r = this.store.requireRecord();
      const note = this.commit(() => {
        const m = this.store.insertMessage({
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
        });
        return { result: m, record: r, events: [{ type: "message.created", message: m }] };
      });
      this.emitMessage("message.created", note);
      await this.settle();
      return note;
    });
  }

  // ---- RPC: assignment and resolve ---------------------------------------------------------------

  private transition(next: (s: RoomState) => RoomState | Refusal): Promise<RoomSummary> {
    return refusable(async () => {
      const r = this.store.requireRecord();
      const result = next(this.state(r));
      if (isRefusal(result)) throw toProblem(result);
      const assigned = result.assigneeId !== r.assigneeId && result.assigneeId !== null;
      r.status = result.status;
      r.assigneeId = result.assigneeId;
      if (result.status === "resolved") r.resolvedAt = clock.now();
      const type = r.status === "resolved" ? "room.resolved" : assigned ? ("room.assigned" as const) : "room.updated";
      this.commit(() => {
        this.store.saveRecord(r);
        this.store.appendEvent("room.updated", null);
        return { result: null, record: r, events: [{ type }] };
      });
      this.announce(r);
      await this.settle();
      return this.store.summary(r);
    });
  }

  /**
   * Rule I3: a room opened to start a conversation whose template was refused (402, 422) holds
   * nothing; it is resolved at once, so the contact has no unresolved room and can be started again.
   * Returns false when the room holds a message (it stays as it is).
   */
  async closeEmpty(): Promise<boolean> {
    const r = this.store.record();
    if (!r || r.status === "resolved" || this.store.messageCount() > 0) return false;
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
    return refusable(async () => {
      const r = this.store.requireRecord();
      if (r.unreadCount === 0) return this.store.summary(r);
      r.unreadCount = 0;
      this.commit(() => {
        this.store.saveRecord(r);
        return { result: null, record: r, events: [{ type: "room.updated" }] };
      });
      this.announce(r);
      await this.settle();
      return this.store.summary(r);
    });
  }

  /** Tells the inbox again how this room looks, after a change made outside it (a contact blocked). */
  async republish(): Promise<void> {
    this.listing = null;
    const r = this.store.record();
    if (!r) return;
    this.commit(() => ({ result: null, record: r, events: [{ type: "room.updated" as const }] }));
    this.announce(r);
    await this.settle();
  }

  // ---- RPC: reading ------------------------------------------------------------------------------

  async listMessages(q: { before?: number | undefined; after?: number | undefined; limit: number }) {
    return this.store.listMessages(q);
  }

  async getMessage(id: string): Promise<Message | null> {
    return this.store.messageWhere("id = ?", id);
  }

  // ---- the alarm: outbox retries and the window's end (I4) ------------------------------------------

  override async alarm() {
    try {
      await this.drainOutbox();
    } catch (err) {
      this.drainFailures++;
      log("warn", "room.outbox_retry", { roomId: this.store.record()?.roomId, error: errorForLog(err) });
      await this.armAlarm();
      return;
    }
    const r = this.store.record();
    const expiresAt = r && r.status !== "resolved" ? windowEndOf(r) : null;
    if (!r || expiresAt === null) return;
    if (expiresAt > clock.now()) {
      await this.ctx.storage.setAlarm(expiresAt);
      return;
    }
    if (await autoResolveEnabled(createDb(this.env.DB), r.organizationId)) await this.resolveExpired();
  }

  /** Resolves the room if its window has expired; used by the alarm and by "resolve all expired". */
  async resolveExpired(): Promise<boolean> {
    const r = this.store.record();
    if (!r || r.status === "resolved") return false;
    const expiresAt = windowEndOf(r);
    if (expiresAt === null || expiresAt > clock.now()) return false;
    await this.transition((s) => ({ ...s, status: "resolved" }));
    return true;
  }
}
