import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Room } from "../../api";
import { Icon } from "../../components/Icon";
import { clockTime, dayLabel, fullTime, isoTime, sameDay } from "../../format";
import {
  type ChatMessage,
  discardSend,
  loadOlder,
  messagesById,
  messages as messagesSignal,
  older,
  replyTo,
  retrySend,
  typingName,
} from "../../state/room";
import { MessageBody } from "./MessageBody";
import { BillingDetails, ChangeMarks, EmailFullText, MessageOrigin, ReplyDetails } from "./MessageExtras";

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
              {olderState.loading ? "Loading earlier messages…" : "Load earlier messages"}
            </button>
          ) : (
            shown.length > 0 && <p class="messages-start">This is the start of the conversation.</p>
          )}
          {olderState.error && (
            <p class="list-error" role="alert">
              {olderState.error}
            </p>
          )}
        </div>
        {shown.length === 0 ? (
          <p class="messages-empty">No messages in this conversation yet.</p>
        ) : (
          <div role="log" aria-label="Messages" aria-live="polite">
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
            {typingName.value} is typing…
          </p>
        )}
      </div>
      {unseen > 0 && (
        <button type="button" class="jump-button" onClick={jumpToEnd}>
          <Icon name="down" size={16} />
          {unseen === 1 ? "1 new message" : `${unseen} new messages`}
        </button>
      )}
    </div>
  );
}

const STATUS_LABEL: Record<string, string> = {
  pending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Not delivered",
};

/** The delivery ticks of an outgoing message: clock, one tick, two ticks, two blue ticks, or a warning. */
export function Ticks({ status }: { status: ChatMessage["status"] }) {
  if (status === "received") return null;
  const icon = status === "pending" ? "clock" : status === "sent" ? "check" : status === "failed" ? "alert" : "checks";
  return (
    <span class={`ticks ticks-${status}`} data-testid="ticks" data-status={status} title={STATUS_LABEL[status]}>
      <Icon name={icon} size={15} />
      <span class="visually-hidden">{STATUS_LABEL[status]}</span>
    </span>
  );
}

function authorLabel(message: ChatMessage, room: Room): string {
  if (message.direction === "in") return message.authorName ?? room.contactName ?? "Customer";
  return message.authorName ?? "Agent";
}

function MessageRow({
  room,
  message,
  dayBreak,
  reactions,
}: {
  room: Room;
  message: ChatMessage;
  dayBreak: string | null;
  reactions: string[];
}) {
  const side = message.direction === "in" ? "in" : message.direction === "note" ? "note" : "out";
  const quoted = message.replyToId ? messagesById.value.get(message.replyToId) : undefined;
  const failure = message.local?.problem ?? null;
  const canReply = !message.local && message.direction !== "note" && room.status !== "resolved";
  return (
    <>
      {dayBreak && (
        <li class="day-break" aria-hidden="true">
          <span>{dayBreak}</span>
        </li>
      )}
      <li
        class={`msg msg-${side}${failure || message.status === "failed" ? " msg-failed" : ""}`}
        data-testid="message"
        data-direction={message.direction}
        data-status={message.status}
        data-message-id={message.id}
      >
        <div class="bubble">
          {side === "note" && (
            <p class="note-head">
              <Icon name="lock" size={13} />
              Private note · {message.authorName ?? "Agent"}
            </p>
          )}
          {side === "out" && message.authorName && <p class="bubble-author">{message.authorName}</p>}
          <span class="visually-hidden">{side === "note" ? "" : `${authorLabel(message, room)}: `}</span>
          {message.replyToId && (
            <blockquote class="quote">
              {quoted ? (
                <>
                  <span class="quote-author">{authorLabel(quoted, room)}</span>
                  <span class="quote-text">{snippet(quoted)}</span>
                </>
              ) : (
                <span class="quote-text">Reply to an earlier message</span>
              )}
            </blockquote>
          )}
          <MessageOrigin message={message} />
          <MessageBody room={room} message={message} />
          <ReplyDetails details={message.details} />
          <EmailFullText details={message.details} />
          {side === "out" && <BillingDetails details={message.details} />}
          <p class="bubble-meta">
            {message.kind === "template" && <span class="tag">Template</span>}
            <ChangeMarks details={message.details} />
            <time dateTime={isoTime(message.sentAt)} title={fullTime(message.sentAt)}>
              {clockTime(message.sentAt)}
            </time>
            {side === "out" && !failure && <Ticks status={message.status} />}
          </p>
          {reactions.length > 0 && (
            <span class="reactions" title="Reactions">
              {reactions.join(" ")}
            </span>
          )}
        </div>
        {message.status === "failed" && message.error && (
          <p class="msg-error" role="note">
            <Icon name="alert" size={14} />
            <span>
              Not delivered: {message.error.title}
              {message.error.detail ? ` — ${message.error.detail}` : ""}
            </span>
          </p>
        )}
        {failure && (
          <div class="msg-error" role="alert">
            <Icon name="alert" size={14} />
            <span>Not sent. {failure}</span>
            <button type="button" class="link-button" onClick={() => retrySend(message.id)}>
              Try again
            </button>
            <button type="button" class="link-button" onClick={() => discardSend(message.id)}>
              Discard
            </button>
          </div>
        )}
        {canReply && (
          <button
            type="button"
            class="msg-reply"
            onClick={() => {
              replyTo.value = message;
              document.getElementById("composer-input")?.focus();
            }}
            aria-label={`Reply to ${authorLabel(message, room)}: ${snippet(message)}`}
            title="Reply"
          >
            <Icon name="reply" size={16} />
          </button>
        )}
      </li>
    </>
  );
}

export function snippet(message: ChatMessage): string {
  const text = message.text?.trim();
  if (text) return text.length > 90 ? `${text.slice(0, 89)}…` : text;
  const labels: Record<string, string> = {
    image: "Photo",
    video: "Video",
    audio: "Audio",
    voice: "Voice message",
    document: message.media?.filename ?? "Document",
    sticker: "Sticker",
    location: "Location",
    contacts: "Contact card",
    order: "Order",
  };
  return labels[message.kind] ?? "Message";
}
