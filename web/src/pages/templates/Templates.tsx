/**
 * Message templates (rules T1-T4): the list with status, quality and the provider's reason, filters,
 * delete; and the create form (TemplateForm). Loaded on first use, not with the inbox.
 *
 * Review results are not pushed to the browser: while a template on screen is PENDING the list is
 * asked for again, every 2 s for the first two minutes after a submission (the sandbox, like a quick
 * Meta review, answers within seconds), then every 30 s.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import {
  api,
  type Channel,
  type Role,
  type Template,
  type TemplateCategory,
  type TemplateFilters,
  type TemplateStatus,
} from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { fullTime, isoTime } from "../../format";
import { location, navigate } from "../../router";
import { loadTemplates } from "../../state/library";
import { me } from "../../state/session";
import { useTitle } from "../../title";
import {
  CATEGORY_LABELS,
  flash,
  LANGUAGES,
  languageLabel,
  QUALITY_LABELS,
  QUALITY_TONES,
  reasonText,
  STATUS_LABELS,
  STATUS_TONES,
} from "./labels";
import { Formatted } from "./Preview";
import { TemplateForm } from "./TemplateForm";
import "./templates.css";

const STATUSES = Object.keys(STATUS_LABELS) as TemplateStatus[];
const CATEGORIES = Object.keys(CATEGORY_LABELS) as TemplateCategory[];

export function TemplatesPage({ page, role }: { page: "list" | "new"; role: Role }) {
  useTitle(`${page === "new" ? "New template" : "Templates"} · ${me.value?.organization.name ?? ""}`);
  if (page === "new") {
    if (role !== "admin") {
      return (
        <div class="page-scroll">
          <div class="page">
            <h1 tabIndex={-1} class="visually-hidden">
              New template
            </h1>
            <Empty icon="lock" title="Only admins submit templates">
              Ask an admin of your organization to submit the template you need.
            </Empty>
          </div>
        </div>
      );
    }
    return <TemplateForm />;
  }
  return <TemplateList canManage={role === "admin"} />;
}

function filtersOf(search: string): TemplateFilters {
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

const FAST_POLL_MS = 2_000;
const SLOW_POLL_MS = 30_000;
const FAST_FOR_MS = 2 * 60_000;

function TemplateList({ canManage }: { canManage: boolean }) {
  const search = location.value.search;
  const filters = filtersOf(search);
  const key = JSON.stringify(filters);
  const [state, setState] = useState<{ status: "loading" | "ready" | "error"; list: Template[]; error: string | null }>(
    {
      status: "loading",
      list: [],
      error: null,
    },
  );
  const [channels, setChannels] = useState<Channel[]>([]);
  const [notice, setNotice] = useState<string | null>(() => flash.value);
  const [announcement, setAnnouncement] = useState("");
  const [attempt, setAttempt] = useState(0);
  const [pollTick, setPollTick] = useState(0);
  const latest = useRef(0);
  const known = useRef(new Map<string, TemplateStatus>());
  const languagesSeen = useRef(new Set<string>());

  useEffect(() => {
    flash.value = null;
  }, []);

  useEffect(() => {
    api
      .channels()
      .then((r) => setChannels(r.channels))
      .catch(() => {
        // Channel names are a nicety here; the list works without them.
      });
  }, []);

  const load = async () => {
    const id = ++latest.current;
    try {
      const { templates } = await api.templates(filters);
      if (id !== latest.current) return;
      const changes: string[] = [];
      let changed = false;
      for (const t of templates) {
        languagesSeen.current.add(t.language);
        const before = known.current.get(t.id);
        if (before !== t.status) changed = true;
        if (before && before !== t.status) {
          changes.push(
            t.status === "REJECTED"
              ? `${t.name} was rejected${t.reason ? `: ${reasonText(t.reason)}` : "."}`
              : `${t.name} is now ${STATUS_LABELS[t.status].toLowerCase()}.`,
          );
        }
        known.current.set(t.id, t.status);
      }
      if (changes.length > 0) setAnnouncement(changes.join(" "));
      // The composer's template picker offers approved templates: keep it in step.
      if (changed) void loadTemplates(true);
      setState({ status: "ready", list: templates, error: null });
    } catch (error) {
      if (id !== latest.current) return;
      setState((s) => ({
        status: s.status === "ready" ? "ready" : "error",
        list: s.list,
        error: describeError(error),
      }));
    }
  };

  useEffect(() => {
    setState((s) => ({ ...s, status: s.list.length > 0 ? s.status : "loading", error: null }));
    void load();
  }, [key, attempt]);

  // Coming back to the tab: reviews and quality ratings may have changed meanwhile.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") void load();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [key]);

  // Poll while a template on screen waits for its review.
  useEffect(() => {
    const pending = state.list.filter((t) => t.status === "PENDING");
    if (state.status !== "ready" || pending.length === 0) return;
    const newest = Math.max(...pending.map((t) => t.createdAt));
    const delay = Date.now() - newest < FAST_FOR_MS ? FAST_POLL_MS : SLOW_POLL_MS;
    const timer = setTimeout(() => {
      if (document.visibilityState === "visible") void load().then(() => setPollTick((n) => n + 1));
      else setPollTick((n) => n + 1);
    }, delay);
    return () => clearTimeout(timer);
  }, [state, pollTick]);

  const channelName = (id: string) => channels.find((c) => c.id === id)?.name ?? null;
  const languages = [
    ...LANGUAGES.map((l) => l.code),
    ...[...languagesSeen.current].filter((code) => !LANGUAGES.some((l) => l.code === code)),
  ];
  const filtered = Object.values(filters).some(Boolean);
  const pendingCount = state.list.filter((t) => t.status === "PENDING").length;

  return (
    <div class="page-scroll">
      <div class="page templates">
        <div class="page-head">
          <div>
            <h1 tabIndex={-1}>Templates</h1>
            <p class="muted">
              Messages WhatsApp approves in advance: the only way to reach a customer outside the 24-hour window.
            </p>
          </div>
          {canManage && (
            <button type="button" class="button button-primary" onClick={() => navigate("/templates/new")}>
              <Icon name="plus" size={18} />
              <span>New template</span>
            </button>
          )}
        </div>
        <p class="visually-hidden" role="status">
          {announcement}
        </p>
        {notice && (
          <div class="dismissable">
            <Alert tone="success">{notice}</Alert>
            <button
              type="button"
              class="icon-button icon-button-small"
              aria-label="Dismiss"
              onClick={() => setNotice(null)}
            >
              <Icon name="x" size={16} />
            </button>
          </div>
        )}
        <fieldset class="filters">
          <legend class="visually-hidden">Filter templates</legend>
          <FilterSelect
            label="Status"
            value={filters.status ?? ""}
            options={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            onChange={(v) => setFilter("status", v)}
          />
          <FilterSelect
            label="Category"
            value={filters.category ?? ""}
            options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
            onChange={(v) => setFilter("category", v)}
          />
          <FilterSelect
            label="Language"
            value={filters.language ?? ""}
            options={languages.map((code) => ({ value: code, label: languageLabel(code) }))}
            onChange={(v) => setFilter("language", v)}
          />
          {channels.length > 1 && (
            <FilterSelect
              label="Number"
              value={filters.channelId ?? ""}
              options={channels.map((c) => ({ value: c.id, label: c.name }))}
              onChange={(v) => setFilter("channel", v)}
            />
          )}
          {filtered && (
            <button
              type="button"
              class="button button-quiet button-small"
              onClick={() => navigate("/templates", { replace: true })}
            >
              Clear filters
            </button>
          )}
        </fieldset>
        {pendingCount > 0 && (
          <p class="review-note" data-testid="review-note">
            <span class="spinner spinner-xs" aria-hidden="true" />
            {pendingCount === 1 ? "1 template is" : `${pendingCount} templates are`} in review. This list updates by
            itself.
          </p>
        )}
        {state.status === "loading" ? (
          <Loading label="Loading templates…" />
        ) : state.status === "error" ? (
          <Failed message={state.error ?? ""} onRetry={() => setAttempt((n) => n + 1)} />
        ) : state.list.length === 0 ? (
          filtered ? (
            <Empty icon="search" title="No templates match these filters">
              Change or clear the filters to see more.
            </Empty>
          ) : (
            <Empty icon="template" title="No templates yet">
              {canManage
                ? "Submit a template to start conversations and to write to customers after their 24-hour window."
                : "An admin can submit templates; approved ones can then be sent from any conversation."}
            </Empty>
          )
        ) : (
          <>
            {state.error && <Alert tone="error">{state.error}</Alert>}
            <ul class="template-list" aria-label="Templates">
              {state.list.map((t) => (
                <TemplateCard
                  key={t.id}
                  template={t}
                  channelName={channelName(t.channelId)}
                  canManage={canManage}
                  onDeleted={(name) => {
                    setNotice(`${name} was deleted.`);
                    known.current.delete(t.id);
                    void load();
                    void loadTemplates(true);
                  }}
                />
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
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
        <option value="">All</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The text of a template component, when it has one. */
