import { WEEKDAYS, type Weekday } from "../../../../worker/domain/office-hours";
import { api, type OfficeHoursBody, type OfficeHoursView } from "../../api";
import { Alert } from "../../components/Alert";
import { Failed, Loading } from "../../components/States";
import { describeError, fieldErrors, fieldErrorUnder } from "../../errors";
import { t } from "../../i18n";
import { AdminSection, TextArea, useResource } from "./common";
import { SettingsSave, SettingsSwitch, useSettingsDraft } from "./settings-form";
import "./office-hours.css";

/** English names shown through t() (I13). */
const DAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

type Draft = OfficeHoursBody;
const draftOf = ({ timeZone: _, ...hours }: OfficeHoursView): Draft => hours;

/**
 * Rule I9 (admin): the hours each weekday is open, in the organization's time zone, and the away
 * reply a customer gets once per closed period when they write outside them.
 */
export function OfficeHoursPage() {
  const loaded = useResource(() => api.officeHours());
  const { draft, saving, error, saved, change, submit } = useSettingsDraft<Draft>();

  if (loaded.status === "loading") return <Loading label={t("Loading office hours…")} />;
  if (!loaded.data) return <Failed message={loaded.error ?? ""} onRetry={() => void loaded.reload()} />;
  const view = loaded.data;
  const hours = draft ?? draftOf(view);
  const fields = fieldErrors(error);
  const setDay = (day: Weekday, intervals: Draft["days"][Weekday]) =>
    change({ ...hours, days: { ...hours.days, [day]: intervals } });

  const save = submit(async () => {
    loaded.set(await api.saveOfficeHours(hours));
  });

  return (
    <AdminSection
      title={t("Office hours")}
      intro={t(
        "When your team answers, on the clock of {zone}. A customer who writes outside these hours gets the away reply, once per closed period.",
        { zone: view.timeZone },
      )}
    >
      <form class="admin-card office-hours" onSubmit={save} aria-busy={saving} noValidate>
        <SettingsSwitch
          checked={hours.enabled}
          label={t("Send the away reply outside office hours")}
          onChange={(enabled) => change({ ...hours, enabled })}
        />
        <fieldset class="office-days">
          <legend>{t("Open hours")}</legend>
          {WEEKDAYS.map((day) => (
            <DayRow
              key={day}
              day={day}
              intervals={hours.days[day]}
              error={fieldErrorUnder(fields, `days.${day}`)}
              onChange={(intervals) => setDay(day, intervals)}
            />
          ))}
        </fieldset>
        <TextArea
          label={t("Away reply")}
          value={hours.awayMessage}
          onInput={(awayMessage) => change({ ...hours, awayMessage })}
          hint={t("Sent as a normal reply inside the customer's 24-hour window: it opens a service conversation.")}
          error={fields.awayMessage}
          maxLength={1024}
          rows={3}
        />
        {error !== null && <Alert tone="error">{describeError(error)}</Alert>}
        <SettingsSave
          saving={saving}
          saved={saved}
          savedText={t("Office hours saved.")}
          label={t("Save office hours")}
        />
      </form>
    </AdminSection>
  );
}

type Interval = { open: string; close: string };

/** One weekday: closed, or one or more intervals; a close at or before the open runs past midnight. */
function DayRow(props: {
  day: Weekday;
  intervals: Interval[];
  error: string | undefined;
  onChange: (v: Interval[]) => void;
}) {
  const { day, intervals, onChange } = props;
  const name = t(DAY_NAMES[day]);
  const set = (i: number, patch: Partial<Interval>) =>
    onChange(intervals.map((interval, j) => (j === i ? { ...interval, ...patch } : interval)));
  const last = intervals.at(-1);
  return (
    <div class={`office-day${props.error ? " field-invalid" : ""}`} data-testid={`office-day-${day}`}>
      <span class="office-day-name">{name}</span>
      <div class="office-day-intervals">
        {intervals.length === 0 && <span class="muted">{t("Closed")}</span>}
        {intervals.map((interval, i) => (
          <span class="office-interval" key={i}>
            <input
              type="time"
              aria-label={t("{day} opens", { day: name })}
              value={interval.open}
              onInput={(e) => set(i, { open: e.currentTarget.value })}
            />
            <span aria-hidden="true">–</span>
            <input
              type="time"
              aria-label={t("{day} closes", { day: name })}
              value={interval.close === "24:00" ? "00:00" : interval.close}
              onInput={(e) => set(i, { close: e.currentTarget.value })}
            />
            {interval.close <= interval.open && <span class="muted small">{t("next day")}</span>}
            <button
              type="button"
              class="button button-small"
              aria-label={t("Remove {day} {open}–{close}", { day: name, open: interval.open, close: interval.close })}
              onClick={() => onChange(intervals.filter((_, j) => j !== i))}
            >
              {t("Remove")}
            </button>
          </span>
        ))}
        <button
          type="button"
          class="button button-small"
          onClick={() =>
            onChange([...intervals, last ? { open: last.close, close: "23:59" } : { open: "09:00", close: "17:00" }])
          }
        >
          {intervals.length === 0 ? t("Open on {day}", { day: name }) : t("Add hours on {day}", { day: name })}
        </button>
        {props.error && <p class="field-error">{props.error}</p>}
      </div>
    </div>
  );
}
