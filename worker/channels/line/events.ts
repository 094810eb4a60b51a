/**
 * LINE Messaging API webhooks into the common shape (rule G3): `{destination, events[]}`; an empty
 * `events` list is LINE's verification ping (nothing to apply, answered 200). One-to-one chats only
 * (`source.type` user). A message's provider id is its `webhookEventId`, the same on every
 * redelivery (rule G6: applied once); its file is fetched by the message id from the content API.
 */
import { z } from "zod";
import { boundProviderTime } from "../../domain/window";
import { capInbound } from "../provider-http";
import type { InboundMessage, MediaRef, MessageKind, ParsedWebhook } from "../types";

const Source = z.object({ type: z.string(), userId: z.string().max(100).optional() });
const LineMessage = z.object({
  id: z.string().max(100),
  type: z.string(),
  text: z.string().optional(),
  fileName: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  title: z.string().optional(),
  address: z.string().optional(),
  quotedMessageId: z.string().optional(),
});
const LineEvent = z.object({
  type: z.string(),
  webhookEventId: z.string().min(1).max(100),
  timestamp: z.number(),
  source: Source.optional(),
  message: LineMessage.optional(),
  postback: z.object({ data: z.string().max(300) }).optional(),
});
export const LineWebhookSchema = z.object({ destination: z.string().max(100), events: z.array(LineEvent).max(1000) });
type Event = z.infer<typeof LineEvent>;

const KINDS: Record<string, { kind: MessageKind; mimeType: string | null }> = {
  image: { kind: "image", mimeType: "image/jpeg" },
  video: { kind: "video", mimeType: "video/mp4" },
  audio: { kind: "audio", mimeType: "audio/m4a" },
  file: { kind: "document", mimeType: null },
};

function messageOf(event: Event, userId: string, channelKey: string, receivedAt: number): InboundMessage | null {
  const base = {
    providerMessageId: event.webhookEventId,
    channelKey,
    contact: { externalId: userId, name: null },
    sentAt: boundProviderTime(event.timestamp, receivedAt),
    location: null,
    contacts: null,
    replyToProviderId: null,
    reactionToProviderId: null,
  };
  if (event.type === "postback" && event.postback) {
    // A tapped quick reply (a CSAT rating, rule R3): its data is the option's id.
    const reply = {
      type: "button_reply",
      id: event.postback.data,
      title: null,
      description: null,
      payload: null,
      responseJson: null,
    };
    return { ...base, kind: "text", text: event.postback.data, media: null, details: { reply } };
  }
  const m = event.message;
  if (event.type !== "message" || !m) return null;
  if (m.type === "text") return { ...base, kind: "text", text: capInbound(m.text ?? ""), media: null };
  const file = KINDS[m.type];
  if (file) {
    const media: MediaRef = {
      providerMediaId: m.id,
      mimeType: file.mimeType,
      filename: capInbound(m.fileName ?? null, 255),
      sha256: null,
    };
    return { ...base, kind: file.kind, text: null, media };
  }
  if (m.type === "location" && m.latitude !== undefined && m.longitude !== undefined) {
    const location = {
      latitude: m.latitude,
      longitude: m.longitude,
      name: capInbound(m.title ?? null, 1024),
      address: capInbound(m.address ?? null, 1024),
    };
    return { ...base, kind: "location", text: null, media: null, location };
  }
  if (m.type === "sticker") return { ...base, kind: "sticker", text: null, media: null };
  return {
    ...base,
    kind: "unsupported",
    text: null,
    media: null,
    details: { unsupported: { type: m.type, errors: [] } },
  };
}

/** Throws a ZodError for a body that is not LINE's. */
export function parseLineWebhook(json: unknown, receivedAt: number, channelKey: string): ParsedWebhook {
  const body = LineWebhookSchema.parse(json);
  const messages: InboundMessage[] = [];
  for (const event of body.events) {
    if (event.source?.type !== "user" || !event.source.userId) continue;
    const message = messageOf(event, event.source.userId, channelKey, receivedAt);
    if (message) messages.push(message);
  }
  return { messages, statuses: [] };
}