function textOf(template: Template, type: string): string {
  const c = template.components.find((k) => k.type === type);
  return typeof c?.text === "string" ? c.text : "";
}

function TemplateCard({
  template: t,
  channelName,
  canManage,
  onDeleted,
}: {
  template: Template;
  channelName: string | null;
  canManage: boolean;
  onDeleted: (name: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rated = t.status === "APPROVED" || t.status === "PAUSED" || t.status === "DISABLED";
  const header = t.components.find((c) => c.type === "HEADER") as { format?: string } | undefined;
  const footer = textOf(t, "FOOTER");
  const buttons = (t.components.find((c) => c.type === "BUTTONS") as { buttons?: { text?: string }[] } | undefined)
    ?.buttons;

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.deleteTemplate(t.id);
      onDeleted(t.name);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <li class="template-card" data-testid="template" data-name={t.name} data-status={t.status}>
      <div class="template-card-head">
        <h2 class="template-name">{t.name}</h2>
        <span class="template-chips">
          <span class={`chip ${STATUS_TONES[t.status]}`} data-testid="status">
            {t.status === "PENDING" && <Icon name="clock" size={12} />}
            {STATUS_LABELS[t.status]}
          </span>
          {rated && (
            <span class={`chip ${QUALITY_TONES[t.quality]}`} data-testid="quality">
              {QUALITY_LABELS[t.quality]}
            </span>
          )}
        </span>
      </div>
      {t.reason && (t.status === "REJECTED" || t.status === "PAUSED" || t.status === "DISABLED") && (
        <p class="template-reason" data-testid="reason">
          <Icon name="alert" size={16} />
          <span>
            <strong>
              {t.status === "REJECTED" ? "Rejected: " : t.status === "PAUSED" ? "Paused: " : "Disabled: "}
            </strong>
            {reasonText(t.reason)}
          </span>
        </p>
      )}
      <div class="template-text">
        {header?.format && header.format !== "TEXT" && <span class="tag">{header.format.toLowerCase()} header</span>}
        {header?.format === "TEXT" && (
          <p class="template-header-text">
            <Formatted text={textOf(t, "HEADER")} />
          </p>
        )}
        <p class="template-body">
          <Formatted text={textOf(t, "BODY")} />
        </p>
        {footer && <p class="template-footer">{footer}</p>}
        {buttons && buttons.length > 0 && (
          <p class="template-buttons">
            {buttons.map((b, i) => (
              <span key={i} class="template-button">
                {b.text}
              </span>
            ))}
          </p>
        )}
      </div>
      <div class="template-foot">
        <p class="template-meta">
          <span>{CATEGORY_LABELS[t.category]}</span>
          <span>{languageLabel(t.language)}</span>
          {channelName && <span>{channelName}</span>}
          <span>
            Submitted <time dateTime={isoTime(t.createdAt)}>{fullTime(t.createdAt)}</time>
          </span>
        </p>
        {canManage && (
          <div class="template-actions">
            {confirming ? (
              <fieldset class="confirm-inline">
                <legend class="small">Delete {t.name}? It is deleted at WhatsApp too.</legend>
                <button
                  type="button"
                  class="button button-small button-danger"
                  disabled={busy}
                  onClick={() => void remove()}
                >
                  {busy ? "Deleting…" : "Delete"}
                </button>
                <button type="button" class="button button-small" onClick={() => setConfirming(false)} disabled={busy}>
                  Cancel
                </button>
              </fieldset>
            ) : (
              <button
                type="button"
                class="button button-small button-danger-quiet"
                onClick={() => setConfirming(true)}
                aria-label={`Delete ${t.name}`}
              >
                <Icon name="trash" size={16} />
                <span>Delete</span>
              </button>
            )}
          </div>
        )}
      </div>
      {error && (
        <div class="template-error">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
    </li>
  );
}
