import { useState } from "preact/hooks";
import { parseScheduledAt } from "../../../../worker/domain/campaign";
import { api, type Room } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { describeError } from "../../errors";
import { dayIn, isoTime, shortTime } from "../../format";
import { t, timeZone } from "../../i18n";
import { navigate } from "../../router";
import { filterQuery, labels, labelsError, loadLabels } from "../../state/filters";
import { applyRoom, forgetFromLists } from "../../state/inbox";
import { me } from "../../state/session";
import { LabelChips } from "../inbox/LabelChips";

const HOUR = 3_600_000;

/**
 * When "Tomorrow morning" is: 09:00 tomorrow in the organization's time zone (I13), whatever this
 * device's clock says (a local time read in a zone, as a campaign's start time is).
 */
function tomorrowMorning(now: number): number {
  const zone = timeZone.value ?? "UTC";
  return parseScheduledAt(`${dayIn(zone, now + 24 * HOUR)}T09:00`, zone) ?? now + 24 * HOUR;
}

/**
 * Issue 17 item 3 under the room header: the room's labels (I11) and their editor, snooze until a
 * time, and mark unread for oneself (both take the room out of one's list, so the list is shown).
 */
export function RoomTools({ room }: { room: Room }) {
  const [editing, setEditing] = useState(false);
  const [snoozing, setSnoozing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The boxes follow a click at once; the room's labels follow the answer (or go back on a refusal).
  const [chosen, setChosen] = useState<ReadonlySet<string> | null>(null);
  const current = chosen ?? new Set((room.labels ?? []).map((l) => l.id));
  const snoozed = room.snoozedUntil !== null && room.snoozedUntil !== undefined && room.snoozedUntil > Date.now();

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  // From the room's own labels, not the catalogue: a catalogue that failed to load and holds only a
  // label the feed brought must not drop the room's other labels (I11).
  const toggleLabel = (id: string, on: boolean) => {
    const next = new Set(current);
    if (on) next.add(id);
    else next.delete(id);
    const ids = [...next];
    setChosen(next);
    return run(async () => {
      try {
        const result = await api.setRoomLabels(room.id, ids);
        applyRoom({ ...room, labels: result.labels });
      } finally {
        setChosen(null);
      }
    });
  };
  const backToList = () => navigate(`/${filterQuery.value}`);

  return (
    <div class="room-tools">
      <LabelChips labels={room.labels} />
      <button
        type="button"
        class="button button-small button-quiet"
        aria-expanded={editing}
        aria-controls="label-editor"
        onClick={() => {
          setEditing(!editing);
          if (!editing) void loadLabels();
        }}
      >
        <Icon name="tag" size={14} />
        <span>{t("Labels")}</span>
      </button>
      {snoozed ? (
        <>
          <span class="chip chip-muted">
            {t("Snoozed until")}{" "}
            <time dateTime={isoTime(room.snoozedUntil ?? 0)}>{shortTime(room.snoozedUntil ?? 0)}</time>
          </span>
          <button
            type="button"
            class="button button-small button-quiet"
            disabled={busy}
            onClick={() => run(async () => applyRoom(await api.unsnooze(room.id)))}
          >
            {t("Wake now")}
          </button>
        </>
      ) : (
        room.status !== "resolved" && (
          <button
            type="button"
            class="button button-small button-quiet"
            aria-expanded={snoozing}
            onClick={() => setSnoozing(!snoozing)}
          >
            <Icon name="clock" size={14} />
            <span>{t("Snooze")}</span>
          </button>
        )
      )}
      <button
        type="button"
        class="button button-small button-quiet"
        disabled={busy}
        onClick={() =>
          run(async () => {
            applyRoom(await api.markUnread(room.id));
            backToList();
          })
        }
      >
        {t("Mark unread")}
      </button>
      {snoozing && !snoozed && (
        <SnoozeForm
          busy={busy}
          onSnooze={(until) =>
            run(async () => {
              applyRoom(await api.snooze(room.id, until));
              forgetFromLists(room.id);
              setSnoozing(false);
              backToList();
            })
          }
        />
      )}
      {editing && <LabelEditor current={current} busy={busy} onToggle={toggleLabel} run={run} />}
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}

function SnoozeForm({ busy, onSnooze }: { busy: boolean; onSnooze: (until: number) => void }) {
  const [choice, setChoice] = useState("1h");
  const untilOf = (c: string) => {
    const now = Date.now();
    if (c === "tomorrow") return tomorrowMorning(now);
    if (c === "week") return now + 7 * 24 * HOUR;
    return now + Number.parseInt(c, 10) * (c.endsWith("m") ? 60_000 : HOUR);
  };
  return (
    <form
      class="snooze-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSnooze(untilOf(choice));
      }}
    >
      <label>
        <span class="visually-hidden">{t("Snooze until")}</span>
        <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
          <option value="1m">{t("In 1 minute")}</option>
          <option value="1h">{t("In 1 hour")}</option>
          <option value="3h">{t("In 3 hours")}</option>
          <option value="tomorrow">{t("Tomorrow morning")}</option>
          <option value="week">{t("In a week")}</option>
        </select>
      </label>
      <button type="submit" class="button button-small" disabled={busy}>
        {busy ? t("Snoozing…") : t("Snooze")}
      </button>
    </form>
  );
}

function LabelEditor({
  current,
  busy,
  onToggle,
  run,
}: {
  current: ReadonlySet<string>;
  busy: boolean;
  onToggle: (id: string, on: boolean) => void;
  run: (work: () => Promise<void>) => Promise<void>;
}) {
  const manages = me.value?.organization.role !== "agent";
  const [name, setName] = useState("");
  const [colour, setColour] = useState("#2563eb");
  return (
    <fieldset id="label-editor" class="label-editor" disabled={busy}>
      <legend class="visually-hidden">{t("Labels of this conversation")}</legend>
      {labelsError.value && (
        <span role="alert">
          {t("The labels could not be loaded: {reason}", { reason: labelsError.value })}{" "}
          <button type="button" class="button button-small" onClick={() => void loadLabels()}>
            {t("Try again")}
          </button>
        </span>
      )}
      {labels.value.length === 0 && !labelsError.value && <span>{t("No labels yet.")}</span>}
      {labels.value.map((l) => (
        <label key={l.id}>
          <input
            type="checkbox"
            checked={current.has(l.id)}
            onChange={(e) => onToggle(l.id, e.currentTarget.checked)}
          />
          <span class="label-dot" style={{ background: l.colour }} aria-hidden="true" />
          {l.name}
        </label>
      ))}
      {manages && (
        <form
          class="snooze-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            void run(async () => {
              await api.createLabel({ name: name.trim(), colour });
              setName("");
              await loadLabels();
            });
          }}
        >
          <label>
            <span class="visually-hidden">{t("New label name")}</span>
            <input
              value={name}
              maxLength={40}
              placeholder={t("New label")}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
          <label>
            <span class="visually-hidden">{t("Colour")}</span>
            <input type="color" value={colour} onInput={(e) => setColour(e.currentTarget.value)} />
          </label>
          <button type="submit" class="button button-small">
            {t("Add label")}
          </button>
        </form>
      )}
    </fieldset>
  );
}
