import { useEffect, useMemo, useState } from "preact/hooks";
import { templateNeeds } from "../../../../worker/domain/template-send";
import { api, type Template } from "../../api";
import { type CreateCampaignBody, campaignsApi } from "../../api-campaigns";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { ShowMore } from "../../components/ShowMore";
import { Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { type PagedList, usePagedList } from "../../hooks/usePagedList";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { Input, Select } from "../admin/common";
import { EstimatePanel } from "./CampaignEstimate";
import { campaignError, fillBody } from "./campaign-words";
import { type HeaderMedia, HeaderMediaField } from "./HeaderMediaField";
import { type ContactListDetail, type ContactListView, listsApi } from "./lists-api";
import { mappingOf, type Slot, type Source, slotsOf, VariableRow } from "./VariableMapping";

/** Contact lists per page in the campaign's list picker. */
const LIST_PAGE = 100;

const bodyOf = (template: Template | undefined) =>
  String(template?.components.find((c) => c.type === "BODY")?.text ?? "");

/** New campaign (rules T6, T7): an approved template to a list or one number, now or later. */
export function CampaignForm() {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // The lists a page at a time (the newest 100 first), not every list the organization ever uploaded.
  const lists = usePagedList(async (cursor?: string) => {
    const page = await listsApi.lists(cursor, LIST_PAGE);
    return { items: page.lists, nextCursor: page.nextCursor ?? null };
  }, []);
  const load = async () => {
    setLoadError(null);
    try {
      const found = await api.templates({ status: "APPROVED" });
      setTemplates(found.templates.filter((x) => x.status === "APPROVED"));
    } catch (err) {
      setLoadError(describeError(err));
    }
  };
  useEffect(() => {
    void load();
  }, []);
  const firstListsFailed = lists.status === "error" && lists.items.length === 0;
  const back = (
    <Link href="/broadcast/campaigns" class="back-link">
      <Icon name="back" size={16} />
      <span>{t("All campaigns")}</span>
    </Link>
  );
  if (loadError) return <Failed message={loadError} onRetry={() => void load()} />;
  if (firstListsFailed) return <Failed message={lists.error ?? ""} onRetry={() => void lists.reload()} />;
  if (!templates || lists.status === "loading") return <Loading label={t("Loading templates and lists…")} />;
  return (
    <div class="admin-page">
      {back}
      <div class="admin-page-head">
        <div>
          <h1 tabIndex={-1}>{t("New campaign")}</h1>
          <p class="muted">
            {t("One approved template to a contact list or one number, now or at a time you choose.")}
          </p>
        </div>
      </div>
      <Form templates={templates} paged={lists} />
    </div>
  );
}

function Form({ templates, paged }: { templates: Template[]; paged: PagedList<ContactListView> }) {
  const lists = paged.items;
  const [key] = useState(() => crypto.randomUUID());
  const [name, setName] = useState("");
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? "");
  const [target, setTarget] = useState<"list" | "phone">(lists.length > 0 ? "list" : "phone");
  const [listId, setListId] = useState(lists[0]?.id ?? "");
  const [phone, setPhone] = useState("");
  const [sources, setSources] = useState<Record<string, Source>>({});
  const [when, setWhen] = useState<"now" | "later">("now");
  const [scheduledAt, setScheduledAt] = useState("");
  const [allowPartial, setAllowPartial] = useState(false);
  const [list, setList] = useState<ContactListDetail | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [listTry, setListTry] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const template = templates.find((x) => x.id === templateId);
  const body = bodyOf(template);
  const slots = useMemo(() => slotsOf(template), [template]);
  const needs = useMemo(() => (template ? templateNeeds(template.components) : null), [template]);
  // undefined: the template's sample; null: a link or file not given yet.
  const [headerMedia, setHeaderMedia] = useState<HeaderMedia | null>(undefined);
  const sampleId = needs?.headerSampleId ?? null;
  useEffect(() => setHeaderMedia(sampleId ? undefined : null), [sampleId, templateId]);
  useEffect(() => {
    setList(null);
    setListError(null);
    if (target !== "list" || !listId) return;
    let live = true;
    listsApi.list(listId).then(
      (detail) => live && setList(detail),
      (err) => live && setListError(describeError(err)),
    );
    return () => {
      live = false;
    };
  }, [target, listId, listTry]);

  const columns = target === "list" ? (list?.columns.filter((c) => c !== "phone") ?? []) : [];
  // A chosen column the current list lacks (or a single number) falls back to the default.
  const sourceOf = (slot: Slot): Source => {
    const chosen = sources[slot.key];
    if (chosen && (chosen.kind === "value" || columns.includes(chosen.text))) return chosen;
    const column = slot.defaultIndex === null ? undefined : columns[slot.defaultIndex];
    return column ? { kind: "column", text: column } : { kind: "value", text: "" };
  };
  const firstRow = list?.rows[0]?.cells ?? {};
  const firstRowValue = (slot: Slot) => {
    const s = sourceOf(slot);
    return s.kind === "column" ? (firstRow[s.text] ?? "") : s.text;
  };
  const preview = fillBody(body, slots.filter((s) => s.group === "body").map(firstRowValue));
  const headerText = String(template?.components.find((c) => c.type === "HEADER" && c.format === "TEXT")?.text ?? "");
  const headerPreview = fillBody(headerText, slots.filter((s) => s.group === "header").map(firstRowValue));

  /** The request the form stands for (create and estimate); null when it is not complete yet. */
  const request = (): CreateCampaignBody | null => {
    if (!template || (target === "list" ? !listId : !phone.trim())) return null;
    if (needs?.headerMedia && headerMedia === null) return null;
    return {
      name: name.trim() || "Estimate",
      templateId: template.id,
      ...(target === "list" ? { listId } : { phone: phone.trim() }),
      ...mappingOf(slots, sourceOf),
      ...(needs?.headerMedia && headerMedia ? { headerMedia } : {}),
      ...(when === "later" && scheduledAt ? { scheduledAt } : {}),
      allowPartial,
    };
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    if (!name.trim()) return setError(t("Give the campaign a name."));
    if (!template) return setError(t("Choose an approved template."));
    if (target === "list" && !listId) return setError(t("Choose a contact list, or send to one number."));
    if (target === "phone" && !phone.trim()) return setError(t("Type the phone number to send to."));
    if (when === "later" && !scheduledAt) return setError(t("Choose when to send."));
    if (needs?.headerMedia && headerMedia === null) return setError(t("Give the header's file: a link or an upload."));
    const body = request();
    if (!body) return;
    setBusy(true);
    try {
      const created = await campaignsApi.createCampaign({ ...body, name: name.trim() }, key);
      navigate(`/broadcast/campaigns/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setError(campaignError(err));
      setBusy(false);
    }
  };

  if (templates.length === 0) {
    return (
      <Alert tone="error">
        {t("There is no approved template yet. Submit one in")} <Link href="/templates">{t("Templates")}</Link>{" "}
        {t("and wait for approval.")}
      </Alert>
    );
  }
  return (
    <form class="admin-card form" onSubmit={submit} noValidate aria-label={t("New campaign")}>
      <Input label={t("Campaign name")} value={name} onInput={setName} maxLength={120} required />
      <Select
        label={t("Template (approved)")}
        value={templateId}
        onChange={setTemplateId}
        options={templates.map((x) => ({ value: x.id, label: `${x.name} (${x.language}, ${x.category})` }))}
      />
      <fieldset class="broadcast-choice">
        <legend>{t("Send to")}</legend>
        <label>
          <input type="radio" name="target" checked={target === "list"} onChange={() => setTarget("list")} />{" "}
          {t("A contact list")}
        </label>
        <label>
          <input type="radio" name="target" checked={target === "phone"} onChange={() => setTarget("phone")} />{" "}
          {t("One phone number")}
        </label>
      </fieldset>
      {target === "list" ? (
        lists.length > 0 ? (
          <>
            <Select
              label={t("Contact list")}
              value={listId}
              onChange={setListId}
              options={lists.map((l) => ({ value: l.id, label: `${l.name} (${l.rowCount})` }))}
            />
            <ShowMore paged={paged} label={t("Show older lists")} small />
            {paged.status === "error" && <Alert tone="error">{paged.error}</Alert>}
            {listError && (
              <Alert tone="error">
                {t("The list's columns could not be loaded: {reason}", { reason: listError })}{" "}
                <button type="button" class="button button-small" onClick={() => setListTry((n) => n + 1)}>
                  {t("Try again")}
                </button>
              </Alert>
            )}
          </>
        ) : (
          <p class="muted">
            {t("No lists yet: upload one in")} <Link href="/broadcast/lists">{t("Lists")}</Link>.
          </p>
        )
      ) : (
        <Input
          label={t("Phone number")}
          value={phone}
          onInput={setPhone}
          maxLength={32}
          placeholder={t("0812… or +62…")}
        />
      )}
      {needs?.headerMedia && (
        <HeaderMediaField
          key={template?.id}
          format={needs.headerMedia}
          hasSample={needs.headerSampleId !== null}
          onChange={setHeaderMedia}
        />
      )}
      {slots.length > 0 && (
        <fieldset class="broadcast-mapping">
          <legend>{t("Template variables")}</legend>
          {slots.map((slot) => (
            <VariableRow
              key={slot.key}
              label={slot.label}
              source={sourceOf(slot)}
              columns={columns}
              onChange={(s) => setSources((all) => ({ ...all, [slot.key]: s }))}
            />
          ))}
        </fieldset>
      )}
      <div class="broadcast-preview" data-testid="campaign-preview">
        <strong>{target === "list" && list?.rows[0] ? t("Preview (first contact of the list)") : t("Preview")}</strong>
        {headerPreview && <p class="broadcast-preview-header">{headerPreview}</p>}
        <p>{preview || "—"}</p>
      </div>
      <fieldset class="broadcast-choice">
        <legend>{t("When")}</legend>
        <label>
          <input type="radio" name="when" checked={when === "now"} onChange={() => setWhen("now")} /> {t("Now")}
        </label>
        <label>
          <input type="radio" name="when" checked={when === "later"} onChange={() => setWhen("later")} />{" "}
          {t("At a time")}
        </label>
      </fieldset>
      {when === "later" && (
        <div class="field">
          <label for={`${key}-at`}>{t("Send at (your organization's time)")}</label>
          <input
            id={`${key}-at`}
            type="datetime-local"
            value={scheduledAt}
            onInput={(e) => setScheduledAt(e.currentTarget.value)}
          />
        </div>
      )}
      <label class="campaign-check">
        <input type="checkbox" checked={allowPartial} onChange={(e) => setAllowPartial(e.currentTarget.checked)} />{" "}
        {t(
          "Send until the money or the limit ends (when the estimate is more than the balance, or the new customers more than the number's daily messaging limit)",
        )}
      </label>
      <EstimatePanel body={request()} channelId={template?.channelId ?? null} />
      {error && <Alert tone="error">{error}</Alert>}
      {busy && (
        <p class="muted" aria-live="polite">
          {t("Checking the estimate and creating the campaign…")}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          <Icon name="send" size={18} />
          <span>{busy ? t("Creating…") : when === "later" ? t("Schedule campaign") : t("Send campaign")}</span>
        </button>
      </div>
    </form>
  );
}
