/**
 * Messenger and Instagram webhooks into the common shape (rule G3): `{object: "page"|"instagram",
 * entry: [{id, messaging: [...]}]}`. A message's provider id is its `mid` (rule G6: a repeated
 * delivery is applied once); the Page's own sends coming back (`is_echo`) are skipped. Attachment
 * URLs expire: they are the file's provider id and fetched into R2 at once.
 */
import { z } from "zod";
import { boundProviderTime } from "../../domain/window";
import { log } from "../../lib/log";
import { capInbound } from "../provider-http";
import type { InboundMessage, MessageKind, ParsedWebhook } from "../types";

/**
 * Messenger and Instagram attachment files live on Meta's CDN (`*.fbcdn.net`, `*.fbsbx.com`, over
 * https). A URL elsewhere is never fetched: a webhook signed with a tenant's own app secret must not
 * make the Worker fetch an address of the tenant's choosing (SSRF) and keep the answer.
 */
export function isMetaCdnUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === "https:" && /(^|\.)(fbcdn\.net|fbsbx\.com)$/.test(hostname);
  } catch {
    return false;
  }
}

const Attachment = z.object({
  type: z.string(),
  payload: z.object({ url: z.string().url().max(2000).optional() }).nullish(),
});
const Messaging = z.object({
  sender: z.object({ id: z.string().max(100) }),
  recipient: z.object({ id: z.string().max(100) }),
  timestamp: z.number(),
  message: z
    .object({
      mid: z.string().max(300),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      quick_reply: z.object({ payload: z.string().max(1000) }).optional(),
      // A reply to a story carries `story` instead of a `mid`.
      reply_to: z.object({ mid: z.string().optional() }).optional(),
      attachments: z.array(Attachment).optional(),
    })
    .optional(),
  postback: z
    .object({ mid: z.string().max(300).optional(), payload: z.string().max(1000), title: z.string().optional() })
    .optional(),
});
/** The envelope; each `messaging` item is checked on its own, so one Meta sends in a new shape costs only itself. */
export const MetaWebhookSchema = z.object({
  object: z.string(),
  entry: z.array(z.object({ id: z.string().max(100), messaging: z.array(z.unknown()).max(1000).optional() })).max(1000),
});
type Item = z.infer<typeof Messaging>;

const KINDS: Record<string, { kind: MessageKind; mimeType: string | null }> = {
  image: { kind: "image", mimeType: "image/jpeg" },
  video: { kind: "video", mimeType: "video/mp4" },
  audio: { kind: "audio", mimeType: "audio/mp4" },
  file: { kind: "document", mimeType: null },
};

function messagesOf(item: Item, channelKey: string, receivedAt: number): InboundMessage[] {
  const m = item.message;
  const base = {
    channelKey,
    contact: { externalId: item.sender.id, name: null },
    sentAt: boundProviderTime(item.timestamp, receivedAt),
    location: null,
    contacts: null,
    reactionToProviderId: null,
  };
  if (item.postback) {
    const id = item.postback.mid ?? `postback:${item.sender.id}:${item.timestamp}`;
    const reply = {
      type: "postback",
      id: item.postback.payload,
      title: item.postback.title ?? null,
      description: null,
      payload: null,
      responseJson: null,
    };
    return [
      {
        ...base,
        providerMessageId: id,
        kind: "text",
        text: item.postback.title ?? item.postback.payload,
        media: null,
        replyToProviderId: null,
        details: { reply },
      },
    ];
  }
  if (!m || m.is_echo) return [];
  const replyToProviderId = m.reply_to?.mid ?? null;
  const out: InboundMessage[] = [];
  if (m.text !== undefined || m.quick_reply) {
    const reply = m.quick_reply
      ? {
          reply: {
            type: "quick_reply",
            id: m.quick_reply.payload,
            title: m.text ?? null,
            description: null,
            payload: null,
            responseJson: null,
          },
        }
      : null;
    out.push({
      ...base,
      providerMessageId: m.mid,
      kind: "text",
      text: capInbound(m.text ?? ""),
      media: null,
      replyToProviderId,
      ...(reply ? { details: reply } : {}),
    });
  }
  (m.attachments ?? []).forEach((a, i) => {
    const file = KINDS[a.type];
    const providerMessageId = out.length === 0 && i === 0 ? m.mid : `${m.mid}:${i}`;
    if (!file || !a.payload?.url || !isMetaCdnUrl(a.payload.url)) {
      out.push({
        ...base,
        providerMessageId,
        kind: "unsupported",
        text: null,
        media: null,
        replyToProviderId,
        details: { unsupported: { type: a.type, errors: [] } },
      });
      return;
    }
    const media = { providerMediaId: a.payload.url, mimeType: file.mimeType, filename: null, sha256: null };
    out.push({ ...base, providerMessageId, kind: file.kind, text: null, media, replyToProviderId });
  });
  return out;
}

/** Throws a ZodError for a body that is not Meta's. Items for other accounts than `entry.id`'s are dropped later. */
export function parseMetaWebhook(json: unknown, receivedAt: number): ParsedWebhook {
  const body = MetaWebhookSchema.parse(json);
  const messages = body.entry.flatMap((entry) =>
    (entry.messaging ?? []).flatMap((raw) => {
      const item = Messaging.safeParse(raw);
      if (item.success) return messagesOf(item.data, entry.id, receivedAt);
      // Signed by Meta but not a message we know (an opt-in with no sender…): skipped, the rest kept (G6).
      log("warn", "webhook.item_skipped", { channelKey: entry.id, issue: item.error.issues[0]?.message ?? "" });
      return [];
    }),
  );
  return { messages, statuses: [] };
}

export const accountIdsOf = (json: unknown): string[] => {
  const entry = (json as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entry)) return [];
  return entry.flatMap((e) => (typeof e?.id === "string" ? [e.id] : []));
};
