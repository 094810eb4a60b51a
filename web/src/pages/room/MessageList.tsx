import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Room } from "../../api";
import { Icon } from "../../components/Icon";
import { clockTime, dayLabel, fileSize, fullTime, isoTime, sameDay } from "../../format";
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
import {
  ChangeMarks,
  ContactCards,
  MessageOrigin,
  OrderCard,
  ReplyDetails,
  SystemNotice,
  UnsupportedNotice,
} from "./MessageExtras";

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

const URL_PATTERN = /(https?:\/\/[^\s<]+[^\s<.,;:!?)\]'"])/g;

/** Text with links made clickable and WhatsApp's *bold*, _italic_ and ~strike~ shown as such. */
function RichText({ text }: { text: string }) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(...formatted(text.slice(last, index), parts.length));
    parts.push(
      <a key={`l${index}`} href={match[0]} target="_blank" rel="noopener noreferrer">
        {match[0]}
      </a>,
    );
    last = index + match[0].length;
  }
  if (last < text.length) parts.push(...formatted(text.slice(last), parts.length));
  return <p class="bubble-text">{parts}</p>;
}

function formatted(text: string, keyBase: number): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const pattern = /(\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    const inner = match[0].slice(1, -1);
    const key = `f${keyBase}-${index}`;
    const mark = match[0][0];
    out.push(
      mark === "*" ? (
        <strong key={key}>{inner}</strong>
      ) : mark === "_" ? (
        <em key={key}>{inner}</em>
      ) : (
        <s key={key}>{inner}</s>
      ),
    );
    last = index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function MessageBody({ room, message }: { room: Room; message: ChatMessage }) {
  const media = message.media;
  const url = media?.url && !message.local ? media.url : null;
  const caption = message.text ? <RichText text={message.text} /> : null;
  switch (message.kind) {
    case "image":
    case "sticker":
      return (
        <>
          {url ? (
            <a href={url} target="_blank" rel="noopener" class="media-link">
              <img
                class={message.kind === "sticker" ? "media-sticker" : "media-image"}
                src={url}
                alt={message.text ? `Photo: ${message.text}` : message.kind === "sticker" ? "Sticker" : "Photo"}
                loading="lazy"
              />
            </a>
          ) : (
            <MediaPending message={message} label="Photo" />
          )}
          {caption}
        </>
      );
    case "video":
      return (
        <>
          {url ? (
            <video class="media-video" src={url} controls preload="metadata">
              <track kind="captions" />
            </video>
          ) : (
            <MediaPending message={message} label="Video" />
          )}
          {caption}
        </>
      );
    case "audio":
    case "voice":
      return (
        <>
          {url ? (
            <audio
              class="media-audio"
              src={url}
              controls
              preload="none"
              aria-label={message.kind === "voice" ? "Voice message" : "Audio"}
            >
              <track kind="captions" />
            </audio>
          ) : (
            <MediaPending message={message} label={message.kind === "voice" ? "Voice message" : "Audio"} />
          )}
          {caption}
        </>
      );
    case "document":
      return (
        <>
          <div class="file-card">
            <Icon name="file" size={22} />
            <span class="file-name">
              {media?.filename ?? "Document"}
              {media?.size ? <span class="file-size">{fileSize(media.size)}</span> : null}
            </span>
            {url ? (
              <a href={url} target="_blank" rel="noopener" class="link-button">
                Open
              </a>
            ) : (
              <span class="muted small">{message.local ? "Uploading…" : "On its way…"}</span>
            )}
          </div>
          {caption}
        </>
      );
    case "location": {
      const location = message.location;
      if (!location) return <p class="bubble-text muted">Location</p>;
      const href = `https://www.openstreetmap.org/?mlat=${location.latitude}&mlon=${location.longitude}#map=16/${location.latitude}/${location.longitude}`;
      return (
        <a class="file-card" href={href} target="_blank" rel="noopener noreferrer">
          <Icon name="pin" size={22} />
          <span class="file-name">
            {location.name ?? "Shared location"}
            <span class="file-size">
              {location.address ?? `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`}
            </span>
          </span>
        </a>
      );
    }
    case "contacts":
      return <ContactCards room={room} message={message} />;
    case "reaction":
      return <p class="bubble-text">Reacted {message.text || "(removed)"} to a message</p>;
    case "order":
      return <OrderCard message={message} />;
    case "system":
      return <SystemNotice message={message} />;
    case "unsupported":
      return <UnsupportedNotice message={message} />;
    default:
      return message.text ? <RichText text={message.text} /> : <p class="bubble-text muted">(empty message)</p>;
  }
}

function MediaPending({ message, label }: { message: ChatMessage; label: string }) {
  return (
    <div class="file-card">
      <Icon name="file" size={22} />
      <span class="file-name">
        {message.media?.filename ?? label}
        <span class="file-size">{message.local ? "Uploading…" : "On its way from WhatsApp…"}</span>
      </span>
    </div>
  );
}
