import { useEffect, useState } from "preact/hooks";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../../../../worker/domain/webhooks";
import { type WebhookEndpoint, type WebhookEndpointWithSecret, webhooksApi } from "../../api-webhooks";
import { Alert } from "../../components/Alert";
import { ShowMore } from "../../components/ShowMore";
import { Empty, Failed, Loading } from "../../components/States";
import { fullTime } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { AddButton, AdminSection, FormActions, Input, problemOf, SecretOnce } from "./common";
import { DeliveryLog } from "./WebhookLog";
import "./webhooks.css";
import { t } from "../../i18n";

/** English sentences shown through t() (I13); the event codes stay as they are. */
const EVENT_LABELS: Record<WebhookEventType, string> = {
  "message.created": "A message arrives or is sent",
  "message.updated": "A message's delivery status changes",
  "room.created": "A conversation starts",
  "room.assigned": "A conversation is assigned",
  "room.resolved": "A conversation is resolved",
  "contact.blocked": "A contact is blocked",
  "contact.unblocked": "A contact is unblocked",
  "template.status_changed": "A template's review status changes",
  "campaign.started": "A campaign starts sending",
  "campaign.completed": "A campaign ends, with its counts",
  "campaign.recipient_status": "A campaign message is sent, delivered, read or fails",
  "call.started": "A WhatsApp call starts ringing",
  "call.answered": "A WhatsApp call is answered",
  "call.ended": "A WhatsApp call ends (with its duration and cost)",
};

/** Why the worker turned an endpoint off (its English `disabledReason`), in the app's words; another is shown as it is. */
const DISABLED_REASONS: Record<string, () => string> = {
  "Disabled by an admin.": () => t("Disabled by an admin."),
  "Every delivery failed for 5 days.": () => t("Every delivery failed for 5 days."),
  "The endpoint answered 410 Gone.": () => t("The endpoint answered 410 Gone."),
};

/** Rule G5 (admin): the URLs that receive the organization's events, signed per Standard Webhooks. */
export function WebhooksPage() {
  const endpoints = usePagedList(
    (cursor) =>
      webhooksApi.webhookEndpoints(cursor).then((page) => ({ items: page.endpoints, nextCursor: page.nextCursor })),
    [],
  );
  const [secret, setSecret] = useState<WebhookEndpointWithSecret | null>(null);
  const [adding, setAdding] = useState(false);
  const list = endpoints.items;
  // A row changes in place, so an endpoint reached by "Show more" stays on screen after an action.
  const { patch } = endpoints;
  // The list never keeps a secret: it is shown once, by SecretOnce.
  const bare = ({ secret: _secret, ...endpoint }: WebhookEndpoint & { secret?: string }): WebhookEndpoint => endpoint;
  const saved = (changed: WebhookEndpoint & { secret?: string }) =>
    patch((items) => items.map((e) => (e.id === changed.id ? bare(changed) : e)));
  const removed = (id: string) => patch((items) => items.filter((e) => e.id !== id));
  // Every row shown was removed while more are left: the next ones come in, not "No webhook endpoints".
  const { cursor, status, reload } = endpoints;
  useEffect(() => {
    if (list.length === 0 && cursor && status === "ready") void reload();
  }, [list.length, cursor, status]);
  const shown = (withSecret: WebhookEndpointWithSecret) => {
    setSecret(withSecret);
    saved(withSecret);
  };
  return (
    <AdminSection
      title={t("Webhooks")}
      intro={t(
        "Send what happens in your inbox to your own systems. Every delivery is signed (Standard Webhooks) and retried for about 3 days.",
      )}
      action={!adding && <AddButton label={t("Add endpoint")} onClick={() => setAdding(true)} />}
    >
      {secret && (
        <SecretOnce
          title={t("Copy the signing secret of {url} now", { url: secret.url })}
          secret={secret.secret}
          testId="webhook-secret"
          lost={t("if it is lost, rotate the secret")}
          onDone={() => setSecret(null)}
        />
      )}
      {adding && (
        <EndpointForm
          onCancel={() => setAdding(false)}
          onCreated={(created) => {
            setAdding(false);
            setSecret(created);
            patch((items) => [bare(created), ...items.filter((e) => e.id !== created.id)]); // newest first
          }}
        />
      )}
      {/* A reload keeps the rows (and their open attempt logs) until the fresh page replaces them. */}
      {endpoints.status === "loading" && list.length === 0 ? (
        <Loading label={t("Loading webhook endpoints…")} />
      ) : endpoints.status === "error" && list.length === 0 ? (
        <Failed message={endpoints.error ?? ""} onRetry={() => void endpoints.reload()} />
      ) : list.length === 0 ? (
        <Empty icon="plug" title={t("No webhook endpoints")}>
          {t("Add the URL of a server of yours to receive events.")}
        </Empty>
      ) : (
        <ul class="admin-list webhook-list" aria-label={t("Webhook endpoints")}>
          {list.map((endpoint) => (
            <EndpointRow key={endpoint.id} endpoint={endpoint} onSaved={saved} onRemoved={removed} onSecret={shown} />
          ))}
        </ul>
      )}
      {endpoints.error && list.length > 0 && <Alert tone="error">{endpoints.error}</Alert>}
      <ShowMore paged={endpoints} label={t("Show more endpoints")} />
    </AdminSection>
  );
}

