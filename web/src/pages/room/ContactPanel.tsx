import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { Room } from "../../api";
import { Alert } from "../../components/Alert";
import { Avatar } from "../../components/Avatar";
import { CHANNEL_LABELS, ChannelIcon } from "../../components/ChannelIcon";
import { Icon } from "../../components/Icon";
import { describeError } from "../../errors";
import { fullTime, phone } from "../../format";
import { t } from "../../i18n";
import { assign, setBlocked } from "../../state/room";
import { me } from "../../state/session";
import { loadTeam, members, onlineIds, teamStatus } from "../../state/team";
import { permissionsFor, WindowCountdown } from "./shared";

/** What Tab can reach inside the panel (for the focus trap of the overlay). */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

const STATUS_LABEL: Record<Room["status"], string> = {
  unassigned: "Unassigned",
  assigned: "Assigned",
  resolved: "Resolved",
};

/** Who the customer is, the state of the conversation, assignment and blocking. */
export function ContactPanel({ room, onClose, overlay }: { room: Room; onClose: () => void; overlay: boolean }) {
  const name = room.contactName ?? phone(room.contactExternalId);
  const can = permissionsFor(room);
  const meId = me.value?.user?.id ?? null;
  const assignee = members.value.find((m) => m.id === room.assigneeId);
  // Kept here: after a transfer the form itself goes away (the room is someone else's now).
  const [assigned, setAssigned] = useState<string | null>(null);
  useEffect(() => setAssigned(null), [room.id]);

  const closeButton = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!overlay) return;
    // Over the conversation (narrow screens) the panel is a modal dialog: it takes focus, keeps Tab
    // inside it while open, and Escape (or closing it) gives focus back to what opened it.
    const opener = document.activeElement as HTMLElement | null;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        onClose();
        return;
      }
      if (event.key !== "Tab" || !panel.current) return;
      const focusable = Array.from(panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
        (el) => el.getClientRects().length > 0,
      );
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      const active = document.activeElement;
      const inside = active instanceof Node && panel.current.contains(active);
      if (event.shiftKey && (!inside || active === first)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (!inside || active === last)) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      opener?.focus();
    };
  }, [overlay]);

  const contents = (
    <>
      <div class="panel-head">
        <h3>{t("Details")}</h3>
        <button
          ref={closeButton}
          type="button"
          class="icon-button icon-button-small"
          onClick={onClose}
          aria-label={t("Close details")}
        >
          <Icon name="x" size={18} />
        </button>
      </div>
      <section class="panel-section panel-contact">
        <Avatar name={name} size="lg" />
        <p class="panel-name">{name}</p>
        <p class="panel-phone">{phone(room.contactExternalId)}</p>
        <p class="panel-channel">
          <ChannelIcon kind={room.channelKind} size={14} /> {CHANNEL_LABELS[room.channelKind ?? "whatsapp"]} ·{" "}
          {room.channelName}
        </p>
        {room.contactBlocked && <span class="chip chip-danger">{t("Blocked")}</span>}
      </section>
      <section class="panel-section">
        <h4>{t("Conversation")}</h4>
        <dl class="facts">
          <dt>{t("Status")}</dt>
          <dd>{t(STATUS_LABEL[room.status])}</dd>
          <dt>{t("Assigned to")}</dt>
          <dd>
            {room.assigneeId === null
              ? t("Nobody yet")
              : room.assigneeId === meId
                ? t("You")
                : (assignee?.name ?? t("Another agent"))}
          </dd>
          <dt>{t("Reply window")}</dt>
          <dd>
            <WindowCountdown room={room} />
          </dd>
          <dt>{t("Opened")}</dt>
          <dd>{fullTime(room.openedAt)}</dd>
          {room.resolvedAt !== null && (
            <>
              <dt>{t("Resolved")}</dt>
              <dd>{fullTime(room.resolvedAt)}</dd>
            </>
          )}
        </dl>
      </section>
      {can.assignMode && <AssignForm room={room} mode={can.assignMode} onDone={setAssigned} />}
      {assigned && (
        <div class="panel-section">
          <Alert tone="success">{assigned}</Alert>
        </div>
      )}
      {(can.canBlock || can.canUnblock) && <BlockControl room={room} />}
    </>
  );
  const ref = (el: HTMLElement | null) => {
    panel.current = el;
  };
  const label = t("Contact and conversation details");
  // Beside the conversation a complementary landmark; over it (narrow screens) a modal dialog.
  return overlay ? (
    <>
      <div class="panel-backdrop" onClick={onClose} aria-hidden="true" />
      <div
        ref={ref}
        id="contact-panel"
        class="contact-panel overlay"
        role="dialog"
        aria-modal="true"
        aria-label={label}
      >
        {contents}
      </div>
    </>
  ) : (
    <aside ref={ref} id="contact-panel" class="contact-panel" aria-label={label}>
      {contents}
    </aside>
  );
}

