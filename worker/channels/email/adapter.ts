/**
 * Email behind the channel adapter (rule G3, issue 16). A channel is one mailbox: the tenant's
 * support address (`config.address`, replies go out from it) and the channel's own inbound address
 * on the platform's domain, `<provider key>@inbound.<EMAIL_DOMAIN>`, which the tenant's mailbox
 * forwards to (Email Routing). Mail arrives through the Worker's `email()` handler
 * (features/email/receive.ts), not through a webhook; replies go out through the send_email
 * binding (sender.ts) with In-Reply-To / References of the customer's latest mail and
 * "Re: <subject>". No reply window (I2), no secrets.
 */
import { createDb } from "../../db/client";
import { threadOf } from "../../db/email-threads";
import { EMAIL_POLICY } from "../../domain/channel-policy";
import { problems } from "../../lib/problem";
import type { ChannelAdapter, ChannelRecord } from "../adapter";
import type { ChannelAccount } from "../config";
import { failed, providerError, R2_MEDIA_PREFIX, storedFile } from "../provider-http";
import type { OutboundPayload, ProviderError, SendResult } from "../types";
import { messageIdsOf, normalAddress } from "./mail";
import { emailSender } from "./sender";

type Account = ChannelAccount<"email">;

/** The channel's inbound address: where the tenant's mailbox forwards to. */
export const inboundAddressOf = (env: Env, token: string) => `${token}@inbound.${env.EMAIL_DOMAIN}`;

/** "Re: <subject>", once: a subject that already starts with Re: (or Indonesian Bls:) stays. */
export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  if (trimmed === "") return "Re: your message";
  return /^(re|bls|aw|sv)\s*:/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

/**
 * Cloudflare's send errors (research 5.2: E_HEADER_NOT_ALLOWED, E_HEADER_USE_API_FIELD, sender not
 * verified, daily quota) as the failed message's reason, in the adapters' common codes.
 */
export function sendErrorOf(err: unknown): ProviderError {
  const text = String((err as Error)?.message ?? err).slice(0, 300);
  const has = (re: RegExp) => re.test(text);
  if (has(/E_HEADER|header/i)) return providerError("invalid_request", "The email's headers were refused.", text);
  if (has(/quota|rate.?limit|too many/i))
    return providerError("rate_limited", "The daily sending limit is reached.", text);
  if (has(/sender|from address|not verified|unverified|destination/i))
    return providerError("sender_not_allowed", "This address may not send through Cloudflare yet.", text);
  if (has(/too large|size|exceed/i)) return providerError("too_large", "The email is too large to send.", text);
  if (has(/recipient|invalid address|\bto\b/i))
    return providerError("invalid_request", "The recipient was refused.", text);
  return providerError("provider_unavailable", "The email could not be sent.", text);
}

/** The text of an outbound payload (a CSAT choice lists its options: email has no buttons). */
function textOf(payload: OutboundPayload): string {
  if (payload.kind === "text") return payload.text;
  if (payload.kind === "choice") return `${payload.text}\n\n${payload.options.map((o) => `- ${o.title}`).join("\n")}`;
  if (payload.kind === "template") return "";
  return payload.caption ?? "";
}

async function attachmentOf(env: Env, payload: OutboundPayload): Promise<EmailAttachment[] | null> {
  if (!("providerMediaId" in payload)) return [];
  const key = payload.providerMediaId.startsWith(R2_MEDIA_PREFIX)
    ? payload.providerMediaId.slice(R2_MEDIA_PREFIX.length)
    : null;
  const file = key ? await storedFile(env, key) : null;
  if (!file) return null;
  const filename = payload.filename ?? file.filename;
  return [{ disposition: "attachment", filename, type: file.mimeType, content: file.bytes }];
}

async function sendEmail(env: Env, channel: Account, payload: OutboundPayload): Promise<SendResult> {
  if (payload.kind === "template") {
    return { ok: false, error: providerError("templates_unsupported", "Email has no template messages.") };
  }
  const attachments = await attachmentOf(env, payload);
  if (!attachments) return { ok: false, error: providerError("media_missing", "The file to send was not found.") };
  const to = normalAddress(payload.to);
  const thread = await threadOf(createDb(env.DB), channel.id, to);
  // Research 5.2: In-Reply-To and References are allowed; Message-ID and Date are Cloudflare's own.
  const headers: Record<string, string> = thread
    ? { "In-Reply-To": `<${thread.lastMessageId}>`, References: thread.references.map((id) => `<${id}>`).join(" ") }
    : {};
  try {
    const sent = await emailSender(env)({
      from: channel.config.address,
      to,
      subject: replySubject(thread?.subject ?? ""),
      text: textOf(payload),
      headers,
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    const [messageId] = messageIdsOf(sent.messageId);
    return { ok: true, providerMessageId: messageId ?? sent.messageId };
  } catch (err) {
    return { ok: false, error: sendErrorOf(err) };
  }
}

export const emailAdapter: ChannelAdapter<"email"> = {
  kind: "email",
  policy: EMAIL_POLICY,

  // Mail comes through the Worker's email() handler, never as an HTTP webhook.
  channelKeysOf: () => [],
  verify: async () => false,
  signerOf: (config) => config.address,
  parse() {
    throw problems.notFound("webhook for email (mail arrives through Email Routing)");
  },

  /** The channel's inbound address on the platform's domain, shown to the admin to forward to. */
  async connect(env, record) {
    const inboundAddress = inboundAddressOf(env, record.providerKey);
    return { ok: true, record: { ...record, config: { ...record.config, inboundAddress } } };
  },

  send: sendEmail,
  async uploadMedia(_env, _channel, file) {
    // The file goes with the send itself (an attachment): the send reads it from R2.
    if (!file.key) return failed(providerError("media_missing", "The file to send is not stored."));
    return { ok: true, providerMediaId: `${R2_MEDIA_PREFIX}${file.key}` };
  },
  /** An attachment was put in R2 when the mail arrived (`r2:<key>`): it moves to the message's key. */
  async fetchMedia(env, _channel, providerMediaId, key) {
    const staged = providerMediaId.startsWith(R2_MEDIA_PREFIX) ? providerMediaId.slice(R2_MEDIA_PREFIX.length) : "";
    const object = staged ? await env.MEDIA.get(staged) : null;
    if (!object) return failed(providerError("media_unavailable", "The attachment is no longer stored."));
    const mimeType = object.httpMetadata?.contentType ?? "application/octet-stream";
    const bytes = await object.arrayBuffer();
    await env.MEDIA.put(key, bytes, { httpMetadata: { contentType: mimeType } });
    await env.MEDIA.delete(staged);
    return { ok: true, mimeType, size: bytes.byteLength };
  },

  profile: ({ config }) => ({ address: config.address, inboundAddress: config.inboundAddress }),
  fromInput(input) {
    const token = crypto.randomUUID().replaceAll("-", "").slice(0, 20);
    return emailAdapter.withInput({ providerKey: token, config: { address: "", inboundAddress: "" } }, input);
  },
  withInput(current, input): ChannelRecord<"email"> {
    const address = typeof input.address === "string" ? normalAddress(input.address) : null;
    return { providerKey: current.providerKey, config: { ...current.config, ...(address ? { address } : {}) } };
  },
  providerWebhook: false,
  noChannelKey: { code: "not_an_email_webhook", detail: "Email arrives through Email Routing, not a webhook." },
  keyTaken: { code: "inbound_address_taken", detail: "This inbound address is already in use; try again." },
  uniqueConfig: {
    field: "address",
    code: "address_taken",
    detail: "Another email channel already uses this support address.",
  },
};
