import { useState } from "preact/hooks";
import type { ChannelKindName } from "../../../../worker/domain/types";
import { api, type Channel, type ChannelInput, type ChannelUpdate } from "../../api";
import { Alert } from "../../components/Alert";
import { CHANNEL_LABELS, ChannelIcon } from "../../components/ChannelIcon";
import { Icon } from "../../components/Icon";
import { Empty, Failed, Loading } from "../../components/States";
import { fullTime } from "../../format";
import { CHANNEL_FORMS, channelSummary } from "./channel-forms";
import { AdminSection, FormActions, Input, problemOf, SecretOnce, useResource } from "./common";
import { EmbedSnippet, IDENTITY_HELP } from "./WebchatEmbed";

const META_APP_HINT =
  "Digits only: the Meta app your access token belongs to (App settings › Basic). Template header samples upload to it; left empty, Meta is asked.";

const KINDS = Object.keys(CHANNEL_FORMS) as ChannelKindName[];

/** Channels of every kind: connect, rename, disconnect and reconnect without losing rooms (G3, G4). */
export function ChannelsPage() {
  const channels = useResource(() => api.channels().then((r) => r.channels));
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // Rule G2: a webchat channel's identity secret, answered once (on connect or rotate).
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const list = channels.data ?? [];
  const changed = (message: string) => {
    setNotice(message);
    void channels.reload();
  };
  return (
    <AdminSection
      title="Channels"
      intro="Where your customers write to you: WhatsApp, Telegram, LINE, Messenger, Instagram, email and your website's chat widget. Disconnecting keeps every conversation."
      action={
        !adding && (
          <button type="button" class="button button-primary" onClick={() => setAdding(true)}>
            <Icon name="plus" size={18} />
            <span>Connect a channel</span>
          </button>
        )
      }
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      {secret && (
        <SecretOnce
          title={`Copy the identity secret of ${secret.name} now`}
          secret={secret.secret}
          testId="identity-secret"
          lost={`if it is lost, make a new one. ${IDENTITY_HELP}`}
          onDone={() => setSecret(null)}
        />
      )}
      {adding && (
        <AddChannelForm
          onCancel={() => setAdding(false)}
          onAdded={(channel) => {
            setAdding(false);
            if (channel.identitySecret) setSecret({ name: channel.name, secret: channel.identitySecret });
            changed(
              channel.kind === "webchat"
                ? `${channel.name} is connected. Paste its snippet before </body> on ${channel.domain ?? "your site"}.`
                : channel.kind === "telegram" || channel.kind === "line"
                  ? `${channel.name} is connected; its webhook is set.`
                  : channel.kind === "email"
                    ? `${channel.name} is connected. Forward ${channel.address} to ${channel.inboundAddress}.`
                    : `${channel.name} is connected. Point its webhook at ${channel.webhookUrl}.`,
            );
          }}
        />
      )}
      {channels.status === "loading" ? (
        <Loading label="Loading channels…" />
      ) : channels.status === "error" && list.length === 0 ? (
        <Failed message={channels.error ?? ""} onRetry={() => void channels.reload()} />
      ) : list.length === 0 ? (
        <Empty icon="plug" title="No channels yet">
          Connect a WhatsApp number, a Telegram or LINE bot, a Facebook Page or an Instagram account to start receiving
          messages.
        </Empty>
      ) : (
        <ul class="admin-list" aria-label="Channels">
          {list.map((channel) => (
            <ChannelRow
              key={channel.id}
              channel={channel}
              onChanged={changed}
              onSecret={(shown) => setSecret({ name: channel.name, secret: shown })}
            />
          ))}
        </ul>
      )}
    </AdminSection>
  );
}

function AddChannelForm({ onCancel, onAdded }: { onCancel: () => void; onAdded: (channel: Channel) => void }) {
  const [kind, setKind] = useState<ChannelKindName>("whatsapp");
  const [values, setValues] = useState<Record<string, string>>({ name: "" });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const form = CHANNEL_FORMS[kind];
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const body: Record<string, string> = { kind, name: values.name ?? "" };
    for (const f of form.fields) {
      const value = (values[f.key] ?? "").trim();
      if (value || !f.optional) body[f.key] = f.secret ? (values[f.key] ?? "") : value;
    }
    try {
      onAdded(await api.createChannel(body as unknown as ChannelInput));
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  };
  return (
    <form class="admin-card form" onSubmit={submit} aria-labelledby="add-channel-title" noValidate>
      <h2 id="add-channel-title">{form.title}</h2>
      <fieldset class="channel-kinds">
        <legend>Channel</legend>
        {KINDS.map((k) => (
          <label key={k} class={`channel-kind${k === kind ? " selected" : ""}`}>
            <input
              type="radio"
              name="channel-kind"
              value={k}
              checked={k === kind}
              onChange={() => {
                setKind(k);
                setProblem(null);
              }}
            />
            <ChannelIcon kind={k} size={18} />
            <span>{CHANNEL_LABELS[k]}</span>
          </label>
        ))}
      </fieldset>
      <p class="muted small">{form.help}</p>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      <div class="form-grid">
        <Input
          label="Name"
          value={values.name ?? ""}
          onInput={(v) => setValues({ ...values, name: v })}
          error={problem?.fields.name}
          required
          placeholder={`Store ${CHANNEL_LABELS[kind]}`}
          maxLength={80}
        />
        {form.fields.map((f) => (
          <Input
            key={`${kind}-${f.key}`}
            label={f.label}
            type={f.secret ? "password" : "text"}
            value={values[f.key] ?? ""}
            onInput={(v) => setValues({ ...values, [f.key]: v })}
            error={problem?.fields[f.key]}
            required={!f.optional}
            hint={f.hint}
            placeholder={f.placeholder}
            autoComplete="off"
          />
        ))}
      </div>
      <FormActions busy={busy} label="Connect" busyLabel="Connecting…" onCancel={onCancel} />
    </form>
  );
}

