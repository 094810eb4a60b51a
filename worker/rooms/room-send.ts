import { createDb } from "../db/client";
import { recordOutbound } from "../db/provider-messages";
import type { ConversationCategory } from "../domain/pricing";
import { assigneeAfterReply, previewOf, type RoomState } from "../domain/room";
import { filledBody } from "../domain/template-send";
import { chargeSend, refundSend } from "../features/billing/service";
import { clock } from "../lib/clock";
import { Problem } from "../lib/problem";
import { type OutboundResult, sendFromRoom } from "./outbound";
import type { Change, EventSpec } from "./room-object";
import { policyOfRoom, type RoomRecord, type RoomStore } from "./room-store";
import type { Author, ChoiceBody, Message, OutboundBody, TemplateSend } from "./types";

export type SendBody = OutboundBody | ChoiceBody | { type: "template"; template: TemplateSend };
type TemplateCategory = Exclude<ConversationCategory, "service">;

/** What a send needs of its room (RoomDO gives itself). */
export interface SendingRoom {
  store: RoomStore;
  commit<T>(change: () => Change<T>): T;
  announce(r: RoomRecord): void;
  emitMessage(type: "message.created" | "message.updated", message: Message): void;
  drainBeforeSend(): Promise<void>;
  serially<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * `automatic`: a reply the product sends by itself (I9's away reply), once per key: the key is
 * recorded in the transaction that stores the message; it leaves the room unread and unassigned.
 */
export interface OutboundSend {
  room: RoomRecord;
  author: Author;
  body: SendBody;
  replyTo: Message | null;
  automatic?: string;
  /** R3's survey: an automatic reply that goes out after the room was resolved. */
  afterResolve?: boolean;
}

/** Thrown inside the pending commit when the automatic reply's key was recorded meanwhile. */
export class AlreadyReplied extends Error {}

/** Thrown inside the pending commit when a retry of the same reply (its clientMessageId) got there first. */
class SentMeanwhile extends Error {
  constructor(readonly earlier: Message) {
    super("a message with this clientMessageId was stored meanwhile");
  }
}

/** A private note in the room's log (an agent's, or one the room writes itself): never sent to the customer. */
export const noteOf = (text: string, authorId: string | null, authorName: string | null, sentAt = clock.now()) => ({
  id: crypto.randomUUID(),
  direction: "note" as const,
  kind: "note" as const,
  text,
  media: null,
  location: null,
  contacts: null,
  replyToId: null,
  reactionToId: null,
  status: "received" as const,
  error: null,
  authorId,
  authorName,
  providerMessageId: null,
  sentAt,
});

const stateOf = (r: RoomRecord): RoomState => ({
  status: r.status,
  assigneeId: r.assigneeId,
  lastCustomerMessageAt: r.lastCustomerMessageAt,
});

/**
 * One outbound message (rules I2, I3, B2-B7): charged before anything is sent, committed as pending
 * with its events, sent through the channel, then committed as sent or failed. A failed send gives
 * its charge back.
 */
export async function dispatchSend(room: SendingRoom, env: Env, send: OutboundSend): Promise<Message> {
  const { body, replyTo } = send;
  const db = createDb(env.DB);
  const messageId = crypto.randomUUID();
  let now = clock.now();
  // B2-B7: paid before anything is sent; one room charges one send at a time, so concurrent
  // replies agree on one conversation. Rule B1: the clock is read when this charge's turn comes.
  const receipt = await room.serially(() => {
    now = clock.now();
    return chargeSend(db, {
      organizationId: send.room.organizationId,
      channelId: send.room.channelId,
      contactId: send.room.contactId,
      contactExternalId: send.room.contactExternalId,
      roomId: send.room.roomId,
      messageId,
      send: body.type === "template" ? (body.template.category as TemplateCategory) : "reply",
      now,
      policy: policyOfRoom(send.room),
    });
  });
  // Refunds queue behind charges, so a reply charged against this send's conversation is counted
  // before the refund decides whether the conversation can be undone (B2).
  const refund = (cause?: unknown) =>
    receipt ? room.serially(() => refundSend(db, receipt, clock.now(), cause)) : Promise.resolve();
  let pending: Message;
  let r: RoomRecord;
  try {
    ({ pending, r } = commitPending(room, send, messageId, now));
  } catch (err) {
    await refund();
    // The same reply sent twice at once: both answers are the one message, sent and charged once.
    if (err instanceof SentMeanwhile) return err.earlier;
    throw err;
  }
  room.emitMessage("message.created", pending);
  room.announce(r);
  let result: OutboundResult;
  let interrupted: unknown;
  try {
    await room.drainBeforeSend();
    result = await sendFromRoom(env, r, body, replyTo?.providerMessageId ?? null);
  } catch (err) {
    // B7: charged but not confirmed sent (the index, the channel or the file could not be read):
    // the message fails with a clear error and the charge is given back below.
    interrupted = err;
    result = {
      ok: false,
      error: { code: "send_interrupted", title: "The message could not be sent. Try again.", detail: null },
    };
  }
  // An automatic reply (away reply, survey) cut off before it reached the provider is forgotten and
  // the error goes on, so that the request's retry (the events queue's) sends it after all.
  const retryAutomatic = interrupted !== undefined && send.automatic !== undefined;
  const sent = room.commit(() => {
    const m = room.store.updateMessage({
      ...pending,
      media: result.media ?? pending.media,
      status: result.ok ? "sent" : "failed",
      providerMessageId: result.ok ? result.providerMessageId : null,
      error: result.ok ? null : result.error,
    });
    if (retryAutomatic) room.store.forgetAutomaticReply(send.automatic as string);
    return { result: m, record: room.store.requireRecord(), events: [{ type: "message.updated", message: m }] };
  });
  if (!result.ok) await refund(interrupted);
  if (result.ok) {
    // Statuses of this message find their room by its provider id (G6).
    await recordOutbound(db, r.organizationId, result.providerMessageId, r.roomId);
  }
  room.emitMessage("message.updated", sent);
  if (retryAutomatic) throw interrupted;
  return sent;
}

function commitPending(
  room: SendingRoom,
  send: OutboundSend,
  messageId: string,
  now: number,
): { pending: Message; r: RoomRecord } {
  const { author, body, replyTo, automatic, afterResolve } = send;
  const text =
    body.type === "template" ? filledBody(body.template.bodyText, body.template.variables) : (body.text ?? null);
  const clientId = "clientMessageId" in body ? (body.clientMessageId ?? null) : null;
  return room.commit(() => {
    // Read the room again: an inbound message or a resolve may have landed while we were charging.
    const r = room.store.requireRecord();
    const earlier = clientId ? room.store.messageWhere("client_id = ?", clientId) : null;
    if (earlier) throw new SentMeanwhile(earlier);
    if (r.status === "resolved" && !(afterResolve && automatic !== undefined)) {
      throw new Problem(422, "room_resolved", "This room was resolved while the message was on its way.");
    }
    const pending = room.store.insertMessage({
      id: messageId,
      clientId,
      direction: "out",
      kind: body.type === "choice" ? "text" : body.type,
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
    const previousAssignee = r.assigneeId;
    if (automatic !== undefined) {
      if (room.store.automaticReplySent(automatic)) throw new AlreadyReplied();
      room.store.recordAutomaticReply(automatic, messageId, now);
    } else {
      r.assigneeId = assigneeAfterReply(stateOf(r), author);
      if (r.assigneeId) r.status = "assigned";
      r.unreadCount = 0;
    }
    r.lastMessageAt = now;
    r.lastMessagePreview = previewOf(body.type === "choice" ? "text" : body.type, text);
    const events: EventSpec[] = [{ type: "message.created", message: pending }];
    if (r.assigneeId !== previousAssignee) events.push({ type: "room.assigned" });
    return { result: { pending, r }, record: r, events };
  });
}
