/**
 * Telegram Bot API updates into the common shape (rule G3). Private chats only (a customer writes
 * to the bot); groups and channel posts are not conversations here. A message's provider id is
 * `<chat id>:<message_id>` (message ids are per chat); a redelivered update (the same update_id)
 * carries the same message and is applied once (rule G6). Ids can exceed 32 bits: kept as strings.
 */
import { z } from "zod";
import { boundProviderTime } from "../../domain/window";
import { capInbound } from "../provider-http";
import type { InboundMessage, MediaRef, MessageKind, ParsedWebhook } from "../types";

const Id = z.union([z.number(), z.string()]).transform(String);
const File = z.object({
  file_id: z.string().min(1).max(300),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
});
const Message = z.object({
  message_id: z.number().int(),
  from: z
    .object({
      id: Id,
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      username: z.string().optional(),
    })
    .optional(),
  chat: z.object({ id: Id, type: z.string() }),
  date: z.number(),
  edit_date: z.number().optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(File).optional(),
  document: File.optional(),
  voice: File.optional(),
  audio: File.optional(),
  video: File.optional(),
  sticker: File.optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  reply_to_message: z.object({ message_id: z.number().int() }).optional(),
});
const CallbackQuery = z.object({
  id: z.string(),
  from: z.object({
    id: Id,
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    username: z.string().optional(),
  }),
  message: z.object({ message_id: z.number().int(), chat: z.object({ id: Id, type: z.string() }) }).optional(),
  data: z.string().max(64).optional(),
});
export const TelegramUpdateSchema = z.object({
  update_id: z.number().int(),
  message: Message.optional(),
  edited_message: Message.optional(),
  callback_query: CallbackQuery.optional(),
});
type TelegramMessage = z.infer<typeof Message>;
type Sender = NonNullable<TelegramMessage["from"]>;

const nameOf = (from: Sender | undefined) =>
  capInbound([from?.first_name, from?.last_name].filter(Boolean).join(" ") || from?.username || null, 100);

const media = (file: z.infer<typeof File>, mimeType: string | null): MediaRef => ({
  providerMediaId: file.file_id,
  mimeType: file.mime_type ?? mimeType,
  filename: capInbound(file.file_name ?? null, 255),
  sha256: null,
});

/** The kind, text and file of a message: the largest photo size, a document, a voice note... */
function contentOf(m: TelegramMessage): { kind: MessageKind; text: string | null; media: MediaRef | null } {
  const caption = capInbound(m.caption ?? null, 1024);
  const largest = m.photo?.at(-1);
  if (largest) return { kind: "image", text: caption, media: media(largest, "image/jpeg") };
  if (m.voice) return { kind: "voice", text: caption, media: media(m.voice, "audio/ogg") };
  if (m.audio) return { kind: "audio", text: caption, media: media(m.audio, "audio/mpeg") };
  if (m.video) return { kind: "video", text: caption, media: media(m.video, "video/mp4") };
  if (m.document) return { kind: "document", text: caption, media: media(m.document, "application/octet-stream") };
  if (m.sticker) return { kind: "sticker", text: null, media: media(m.sticker, "image/webp") };
  if (m.text !== undefined) return { kind: "text", text: capInbound(m.text), media: null };
  if (m.location) return { kind: "location", text: null, media: null };
  return { kind: "unsupported", text: null, media: null };
}

export const telegramMessageId = (chatId: string, messageId: number) => `${chatId}:${messageId}`;

function inbound(m: TelegramMessage, channelKey: string, receivedAt: number, edited: boolean): InboundMessage {
  const chatId = m.chat.id;
  const id = telegramMessageId(chatId, m.message_id);
  const { kind, text, media: file } = contentOf(m);
  const sentAt = boundProviderTime((edited ? (m.edit_date ?? m.date) : m.date) * 1000, receivedAt);
  return {
    providerMessageId: edited ? `${id}:edit:${m.edit_date ?? m.date}` : id,
    channelKey,
    contact: { externalId: chatId, name: nameOf(m.from), username: m.from?.username ?? null },
    sentAt,
    kind,
    text,
    media: file,
    location: m.location ? { ...m.location, name: null, address: null } : null,
    contacts: null,
    replyToProviderId: m.reply_to_message ? telegramMessageId(chatId, m.reply_to_message.message_id) : null,
    reactionToProviderId: null,
    ...(kind === "unsupported" ? { details: { unsupported: { type: null, errors: [] } } } : {}),
    ...(edited ? { change: { type: "edit" as const, targetProviderId: id } } : {}),
  };
}

/** Throws a ZodError for a body that is not a Telegram update. */
export function parseTelegramUpdate(json: unknown, receivedAt: number, channelKey: string): ParsedWebhook {
  const update = TelegramUpdateSchema.parse(json);
  const messages: InboundMessage[] = [];
  const m = update.message ?? update.edited_message;
  if (m && m.chat.type === "private") messages.push(inbound(m, channelKey, receivedAt, !update.message));
  const tap = update.callback_query;
  if (tap?.message && tap.message.chat.type === "private") {
    // A tapped inline button (a CSAT rating, rule R3) comes back as the customer's answer.
    messages.push({
      providerMessageId: `callback:${tap.id}`,
      channelKey,
      contact: { externalId: tap.message.chat.id, name: nameOf(tap.from), username: tap.from.username ?? null },
      sentAt: receivedAt,
      kind: "text",
      text: tap.data ?? null,
      media: null,
      location: null,
      contacts: null,
      replyToProviderId: telegramMessageId(tap.message.chat.id, tap.message.message_id),
      reactionToProviderId: null,
      details: {
        reply: {
          type: "button_reply",
          id: tap.data ?? null,
          title: null,
          description: null,
          payload: null,
          responseJson: null,
        },
      },
    });
  }
  return { messages, statuses: [] };
}