function ChannelRow({
  channel,
  onChanged,
  onSecret,
}: {
  channel: Channel;
  onChanged: (message: string) => void;
  onSecret: (secret: string) => void;
}) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(channel.name);
  const [metaAppId, setMetaAppId] = useState(channel.metaAppId ?? "");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);

  const startEditing = () => {
    setName(channel.name);
    setMetaAppId(channel.metaAppId ?? "");
    setProblem(null);
    setRenaming(true);
  };

  const update = async (body: ChannelUpdate, message: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const saved = await api.updateChannel(channel.id, body);
      if (saved.identitySecret) onSecret(saved.identitySecret);
      setRenaming(false);
      onChanged(message);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="admin-row">
      <span class="admin-row-icon">
        <ChannelIcon kind={channel.kind} size={28} />
      </span>
      <div class="admin-row-main">
        {renaming ? (
          <form
            class="inline-form"
            aria-label={`Edit ${channel.name}`}
            onSubmit={(event) => {
              event.preventDefault();
              // An emptied field forgets the app id (Meta is then asked which app the token belongs to).
              const appId = metaAppId.trim() || null;
              const appChanged = channel.kind === "whatsapp" && appId !== (channel.metaAppId ?? null);
              void update(
                { name: name.trim(), ...(appChanged ? { metaAppId: appId } : {}) },
                `${name.trim()} was saved.`,
              );
            }}
          >
            <Input
              label="Channel name"
              value={name}
              onInput={setName}
              required
              error={problem?.fields.name}
              maxLength={80}
            />
            {channel.kind === "whatsapp" && (
              <Input
                label="Meta app id (optional)"
                value={metaAppId}
                onInput={setMetaAppId}
                error={problem?.fields.metaAppId}
                hint={META_APP_HINT}
              />
            )}
            {problem && <Alert tone="error">{problem.message}</Alert>}
            <FormActions busy={busy} label="Save" onCancel={() => setRenaming(false)} small />
          </form>
        ) : (
          <>
            <p class="admin-row-title">{channel.name}</p>
            <p class="admin-row-sub">
              {CHANNEL_LABELS[channel.kind]} · {channelSummary(channel)} · added {fullTime(channel.createdAt)}
            </p>
            {channel.kind === "whatsapp" && (
              <p class="admin-row-sub">
                {channel.metaAppId
                  ? `Meta app id ${channel.metaAppId}`
                  : "Meta app id not set (asked of Meta when needed)"}
              </p>
            )}
            {channel.kind === "webchat" && channel.embedSnippet ? (
              <EmbedSnippet snippet={channel.embedSnippet} name={channel.name} />
            ) : channel.kind === "email" ? (
              <p class="admin-row-sub">
                Forward mail to: <code data-testid="inbound-address">{channel.inboundAddress}</code>
              </p>
            ) : (
              <p class="admin-row-sub">
                Webhook: <code>{channel.webhookUrl}</code>
              </p>
            )}
          </>
        )}
      </div>
      <span class={`chip ${channel.connected ? "chip-ok" : "chip-muted"}`}>
        {channel.connected ? "Connected" : "Disconnected"}
      </span>
      {!renaming && (
        <div class="admin-row-actions">
          <button type="button" class="button button-small" onClick={startEditing} aria-label={`Edit ${channel.name}`}>
            <Icon name="edit" size={16} />
            <span>Edit</span>
          </button>
          <button
            type="button"
            class={`button button-small${channel.connected ? " button-danger-quiet" : ""}`}
            disabled={busy}
            aria-label={`${channel.connected ? "Disconnect" : "Reconnect"} ${channel.name}`}
            onClick={() =>
              update(
                { connected: !channel.connected },
                channel.connected
                  ? `${channel.name} is disconnected; its conversations are kept.`
                  : `${channel.name} is connected again.`,
              )
            }
          >
            {channel.connected ? "Disconnect" : "Reconnect"}
          </button>
          {channel.kind === "webchat" && (
            <button
              type="button"
              class="button button-small"
              disabled={busy}
              aria-label={`New identity secret for ${channel.name}`}
              onClick={() =>
                update(
                  { rotateIdentitySecret: true },
                  `${channel.name} has a new identity secret; the old one no longer verifies users.`,
                )
              }
            >
              New identity secret
            </button>
          )}
        </div>
      )}
      {problem && !renaming && (
        <div class="admin-row-error">
          <Alert tone="error">{problem.message}</Alert>
        </div>
      )}
    </li>
  );
}
