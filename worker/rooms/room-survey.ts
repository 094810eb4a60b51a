import type { InboundMessage } from "../channels/types";
import { type SurveyOutcome, surveyRoute } from "../domain/csat";
import { windowState } from "../domain/window";
import { clock } from "../lib/clock";
import { AUTOMATIC_AUTHOR } from "./automatic-replies";
import { inboundMessageOf } from "./room-inbound";
import { AlreadyReplied, dispatchSend, noteOf, type SendingRoom } from "./room-send";
import { policyOfRoom } from "./room-store";
import type { ChoiceBody, Message, TemplateSend } from "./types";

/** The automatic-reply key of a room's CSAT survey: one per conversation (rule R3). */
const SURVEY_KEY = "csat";

/**
 * What the CSAT service asks a resolved room to send (rule R3): the rating question, the approved
 * template for after the window (null: none chosen or none usable), and, when the survey must not go
 * out whatever the window (a blocked contact), the note saying why.
 */
export interface SurveySend {
  question: ChoiceBody;
  template: TemplateSend | null;
  /** The note the room gets when nothing is sent because the window has closed and no template is usable. */
  closedNote: string;
  skipNote?: string | null;
}

export interface SurveyResult {
  outcome: SurveyOutcome;
  messageId: string;
  at: number;
}

/** The outcome of the survey message (or note) the room already holds. */
function resultOf(message: Message): SurveyResult {
  const outcome: SurveyOutcome =
    message.direction === "note"
      ? "skipped"
      : message.status === "failed"
        ? "failed"
        : message.kind === "template"
          ? "template"
          : "asked";
  return { outcome, messageId: message.id, at: message.sentAt };
}

function earlierSurvey(room: SendingRoom): SurveyResult | null {
  const id = room.store.automaticReplyOf(SURVEY_KEY);
  const message = id ? room.store.messageWhere("id = ?", id) : null;
  return message ? resultOf(message) : null;
}

/**
 * Rule R3 with I2: the conversation's survey, once, after its resolve. Inside the reply window the
 * question goes out as a choice; outside it the template, else a note in the room says it was skipped.
 * Sent like any reply of the system (charged, through the channel's adapter); repeating the request
 * sends nothing more and answers the first outcome. Null when the room does not exist.
 */
export async function sendSurvey(room: SendingRoom, env: Env, survey: SurveySend): Promise<SurveyResult | null> {
  const r = room.store.record();
  if (!r) return null;
  const earlier = earlierSurvey(room);
  if (earlier) return earlier;
  const now = clock.now();
  const open = windowState(r.lastCustomerMessageAt, now, policyOfRoom(r)).state === "open";
  const route = survey.skipNote ? "skip" : surveyRoute(open, survey.template !== null);
  if (route === "skip" || (route === "template" && !survey.template)) {
    return skipWithNote(room, survey.skipNote ?? survey.closedNote, now);
  }
  const body =
    route === "ask" ? survey.question : { type: "template" as const, template: survey.template as TemplateSend };
  try {
    const sent = await dispatchSend(room, env, {
      room: r,
      author: AUTOMATIC_AUTHOR,
      body,
      replyTo: null,
      automatic: SURVEY_KEY,
      afterResolve: true,
    });
    return resultOf(sent);
  } catch (err) {
    if (err instanceof AlreadyReplied) return earlierSurvey(room);
    throw err;
  }
}

/** The survey is not sent: a note for the agents, recorded as the survey so it is never tried again. */
function skipWithNote(room: SendingRoom, text: string, now: number): SurveyResult {
  const note = room.commit(() => {
    const r = room.store.requireRecord();
    const m = room.store.insertMessage(noteOf(text, null, AUTOMATIC_AUTHOR.name, now));
    room.store.recordAutomaticReply(SURVEY_KEY, m.id, now);
    return { result: m, record: r, events: [{ type: "message.created", message: m }] };
  });
  room.emitMessage("message.created", note);
  return resultOf(note);
}

/**
 * Rule R3: the customer's tap on a rating option, kept as a message of the conversation it rates
 * (resolved by now): no new room, no unread count, the room's state unchanged. Stored once per
 * provider message id (G6); null when the room does not exist.
 */
export function keepSurveyAnswer(room: SendingRoom, inbound: InboundMessage): Message | null {
  const r = room.store.record();
  if (!r) return null;
  const duplicate = room.store.messageWhere("provider_message_id = ?", inbound.providerMessageId);
  if (duplicate) return duplicate;
  const message = room.commit(() => {
    const m = room.store.insertMessage(
      inboundMessageOf(inbound, (providerId) =>
        providerId ? (room.store.messageWhere("provider_message_id = ?", providerId)?.id ?? null) : null,
      ),
    );
    return { result: m, record: r, events: [{ type: "message.created", message: m }] };
  });
  room.emitMessage("message.created", message);
  return message;
}
