import type { ComponentChildren } from "preact";
import type { Room } from "../../api";
import { Icon } from "../../components/Icon";
import { fileSize } from "../../format";
import { t } from "../../i18n";
import type { ChatMessage } from "../../state/room";
import { ContactCards, OrderCard } from "./MessageCards";
import { SystemNotice, UnsupportedNotice } from "./MessageExtras";

// A message's content in its bubble, by kind: text with links and formatting, files, places, cards.

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

export function MessageBody({ room, message }: { room: Room; message: ChatMessage }) {
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
                alt={
                  message.text
                    ? t("Photo: {caption}", { caption: message.text })
                    : message.kind === "sticker"
                      ? t("Sticker")
                      : t("Photo")
                }
                loading="lazy"
              />
            </a>
          ) : (
            <MediaPending message={message} label={t("Photo")} />
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
            <MediaPending message={message} label={t("Video")} />
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
              aria-label={message.kind === "voice" ? t("Voice message") : t("Audio")}
            >
              <track kind="captions" />
            </audio>
          ) : (
            <MediaPending message={message} label={message.kind === "voice" ? t("Voice message") : t("Audio")} />
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
              {media?.filename ?? t("Document")}
              {media?.size ? <span class="file-size">{fileSize(media.size)}</span> : null}
            </span>
            {url ? (
              <a href={url} target="_blank" rel="noopener" class="link-button">
                {t("Open")}
              </a>
            ) : (
              <span class="muted small">{message.local ? t("Uploading…") : t("On its way…")}</span>
            )}
          </div>
          {caption}
        </>
      );
    case "location": {
      const location = message.location;
      if (!location) return <p class="bubble-text muted">{t("Location")}</p>;
      const href = `https://www.openstreetmap.org/?mlat=${location.latitude}&mlon=${location.longitude}#map=16/${location.latitude}/${location.longitude}`;
      return (
        <a class="file-card" href={href} target="_blank" rel="noopener noreferrer">
          <Icon name="pin" size={22} />
          <span class="file-name">
            {location.name ?? t("Shared location")}
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
      return <p class="bubble-text">{t("Reacted {emoji} to a message", { emoji: message.text || t("(removed)") })}</p>;
    case "order":
      return <OrderCard message={message} />;
    case "system":
      return <SystemNotice message={message} />;
    case "unsupported":
      return <UnsupportedNotice message={message} />;
    default:
      return message.text ? <RichText text={message.text} /> : <p class="bubble-text muted">{t("(empty message)")}</p>;
  }
}

function MediaPending({ message, label }: { message: ChatMessage; label: string }) {
  return (
    <div class="file-card">
      <Icon name="file" size={22} />
      <span class="file-name">
        {message.media?.filename ?? label}
        <span class="file-size">{message.local ? t("Uploading…") : t("On its way from WhatsApp…")}</span>
      </span>
    </div>
  );
}
