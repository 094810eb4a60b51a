import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { csatSettings, csatSurveys } from "../../db/schema-csat";
import type { SurveyOutcome } from "../../domain/csat";

/** The one repository of R3's tables: the tenant setting and one survey per conversation. */

export type CsatSettingsRow = typeof csatSettings.$inferSelect;
export type SurveyRow = typeof csatSurveys.$inferSelect;

export async function csatSettingsOf(db: Db, organizationId: string): Promise<CsatSettingsRow | null> {
  const [row] = await db.select().from(csatSettings).where(eq(csatSettings.organizationId, organizationId));
  return row ?? null;
}

export async function saveCsatSettings(db: Db, row: CsatSettingsRow): Promise<void> {
  const { organizationId: _, ...set } = row;
  await db.insert(csatSettings).values(row).onConflictDoUpdate({ target: csatSettings.organizationId, set });
}

/** The survey of a conversation, claimed once: false when it was claimed already (a second resolve). */
export async function claimSurvey(db: Db, row: typeof csatSurveys.$inferInsert): Promise<boolean> {
  const claimed = await db
    .insert(csatSurveys)
    .values(row)
    .onConflictDoNothing()
    .returning({ roomId: csatSurveys.roomId });
  return claimed.length > 0;
}

export async function surveyOf(db: Db, roomId: string): Promise<SurveyRow | null> {
  const [row] = await db.select().from(csatSurveys).where(eq(csatSurveys.roomId, roomId));
  return row ?? null;
}

export async function setSurveyOutcome(
  db: Db,
  roomId: string,
  sent: { outcome: SurveyOutcome; messageId: string; at: number },
): Promise<void> {
  await db
    .update(csatSurveys)
    .set({ outcome: sent.outcome, messageId: sent.messageId, sentAt: sent.at })
    .where(eq(csatSurveys.roomId, roomId));
}

/** The first rating counts (R3): false when the survey was rated already or was never sent. */
export async function recordRating(db: Db, roomId: string, rating: number, at: number): Promise<boolean> {
  const rated = await db
    .update(csatSurveys)
    .set({ rating, ratedAt: at })
    .where(
      and(
        eq(csatSurveys.roomId, roomId),
        isNull(csatSurveys.rating),
        inArray(csatSurveys.outcome, ["asked", "template"]),
      ),
    )
    .returning({ roomId: csatSurveys.roomId });
  return rated.length > 0;
}

/** The first comment counts. */
export async function recordComment(db: Db, roomId: string, comment: string, at: number): Promise<boolean> {
  const done = await db
    .update(csatSurveys)
    .set({ comment, commentedAt: at })
    .where(and(eq(csatSurveys.roomId, roomId), isNotNull(csatSurveys.rating), isNull(csatSurveys.comment)))
    .returning({ roomId: csatSurveys.roomId });
  return done.length > 0;
}

/**
 * The surveys sent to the contacts of these rooms (same channel, same contact) since `since`, newest
 * first, each room's own left out: where a comment or a template's answer, written in a later room,
 * belongs. One query for a whole batch of messages (D1 binds at most 100 parameters: in chunks).
 */
export async function recentSurveysOfContacts(
  db: Db,
  roomIds: readonly string[],
  since: number,
): Promise<Map<string, SurveyRow[]>> {
  const byRoom = new Map<string, SurveyRow[]>();
  for (const chunk of chunksOf(roomIds)) {
    const rows = await db
      .select({ survey: csatSurveys, forRoom: sql<string>`r.id` })
      .from(csatSurveys)
      .innerJoin(
        sql`rooms r`,
        sql`r.channel_id = ${csatSurveys.channelId} AND r.id IN (${sql.join(
          chunk.map((id) => sql`${id}`),
          sql`, `,
        )}) AND r.id <> ${csatSurveys.roomId}`,
      )
      .innerJoin(sql`contacts c`, sql`c.id = r.contact_id AND c.external_id = ${csatSurveys.contactExternalId}`)
      .where(gte(csatSurveys.sentAt, since))
      .orderBy(desc(csatSurveys.sentAt));
    for (const { survey, forRoom } of rows) byRoom.set(forRoom, [...(byRoom.get(forRoom) ?? []), survey]);
  }
  return byRoom;
}

export interface SurveyPeriod {
  organizationId: string;
  from: number;
  to: number;
  channelId?: string | undefined;
}

const inPeriod = (p: SurveyPeriod) =>
  and(
    eq(csatSurveys.organizationId, p.organizationId),
    gte(csatSurveys.resolvedAt, p.from),
    lt(csatSurveys.resolvedAt, p.to),
    p.channelId ? eq(csatSurveys.channelId, p.channelId) : undefined,
  );

/** Surveys sent in the period (a skipped one was not) and how many got each rating. */
export async function surveyCounts(db: Db, p: SurveyPeriod) {
  return db
    .select({ rating: csatSurveys.rating, count: sql<number>`count(*)` })
    .from(csatSurveys)
    .where(and(inPeriod(p), inArray(csatSurveys.outcome, ["asked", "template"])))
    .groupBy(csatSurveys.rating);
}

/** One page of the period's rated surveys, latest rating first; `after`: the last one of the previous page. */
export async function ratedSurveys(
  db: Db,
  p: SurveyPeriod,
  limit: number,
  after?: { ratedAt: number; roomId: string },
) {
  return db
    .select()
    .from(csatSurveys)
    .where(
      and(
        inPeriod(p),
        isNotNull(csatSurveys.rating),
        after
          ? or(
              lt(csatSurveys.ratedAt, after.ratedAt),
              and(eq(csatSurveys.ratedAt, after.ratedAt), lt(csatSurveys.roomId, after.roomId)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(csatSurveys.ratedAt), desc(csatSurveys.roomId))
    .limit(limit);
}

/** Every rated survey of the period, for the CSV. */
export async function allRatedSurveys(db: Db, p: SurveyPeriod) {
  return db
    .select()
    .from(csatSurveys)
    .where(and(inPeriod(p), isNotNull(csatSurveys.rating)))
    .orderBy(desc(csatSurveys.ratedAt), desc(csatSurveys.roomId));
}
