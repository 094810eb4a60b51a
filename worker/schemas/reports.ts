import { z } from "@hono/zod-openapi";

/** A day of the calendar, YYYY-MM-DD, from 2000 to 2099 (2026-02-30 is not one). */
export const ReportDay = z
  .string()
  .regex(/^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "YYYY-MM-DD, a day from 2000 to 2099")
  // zod runs this even when the pattern failed: a text that is no date at all must not throw here.
  .refine((day) => {
    const at = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(day);
  }, "A day of the calendar");

/** R1-R3: a report spans at most this many days (a year), so one request stays within a Worker's limits. */
export const MAX_REPORT_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;

/** The checks every report's `from`/`to` gets: in order, and at most MAX_REPORT_DAYS days. */
export function checkReportRange(q: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (q.from > q.to) ctx.addIssue({ code: "custom", message: "from must not be after to", path: ["from"] });
  else if ((Date.parse(q.to) - Date.parse(q.from)) / DAY_MS >= MAX_REPORT_DAYS) {
    ctx.addIssue({ code: "custom", message: `A report spans at most ${MAX_REPORT_DAYS} days.`, path: ["to"] });
  }
}
const Day = ReportDay;

export const ReportQuerySchema = z
  .object({
    from: Day.openapi({ example: "2026-12-01" }),
    to: Day.openapi({ example: "2026-12-07", description: "inclusive" }),
    channelId: z.string().max(64).optional(),
    tz: z
      .string()
      .max(64)
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, "An IANA time zone, like Asia/Jakarta.")
      .optional()
      .openapi({ description: "days are cut on this clock; the organization's time zone when left out" }),
  })
  .superRefine(checkReportRange);

const DurationsSchema = z.object({
  count: z.number().int(),
  averageMs: z.number().int().nullable(),
  medianMs: z.number().int().nullable(),
});

const FiguresSchema = z.object({
  chats: z.number().int(),
  inbound: z.number().int(),
  business: z.number().int(),
  resolved: z.number().int(),
  messagesIn: z.number().int(),
  messagesOut: z.number().int(),
  firstResponse: DurationsSchema,
  resolution: DurationsSchema,
});

export const OverviewReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    totals: FiguresSchema,
    days: z.array(
      z.object({
        day: z.string(),
        channelId: z.string(),
        chats: z.number().int(),
        inbound: z.number().int(),
        business: z.number().int(),
      }),
    ),
  })
  .openapi("OverviewReport");

export const AgentsReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    agents: z.array(FiguresSchema.extend({ agentId: z.string(), name: z.string().nullable() })),
  })
  .openapi("AgentsReport");