function AssignForm({
  room,
  mode,
  onDone,
}: {
  room: Room;
  mode: "assign" | "transfer";
  onDone: (message: string) => void;
}) {
  const id = useId();
  const meId = me.value?.user?.id ?? null;
  const [target, setTarget] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const online = onlineIds.value;
  const candidates = members.value.filter((m) => m.id !== room.assigneeId && (mode === "assign" || m.id !== meId));

  useEffect(() => {
    if (teamStatus.value === "idle") void loadTeam();
  }, []);

  const label = mode === "assign" ? t("Assign to") : t("Transfer to");
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const who = members.value.find((m) => m.id === target)?.name ?? t("them");
      await assign(target);
      onDone(mode === "assign" ? t("Assigned to {name}.", { name: who }) : t("Transferred to {name}.", { name: who }));
      setTarget("");
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel-section">
      <h4>{mode === "assign" ? t("Assign") : t("Transfer")}</h4>
      <form class="assign-form" onSubmit={submit}>
        <label class="assign-label" for={`${id}-target`}>
          {label}
        </label>
        <div class="assign-row">
          <select
            id={`${id}-target`}
            value={target}
            onChange={(event) => setTarget(event.currentTarget.value)}
            disabled={teamStatus.value === "loading"}
          >
            <option value="">
              {teamStatus.value === "loading"
                ? t("Loading team…")
                : candidates.length === 0
                  ? t("Nobody else to choose")
                  : t("Choose a person…")}
            </option>
            {candidates.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id === meId ? t("{name} (you)", { name: m.name }) : m.name} · {t(m.role)}
                {online.has(m.id) ? ` · ${t("online")}` : ""}
              </option>
            ))}
          </select>
          <button type="submit" class="button button-small" disabled={!target || busy}>
            {busy ? t("Saving…") : mode === "assign" ? t("Assign") : t("Transfer")}
          </button>
        </div>
      </form>
      {teamStatus.value === "error" && (
        <p class="field-error">
          {t("The team could not be loaded.")}{" "}
          <button type="button" class="link-button" onClick={() => void loadTeam()}>
            {t("Try again")}
          </button>
        </p>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </section>
  );
}

function BlockControl({ room }: { room: Room }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Keyboard users keep their place: once the room shows the change, focus is on the button that undoes it.
  const toggle = useRef<HTMLButtonElement>(null);
  const [focusWhen, setFocusWhen] = useState<boolean | null>(null);
  useEffect(() => {
    if (focusWhen === null || focusWhen !== room.contactBlocked) return;
    toggle.current?.focus();
    setFocusWhen(null);
  }, [focusWhen, room.contactBlocked]);
  const run = async (blocked: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await setBlocked(blocked);
      setConfirming(false);
      setFocusWhen(blocked);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel-section">
      <h4>{t("Block")}</h4>
      {room.contactBlocked ? (
        <>
          <p class="muted small">
            {t("Messages from this contact are kept but open no conversation and reach nobody.")}
          </p>
          <button type="button" class="button button-small" ref={toggle} onClick={() => run(false)} disabled={busy}>
            {busy ? t("Unblocking…") : t("Unblock contact")}
          </button>
        </>
      ) : confirming ? (
        <fieldset class="confirm">
          <legend class="small">
            {t("Block {name}? Their messages will no longer reach the inbox.", {
              name: room.contactName ?? t("this contact"),
            })}
          </legend>
          <div class="confirm-actions">
            <button type="button" class="button button-small button-danger" onClick={() => run(true)} disabled={busy}>
              {busy ? t("Blocking…") : t("Yes, block")}
            </button>
            <button type="button" class="button button-small" onClick={() => setConfirming(false)} disabled={busy}>
              {t("Cancel")}
            </button>
          </div>
        </fieldset>
      ) : (
        <button
          type="button"
          class="button button-small button-danger-quiet"
          ref={toggle}
          onClick={() => setConfirming(true)}
        >
          <Icon name="ban" size={16} />
          <span>{t("Block contact")}</span>
        </button>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </section>
  );
}
