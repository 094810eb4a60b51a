import { z } from "@hono/zod-openapi";
import { HOURS_PATTERN, WEEKDAYS } from "../domain/office-hours";

const IntervalSchema = z
  .object({
    open: z.string().regex(HOURS_PATTERN, "HH:MM, 00:00 to 23:59"),
    close: z.string().regex(HOURS_PATTERN, "HH:MM, 00:00 to 24:00; at or before open: the next day"),
  })
  .openapi("OpenInterval");

/** Rule I9: `days.mon` ... `days.sun`, each a list of open intervals on the wall clock of the organization's time zone. */
export const OfficeHoursSchema = z
  .object({
    enabled: z.boolean(),
    awayMessage: z.string().trim().min(1).max(1024),
    days: z.object(
      Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(IntervalSchema).max(6)])) as Record<
        (typeof WEEKDAYS)[number],
        z.ZodArray<typeof IntervalSchema>
      >,
    ),
  })
  .openapi("OfficeHours");

export const OfficeHoursViewSchema = OfficeHoursSchema.extend({
  timeZone: z.string().openapi({ example: "Asia/Jakarta" }),
}).openapi("OfficeHoursView");

export type OfficeHoursBody = z.infer<typeof OfficeHoursSchema>;
