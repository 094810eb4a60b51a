import type { RoomView } from "../../api";
import { Empty } from "../../components/States";
import { phone } from "../../format";
import { t } from "../../i18n";
import { inView, rooms, setView, view } from "../../state/inbox";
import { me } from "../../state/session";
import { memberName } from "../../state/team";

/** What the list says when it has nothing to show, and where the open conversation went. */
export function EmptyView({ view: v, searching, filtered }: { view: RoomView; searching: boolean; filtered: boolean }) {
  if (filtered && !searching) {
    return (
      <Empty icon="search" title={t("No matches")}>
        {t("No conversation in this tab matches these filters. Clear a filter to see more.")}
      </Empty>
    );
  }
  if (searching) {
    return (
      <Empty icon="search" title={t("No matches")}>
        {t("No conversation matches this search. Try part of a name, a phone number or a word from a message.")}
      </Empty>
    );
  }
  const copy: Record<RoomView, [string, string]> = {
    mine: [
      t("No conversations assigned to you"),
      t("Conversations you take or are given show up here. Look in Unassigned for customers waiting for an answer."),
    ],
    unassigned: [t("Nobody is waiting"), t("New conversations from customers show up here until someone takes them.")],
    resolved: [t("No resolved conversations"), t("Conversations appear here once they are resolved.")],
    all: [t("No conversations yet"), t("Conversations with your customers will show up here as soon as they write.")],
    snoozed: [
      t("Nothing snoozed"),
      t("A snoozed conversation waits here until its time, or until the customer writes."),
    ],
  };
  const [title, text] = copy[v];
  return (
    <Empty icon="inbox" title={title}>
      {text}
    </Empty>
  );
}

/**
 * Issue 17: the open conversation is not in this tab (a reply assigned it to you, someone resolved it,
 * it was opened from a link): say where it is now, with a way there, instead of letting it vanish.
 */
export function OpenRoomElsewhere({
  roomId,
  tabs,
}: {
  roomId: string | null;
  tabs: { view: RoomView; label: string }[];
}) {
  const room = roomId ? rooms.value.get(roomId) : undefined;
  if (!room || inView(room, view.value)) return null;
  const name = room.contactName ?? phone(room.contactExternalId);
  const home =
    tabs.find((tab) => tab.view !== "all" && inView(room, tab.view)) ?? tabs.find((t) => inView(room, t.view));
  const assignee = memberName(room.assigneeId, me.value?.user?.id ?? null);
  return (
    <p class="room-moved" role="status">
      <span>
        {home
          ? t("{name} is in {tab} now.", { name, tab: t(home.label) })
          : t("{name} is assigned to {agent} now.", { name, agent: assignee ?? t("another agent") })}
      </span>
      {home && (
        <button type="button" class="button button-small" onClick={() => setView(home.view)}>
          {t("Show {tab}", { tab: t(home.label) })}
        </button>
      )}
    </p>
  );
}
