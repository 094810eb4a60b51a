import type { InboundMessage } from "../channels/types";
import { createDb } from "../db/client";
import { checkFreeFormSend, checkTemplateSend, type Refusal, type RoomState } from "../domain/room";
import { reserveForTemplate } from "../features/campaigns/limits";
import { clock } from "../lib/clock";
import { Problem } from "../lib/problem";
import { sendAutomaticReply } from "./automatic-replies";
import { type BroadcastMessage, type BroadcastOutcome, keepBroadcast } from "./room-broadcast";
import { RoomReceiver } from "./room-receiver";
import { dispatchSend, noteOf, type SendBody } from "./room-send";
import { policyOfRoom, type RoomRecord, windowEndOf } from "./room-store";
import { refusable } from "./room-stub";
import { keepSurveyAnswer, type SurveyResult, type SurveySend, sendSurvey } from "./room-survey";
import type { Author, Message, OutboundBody, RoomIdentity, TemplateSend } from "./types";

export const toProblem = (r: Refusal) => new Problem(r.status, r.code, r.detail);

/**
 * What a room sends and keeps from its agents (rules I2, I3, I9, R3): free-form replies inside the
 * window, templates after it (with a place in the number's daily messaging limit), the away reply,
 * the CSAT survey and its answer, and private notes. RoomDO (room-do.ts) adds assignment and reading.
 */
export abstract class RoomSender extends RoomReceiver {
  protected state(r: RoomRecord): RoomState {
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

  /** Rule I3: a campaign's message, sent already, kept in its recipient's room (`room-broadcast.ts`). */
  async keepBroadcast(identity: RoomIdentity | null, broadcast: BroadcastMessage): Promise<BroadcastOutcome> {
    // Null: the room holds the message already (its id was recorded for this room).
    if (!this.store.record()) {
      if (!identity) return "resolved";
      this.openNow(identity, broadcast.sentAt);
    }
    const outcome = keepBroadcast(this, broadcast);
    if (outcome === "resolved") {
      // As for a customer's message (I1): the index says resolved before the caller looks again.
      const r = this.store.requireRecord();
      this.commit(() => ({ result: null, record: r, events: [{ type: "room.updated" as const }] }));
      await this.drainOutbox();
    } else this.kick();
    return outcome;
  }

  /** A private note: agents only, never sent to the customer. */
  addNote(author: Author, text: string): Promise<Message> {
    return refusable(async () => {
      const r = this.store.requireRecord();
      const note = this.commit(() => {
        const m = this.store.insertMessage(noteOf(text, author.userId, author.name));
        return { result: m, record: r, events: [{ type: "message.created", message: m }] };
      });
      this.emitMessage("message.created", note);
      await this.settle();
      return note;
    });
  }
}
