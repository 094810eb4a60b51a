import { useId, useState } from "preact/hooks";
import type { Channel } from "../../api";
import type { RingGroup, RingGroupBody } from "../../api-calls";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import { members as teamMembers } from "../../state/team";
import { FormActions, Input, problemOf, Select } from "./common";

type Body = Required<Pick<RingGroupBody, "name" | "channelId" | "mode" | "members" | "ringTimeoutSeconds">>;

/**
 * A ring group (rules C5, C6, C8): its number, round robin or ring everyone, its members in the
 * order they are rung, and how long a call rings (30-60 s). An agent is in one group per number:
 * the API says so (409 `agent_in_other_group`) and the form shows it.
 */
export function RingGroupForm(props: {
  heading: string;
  initial?: RingGroup;
  channels: Channel[];
  onSave: (body: Body) => Promise<void>;
  onCancel: () => void;
}) {
  const { initial } = props;
  const [name, setName] = useState(initial?.name ?? "");
  const [channelId, setChannelId] = useState(initial?.channelId ?? props.channels[0]?.id ?? "");
  const [mode, setMode] = useState<RingGroup["mode"]>(initial?.mode ?? "round_robin");
  const [timeout, setTimeoutSeconds] = useState(String(initial?.ringTimeoutSeconds ?? 45));
  const [members, setMembers] = useState<string[]>(initial?.members ?? []);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const timeoutId = useId();
  const addId = useId();

  const seconds = Number(timeout);
  const timeoutError =
    problem?.fields.ringTimeoutSeconds ??
    (Number.isInteger(seconds) && seconds >= 30 && seconds <= 60 ? undefined : t("Between 30 and 60 seconds."));
  const nameOf = (id: string) => teamMembers.value.find((m) => m.id === id)?.name ?? t("A former member");
  const others = teamMembers.value.filter((m) => !members.includes(m.id));

  const move = (index: number, by: -1 | 1) => {
    const next = [...members];
    const [moved] = next.splice(index, 1);
    if (moved === undefined) return;
    next.splice(index + by, 0, moved);
    setMembers(next);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (timeoutError) return;
    setBusy(true);
    setProblem(null);
    try {
      await props.onSave({ name: name.trim(), channelId, mode, members, ringTimeoutSeconds: seconds });
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  };

  return (
    <form class="admin-card form" onSubmit={submit} aria-label={props.heading} noValidate>
      <h2>{props.heading}</h2>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      <Input label={t("Name")} value={name} onInput={setName} required maxLength={100} error={problem?.fields.name} />
      {initial ? (
        <p class="small">
          {t("Number: {name}", {
            name: props.channels.find((c) => c.id === channelId)?.name ?? t("a WhatsApp number"),
          })}
        </p>
      ) : (
        <Select
          label={t("WhatsApp number")}
          value={channelId}
          options={props.channels.map((c) => ({ value: c.id, label: `${c.name} (+${c.displayPhoneNumber})` }))}
          onChange={setChannelId}
        />
      )}
      <Select
        label={t("How it rings")}
        value={mode}
        options={[
          { value: "round_robin", label: t("Round robin: the next free agent, in turn") },
          { value: "ring_all", label: t("Ring everyone: the first to accept takes it") },
        ]}
        onChange={setMode}
      />
      <div class={`field${timeoutError ? " field-invalid" : ""}`}>
        <label for={timeoutId}>{t("Ring for (seconds)")}</label>
        <input
          id={timeoutId}
          type="number"
          min={30}
          max={60}
          value={timeout}
          onInput={(e) => setTimeoutSeconds(e.currentTarget.value)}
          aria-invalid={timeoutError ? "true" : undefined}
          aria-describedby={`${timeoutId}-hint`}
        />
        <p id={`${timeoutId}-hint`} class={timeoutError ? "field-error" : "field-hint"}>
          {timeoutError ?? t("A call nobody accepts in time is logged Unanswered.")}
        </p>
      </div>
      <fieldset class="ring-members">
        <legend>{t("Members, in the order they ring")}</legend>
        {members.length === 0 && <p class="muted small">{t("No members yet.")}</p>}
        <ol>
          {members.map((id, index) => (
            <li key={id}>
              <span>{nameOf(id)}</span>
              <button
                type="button"
                class="icon-button icon-button-small"
                aria-label={t("Move {name} up", { name: nameOf(id) })}
                disabled={index === 0}
                onClick={() => move(index, -1)}
              >
                <Icon name="back" size={14} class="rotate-up" />
              </button>
              <button
                type="button"
                class="icon-button icon-button-small"
                aria-label={t("Move {name} down", { name: nameOf(id) })}
                disabled={index === members.length - 1}
                onClick={() => move(index, 1)}
              >
                <Icon name="down" size={14} />
              </button>
              <button
                type="button"
                class="icon-button icon-button-small"
                aria-label={t("Remove {name}", { name: nameOf(id) })}
                onClick={() => setMembers(members.filter((m) => m !== id))}
              >
                <Icon name="x" size={14} />
              </button>
            </li>
          ))}
        </ol>
        {others.length > 0 && (
          <div class="field">
            <label for={addId}>{t("Add a member")}</label>
            <select
              id={addId}
              value=""
              onChange={(e) => {
                const id = e.currentTarget.value;
                if (id) setMembers([...members, id]);
              }}
            >
              <option value="">{t("Choose a person…")}</option>
              {others.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </fieldset>
      <FormActions busy={busy} label={t("Save")} busyLabel={t("Saving…")} onCancel={props.onCancel} />
    </form>
  );
}
