/**
 * Rule R3's listener of domain events:
 * - `room.resolved`: the conversation's survey, once (`surveyOnResolve`);
 * - `message.created` of a customer's text: a comment on the contact's recent rating, or the rating of
 *   a survey sent as a template (`answerFromMessages`, one query for the batch).
 * Applied once per event: the survey is claimed by its room id, a rating or comment recorded only once.
 */
import { createDb } from "../../db/client";
import type { Listener } from "../../events/listeners";
import type { DomainEvent, EventOf } from "../../events/types";
import { errorForLog, log } from "../../lib/log";
import { answerFromMessages, SurveyCutOff, surveyOnResolve } from "./service";

export const csat: Listener = {
  name: "csat",
  wants: (e) =>
    e.type === "room.resolved" ||
    (e.type === "message.created" && e.message.direction === "in" && e.message.kind === "text"),
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const retry: DomainEvent[] = [];
    for (const event of events) {
      if (event.type !== "room.resolved") continue;
      try {
        await surveyOnResolve(env, db, event);
      } catch (err) {
        // Only a send cut off in the room is tried again alone; anything else retries the batch.
        if (!(err instanceof SurveyCutOff)) throw err;
        log("warn", "csat.survey_retry", { roomId: event.room.roomId, error: errorForLog(err.cause) });
        retry.push(event);
      }
    }
    await answerFromMessages(
      db,
      events.filter((e): e is EventOf<"message.created"> => e.type === "message.created"),
    );
    return { retry };
  },
};
