import { z } from "@hono/zod-openapi";

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "YYYY-MM-DD");

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
  .refine((q) => q.from <= q.to, { message: "from must not be after to", path: ["from"] });

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
