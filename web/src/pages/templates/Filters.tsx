/**
 * The template list's filters: status, category, language and (with more than one) number, kept in
 * the address (`/templates?status=APPROVED`) so a filtered list can be reloaded and shared.
 */
import type { Channel, TemplateCategory, TemplateFilters, TemplateStatus } from "../../api";
import { t } from "../../i18n";
import { location, navigate } from "../../router";
import { CATEGORY_LABELS, categoryLabel, LANGUAGES, languageLabel, STATUS_LABELS, statusLabel } from "./labels";

const STATUSES = Object.keys(STATUS_LABELS) as TemplateStatus[];
const CATEGORIES = Object.keys(CATEGORY_LABELS) as TemplateCategory[];

/** The filters in the address's query. */
export function filtersOf(search: string): TemplateFilters {
  const params = new URLSearchParams(search);
  const status = params.get("status");
  const category = params.get("category");
  return {
    status: STATUSES.find((s) => s === status),
    category: CATEGORIES.find((c) => c === category),
    language: params.get("language") || undefined,
    channelId: params.get("channel") || undefined,
  };
}

function setFilter(name: string, value: string) {
  const params = new URLSearchParams(location.value.search);
  if (value) params.set(name, value);
  else params.delete(name);
  const text = params.toString();
  navigate(`/templates${text ? `?${text}` : ""}`, { replace: true });
}

export function Filters(props: {
  filters: TemplateFilters;
  filtered: boolean;
  channels: Channel[];
  /** Languages of templates seen so far, besides the ones the form offers. */
  languagesSeen: ReadonlySet<string>;
}) {
  const { filters, channels } = props;
  const languages = [
    ...LANGUAGES.map((l) => l.code),
    ...[...props.languagesSeen].filter((code) => !LANGUAGES.some((l) => l.code === code)),
  ];
  return (
    <fieldset class="filters">
      <legend class="visually-hidden">{t("Filter templates")}</legend>
      <FilterSelect
        label={t("Status")}
        value={filters.status ?? ""}
        options={STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
        onChange={(v) => setFilter("status", v)}
      />
      <FilterSelect
        label={t("Category")}
        value={filters.category ?? ""}
        options={CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) }))}
        onChange={(v) => setFilter("category", v)}
      />
      <FilterSelect
        label={t("Language")}
        value={filters.language ?? ""}
        options={languages.map((code) => ({ value: code, label: languageLabel(code) }))}
        onChange={(v) => setFilter("language", v)}
      />
      {channels.length > 1 && (
        <FilterSelect
          label={t("Number")}
          value={filters.channelId ?? ""}
          options={channels.map((c) => ({ value: c.id, label: c.name }))}
          onChange={(v) => setFilter("channel", v)}
        />
      )}
      {props.filtered && (
        <button
          type="button"
          class="button button-quiet button-small"
          onClick={() => navigate("/templates", { replace: true })}
        >
          {t("Clear filters")}
        </button>
      )}
    </fieldset>
  );
}

function FilterSelect(props: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <label class="filter">
      <span>{props.label}</span>
      <select value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        <option value="">{t("All")}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
