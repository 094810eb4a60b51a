import { useState } from "preact/hooks";
import { api, type Channel, type ChannelInput, type ChannelUpdate } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon, WhatsAppIcon } from "../../components/Icon";
import { Empty, Failed, Loading } from "../../components/States";
import { fullTime } from "../../format";
import { AdminSection, FormActions, Input, problemOf, useResource } from "./common";

const EMPTY: ChannelInput = {
  name: "",
  phoneNumberId: "",
  displayPhoneNumber: "",
  wabaId: "",
  accessToken: "",
  appSecret: "",
  verifyToken: "",
  metaAppId: "",
};

const META_APP_HINT =
  "Digits only: the Meta app your access token belongs to (App settings › Basic). Template header samples upload to it; left empty, Meta is asked.";

/** WhatsApp numbers: connect, rename, disconnect and reconnect without losing rooms (G4). */
export function ChannelsPage() {
  const channels = useResource(() => api.channels().then((r) => r.channels));
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = channels.data ?? [];
  const changed = (message: string) => {
    setNotice(message);
    void channels.reload();
  };
  return (
    <AdminSection
      title="Channels"
      intro="The WhatsApp Business numbers your customers write to. Disconnecting keeps every conversation."
      action={
        !adding && (
          <button type="button" class="button button-primary" onClick={() => setAdding(true)}>
            <Icon name="plus" size={18} />
            <span>Connect a number</span>
          </button>
        )
      }
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      {adding && (
        <AddChannelForm
          onCancel={() => setAdding(false)}
          onAdded={(channel) => {
            setAdding(false);
            changed(`${channel.name} is connected. Point its webhook at ${channel.webhookUrl}.`);
          }}
        />
      )}
      {channels.status === "loading" ? (
        <Loading label="Loading channels…" />
      ) : channels.status === "error" && list.length === 0 ? (
        <Failed message={channels.error ?? ""} onRetry={() => void channels.reload()} />
      ) : list.length === 0 ? (
        <Empty icon="plug" title="No channels yet">
          Connect a WhatsApp Business number to start receiving messages.
        </Empty>
      ) : (
        <ul class="admin-list" aria-label="Channels">
          {list.map((channel) => (
            <ChannelRow key={channel.id} channel={channel} onChanged={changed} />
          ))}
        </ul>
      )}
    </AdminSection>
  );
}

function AddChannelForm({ onCancel, onAdded }: { onCancel: () => void; onAdded: (channel: Channel) => void }) {
  const [values, setValues] = useState<ChannelInput>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const field = (key: keyof ChannelInput) => ({
    value: values[key] ?? "",
    onInput: (value: string) => setValues({ ...values, [key]: value }),
    error: problem?.fields[key],
    required: key !== "metaAppId",
  });
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const { metaAppId, ...rest } = values;
    const appId = metaAppId?.trim() ?? "";
    try {
      onAdded(await api.createChannel(appId ? { ...rest, metaAppId: appId } : rest));
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  };
  return (
    <form class="admin-card form" onSubmit={submit} aria-labelledby="add-channel-title" noValidate>
      <h2 id="add-channel-title">Connect a WhatsApp number</h2>
      <p class="muted small">
        The ids and secrets come from your Meta app (WhatsApp › API setup). Secrets are never shown again.
      </p>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      <div class="form-grid">
        <Input label="Name" {...field("name")} placeholder="Store WhatsApp" maxLength={80} />
        <Input label="Display phone number" {...field("displayPhoneNumber")} placeholder="+62 811 0000 0001" />
        <Input label="Phone number id" {...field("phoneNumberId")} hint="Digits only." />
        <Input label="WhatsApp Business account id" {...field("wabaId")} hint="Digits only." />
        <Input label="Meta app id (optional)" {...field("metaAppId")} hint={META_APP_HINT} />
        <Input label="Access token" type="password" {...field("accessToken")} autoComplete="off" />
        <Input label="App secret" type="password" {...field("appSecret")} autoComplete="off" />
        <Input
          label="Webhook verify token"
          type="password"
          {...field("verifyToken")}
          autoComplete="off"
          hint="Any phrase of 8 characters or more; enter the same in Meta's webhook settings."
        />
      </div>
      <FormActions busy={busy} label="Connect" busyLabel="Connecting…" onCancel={onCancel} />
    </form>
  );
}

function ChannelRow({ channel, onChanged }: { channel: Channel; onChanged: (message: string) => void }) {
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
      await api.updateChannel(channel.id, body);
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
        <WhatsAppIcon size={28} />
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
              void update(
                { name: name.trim(), ...(appId !== channel.metaAppId ? { metaAppId: appId } : {}) },
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
            <Input
              label="Meta app id (optional)"
              value={metaAppId}
              onInput={setMetaAppId}
              error={problem?.fields.metaAppId}
              hint={META_APP_HINT}
            />
            {problem && <Alert tone="error">{problem.message}</Alert>}
            <FormActions busy={busy} label="Save" onCancel={() => setRenaming(false)} small />
          </form>
        ) : (
          <>
            <p class="admin-row-title">{channel.name}</p>
            <p class="admin-row-sub">
              {channel.displayPhoneNumber} · phone number id {channel.phoneNumberId} · added{" "}
              {fullTime(channel.createdAt)}
            </p>
            <p class="admin-row-sub">
              {channel.metaAppId
                ? `Meta app id ${channel.metaAppId}`
                : "Meta app id not set (asked of Meta when needed)"}
            </p>
            <p class="admin-row-sub">
              Webhook: <code>{channel.webhookUrl}</code>
            </p>
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
