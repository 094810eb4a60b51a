/**
 * The Worker's `email()` handler (issue 16, rules G3, G6, I1): a mail forwarded to an email
 * channel's inbound address lands in a room. The channel is found by the recipient (its inbound
 * token, `<token>[+anything]@inbound.<EMAIL_DOMAIN>`, else its support address when the tenant routes
 * that straight here); an unknown recipient is refused with `setReject` and nothing is stored.
 *
 * Threading: a mail whose In-Reply-To / References name a message of an unresolved room of the
 * channel lands in that room, even from another address (a colleague answering in the thread);
 * otherwise it lands in the sender's unresolved room, or opens one (I1: a room is one contact on
 * one channel, so a new subject from the same sender joins the sender's open room; after a resolve
 * it opens a new room). The Message-ID is the provider id: the same mail delivered twice is stored
 * once (G6). Attachments are put in R2 at once and moved to the message by the media job.
 */
import { type InboundMail, readMail } from "../../channels/email/mail";
import type { InboundMessage, MessageKind } from "../../channels/types";
import { type Channel, channelsByConfig, channelsByProviderKeys } from "../../db/channels";
import { createDb, type Db } from "../../db/client";
import { keepLatestMail, roomOfThread } from "../../db/email-threads";
import { boundProviderTime } from "../../domain/window";
import { clock } from "../../lib/clock";
import { log } from "../../lib/log";
import { deliverParsed } from "../../rooms/ingest";
import { storedProviderIds } from "../../rooms/routing";

/** Cloudflare Email Routing takes mail up to 25 MiB (research 5.1). */
export const MAX_MAIL_BYTES = 25 * 1024 * 1024;

/** The email channel a recipient address names, or null. */
export async function channelOfRecipient(env: Env, db: Db, recipient: string): Promise<Channel | null> {
  const address = recipient.trim().toLowerCase();
  const [local = "", domain = ""] = address.split("@");
  if (domain === `inbound.${env.EMAIL_DOMAIN}`.toLowerCase()) {
    const token = local.split("+")[0] ?? "";
    const [channel] = token ? await channelsByProviderKeys(db, "email", [token]) : [];
    return channel ?? null;
  }
  const [channel] = await channelsByConfig(db, "email", "address", [address]);
  return channel ?? null;
}

const kindOfType = (mimeType: string): MessageKind => {
  const top = mimeType.split("/")[0];
  return top === "image" || top === "video" || top === "audio" ? top : "document";
};

/** The mail as the room's messages: its text, then one message per attachment (each its own id). */
async function messagesOf(
  env: Env,
  db: Db,
  channel: Channel,
  mail: InboundMail,
  contact: InboundMessage["contact"],
  at: number,
) {
  // `automatic` only when it is (RFC 3834): an ordinary mail's details stay as they were.
  const email = {
    subject: mail.subject,
    from: mail.from.address,
    fullText: mail.fullText,
    ...(mail.automatic ? { automatic: true } : {}),
  };
  const common = {
    channelKey: channel.providerKey,
    contact,
    sentAt: boundProviderTime(mail.sentAt ?? at, at),
    location: null,
    contacts: null,
    replyToProviderId: mail.inReplyTo,
    reactionToProviderId: null,
    details: { email },
  };
  const messages: InboundMessage[] = [];
  if (mail.text !== "" || mail.attachments.length === 0) {
    const text = mail.text || (mail.subject ? `(${mail.subject})` : "(empty email)");
    messages.push({ ...common, providerMessageId: mail.messageId, kind: "text", text, media: null });
  }
  // G6: a mail delivered again stages no file for an attachment already kept (nothing would fetch it).
  const ids = mail.attachments.map((_, i) => `${mail.messageId}#${i + 1}`);
  const kept = ids.length > 0 ? await storedProviderIds(db, channel.organizationId, ids) : new Set<string>();
  for (const [i, file] of mail.attachments.entries()) {
    const providerMessageId = `${mail.messageId}#${i + 1}`;
    if (kept.has(providerMessageId)) continue;
    const staged = `email-inbound/${channel.id}/${crypto.randomUUID()}`;
    await env.MEDIA.put(staged, file.bytes, {
      httpMetadata: { contentType: file.mimeType },
      customMetadata: { filename: file.filename },
    });
    const media = { providerMediaId: `r2:${staged}`, mimeType: file.mimeType, filename: file.filename, sha256: null };
    messages.push({ ...common, providerMessageId, kind: kindOfType(file.mimeType), text: null, media });
  }
  return messages;
}

/** Applies one mail; answers what happened, for the sandbox and the log. */
export async function receiveEmail(
  message: ForwardableEmailMessage,
  env: Env,
): Promise<"stored" | "rejected" | "ignored"> {
  const db = createDb(env.DB);
  const receivedAt = clock.now();
  const channel = await channelOfRecipient(env, db, message.to);
  if (!channel) {
    log("warn", "email.unknown_recipient", {});
    message.setReject("550 5.1.1 No such mailbox here.");
    return "rejected";
  }
  if (message.rawSize > MAX_MAIL_BYTES) {
    message.setReject("552 5.3.4 The message is larger than 25 MiB.");
    return "rejected";
  }
  let mail: InboundMail;
  try {
    mail = await readMail(await new Response(message.raw).arrayBuffer());
  } catch {
    message.setReject("550 5.6.0 The message could not be read.");
    return "rejected";
  }
  const sender = mail.from.address || message.from.trim().toLowerCase();
  const own = channel.config as { address: string; inboundAddress: string };
  // Our own reply coming back through the tenant's forward is not a customer's message.
  if (!sender || sender === own.address || sender === own.inboundAddress) return "ignored";
  const threadIds = [...new Set([mail.inReplyTo, ...mail.references.toReversed()].filter((id) => id !== null))];
  const thread = await roomOfThread(db, channel.organizationId, channel.id, threadIds);
  const byOther = thread !== null && thread.address !== sender;
  const contact = byOther
    ? { externalId: thread.address, name: null }
    : { externalId: sender, name: mail.from.name, username: null };
  const messages = await messagesOf(
    env,
    db,
    channel,
    { ...mail, from: { ...mail.from, address: sender } },
    contact,
    receivedAt,
  );
  await deliverParsed(env, db, new Map([[channel.providerKey, channel]]), { messages, statuses: [] });
  // The mail a reply will answer (Re: its subject, In-Reply-To its id, References its thread).
  const references = [...mail.references, ...(mail.inReplyTo ? [mail.inReplyTo] : [])];
  const latest = {
    channelId: channel.id,
    address: contact.externalId,
    organizationId: channel.organizationId,
    subject: mail.subject,
    lastMessageId: mail.messageId,
    references: [...new Set(references)],
  };
  await keepLatestMail(db, latest, boundProviderTime(mail.sentAt ?? receivedAt, receivedAt));
  log("info", "email.received", { channelId: channel.id, parts: messages.length });
  return "stored";
}
