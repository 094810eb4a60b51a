import { useState } from "preact/hooks";
import { api, type Channel, type Role } from "../../api";
import { callsApi, type RingGroup } from "../../api-calls";
import { Alert } from "../../components/Alert";
import { Empty, Failed, Loading } from "../../components/States";
import { membersById } from "../../state/team";
import { AddButton, AdminSection, problemOf, useResource } from "./common";
import { EditDeleteActions } from "./EditDeleteActions";
import { RingGroupForm } from "./RingGroupForm";
import "./calls.css";
import { t } from "../../i18n";

/** English sentences shown through t() (I13). */
const MODE_LABELS: Record<RingGroup["mode"], string> = {
  round_robin: "Round robin: the next free agent, in turn",
  ring_all: "Ring everyone: the first to accept takes it",
};

/**
 * Settings › Calls (issue 14): who rings for a customer's call (rules C5, C6, C8: ring groups per
 * WhatsApp number, supervisors and admins) and, for admins, each number's inbound and outbound
 * calling switches (rule C1).
 */
export function CallsPage({ role }: { role: Role }) {
  const channels = useResource(() => api.channels().then((r) => r.channels));
  const groups = useResource(() => callsApi.ringGroups().then((r) => r.ringGroups));
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const channelName = (id: string) => channels.data?.find((c) => c.id === id)?.name ?? t("a WhatsApp number");
  const changed = (message: string) => {
    setNotice(message);
    void groups.reload();
  };
  const list = groups.data ?? [];
  return (
    <AdminSection
      title={t("Calls")}
      intro={t("Who rings when a customer calls a WhatsApp number: the conversation's agent first, then ring groups.")}
      action={!adding && <AddButton label={t("Add ring group")} onClick={() => setAdding(true)} />}
    >
      {role === "admin" && channels.data && <CallingSwitches channels={channels.data} />}
      {notice && <Alert tone="success">{notice}</Alert>}
      {adding && channels.data && (
        <RingGroupForm
          heading={t("Add a ring group")}
          channels={channels.data}
          onCancel={() => setAdding(false)}
          onSave={async (body) => {
            const created = await callsApi.createRingGroup(body);
            setAdding(false);
            changed(t("{name} was added.", { name: created.name }));
          }}
        />
      )}
      <h2 class="admin-subtitle">{t("Ring groups")}</h2>
      {groups.status === "loading" ? (
        <Loading label={t("Loading ring groups…")} />
      ) : groups.status === "error" && list.length === 0 ? (
        <Failed message={groups.error ?? ""} onRetry={() => void groups.reload()} />
      ) : list.length === 0 ? (
        <Empty icon="phone" title={t("No ring groups yet")}>
          {t("Without a ring group, a customer's call rings only the agent of their open conversation.")}
        </Empty>
      ) : (
        <ul class="admin-list" aria-label={t("Ring groups")}>
          {list.map((group) => (
            <RingGroupRow
              key={group.id}
              group={group}
              channels={channels.data ?? []}
              numberName={channelName(group.channelId)}
              onChanged={changed}
            />
          ))}
        </ul>
      )}
    </AdminSection>
  );
}

function RingGroupRow(props: {
  group: RingGroup;
  channels: Channel[];
  numberName: string;
  onChanged: (message: string) => void;
}) {
  const { group } = props;
  const [mode, setMode] = useState<"view" | "edit">("view");
  if (mode === "edit") {
    return (
      <li class="admin-row editing">
        <RingGroupForm
          heading={t("Edit {name}", { name: group.name })}
          initial={group}
          channels={props.channels}
          onCancel={() => setMode("view")}
          onSave={async ({ name, mode: ringMode, members, ringTimeoutSeconds }) => {
            await callsApi.updateRingGroup(group.id, { name, mode: ringMode, members, ringTimeoutSeconds });
            setMode("view");
            props.onChanged(t("{name} was saved.", { name }));
          }}
        />
      </li>
    );
  }
  const names = group.members.map((id) => membersById.value.get(id)?.name ?? t("A former member"));
  return (
    <li class="admin-row" data-testid="ring-group">
      <div class="admin-row-main">
        <p class="admin-row-title">{group.name}</p>
        <p class="admin-row-sub">
          {props.numberName} · {t(MODE_LABELS[group.mode])} ·{" "}
          {t("rings {seconds} s", { seconds: group.ringTimeoutSeconds })}
        </p>
        <p class="admin-row-sub">{names.length > 0 ? names.join(", ") : t("No members yet")}</p>
      </div>
      <EditDeleteActions
        name={group.name}
        onEdit={() => setMode("edit")}
        onDelete={async () => {
          await callsApi.deleteRingGroup(group.id);
          props.onChanged(t("{name} was deleted.", { name: group.name }));
        }}
      />
    </li>
  );
}

/** Rule C1 (admins): each number's inbound and outbound calls, pushed to WhatsApp before they are saved. */
function CallingSwitches({ channels }: { channels: Channel[] }) {
  return (
    <section class="admin-card" aria-labelledby="calling-switches-title">
      <h2 id="calling-switches-title">{t("Calling on each number")}</h2>
      <p class="muted small">{t("Both are off until you turn them on. WhatsApp is told first.")}</p>
      {channels.map((channel) => (
        <ChannelSwitches key={channel.id} channel={channel} />
      ))}
    </section>
  );
}

function ChannelSwitches({ channel }: { channel: Channel }) {
  const settings = useResource(() => callsApi.calling(channel.id));
  // While a switch saves it shows the value asked for, not the stored one flicking back.
  const [saving, setSaving] = useState<{ which: "inbound" | "outbound"; value: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (settings.status === "loading") return <Loading label={t("Loading {name}…", { name: channel.name })} />;
  if (!settings.data) return <Failed message={settings.error ?? ""} onRetry={() => void settings.reload()} />;
  const current = settings.data;
  const toggle = async (which: "inbound" | "outbound", value: boolean) => {
    setSaving({ which, value });
    setError(null);
    try {
      settings.set(
        await callsApi.saveCalling(channel.id, {
          inbound: current.inbound,
          outbound: current.outbound,
          [which]: value,
        }),
      );
    } catch (err) {
      setError(problemOf(err).message);
    } finally {
      setSaving(null);
    }
  };
  return (
    <fieldset class="calling-switches" aria-busy={saving !== null}>
      <legend>
        {channel.name} <span class="muted small">+{channel.displayPhoneNumber}</span>
      </legend>
      {(["inbound", "outbound"] as const).map((which) => {
        const checked = saving?.which === which ? saving.value : current[which];
        return (
          <label class="switch" key={which}>
            <input
              type="checkbox"
              role="switch"
              checked={checked}
              aria-checked={checked}
              disabled={saving !== null}
              onChange={(event) => void toggle(which, event.currentTarget.checked)}
            />
            <span class="switch-track" aria-hidden="true" />
            <span>
              {which === "inbound"
                ? t("Customers can call this number")
                : t("Agents can call customers from this number")}
              {saving?.which === which && <span class="muted small"> {t("Saving…")}</span>}
            </span>
          </label>
        );
      })}
      {error && <Alert tone="error">{error}</Alert>}
    </fieldset>
  );
}
