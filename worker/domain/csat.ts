/**
 * Rule R3: the CSAT survey. On resolve, a 1-5 rating question goes to the customer once per
 * conversation (room). Where the rule is silent, this module writes down what we chose:
 *
 * - Inside the reply window (I2) the question is sent as a choice of five (WhatsApp: an interactive
 *   list, since buttons stop at three). Outside it the tenant's chosen approved template is sent, or,
 *   when none is chosen, nothing is sent and the room gets a note saying so.
 * - Each option's id names the room and the rating (`csat:<roomId>:<n>`), so the customer's tap is
 *   recorded against the conversation it rates, even after a new conversation has begun; it is kept
 *   as a message of the resolved room and opens no new room.
 * - The comment is the customer's next text message within `COMMENT_WINDOW_MS` (15 minutes) of the
 *   rating; later messages are ordinary messages. A rating may not be changed once recorded.
 * - An answer is accepted for `ANSWER_WINDOW_MS` (7 days) after the survey was sent (its provider
 *   timestamp may read up to `CLOCK_SKEW_MS` before our send time: whole seconds, another clock).
 * - Satisfaction = ratings of 4 or 5 / responses; response rate = responses / surveys sent (a skipped
 *   survey was not sent). Both are whole percentages, null when there is nothing to divide by.
 */

export const RATINGS = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof RATINGS)[number];

export const COMMENT_WINDOW_MS = 15 * 60_000;
export const ANSWER_WINDOW_MS = 7 * 24 * 3_600_000;

export const DEFAULT_QUESTION =
  "How satisfied are you with our help today? Please rate us from 1 (poor) to 5 (excellent).";

/** What the options read in the customer's app (a WhatsApp list row title is at most 24 characters). */
export const RATING_TITLES: Record<Rating, string> = {
  1: "1 - Very poor",
  2: "2 - Poor",
  3: "3 - Okay",
  4: "4 - Good",
  5: "5 - Excellent",
};

/** How a survey went out: asked in the window, sent as a template, or skipped (with a note). */
export const SURVEY_OUTCOMES = ["asked", "template", "skipped", "failed"] as const;
export type SurveyOutcome = (typeof SURVEY_OUTCOMES)[number];

/** Rule R3 with I2: inside the window, ask; outside it, the chosen template, else skip. */
export function surveyRoute(windowOpen: boolean, templateChosen: boolean): "ask" | "template" | "skip" {
  if (windowOpen) return "ask";
  return templateChosen ? "template" : "skip";
}

export const answerId = (roomId: string, rating: Rating): string => `csat:${roomId}:${rating}`;

/** The room and rating an option id names; null when the id is not a CSAT answer. */
export function parseAnswerId(id: string | null | undefined): { roomId: string; rating: Rating } | null {
  const m = /^csat:([A-Za-z0-9-]{1,64}):([1-5])$/.exec(id ?? "");
  if (!m?.[1] || !m[2]) return null;
  return { roomId: m[1], rating: Number(m[2]) as Rating };
}

/** A rating a template's quick-reply button carries in its title or payload ("5", "5 - Excellent"). */
export function ratingOfText(text: string | null | undefined): Rating | null {
  const m = /^\s*([1-5])(?!\d)/.exec(text ?? "");
  return m?.[1] ? (Number(m[1]) as Rating) : null;
}

/** How far a provider's timestamp (whole seconds, another clock) may read before our own send time. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Whether an answer written at `at` (the provider's time) still counts for a survey sent at `sentAt` (ours). */
export const answerAccepted = (sentAt: number, at: number): boolean =>
  at >= sentAt - CLOCK_SKEW_MS && at - sentAt <= ANSWER_WINDOW_MS;

/** Whether a text written at `at` is the comment of a rating given at `ratedAt`. */
export const commentAccepted = (ratedAt: number, at: number): boolean =>
  at >= ratedAt && at - ratedAt <= COMMENT_WINDOW_MS;

export interface CsatFigures {
  surveysSent: number;
  responses: number;
  /** Ratings of 4-5 / responses, in whole percent. */
  satisfactionPercent: number | null;
  /** Responses / surveys sent, in whole percent. */
  responseRatePercent: number | null;
  distribution: { rating: Rating; count: number }[];
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 100));

/** R3's figures from the surveys sent in a period and the ratings among them. */
export function csatFigures(surveysSent: number, ratings: number[]): CsatFigures {
  const counted = ratings.filter((r): r is Rating => (RATINGS as readonly number[]).includes(r));
  const satisfied = counted.filter((r) => r >= 4).length;
  return {
    surveysSent,
    responses: counted.length,
    satisfactionPercent: percent(satisfied, counted.length),
    responseRatePercent: percent(counted.length, surveysSent),
    distribution: RATINGS.map((rating) => ({ rating, count: counted.filter((r) => r === rating).length })),
  };
}
