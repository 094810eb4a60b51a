import { useState } from "preact/hooks";
import { api, type Channel, type ChannelUpdate } from "../../api";
import { Alert } from "../../components/Alert";
import { CHANNEL_LABELS, ChannelIcon } from "../../components/ChannelIcon";
import { Icon } from "../../components/Icon";
import { Empty, Failed, Loading } from "../../components/States";
import { fullTime } from "../../format";
import { t } from "../../i18n";
import { AddChannelForm } from "./AddChannelForm";
import { channelSummary, META_APP_HINT } from "./channel-forms";
import { AddButton, AdminSection, FormActions, Input, problemOf, SecretOnce, useResource } from "./common";
import { EmbedSnippet, IDENTITY_HELP } from "./WebchatEmbed";

/** I13: a sentence through t() (id-admin-channels.ts) kept here: the checker would read its "</body> on" as markup. */
const CONNECTED_WEBCHAT = "{name} is connected. Paste its snippet before </body> on {site}."; // i18n-ignore

/** Channels of every kind: connect, rename, disconnect and reconnect without losing rooms (G3, G4). */
export function ChannelsPage() {
  const channels = useResource(() => api.channels().then((r) => r.channels));
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // Rule G2: a webchat channel's identity secret, answered once (on connect or rotate).
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const list = channels.data ?? [];
  /** Settles once the list shows the change, so a row's button is not usable again with its old words. */
  const changed = (message: string) => {
    setNotice(message);
    return channels.reload();
  };
  return (
    <AdminSection
      title={t("Channels")}
      intro={t(
        "Where your customers write to you: WhatsApp, Telegram, LINE, Messenger, Instagram, email and your website's chat widget. Disconnecting keeps every conversation.",
      )}
      action={!adding && <AddButton label={t("Connect a channel")} onClick={() => setAdding(true)} />}
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      {secret && (
        <SecretOnce
          title={t("Copy the identity secret of {name} now", { name: secret.name })}
          secret={secret.secret}
          testId="identity-secret"
          lost={`${t("if it is lost, make a new one.")} ${t(IDENTITY_HELP)}`}
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
                ? t(CONNECTED_WEBCHAT, {
                    name: channel.name,
                    site: channel.domain ?? t("your site"),
                  })
                : channel.kind === "telegram" || channel.kind === "line"
                  ? t("{name} is connected; its webhook is set.", { name: channel.name })
                  : channel.kind === "email"
                    ? t("{name} is connected. Forward {address} to {inbound}.", {
                        name: channel.name,
                        address: channel.address ?? "",
                        inbound: channel.inboundAddress ?? "",
                      })
                    : t("{name} is connected. Point its webhook at {url}.", {
                        name: channel.name,
                        url: channel.webhookUrl ?? "",
                      }),
            );
          }}
        />
      )}
      {channels.status === "loading" ? (
        <Loading label={t("Loading channels…")} />
      ) : channels.status === "error" && list.length === 0 ? (
        <Failed message={channels.error ?? ""} onRetry={() => void channels.reload()} />
      ) : list.length === 0 ? (
        <Empty icon="plug" title={t("No channels yet")}>
          {t(
            "Connect a WhatsApp number, a Telegram or LINE bot, a Facebook Page or an Instagram account to start receiving messages.",
          )}
        </Empty>
      ) : (
        <ul class="admin-list" aria-label={t("Channels")}>
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

function ChannelRow({
  channel,
  onChanged,
  onSecret,
}: {
  channel: Channel;
  onChanged: (message: string) => Promise<void>;
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
      await onChanged(message);
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
            aria-label={t("Edit {name}", { name: channel.name })}
            onSubmit={(event) => {
              event.preventDefault();
              // An emptied field forgets the app id (Meta is then asked which app the token belongs to).
              const appId = metaAppId.trim() || null;
              const appChanged = channel.kind === "whatsapp" && appId !== (channel.metaAppId ?? null);
              void update(
                { name: name.trim(), ...(appChanged ? { metaAppId: appId } : {}) },
                t("{name} was saved.", { name: name.trim() }),
              );
            }}
          >
            <Input
              label={t("Channel name")}
              value={name}
              onInput={setName}
              required
              error={problem?.fields.name}
              maxLength={80}
            />
            {channel.kind === "whatsapp" && (
              <Input
                label={t("Meta app id (optional)")}
                value={metaAppId}
                onInput={setMetaAppId}
                error={problem?.fields.metaAppId}
                hint={t(META_APP_HINT)}
              />
            )}
            {problem && <Alert tone="error">{problem.message}</Alert>}
            <FormActions busy={busy} label={t("Save")} onCancel={() => setRenaming(false)} small />
          </form>
        ) : (
          <>
            <p class="admin-row-title">{channel.name}</p>
            <p class="admin-row-sub">
              {CHANNEL_LABELS[channel.kind]} · {channelSummary(channel)} ·{" "}
              {t("added {time}", { time: fullTime(channel.createdAt) })}
            </p>
            {channel.kind === "whatsapp" && (
              <p class="admin-row-sub">
                {channel.metaAppId
                  ? t("Meta app id {id}", { id: channel.metaAppId })
                  : t("Meta app id not set (asked of Meta when needed)")}
              </p>
            )}
            {channel.kind === "webchat" && channel.embedSnippet ? (
              <EmbedSnippet snippet={channel.embedSnippet} name={channel.name} />
            ) : channel.kind === "email" ? (
              <p class="admin-row-sub">
                {t("Forward mail to:")} <code data-testid="inbound-address">{channel.inboundAddress}</code>
              </p>
            ) : (
              <p class="admin-row-sub">
                {t("Webhook:")} <code>{channel.webhookUrl}</code>
              </p>
            )}
          </>
        )}
      </div>
      <span class={`chip ${channel.connected ? "chip-ok" : "chip-muted"}`}>
        {channel.connected ? t("Connected") : t("Disconnected")}
      </span>
      {!renaming && (
        <div class="admin-row-actions">
          <button
            type="button"
            class="button button-small"
            onClick={startEditing}
            aria-label={t("Edit {name}", { name: channel.name })}
          >
            <Icon name="edit" size={16} />
            <span>{t("Edit")}</span>
          </button>
          <button
            type="button"
            class={`button button-small${channel.connected ? " button-danger-quiet" : ""}`}
            disabled={busy}
            aria-label={
              channel.connected
                ? t("Disconnect {name}", { name: channel.name })
                : t("Reconnect {name}", { name: channel.name })
            }
            onClick={() =>
              update(
                { connected: !channel.connected },
                channel.connected
                  ? t("{name} is disconnected; its conversations are kept.", { name: channel.name })
                  : t("{name} is connected again.", { name: channel.name }),
              )
            }
          >
            {channel.connected ? t("Disconnect") : t("Reconnect")}
          </button>
          {channel.kind === "webchat" && (
            <button
              type="button"
              class="button button-small"
              disabled={busy}
              aria-label={t("New identity secret for {name}", { name: channel.name })}
              onClick={() =>
                update(
                  { rotateIdentitySecret: true },
                  t("{name} has a new identity secret; the old one no longer verifies users.", { name: channel.name }),
                )
              }
            >
              {t("New identity secret")}
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