function EndpointForm(props: { onCancel: () => void; onCreated: (e: WebhookEndpointWithSecret) => void }) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>(["message.created", "room.created"]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ReturnType<typeof problemOf> | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      props.onCreated(
        await webhooksApi.createWebhookEndpoint({
          url: url.trim(),
          events,
          description: description.trim() || undefined,
        }),
      );
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  };
  const toggle = (type: WebhookEventType, on: boolean) =>
    setEvents((now) => (on ? [...now, type] : now.filter((other) => other !== type)));
  return (
    <form class="admin-card form" onSubmit={submit} aria-labelledby="add-webhook-title" noValidate>
      <h2 id="add-webhook-title">{t("Add a webhook endpoint")}</h2>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      <Input
        label={t("URL")}
        type="url"
        value={url}
        onInput={setUrl}
        required
        error={problem?.fields.url}
        placeholder="https://example.com/webhooks/edge-inbox" // i18n-ignore: an example value
      />
      <Input label={t("Description")} value={description} onInput={setDescription} maxLength={200} />
      <fieldset class="webhook-events">
        <legend>{t("Events")}</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type}>
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(e) => toggle(type, e.currentTarget.checked)}
            />
            <span>
              {t(EVENT_LABELS[type])} <code class="muted small">{type}</code>
            </span>
          </label>
        ))}
        {problem?.fields.events && <p class="field-error">{t("Choose at least one event.")}</p>}
      </fieldset>
      <FormActions busy={busy} label={t("Add endpoint")} busyLabel={t("Adding…")} onCancel={props.onCancel} />
    </form>
  );
}

function EndpointRow(props: {
  endpoint: WebhookEndpoint;
  /** The endpoint as the server saved it: the row shows it at once. */
  onSaved: (e: WebhookEndpoint) => void;
  onRemoved: (id: string) => void;
  onSecret: (e: WebhookEndpointWithSecret) => void;
}) {
  const { endpoint } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [logVersion, setLogVersion] = useState(0);
  const act = async (label: string, work: () => Promise<unknown>) => {
    setBusy(label);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(problemOf(err).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <li class="admin-row webhook-row" aria-label={endpoint.url}>
      <div class="admin-row-main">
        <strong class="webhook-url">{endpoint.url}</strong>
        <span class="muted small">
          {endpoint.enabled
            ? t("Enabled")
            : endpoint.disabledReason
              ? t("Disabled: {reason}", {
                  reason: DISABLED_REASONS[endpoint.disabledReason]?.() ?? endpoint.disabledReason,
                })
              : t("Disabled")}{" "}
          · {endpoint.events.join(", ")} · {t("added {time}", { time: fullTime(endpoint.createdAt) })}
        </span>
        {error && <Alert tone="error">{error}</Alert>}
      </div>
      <div class="admin-row-actions">
        <button
          type="button"
          class="button button-small"
          disabled={busy !== null || !endpoint.enabled}
          onClick={() =>
            act("test", async () => {
              await webhooksApi.testWebhookEndpoint(endpoint.id);
              setOpen(true);
              setLogVersion((v) => v + 1);
            })
          }
        >
          {busy === "test" ? t("Sending…") : t("Send test")}
        </button>
        <button
          type="button"
          class="button button-small"
          disabled={busy !== null}
          onClick={() =>
            act("enable", async () => {
              props.onSaved(await webhooksApi.updateWebhookEndpoint(endpoint.id, { enabled: !endpoint.enabled }));
            })
          }
        >
          {busy === "enable" ? t("Saving…") : endpoint.enabled ? t("Disable") : t("Enable")}
        </button>
        <button
          type="button"
          class="button button-small"
          disabled={busy !== null}
          onClick={() => act("rotate", async () => props.onSecret(await webhooksApi.rotateWebhookSecret(endpoint.id)))}
        >
          {busy === "rotate" ? t("Rotating…") : t("Rotate secret")}
        </button>
        <button type="button" class="button button-small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t("Hide attempts") : t("Attempts")}
        </button>
        <button
          type="button"
          class="button button-small button-danger"
          disabled={busy !== null}
          onClick={() =>
            window.confirm(t("Remove {url} and its delivery log?", { url: endpoint.url })) &&
            act("delete", async () => {
              await webhooksApi.deleteWebhookEndpoint(endpoint.id);
              props.onRemoved(endpoint.id);
            })
          }
        >
          {busy === "delete" ? t("Removing…") : t("Remove")}
        </button>
      </div>
      {open && <DeliveryLog endpointId={endpoint.id} version={logVersion} />}
    </li>
  );
}
