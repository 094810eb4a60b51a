import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { Room } from "../../api";
import { Alert } from "../../components/Alert";
import { Avatar } from "../../components/Avatar";
import { CHANNEL_LABELS, ChannelIcon } from "../../components/ChannelIcon";
import { Icon } from "../../components/Icon";
import { describeError } from "../../errors";
import { fullTime, phone } from "../../format";
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
        <h3>Details</h3>
        <button
          ref={closeButton}
          type="button"
          class="icon-button icon-button-small"
          onClick={onClose}
          aria-label="Close details"
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
        {room.contactBlocked && <span class="chip chip-danger">Blocked</span>}
      </section>
      <section class="panel-section">
        <h4>Conversation</h4>
        <dl class="facts">
          <dt>Status</dt>
          <dd>{STATUS_LABEL[room.status]}</dd>
          <dt>Assigned to</dt>
          <dd>
            {room.assigneeId === null
              ? "Nobody yet"
              : room.assigneeId === meId
                ? "You"
                : (assignee?.name ?? "Another agent")}
          </dd>
          <dt>Reply window</dt>
          <dd>
            <WindowCountdown room={room} />
          </dd>
          <dt>Opened</dt>
          <dd>{fullTime(room.openedAt)}</dd>
          {room.resolvedAt !== null && (
            <>
              <dt>Resolved</dt>
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
  const label = "Contact and conversation details";
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

  const label = mode === "assign" ? "Assign to" : "Transfer to";
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const who = members.value.find((m) => m.id === target)?.name ?? "them";
      await assign(target);
      onDone(mode === "assign" ? `Assigned to ${who}.` : `Transferred to ${who}.`);
      setTarget("");
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel-section">
      <h4>{mode === "assign" ? "Assign" : "Transfer"}</h4>
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
                ? "Loading team…"
                : candidates.length === 0
                  ? "Nobody else to choose"
                  : "Choose a person…"}
            </option>
            {candidates.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id === meId ? `${m.name} (you)` : m.name} · {m.role}
                {online.has(m.id) ? " · online" : ""}
              </option>
            ))}
          </select>
          <button type="submit" class="button button-small" disabled={!target || busy}>
            {busy ? "Saving…" : mode === "assign" ? "Assign" : "Transfer"}
          </button>
        </div>
      </form>
      {teamStatus.value === "error" && (
        <p class="field-error">
          The team could not be loaded.{" "}
          <button type="button" class="link-button" onClick={() => void loadTeam()}>
            Try again
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
  const run = async (blocked: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await setBlocked(blocked);
      setConfirming(false);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel-section">
      <h4>Block</h4>
      {room.contactBlocked ? (
        <>
          <p class="muted small">Messages from this contact are kept but open no conversation and reach nobody.</p>
          <button type="button" class="button button-small" onClick={() => run(false)} disabled={busy}>
            {busy ? "Unblocking…" : "Unblock contact"}
          </button>
        </>
      ) : confirming ? (
        <fieldset class="confirm">
          <legend class="small">
            Block {room.contactName ?? "this contact"}? Their messages will no longer reach the inbox.
          </legend>
          <div class="confirm-actions">
            <button type="button" class="button button-small button-danger" onClick={() => run(true)} disabled={busy}>
              {busy ? "Blocking…" : "Yes, block"}
            </button>
            <button type="button" class="button button-small" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </fieldset>
      ) : (
        <button type="button" class="button button-small button-danger-quiet" onClick={() => setConfirming(true)}>
          <Icon name="ban" size={16} />
          <span>Block contact</span>
        </button>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </section>
  );
}
