import { and, eq } from "drizzle-orm";
import type { InboundMessage } from "../../channels/types";
import type { Db } from "../../db/client";
import { templateToSend } from "../../db/rooms";
import { type channels, contacts } from "../../db/schema";
import { templates } from "../../db/schema-templates";
import {
  ANSWER_WINDOW_MS,
  answerAccepted,
  answerId,
  commentAccepted,
  DEFAULT_QUESTION,
  parseAnswerId,
  RATING_TITLES,
  RATINGS,
  ratingOfText,
} from "../../domain/csat";
import type { EventOf, RoomEventType } from "../../events/types";
import { Problem } from "../../lib/problem";
import { roomStub } from "../../rooms/room-stub";
import type { SurveySend } from "../../rooms/room-survey";
import type { Message, TemplateSend } from "../../rooms/types";
import type { CsatSettingsBody } from "../../schemas/csat";
import {
  type CsatSettingsRow,
  claimSurvey,
  csatSettingsOf,
  recentSurveysOfContacts,
  recordComment,
  recordRating,
  type SurveyRow,
  saveCsatSettings,
  setSurveyOutcome,
  surveyOf,
} from "./repo";

type Channel = typeof channels.$inferSelect;

/** Rule R3: the setting as Settings > CSAT shows it; off, with the default question, until an admin sets it. */
export async function readCsatSettings(db: Db, organizationId: string): Promise<CsatSettingsBody> {
  const row = await csatSettingsOf(db, organizationId);
  return {
    enabled: row?.enabled ?? false,
    question: row?.question ?? DEFAULT_QUESTION,
    templateName: row?.templateName ?? null,
    templateLanguage: row?.templateLanguage ?? null,
  };
}

/**
 * Saves the setting (admins). A template must be an APPROVED template of the organization with that
 * name and language and no variables (nothing is known to fill them with): else 422 `csat_template_unusable`.
 */
export async function writeCsatSettings(db: Db, organizationId: string, body: CsatSettingsBody, now: number) {
  if (body.templateName && body.templateLanguage) {
    const found = await db
      .select({ components: templates.components })
      .from(templates)
      .where(
        and(
          eq(templates.organizationId, organizationId),
          eq(templates.name, body.templateName),
          eq(templates.language, body.templateLanguage),
          eq(templates.status, "APPROVED"),
        ),
      );
    if (!found.some((t) => !/\{\{\d+\}\}/.test(JSON.stringify(t.components)))) {
      throw new Problem(
        422,
        "csat_template_unusable",
        "Choose an APPROVED template of this name and language that has no variables.",
        [{ path: "templateName", code: "csat_template_unusable", message: "No approved template without variables." }],
      );
    }
  }
  await saveCsatSettings(db, { organizationId, ...body, updatedAt: now });
  return readCsatSettings(db, organizationId);
}

const CLOSED_NOTE = "CSAT survey not sent: the 24-hour reply window had closed when the conversation was resolved.";
const BLOCKED_NOTE = "CSAT survey not sent: the contact is blocked.";

/** The rating question of a room: five options whose ids name the room (R3). */
function questionOf(roomId: string, question: string): SurveySend["question"] {
  return {
    type: "choice",
    text: question,
    button: "Rate us",
    options: RATINGS.map((rating) => ({ id: answerId(roomId, rating), title: RATING_TITLES[rating] })),
  };
}

/** The chosen template, on the room's channel; null when none is chosen or it cannot be sent there. */
async function surveyTemplate(db: Db, settings: CsatSettingsRow, channelId: string): Promise<TemplateSend | null> {
  if (!settings.templateName || !settings.templateLanguage) return null;
  try {
    const body = { templateName: settings.templateName, language: settings.templateLanguage, variables: [] };
    return await templateToSend(db, channelId, body);
  } catch (err) {
    if (err instanceof Problem) return null;
    throw err;
  }
}

/**
 * Rule R3: a resolved conversation gets its survey once (the room id is claimed first; a redelivered
 * event, or a second resolve, finds it claimed and sends nothing new). A conversation in which the
 * customer never wrote has nothing to rate: no survey, no note.
 */
