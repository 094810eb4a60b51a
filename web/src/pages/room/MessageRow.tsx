import type { Room } from "../../api";
import { Icon } from "../../components/Icon";
import { clockTime, fullTime, isoTime } from "../../format";
import { t } from "../../i18n";
import { type ChatMessage, messagesById, replyTo } from "../../state/room";
import { discardSend, retrySend } from "../../state/room-send";
import { MessageBody } from "./MessageBody";
import { BillingDetails, ChangeMarks, EmailFullText, MessageOrigin, ReplyDetails } from "./MessageExtras";

/** One message of the conversation: its day separator, bubble, ticks, reactions and failure (rule I13 words). */

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
  const label = STATUS_LABEL[status] ? t(STATUS_LABEL[status]) : status;
  return (
    <span class={`ticks ticks-${status}`} data-testid="ticks" data-status={status} title={label}>
      <Icon name={icon} size={15} />
      <span class="visually-hidden">{label}</span>
    </span>
  );
}

function authorLabel(message: ChatMessage, room: Room): string {
  if (message.direction === "in") return message.authorName ?? room.contactName ?? t("Customer");
  return outboundAuthor(message) ?? t("Agent");
}

/** Who sent an outbound message: its agent, or the broadcast it was part of (rule I3). */
function outboundAuthor(message: ChatMessage): string | null {
  const broadcast = message.details?.broadcast;
  if (broadcast) return broadcast.name ? t("Broadcast · {name}", { name: broadcast.name }) : t("Broadcast");
  return message.authorName;
}

export function MessageRow({
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
              {t("Private note · {name}", { name: message.authorName ?? t("Agent") })}
            </p>
          )}
          {side === "out" && outboundAuthor(message) && <p class="bubble-author">{outboundAuthor(message)}</p>}
          <span class="visually-hidden">{side === "note" ? "" : `${authorLabel(message, room)}: `}</span>
          {message.replyToId && (
            <blockquote class="quote">
              {quoted ? (
                <>
                  <span class="quote-author">{authorLabel(quoted, room)}</span>
                  <span class="quote-text">{snippet(quoted)}</span>
                </>
              ) : (
                <span class="quote-text">{t("Reply to an earlier message")}</span>
              )}
            </blockquote>
          )}
          <MessageOrigin message={message} />
          <MessageBody room={room} message={message} />
          <ReplyDetails details={message.details} />
          <EmailFullText details={message.details} />
          {side === "out" && <BillingDetails details={message.details} />}
          <p class="bubble-meta">
            {message.kind === "template" && <span class="tag">{t("Template")}</span>}
            <ChangeMarks details={message.details} />
            <time dateTime={isoTime(message.sentAt)} title={fullTime(message.sentAt)}>
              {clockTime(message.sentAt)}
            </time>
            {side === "out" && !failure && <Ticks status={message.status} />}
          </p>
          {reactions.length > 0 && (
            <span class="reactions" title={t("Reactions")}>
              {reactions.join(" ")}
            </span>
          )}
        </div>
        {message.status === "failed" && message.error && (
          <p class="msg-error" role="note">
            <Icon name="alert" size={14} />
            <span>
              {t("Not delivered: {reason}", { reason: message.error.title })}
              {message.error.detail ? ` — ${message.error.detail}` : ""}
            </span>
          </p>
        )}
        {failure && (
          <div class="msg-error" role="alert">
            <Icon name="alert" size={14} />
            <span>{t("Not sent. {reason}", { reason: failure })}</span>
            <button type="button" class="link-button" onClick={() => retrySend(message.id)}>
              {t("Try again")}
            </button>
            <button type="button" class="link-button" onClick={() => discardSend(message.id)}>
              {t("Discard")}
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
            aria-label={t("Reply to {name}: {text}", { name: authorLabel(message, room), text: snippet(message) })}
            title={t("Reply")}
          >
            <Icon name="reply" size={16} />
          </button>
        )}
      </li>
    </>
  );
}

const KIND_LABEL: Record<string, string> = {
  image: "Photo",
  video: "Video",
  audio: "Audio",
  voice: "Voice message",
  document: "Document",
  sticker: "Sticker",
  location: "Location",
  contacts: "Contact card",
  order: "Order",
};

export function snippet(message: ChatMessage): string {
  const text = message.text?.trim();
  if (text) return text.length > 90 ? `${text.slice(0, 89)}…` : text;
  if (message.kind === "document" && message.media?.filename) return message.media.filename;
  return t(KIND_LABEL[message.kind] ?? "Message");
}
