import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Room } from "../../api";
import { Icon } from "../../components/Icon";
import { dayLabel, sameDay } from "../../format";
import { t } from "../../i18n";
import {
  type ChatMessage,
  loadOlder,
  messagesById,
  messages as messagesSignal,
  older,
  typingName,
} from "../../state/room";
import { MessageRow } from "./MessageRow";

const NEAR_BOTTOM_PX = 120;

/** The conversation: days, bubbles, ticks, media, replies and notes; scrolls back through history. */
export function MessageList({ room }: { room: Room }) {
  const all = messagesSignal.value;
  const olderState = older.value;
  const scroller = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const firstId = useRef<string | null>(null);
  const lastId = useRef<string | null>(null);
  const fromBottom = useRef(0);
  const [unseen, setUnseen] = useState(0);

  // Reactions are shown on the message they react to: each side's latest one; an empty one removes it.
  const latest = new Map<string, Map<string, string>>();
  const shown: ChatMessage[] = [];
  for (const message of all) {
    if (message.kind === "reaction" && message.reactionToId && messagesById.value.has(message.reactionToId)) {
      const bySide = latest.get(message.reactionToId) ?? new Map<string, string>();
      if (message.text) bySide.set(message.direction, message.text);
      else bySide.delete(message.direction);
      latest.set(message.reactionToId, bySide);
      continue;
    }
    shown.push(message);
  }
  const reactions = new Map([...latest].map(([id, bySide]) => [id, [...bySide.values()]]));

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = shown[0]?.id ?? null;
    const last = shown[shown.length - 1] ?? null;
    const prepended = firstId.current !== null && first !== firstId.current && lastId.current === (last?.id ?? null);
    if (firstId.current === null) {
      el.scrollTop = el.scrollHeight;
    } else if (prepended) {
      // Older messages came in above: keep what the reader was looking at in place.
      el.scrollTop = el.scrollHeight - fromBottom.current;
    } else if (last && last.id !== lastId.current) {
      if (nearBottom.current || last.local || last.direction !== "in") {
        el.scrollTop = el.scrollHeight;
      } else {
        setUnseen((n) => n + 1);
      }
    }
    firstId.current = first;
    lastId.current = last?.id ?? null;
    fromBottom.current = el.scrollHeight - el.scrollTop;
  });

  // Issue 17: a photo or video that loads after the room opened grows the log under the reader; one
  // who was at the bottom stays there, so the newest message never ends up behind the composer.
  const hasLog = shown.length > 0;
  useEffect(() => {
    const el = scroller.current;
    const log = el?.querySelector(".messages");
    if (!el || !log) return;
    // Whether the reader was at the bottom is judged from before the growth: the browser may already
    // have fired a scroll event that measured the grown log (scroll steps run before resize observers).
    let height = log.getBoundingClientRect().height;
    const observer = new ResizeObserver(() => {
      const grown = log.getBoundingClientRect().height - height;
      height += grown;
      const wasAtBottom = el.scrollHeight - grown - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
      if (nearBottom.current || (grown > 0 && wasAtBottom)) {
        el.scrollTop = el.scrollHeight;
        nearBottom.current = true;
      }
      fromBottom.current = el.scrollHeight - el.scrollTop;
    });
    observer.observe(log);
    return () => observer.disconnect();
  }, [hasLog]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    fromBottom.current = el.scrollHeight - el.scrollTop;
    if (nearBottom.current && unseen > 0) setUnseen(0);
    if (el.scrollTop < 200 && olderState.hasMore && !olderState.loading && !olderState.error) void loadOlder();
  };

  const jumpToEnd = () => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    setUnseen(0);
  };

  return (
    <div class="messages-wrap">
      <div class="messages-scroll" ref={scroller} onScroll={onScroll}>
        <div class="messages-top">
          {olderState.hasMore ? (
            <button
              type="button"
              class="button button-quiet button-small"
              onClick={() => void loadOlder()}
              disabled={olderState.loading}
            >
              {olderState.loading ? t("Loading earlier messages…") : t("Load earlier messages")}
            </button>
          ) : (
            shown.length > 0 && <p class="messages-start">{t("This is the start of the conversation.")}</p>
          )}
          {olderState.error && (
            <p class="list-error" role="alert">
              {olderState.error}
            </p>
          )}
        </div>
        {shown.length === 0 ? (
          <p class="messages-empty">{t("No messages in this conversation yet.")}</p>
        ) : (
          <div role="log" aria-label={t("Messages")} aria-live="polite">
            <ol class="messages">
              {shown.map((message, index) => {
                const previous = shown[index - 1];
                const newDay = !previous || !sameDay(previous.sentAt, message.sentAt);
                return (
                  <MessageRow
                    key={message.id}
                    room={room}
                    message={message}
                    dayBreak={newDay ? dayLabel(message.sentAt) : null}
                    reactions={reactions.get(message.id) ?? []}
                  />
                );
              })}
            </ol>
          </div>
        )}
        {typingName.value && (
          <p class="typing" aria-live="polite">
            <span class="typing-dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            {t("{name} is typing…", { name: typingName.value })}
          </p>
        )}
      </div>
      {unseen > 0 && (
        <button type="button" class="jump-button" onClick={jumpToEnd}>
          <Icon name="down" size={16} />
          {unseen === 1 ? t("1 new message") : t("{count} new messages", { count: unseen })}
        </button>
      )}
    </div>
  );
}
