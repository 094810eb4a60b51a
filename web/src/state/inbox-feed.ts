/**
 * The organization's feed (rule I5) as the inbox hears it: rooms (new, changed, labelled, snoozed),
 * labels renamed or deleted (I11), who is online, and members renamed or removed.
 */

import type { Room } from "../api";
import { shortTime } from "../format";
import { t } from "../i18n";
import { applyRoom, applyRooms, rooms } from "./inbox-cache";
import { labelDeleted, labelUpdated, relabelled } from "./inbox-labels";
import { newCustomerMessage } from "./notify";
import type { InboxEvent } from "./realtime";
import { me, refreshMe } from "./session";
import { removeMember, setOnline, updateMember } from "./team";

const myId = () => me.value?.user?.id ?? "";

function shouldHear(room: Room): boolean {
  if (room.status === "resolved") return false;
  return room.assigneeId === null || room.assigneeId === myId();
}

/** A room from the feed: it carries the whole room, so one never seen before is shown at once. */
function onRoom(room: Room) {
  const before = rooms.value.get(room.id);
  applyRoom(room);
  // As the cache took it: an older copy than the one shown is no news.
  hearNews(before, rooms.value.get(room.id) ?? room);
}

/** A customer wrote in a room the agent should hear about: tell them while the tab is hidden (I5). */
function hearNews(before: Room | undefined, room: Room) {
  const name = room.contactName ?? room.contactExternalId;
  if (room.unreadCount > (before?.unreadCount ?? 0) && shouldHear(room)) {
    newCustomerMessage(
      room.id,
      name,
      room.lastMessagePreview ?? t("New message · {time}", { time: shortTime(room.lastMessageAt) }),
    );
  } else if (
    before &&
    before.assigneeId !== room.assigneeId &&
    room.assigneeId === myId() &&
    room.status !== "resolved"
  ) {
    // Rule I12: a conversation given to this agent (by a supervisor, or automatically) is news too.
    newCustomerMessage(room.id, name, t("Assigned to you"));
  }
}

export function onFeed(event: InboxEvent) {
  switch (event.type) {
    case "hello":
    case "presence":
      setOnline(event.online);
      break;
    case "room.created":
    case "room.updated":
      onRoom(event.room);
      break;
    case "label.updated":
    case "label.deleted": {
      // Rule I11: the filter, the editor and every chip show the label as it is now.
      const id = event.type === "label.updated" ? event.label.id : event.labelId;
      if (event.type === "label.updated") labelUpdated(event.label);
      else labelDeleted(event.labelId);
      applyRooms(relabelled(rooms.value, id));
      break;
    }
    case "member.updated":
      updateMember(event.member);
      // This user renamed, or given another role, by an admin (I7): the header and rights follow.
      if (event.member.id === myId()) void refreshMe();
      break;
    case "member.removed":
      removeMember(event.memberId);
      // Removed from the organization: the session is gone, and the app signs out.
      if (event.memberId === myId()) void refreshMe();
      break;
  }
}
