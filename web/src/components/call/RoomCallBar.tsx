/**
 * The room header's call strip (rules C2-C4): the customer's call permission as it stands, the
 * "Request permission" button (an open window, 1 a day and 2 a week), and the Call button when the
 * customer allowed calls, or why not. The server decides the rest (outbound calling on, voice
 * balance, 10 calls a day): its reason shows in the call widget.
 */
import { useEffect, useState } from "preact/hooks";
import type { Room } from "../../api";
import type { CallPermissionView } from "../../api-calls";
import { describeError } from "../../errors";
import { fullTime } from "../../format";
import { useNow } from "../../hooks";
import { t } from "../../i18n";
import { loadPermission, permissions, requestPermission } from "../../state/call-permissions";
import { onCall, placeCall } from "../../state/calls";
import { Icon } from "../Icon";
import "./call.css";

function stateText(p: CallPermissionView): string {
  switch (p.state) {
    case "permanent":
      return t("Calls allowed by the customer.");
    case "temporary":
      return p.expiresAt
        ? t("Calls allowed until {time}.", { time: fullTime(p.expiresAt) })
        : t("Calls allowed for now.");
    case "requested":
      return t("Call permission requested; waiting for the customer's answer.");
    case "denied":
      return t("The customer does not allow calls.");
    case "none":
      return t("The customer has not allowed calls yet.");
  }
}

export function RoomCallBar({ room }: { room: Room }) {
  const [load, setLoad] = useState<"loading" | "ready" | "error">("loading");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(30_000);
  useEffect(() => {
    setLoad("loading");
    setError(null);
    loadPermission(room.id).then(
      () => setLoad("ready"),
      () => setLoad("error"),
    );
  }, [room.id]);

  const permission = permissions.value.get(room.id);
  if (!permission) {
    return (
      <div class="room-call-bar" data-testid="room-call-bar">
        <span class="call-permission">
          {load === "error" ? t("The call permission could not be loaded.") : t("Loading call permission…")}
        </span>
      </div>
    );
  }
  const allowed = permission.state === "permanent" || permission.state === "temporary";
  // C2: the customer's reply window, or a conversation of any category (a template's) still open.
  const windowOpen =
    room.status !== "resolved" &&
    ((room.windowExpiresAt !== null && room.windowExpiresAt > now) || (permission.conversationOpenUntil ?? 0) > now);
  const nextAt = permission.nextRequestAt !== null && permission.nextRequestAt > now ? permission.nextRequestAt : null;
  const why = !windowOpen
    ? t(
        "A permission request needs an active conversation: the customer's window, or a template sent in the last 24 hours.",
      )
    : nextAt
      ? t("The next request can be sent {time} (1 a day, 2 a week).", { time: fullTime(nextAt) })
      : null;

  const request = async () => {
    setBusy(true);
    setError(null);
    try {
      await requestPermission(room.id);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="room-call-bar" data-testid="room-call-bar" data-permission={permission.state}>
      <span class="call-permission" role="status">
        <Icon name="phone" size={14} /> <span data-testid="call-permission-state">{stateText(permission)}</span>
        {permission.warning && ` ${t("Recent calls went unanswered; after 4 in a row the permission ends.")}`}
      </span>
      {!allowed && (
        <button
          type="button"
          class="button button-small"
          onClick={request}
          disabled={busy || why !== null}
          title={why ?? t("Ask the customer on WhatsApp to allow calls")}
          aria-describedby={why ? `call-why-${room.id}` : undefined}
        >
          {busy ? t("Requesting…") : t("Request permission")}
        </button>
      )}
      {!allowed && why && (
        <span id={`call-why-${room.id}`} class="muted small">
          {why}
        </span>
      )}
      {allowed && (
        <button
          type="button"
          class="button button-small button-primary"
          disabled={onCall.value}
          title={onCall.value ? t("You are on another call (one call at a time)") : undefined}
          onClick={() =>
            void placeCall({ id: room.id, contactName: room.contactName, contactExternalId: room.contactExternalId })
          }
        >
          <Icon name="phone" size={16} />
          <span>{t("Call")}</span>
        </button>
      )}
      {error && (
        <span class="call-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
