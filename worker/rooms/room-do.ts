import type { InboundMessage } from "../channels/types";
import { autoResolveEnabled } from "../db/channels";
import { createDb } from "../db/client";
import {
  assign,
  checkFreeFormSend,
  checkTemplateSend,
  isRefusal,
  type Refusal,
  type RoomState,
  resolve,
  take,
} from "../domain/room";
import { reserveForTemplate } from "../features/campaigns/limits";
import { clock } from "../lib/clock";
import { errorForLog, log } from "../lib/log";
import { Problem } from "../lib/problem";
import { sendAutomaticReply } from "./automatic-replies";
import { RoomReceiver } from "./room-receiver";
import { dispatchSend, type SendBody } from "./room-send";
import { policyOfRoom, type RoomRecord, windowEndOf } from "./room-store";
import { refusable } from "./room-stub";
import { keepSurveyAnswer, type SurveyResult, type SurveySend, sendSurvey } from "./room-survey";
import type { Author, Message, OutboundBody, RoomSummary, TemplateSend } from "./types";

export { type RoomApi, roomStub } from "./room-stub";

/** Who the room's history says made an automatic assignment (rule I12). */
export const AUTOMATIC_ASSIGNMENT_AUTHOR = "Automatic assignment";

const toProblem = (r: Refusal) => new Problem(r.status, r.code, r.detail);

/**
 * One conversation room (rules I1-I6, G6): the message log with a strictly increasing `seq`, the
 * reply window, assignment, and WebSocket fan-out to the agents who have the room open
 * (`room-sockets.ts`). It is the single writer of its state: every change is committed to its SQLite
 * together with the domain events that announce it (the outbox), answered, and then the outbox is
 * drained to the D1 inbox index, the tenant feed and the `events` queue, retried by the alarm until it
 * is empty (`room-object.ts`).
 */
export class RoomDO extends RoomReceiver {
  private state(r: RoomRecord): RoomState {
    return {
      status: r.status,
      assigneeId: r.assigneeId,
      lastCustomerMessageAt: r.lastCustomerMessageAt,
      policy: policyOfRoom(r),
    };
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
      await this.takeMessagingLimitPlace(r);
      return this.dispatch(r, author, { type: "template", template }, null);
    });
  }

  private async dispatch(r: RoomRecord, author: Author, body: SendBody, replyTo: Message | null): Promise<Message> {
    const sent = await dispatchSend(this, this.env, { room: r, author, body, replyTo });
    await this.settle();
    return sent;
  }

  /** Issue 13 item 6: outside the window, the customer needs a place in the number's daily messaging limit. */
  private async takeMessagingLimitPlace(r: RoomRecord) {
    const now = clock.now();
    const windowEnd = windowEndOf(r);
    if (!policyOfRoom(r).templateMessagingLimit || (windowEnd !== null && windowEnd > now)) return;
    const db = createDb(this.env.DB);
    if (!(await reserveForTemplate(db, r.channelId, `+${r.contactExternalId}`, now))) {
      throw new Problem(
        422,
        "messaging_limit_reached",
        "This number has reached its daily messaging limit: no more new customers can get a template for now. " +
          "Customers who wrote in the last 24 hours can still be answered.",
      );
    }
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

  /**
   * Rule I12: the automatic assignment of a new room, once: only while the room is unassigned and
   * holds a customer's message (a room a business opened with a template is not a customer's new
   * room). The room's history says so, in the same commit. False when it no longer applies.
   */
  async autoAssign(assignee: { userId: string; name: string }): Promise<boolean> {
    const r = this.store.record();
    if (r?.status !== "unassigned" || r.assigneeId !== null || r.lastCustomerMessageAt === null) return false;
    r.status = "assigned";
    r.assigneeId = assignee.userId;
    const note = this.commit(() => {
      this.store.saveRecord(r);
      const m = this.store.insertMessage({
        id: crypto.randomUUID(),
        direction: "note",
        kind: "note",
        text: `Assigned to ${assignee.name} automatically`,
        media: null,
        location: null,
        contacts: null,
        replyToId: null,
        reactionToId: null,
        status: "received",
        error: null,
        authorId: null,
        authorName: AUTOMATIC_ASSIGNMENT_AUTHOR,
        providerMessageId: null,
        sentAt: clock.now(),
      });
      return { result: m, record: r, events: [{ type: "room.assigned" }, { type: "message.created", message: m }] };
    });
    this.emitMessage("message.created", note);
    this.announce(r);
    await this.settle();
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
