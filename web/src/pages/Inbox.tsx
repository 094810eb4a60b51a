import { useEffect, useRef } from "preact/hooks";
import type { RoomView } from "../api";
import { Icon } from "../components/Icon";
import { Empty, Failed, Loading } from "../components/States";
import { t } from "../i18n";
import { filtering, filterQuery, loadLabels } from "../state/filters";
import {
  answering,
  currentList,
  filtersChanged,
  loadList,
  search,
  setSearch,
  setView,
  unreadByView,
  view,
  visibleRooms,
} from "../state/inbox";
import { closeRoom, openRoom } from "../state/room";
import { me } from "../state/session";
import { useTitle } from "../title";
import { BulkBar } from "./inbox/BulkBar";
import { FilterBar } from "./inbox/FilterBar";
import { EmptyView, OpenRoomElsewhere } from "./inbox/ListNotes";
import { RoomItem } from "./inbox/RoomItem";
import { RoomPane } from "./room/RoomPane";
import { Shortcuts } from "./Shortcuts";

const TABS: { view: RoomView; label: string }[] = [
  { view: "mine", label: "Assigned to me" },
  { view: "unassigned", label: "Unassigned" },
  { view: "resolved", label: "Resolved" },
  { view: "all", label: "All" },
  { view: "snoozed", label: "Snoozed" },
];

/** The inbox: the list of conversations, and the open one beside it (or instead of it on a phone). */
export function InboxLayout({ roomId }: { roomId: string | null }) {
  const organization = me.value?.organization.name ?? "";
  useTitle(roomId ? `${t("Conversation")} · ${organization}` : `${t("Inbox")} · ${organization}`);
  useEffect(() => {
    if (roomId) openRoom(roomId);
    else closeRoom();
  }, [roomId]);
  // Issue 17: the labels for the filter, the list and the header; the list the URL's filters ask for.
  useEffect(() => void loadLabels(), []);
  const query = filterQuery.value;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    filtersChanged();
  }, [query]);
  return (
    <div class={`inbox-layout${roomId ? " has-room" : ""}`}>
      <Shortcuts selectedId={roomId} />
      <InboxPane selectedId={roomId} />
      <section class="room-pane" aria-label={t("Conversation")}>
        {roomId ? <RoomPane key={roomId} /> : <NoRoomSelected />}
      </section>
    </div>
  );
}

function NoRoomSelected() {
  return (
    <div class="room-placeholder">
      <Empty icon="chat" title={t("Pick a conversation")}>
        {t("Choose a conversation on the left to read it and reply. New messages appear without reloading.")}
      </Empty>
    </div>
  );
}

function InboxPane({ selectedId }: { selectedId: string | null }) {
  const role = me.value?.organization.role ?? "agent";
  const tabs = TABS.filter((t) => t.view !== "all" || role !== "agent");
  const current = view.value;
  const list = currentList.value;
  const items = visibleRooms.value;
  const counts = unreadByView.value;
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const onTabKey = (event: KeyboardEvent, index: number) => {
    let next = index;
    if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    else return;
    event.preventDefault();
    const tab = tabs[next];
    if (tab) setView(tab.view);
    tabRefs.current[next]?.focus();
  };

  const searching = search.value.trim() !== "";

  return (
    <section class="inbox-pane" aria-labelledby="inbox-title">
      <div class="inbox-head">
        <h1 id="inbox-title" tabIndex={-1}>
          {t("Inbox")}
        </h1>
        <div class="search">
          <Icon name="search" size={18} />
          <input
            type="search"
            value={search.value}
            onInput={(event) => setSearch(event.currentTarget.value)}
            placeholder={t("Search name, number or message")}
            aria-label={t("Search conversations")}
            autoComplete="off"
            spellcheck={false}
          />
        </div>
        <FilterBar />
        <div class="tabs" role="tablist" aria-label={t("Conversations")}>
          {tabs.map((tab, index) => {
            const selected = tab.view === current;
            const unread = counts[tab.view];
            return (
              <button
                key={tab.view}
                ref={(el) => {
                  tabRefs.current[index] = el;
                }}
                type="button"
                role="tab"
                id={`tab-${tab.view}`}
                aria-selected={selected}
                aria-controls="room-list"
                tabIndex={selected ? 0 : -1}
                class={`tab${selected ? " selected" : ""}`}
                onClick={() => setView(tab.view)}
                onKeyDown={(event) => onTabKey(event, index)}
              >
                {t(tab.label)}
                {unread > 0 && (tab.view === "mine" || tab.view === "unassigned") && (
                  <span class="tab-badge">
                    {unread}
                    <span class="visually-hidden">{t(" with unread messages")}</span>
                  </span>
                )}
              </button>
            );
          })}
        </div>
      </div>
      <div id="room-list" class="room-list-scroll" role="tabpanel" aria-labelledby={`tab-${current}`}>
        <BulkBar />
        <OpenRoomElsewhere roomId={selectedId} tabs={tabs} />
        {list.status === "loading" && items.length === 0 ? (
          <Loading label={t("Loading conversations…")} />
        ) : list.status === "error" && items.length === 0 ? (
          <Failed message={list.error ?? t("The conversations could not be loaded.")} onRetry={() => void loadList()} />
        ) : items.length === 0 ? (
          <EmptyView view={current} searching={searching} filtered={answering.value && filtering.value} />
        ) : (
          <>
            <ul
              class="room-list"
              aria-label={t("{tab} conversations", { tab: t(tabs.find((tab) => tab.view === current)?.label ?? "") })}
            >
              {items.map((room) => (
                <RoomItem key={room.id} room={room} selected={room.id === selectedId} />
              ))}
            </ul>
            {list.error && (
              <p class="list-error" role="alert">
                {list.error}
              </p>
            )}
            {list.nextCursor && (
              <div class="list-more">
                <button
                  type="button"
                  class="button button-quiet"
                  onClick={() => void loadList(current, search.value, true)}
                  disabled={list.loadingMore}
                >
                  {list.loadingMore ? t("Loading…") : t("Show older conversations")}
                </button>
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}
