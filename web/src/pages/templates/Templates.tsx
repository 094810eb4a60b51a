/**
 * Message templates (rules T1-T4): the list with status, quality and the provider's reason, filters,
 * delete; and the create form (TemplateForm). Loaded on first use, not with the inbox.
 *
 * Review results are not pushed to the browser: while a template on screen is PENDING the list is
 * asked for again (list-state.ts). Beside this file: Filters, TemplateCard, and the form's files.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Role } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Empty, Failed, Loading } from "../../components/States";
import { location, navigate } from "../../router";
import { loadTemplates } from "../../state/library";
import { me } from "../../state/session";
import { useTitle } from "../../title";
import { Filters, filtersOf } from "./Filters";
import { flash } from "./labels";
import { type ListState, useTemplateList } from "./list-state";
import { TemplateCard } from "./TemplateCard";
import { TemplateForm } from "./TemplateForm";
import "./templates.css";
import "./template-editor.css";
import "./preview.css";
import { t } from "../../i18n";

export function TemplatesPage({ page, role }: { page: "list" | "new"; role: Role }) {
  useTitle(`${page === "new" ? t("New template") : t("Templates")} · ${me.value?.organization.name ?? ""}`);
  if (page === "new") {
    if (role !== "admin") {
      return (
        <div class="page-scroll">
          <div class="page">
            <h1 tabIndex={-1} class="visually-hidden">
              {t("New template")}
            </h1>
            <Empty icon="lock" title={t("Only admins submit templates")}>
              {t("Ask an admin of your organization to submit the template you need.")}
            </Empty>
          </div>
        </div>
      );
    }
    return <TemplateForm />;
  }
  return <TemplateList canManage={role === "admin"} />;
}

function TemplateList({ canManage }: { canManage: boolean }) {
  const filters = filtersOf(location.value.search);
  const list = useTemplateList(filters);
  const { state, channels } = list;
  const [notice, setNotice] = useState<string | null>(() => flash.value);

  useEffect(() => {
    flash.value = null;
  }, []);

  const filtered = Object.values(filters).some(Boolean);
  const pendingCount = state.list.filter((template) => template.status === "PENDING").length;

  return (
    <div class="page-scroll">
      <div class="page templates">
        <ListHead canManage={canManage} />
        <p class="visually-hidden" role="status">
          {list.announcement}
        </p>
        {notice && (
          <div class="dismissable">
            <Alert tone="success">{notice}</Alert>
            <button
              type="button"
              class="icon-button icon-button-small"
              aria-label={t("Dismiss")}
              onClick={() => setNotice(null)}
            >
              <Icon name="x" size={16} />
            </button>
          </div>
        )}
        <Filters filters={filters} filtered={filtered} channels={channels} languagesSeen={list.languagesSeen} />
        {pendingCount > 0 && (
          <p class="review-note" data-testid="review-note">
            <span class="spinner spinner-xs" aria-hidden="true" />
            {pendingCount === 1
              ? t("1 template is in review. This list updates by itself.")
              : t("{count} templates are in review. This list updates by itself.", { count: pendingCount })}
          </p>
        )}
        <ListBody state={state} filtered={filtered} canManage={canManage} onRetry={list.retry}>
          {state.list.map((template) => (
            <TemplateCard
              key={template.id}
              template={template}
              channelName={channels.find((c) => c.id === template.channelId)?.name ?? null}
              canManage={canManage}
              onDeleted={(name) => {
                setNotice(t("{name} was deleted.", { name }));
                list.deleted(template.id);
                void loadTemplates(true);
              }}
            />
          ))}
        </ListBody>
      </div>
    </div>
  );
}

function ListHead({ canManage }: { canManage: boolean }) {
  return (
    <div class="page-head">
      <div>
        <h1 tabIndex={-1}>{t("Templates")}</h1>
        <p class="muted">
          {t("Messages WhatsApp approves in advance: the only way to reach a customer outside the 24-hour window.")}
        </p>
      </div>
      {canManage && (
        <button type="button" class="button button-primary" onClick={() => navigate("/templates/new")}>
          <Icon name="plus" size={18} />
          <span>{t("New template")}</span>
        </button>
      )}
    </div>
  );
}

/** Loading, failed, nothing (filtered or not), or the templates. */
function ListBody(props: {
  state: ListState;
  filtered: boolean;
  canManage: boolean;
  onRetry: () => void;
  /** The template cards. */
  children: ComponentChildren;
}) {
  const { state } = props;
  if (state.status === "loading") return <Loading label={t("Loading templates…")} />;
  if (state.status === "error") return <Failed message={state.error ?? ""} onRetry={props.onRetry} />;
  if (state.list.length === 0 && props.filtered) {
    return (
      <Empty icon="search" title={t("No templates match these filters")}>
        {t("Change or clear the filters to see more.")}
      </Empty>
    );
  }
  if (state.list.length === 0) {
    return (
      <Empty icon="template" title={t("No templates yet")}>
        {props.canManage
          ? t("Submit a template to start conversations and to write to customers after their 24-hour window.")
          : t("An admin can submit templates; approved ones can then be sent from any conversation.")}
      </Empty>
    );
  }
  return (
    <>
      {state.error && <Alert tone="error">{state.error}</Alert>}
      <ul class="template-list" aria-label={t("Templates")}>
        {props.children}
      </ul>
    </>
  );
}