export async function surveyOnResolve(env: Env, db: Db, event: EventOf<RoomEventType>): Promise<void> {
  const { room } = event;
  if (room.lastCustomerMessageAt === null) return;
  const settings = await csatSettingsOf(db, event.organizationId);
  if (!settings?.enabled) return;
  const claimed = await claimSurvey(db, {
    roomId: room.roomId,
    organizationId: event.organizationId,
    channelId: room.channelId,
    contactExternalId: room.contactExternalId,
    agentId: room.assigneeId,
    resolvedAt: room.resolvedAt ?? event.at,
  });
  // Claimed before: asked already, unless an earlier try stopped before the room answered (the room
  // sends once per conversation whatever repeats the request).
  if (!claimed && (await surveyOf(db, room.roomId))?.outcome) return;
  const [contact] = await db
    .select({ blockedAt: contacts.blockedAt })
    .from(contacts)
    .where(and(eq(contacts.organizationId, event.organizationId), eq(contacts.id, room.contactId)));
  const survey = {
    question: questionOf(room.roomId, settings.question),
    template: await surveyTemplate(db, settings, room.channelId),
    closedNote: CLOSED_NOTE,
    skipNote: contact?.blockedAt ? BLOCKED_NOTE : null,
  };
  let result: Awaited<ReturnType<ReturnType<typeof roomStub>["sendSurvey"]>>;
  try {
    result = await roomStub(env, room.roomId).sendSurvey(survey);
  } catch (err) {
    throw new SurveyCutOff(err);
  }
  if (result) await setSurveyOutcome(db, room.roomId, result);
}

/** The survey's send was cut off in its room (refunded and forgotten there): only it is tried again. */
export class SurveyCutOff extends Error {
  constructor(cause: unknown) {
    super("the survey's send was cut off", { cause });
  }
}

/**
 * Rule R3, at the webhook: the customer tapped a rating option. When it rates a conversation of this
 * channel's organization, of this very contact, the rating is recorded (the first one counts) and the
 * tap is kept as a message of the conversation it rates; it opens no room. Null when the tap is not a
 * CSAT answer of this contact (it is then an ordinary message).
 */
export async function keepCsatAnswer(
  env: Env,
  db: Db,
  channel: Channel,
  message: InboundMessage,
): Promise<{ roomId: string; message: Message } | null> {
  const answer = parseAnswerId(message.details?.reply?.id);
  if (!answer) return null;
  const survey = await surveyOf(db, answer.roomId);
  const who = [message.contact.externalId, message.contact.phone, message.contact.userId];
  if (
    !survey ||
    survey.organizationId !== channel.organizationId ||
    survey.channelId !== channel.id ||
    !who.includes(survey.contactExternalId)
  ) {
    return null;
  }
  const [contact] = await db
    .select({ blockedAt: contacts.blockedAt })
    .from(contacts)
    .where(
      and(
        eq(contacts.organizationId, channel.organizationId),
        eq(contacts.kind, channel.kind),
        eq(contacts.externalId, survey.contactExternalId),
      ),
    );
  if (contact?.blockedAt) return null; // rule I6: handled (kept aside) as any message of a blocked contact
  const kept = await roomStub(env, answer.roomId).receiveSurveyAnswer(message);
  if (!kept) return null;
  if (survey.sentAt !== null && answerAccepted(survey.sentAt, message.sentAt)) {
    await recordRating(db, answer.roomId, answer.rating, message.sentAt);
  }
  return { roomId: answer.roomId, message: kept };
}

/**
 * Rule R3, from a customer's later message (in a room of its own): the comment, when it is the first
 * text within 15 minutes of the rating; or the rating, when it answers a survey sent as a template
 * with a quick-reply button that reads 1-5. The surveys of a batch's rooms are read in one query.
 */
export async function answerFromMessages(
  db: Db,
  events: readonly EventOf<"message.created" | "message.updated">[],
): Promise<void> {
  const texts = events.filter(
    ({ message: m }) => m.direction === "in" && m.kind === "text" && !parseAnswerId(m.details?.reply?.id),
  );
  if (texts.length === 0) return;
  const since = Math.min(...texts.map((e) => e.message.sentAt)) - ANSWER_WINDOW_MS;
  const surveys = await recentSurveysOfContacts(db, [...new Set(texts.map((e) => e.roomId))], since);
  for (const event of texts) {
    const m = event.message;
    const survey = surveys.get(event.roomId)?.find((s) => s.sentAt !== null && s.sentAt >= m.sentAt - ANSWER_WINDOW_MS);
    if (survey?.organizationId === event.organizationId) await answerWith(db, survey, m);
  }
}

/** One message against the contact's latest survey; the survey row follows what it records. */
async function answerWith(db: Db, survey: SurveyRow, m: Message): Promise<void> {
  const reply = m.details?.reply;
  if (reply && survey.outcome === "template" && survey.rating === null) {
    const rating = ratingOfText(reply.payload) ?? ratingOfText(reply.title);
    if (rating && survey.sentAt !== null && answerAccepted(survey.sentAt, m.sentAt)) {
      if (await recordRating(db, survey.roomId, rating, m.sentAt)) Object.assign(survey, { rating, ratedAt: m.sentAt });
    }
    return;
  }
  const comment = m.text?.trim();
  if (survey.ratedAt === null || survey.comment !== null || !comment) return;
  if (!commentAccepted(survey.ratedAt, m.sentAt)) return;
  if (await recordComment(db, survey.roomId, comment, m.sentAt))
    Object.assign(survey, { comment, commentedAt: m.sentAt });
}
