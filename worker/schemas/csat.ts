import { z } from "@hono/zod-openapi";
import { RATINGS, SURVEY_OUTCOMES } from "../domain/csat";
import { ReportQuerySchema } from "./reports";

/** Rule R3: the tenant's CSAT setting (Settings > CSAT, admins). */
export const CsatSettingsSchema = z
  .object({
    enabled: z.boolean(),
    question: z.string().trim().min(1).max(1024).openapi({ description: "The rating question's text" }),
    templateName: z
      .string()
      .regex(/^[a-z0-9_]{1,512}$/)
      .nullable()
      .openapi({ description: "An approved template without variables, sent after the window (I2); null: skipped" }),
    templateLanguage: z.string().min(2).max(15).nullable(),
  })
  .refine((s) => (s.templateName === null) === (s.templateLanguage === null), {
    message: "templateName and templateLanguage are given together",
    path: ["templateLanguage"],
  })
  .openapi("CsatSettings");

export const CsatQuerySchema = ReportQuerySchema.safeExtend({
  cursor: z.string().max(200).optional().openapi({ description: "The `nextCursor` of the previous page" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const CsatReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    surveysSent: z.number().int(),
    responses: z.number().int(),
    satisfactionPercent: z.number().int().nullable().openapi({ description: "ratings of 4-5 / responses" }),
    responseRatePercent: z.number().int().nullable().openapi({ description: "responses / surveys sent" }),
    distribution: z.array(z.object({ rating: z.number().int(), count: z.number().int() })),
    responseList: z.array(
      z.object({
        roomId: z.string(),
        channelId: z.string(),
        rating: z
          .number()
          .int()
          .min(Math.min(...RATINGS))
          .max(Math.max(...RATINGS)),
        comment: z.string().nullable(),
        agentId: z.string().nullable(),
        agentName: z.string().nullable(),
        outcome: z.enum(SURVEY_OUTCOMES),
        resolvedAt: z.number().int(),
        ratedAt: z.number().int(),
      }),
    ),
    nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page of responses" }),
  })
  .openapi("CsatReport");

export type CsatSettingsBody = z.infer<typeof CsatSettingsSchema>;
