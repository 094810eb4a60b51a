import { useState } from "preact/hooks";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import { clearFilters, filters, labels, narrowing, setFilters } from "../../state/filters";
import { rooms } from "../../state/inbox";
import { me } from "../../state/session";
import { members } from "../../state/team";
import { SelectToggle } from "./BulkBar";
import "./inbox-tools.css";

/**
 * Issue 17 item 3 (rule I11): the list's filters by label, agent, channel, reply window and day of
 * last activity. Plain form controls (keyboard as usual), folded behind one button so the list keeps
 * its room at 360 px; what is set is in the URL.
 */
export function FilterBar() {
  const [open, setOpen] = useState(() => Object.keys(narrowing.value).length > 0);
  const f = filters.value;
  const count = Object.keys(narrowing.value).length;
  const supervises = me.value?.organization.role !== "agent";
  const channels = new Map<string, string>();
  for (const room of rooms.value.values()) channels.set(room.channelId, room.channelName);
  if (f.channel && !channels.has(f.channel)) channels.set(f.channel, t("This channel"));

  return (
    <div class="filter-bar">
      <div class="filter-toggle-row">
        <button
          type="button"
          class={`button button-small button-quiet${count ? " filter-active" : ""}`}
          aria-expanded={open}
          aria-controls="inbox-filters"
          onClick={() => setOpen(!open)}
        >
          <Icon name="filter" size={16} />
          <span>{count ? t("Filters ({count})", { count }) : t("Filters")}</span>
        </button>
        <SelectToggle />
        {count > 0 && (
          <button type="button" class="button button-small button-quiet" onClick={clearFilters}>
            {t("Clear filters")}
          </button>
        )}
      </div>
      {open && (
        <fieldset id="inbox-filters" class="filters">
          <legend class="visually-hidden">{t("Filter conversations")}</legend>
          <div class="filter-field">
            <label for="filter-label">{t("Label")}</label>
            <select
              id="filter-label"
              value={f.label ?? ""}
              onChange={(e) => setFilters({ label: e.currentTarget.value })}
            >
              <option value="">{t("Any label")}</option>
              {labels.value.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          {supervises && (
            <div class="filter-field">
              <label for="filter-agent">{t("Agent")}</label>
              <select
                id="filter-agent"
                value={f.agent ?? ""}
                onChange={(e) => setFilters({ agent: e.currentTarget.value })}
              >
                <option value="">{t("Anyone")}</option>
                <option value="none">{t("Nobody (unassigned)")}</option>
                {members.value.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="filter-field">
            <label for="filter-channel">{t("Channel")}</label>
            <select
              id="filter-channel"
              value={f.channel ?? ""}
              onChange={(e) => setFilters({ channel: e.currentTarget.value })}
            >
              <option value="">{t("Every channel")}</option>
              {[...channels].map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div class="filter-field">
            <label for="filter-reply-window">{t("Reply window")}</label>
            <select
              id="filter-reply-window"
              value={f.window ?? ""}
              onChange={(e) =>
                setFilters({ window: (e.currentTarget.value || undefined) as "open" | "closed" | undefined })
              }
            >
              <option value="">{t("Open or closed")}</option>
              <option value="open">{t("Open (free replies)")}</option>
              <option value="closed">{t("Closed (templates only)")}</option>
            </select>
          </div>
          <div class="filter-field">
            <label for="filter-active-from">{t("Active from")}</label>
            <input
              id="filter-active-from"
              type="date"
              value={f.from ?? ""}
              onChange={(e) => setFilters({ from: e.currentTarget.value })}
            />
          </div>
          <div class="filter-field">
            <label for="filter-active-until">{t("Active until")}</label>
            <input
              id="filter-active-until"
              type="date"
              value={f.to ?? ""}
              onChange={(e) => setFilters({ to: e.currentTarget.value })}
            />
          </div>
        </fieldset>
      )}
    </div>
  );
}
