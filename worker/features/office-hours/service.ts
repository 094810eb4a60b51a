import type { Db } from "../../db/client";
import { hoursProblems, type OfficeHours, officeState, WEEKDAYS } from "../../domain/office-hours";
import { Problem } from "../../lib/problem";
import { officeHoursOf, saveOfficeHours } from "./repo";

/** Until an admin sets them: switched off, Monday to Friday 09:00-17:00 ready to switch on. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  enabled: false,
  awayMessage: "Thank you for your message. We are closed now and will reply when we open again.",
  days: Object.fromEntries(
    WEEKDAYS.map((d) => [d, ["sat", "sun"].includes(d) ? [] : [{ open: "09:00", close: "17:00" }]]),
  ) as OfficeHours["days"],
};

export async function readOfficeHours(db: Db, organizationId: string) {
  const found = await officeHoursOf(db, organizationId);
  return { ...(found?.hours ?? DEFAULT_OFFICE_HOURS), timeZone: found?.timeZone ?? "UTC" };
}

/** Saves the week (I9); overlapping or empty intervals are refused 422 `office_hours_invalid`, naming the day. */
export async function writeOfficeHours(db: Db, organizationId: string, hours: OfficeHours, now: number) {
  const problems = hoursProblems(hours.days);
  if (problems.length > 0) {
    throw new Problem(
      422,
      "office_hours_invalid",
      "Some open intervals are empty or overlap.",
      problems.map((p) => ({ path: `days.${p.day}`, code: "office_hours_invalid", message: p.message })),
    );
  }
  await saveOfficeHours(db, organizationId, hours, now);
  return readOfficeHours(db, organizationId);
}

export type OfficeHoursOf = Awaited<ReturnType<typeof officeHoursOf>>;

/** The away reply a customer message sent at `sentAt` gets, with the closed period it answers; null when open. */
export function awayReplyAt(found: OfficeHoursOf, sentAt: number) {
  if (!found?.hours) return null;
  const state = officeState(found.hours, found.timeZone, sentAt);
  return state.open ? null : { period: state.period, text: found.hours.awayMessage };
}
