import type { Room } from "../../api";
import { closesSoon, roomWindow } from "../../channel-window";
import { Avatar } from "../../components/Avatar";
import { CHANNEL_LABELS, ChannelIcon } from "../../components/ChannelIcon";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { duration, isoTime, phone, shortTime } from "../../format";
import { t } from "../../i18n";
import { useClock } from "../../state/clock";
import { roomHref } from "../../state/filters";
import { me } from "../../state/session";
import { memberName } from "../../state/team";
import { selecting, selected as ticked, toggleSelected } from "./BulkBar";
import { LabelChips } from "./LabelChips";

/** The room's reply window on the inbox's one clock (issue 17: as the open room says it, to the second). */
function WindowChip({ room }: { room: Room }) {
  const now = useClock();
  if (room.status === "resolved") return <span class="chip chip-muted">{t("Resolved")}</span>;
  const win = roomWindow(room, now);
  if (win.state === "always") return null;
  if (win.state === "human_agent") {
    return (
      <span class="chip chip-warn" title={t("Past 24 hours: a person may still reply (HUMAN_AGENT)")}>
        <Icon name="clock" size={12} />
        {t("{time} left", { time: duration(win.msLeft) })}
      </span>
    );
  }
  if (win.state === "open") {
    return (
      <span
        class={`chip ${closesSoon(win) ? "chip-warn" : "chip-ok"}`}
        title={t("Time left to reply freely (24-hour window)")}
      >
        <Icon name="clock" size={12} />
        {t("{time} left", { time: duration(win.msLeft) })}
      </span>
    );
  }
  return (
    <span class="chip chip-muted" title={t("The 24-hour window has closed: only templates can be sent")}>
      {win.state === "expired" ? t("Window expired") : t("Template only")}
    </span>
  );
}

function LastActivity({ at }: { at: number }) {
  const now = useClock();
  return (
    <time class="room-time" dateTime={isoTime(at)}>
      {shortTime(at, now)}
    </time>
  );
}

/** One conversation in the inbox list: who, the last message, unread, the reply window, assignee, labels. */
export function RoomItem({ room, selected }: { room: Room; selected: boolean }) {
  const name = room.contactName ?? phone(room.contactExternalId);
  const assignee = memberName(room.assigneeId, me.value?.user?.id ?? null);
  const unread = room.unreadCount > 0 || room.markedUnread === true;
  return (
    <li class="room-row">
      {selecting.value && (
        <label class="room-select">
          <input
            type="checkbox"
            checked={ticked.value.has(room.id)}
            onChange={(e) => toggleSelected(room.id, e.currentTarget.checked)}
            aria-label={t("Select {name}", { name })}
          />
        </label>
      )}
      <Link
        href={roomHref(room.id)}
        class={`room-item${selected ? " selected" : ""}${unread ? " unread" : ""}`}
        current={selected}
      >
        <span class="room-avatar">
          <Avatar name={name} />
          <span class="room-channel" title={`${CHANNEL_LABELS[room.channelKind ?? "whatsapp"]} · ${room.channelName}`}>
            <ChannelIcon kind={room.channelKind} size={16} />
          </span>
        </span>
        <span class="room-main">
          <span class="room-line">
            <span class="room-name">{name}</span>
            <LastActivity at={room.lastMessageAt} />
          </span>
          <span class="room-line">
            <span class="room-preview">
              {room.contactBlocked && <span class="blocked-tag">{t("Blocked · ")}</span>}
              {room.lastMessagePreview ?? t("No messages yet")}
            </span>
            {room.unreadCount > 0 ? (
              <span class="unread-badge" title={t("{count} unread", { count: room.unreadCount })}>
                {room.unreadCount}
                <span class="visually-hidden">{t(" unread")}</span>
              </span>
            ) : (
              unread && (
                <span class="marked-unread" title={t("Marked unread")}>
                  <span class="visually-hidden">{t("Marked unread")}</span>
                </span>
              )
            )}
          </span>
          <span class="room-meta">
            <span class="visually-hidden">
              {t("Channel: {kind}, {name}.", {
                kind: CHANNEL_LABELS[room.channelKind ?? "whatsapp"],
                name: room.channelName,
              })}{" "}
            </span>
            <WindowChip room={room} />
            {room.status !== "resolved" && (
              <span class="room-assignee">
                <Icon name="user" size={12} />
                {assignee ? (assignee === "you" ? t("You") : assignee) : t("Unassigned")}
              </span>
            )}
            <LabelChips labels={room.labels} />
          </span>
        </span>
      </Link>
    </li>
  );
}
