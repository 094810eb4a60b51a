import { useEffect, useRef, useState } from "preact/hooks";
import { policyOf } from "../../../../worker/domain/channel-policy";
import type { Room } from "../../api";
import { Alert } from "../../components/Alert";
import { Avatar } from "../../components/Avatar";
import { CHANNEL_LABELS, ChannelIcon } from "../../components/ChannelIcon";
import { RoomCallBar } from "../../components/call/RoomCallBar";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { phone } from "../../format";
import { useMedia } from "../../hooks";
import { t } from "../../i18n";
import { filterQuery } from "../../state/filters";
import { roomEnded } from "../../state/realtime";
import { resolve, retryRoom, roomLoad, room as roomSignal, take } from "../../state/room";
import { Composer } from "./Composer";
import { ContactPanel } from "./ContactPanel";
import { MessageList } from "./MessageList";
import { RoomTools } from "./RoomTools";
import { permissionsFor, WindowCountdown } from "./shared";

export function RoomPane() {
  const room = roomSignal.value;
  const load = roomLoad.value;
  const wide = useMedia("(min-width: 1200px)");
  const [panelOpen, setPanelOpen] = useState(wide);
  useEffect(() => setPanelOpen(wide), [wide]);

  if (!room) {
    return (
      <div class="room">
        <RoomBackBar />
        {load.status === "error" ? (
          <Failed message={load.error ?? t("This conversation could not be loaded.")} onRetry={retryRoom} />
        ) : (
          <Loading label={t("Loading conversation…")} />
        )}
      </div>
    );
  }

  return (
    <div class={`room${panelOpen ? " with-panel" : ""}`}>
      <div class="room-column">
        <RoomHeader room={room} panelOpen={panelOpen} onTogglePanel={() => setPanelOpen(!panelOpen)} />
        {roomEnded.value === "access_changed" && <AccessChanged />}
        {load.status === "error" ? (
          <Failed message={load.error ?? t("The messages could not be loaded.")} onRetry={retryRoom} />
        ) : load.status === "loading" ? (
          <div class="messages-scroll">
            <Loading label={t("Loading messages…")} />
          </div>
        ) : (
          <MessageList room={room} />
        )}
        {load.status === "ready" && <Composer room={room} />}
      </div>
      {panelOpen && <ContactPanel room={room} onClose={() => setPanelOpen(false)} overlay={!wide} />}
    </div>
  );
}

/**
 * Rule G7: the server closed this room's socket because this person's role changed (4403). The room no
 * longer updates; reopening asks the server again what they may see.
 */
function AccessChanged() {
  return (
    <div class="room-alert room-access-changed">
      <Alert tone="info">
        {t("Your access changed, so this conversation stopped updating.")}{" "}
        <button type="button" class="button button-small" onClick={retryRoom}>
          {t("Reopen conversation")}
        </button>
      </Alert>
    </div>
  );
}

function RoomBackBar() {
  return (
    <div class="room-header">
      <Link href={`/${filterQuery.value}`} class="icon-button back-button" label={t("Back to conversations")}>
        <Icon name="back" />
      </Link>
    </div>
  );
}

function RoomHeader({ room, panelOpen, onTogglePanel }: { room: Room; panelOpen: boolean; onTogglePanel: () => void }) {
  const name = room.contactName ?? phone(room.contactExternalId);
  const can = permissionsFor(room);
  const [busy, setBusy] = useState<"take" | "resolve" | null>(null);
  const [error, setError] = useState<string | null>(null);

  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a conversation moves focus to its name, so keyboard and screen reader users land in it.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || active.closest(".room-list, .inbox-head")) heading.current?.focus();
  }, []);

  const run = async (what: "take" | "resolve") => {
    setBusy(what);
    setError(null);
    try {
      await (what === "take" ? take() : resolve());
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <div class="room-header">
        <Link href={`/${filterQuery.value}`} class="icon-button back-button" label={t("Back to conversations")}>
          <Icon name="back" />
        </Link>
        <Avatar name={name} />
        <div class="room-title">
          <h2 ref={heading} tabIndex={-1}>
            {name}
          </h2>
          <p class="room-subtitle">
            <ChannelIcon kind={room.channelKind} size={14} />
            <span class="visually-hidden">{CHANNEL_LABELS[room.channelKind ?? "whatsapp"]}, </span>
            <span>
              {(room.channelKind ?? "whatsapp") === "whatsapp" ? phone(room.contactExternalId) : room.contactExternalId}
            </span>
            <span aria-hidden="true">·</span>
            <span class="room-channel-name">{room.channelName}</span>
          </p>
        </div>
        <div class="room-header-status">
          <WindowCountdown room={room} />
        </div>
        <div class="room-actions">
          {can.canTake && (
            <button
              type="button"
              class="button button-small"
              data-shortcut="take"
              onClick={() => run("take")}
              disabled={busy !== null}
            >
              {busy === "take" ? t("Taking…") : t("Take")}
            </button>
          )}
          {can.canResolve && (
            <button
              type="button"
              class="button button-small button-primary"
              data-shortcut="resolve"
              onClick={() => run("resolve")}
              disabled={busy !== null}
            >
              <Icon name="resolve" size={16} />
              <span>{busy === "resolve" ? t("Resolving…") : t("Resolve")}</span>
            </button>
          )}
          <button
            type="button"
            class={`icon-button${panelOpen ? " pressed" : ""}`}
            onClick={onTogglePanel}
            aria-expanded={panelOpen}
            aria-controls="contact-panel"
            aria-label={t("Contact and conversation details")}
            title={t("Contact and conversation details")}
          >
            <Icon name="info" />
          </button>
        </div>
      </div>
      <RoomTools room={room} />
      {policyOf(room.channelKind ?? "whatsapp").calls && <RoomCallBar room={room} />}
      {error && (
        <div class="room-alert">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
    </>
  );
}
