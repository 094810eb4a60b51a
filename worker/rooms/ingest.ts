import { MEDIA_CHECKSUM_MISMATCH } from "../channels/media-checksum";
import { adapterFor } from "../channels/registry";
import type { InboundMessage, ParsedWebhook, StatusUpdate } from "../channels/types";
import { channelById, openChannel } from "../db/channels";
import type { Db } from "../db/client";
import { roomOfOutbound } from "../db/provider-messages";
import type { channels } from "../db/schema";
import { campaignOfCallback } from "../domain/campaign";
import { boundProviderTime } from "../domain/window";
import { publishEvents } from "../events/publish";
import type { DomainEvent } from "../events/types";
import { keepCsatAnswer } from "../features/csat/service";
import { clock } from "../lib/clock";
import { errorForLog, log } from "../lib/log";
import { Problem } from "../lib/problem";
import { sendInBatches } from "../lib/queue-batches";
import { roomStub } from "./room-stub";
import { identityOf, keepBlocked, openRoomFor, relinkContact, routeInbound } from "./routing";

type Channel = typeof channels.$inferSelect;

/** Work that the `inbound` queue carries when it cannot be done at once (rule G6). */
export type InboundJob =
  | { kind: "message"; channelId: string; message: InboundMessage }
  | { kind: "status"; channelId: string; status: StatusUpdate }
  | {
      kind: "media";
      channelId: string;
      roomId: string;
      messageId: string;
      providerMediaId: string;
      /** The file's sha256 as the webhook named it (issue 12: checked after download); absent in older jobs. */
      sha256?: string | null;
    };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Puts one customer message into its room: dedupes repeats (G6), keeps blocked contacts' messages
 * aside (I6), opens a room when the contact has none unresolved (I1). For a known contact that is
 * one D1 round trip and one call to the room, which answers once the message is committed in its
 * SQLite (the index, the feed and the file fetch follow from its outbox). Throws when the room
 * cannot be reached; the caller then queues the message.
 */
export async function ingestMessage(env: Env, db: Db, channel: Channel, inbound: InboundMessage) {
  // Rule I2: a queued message may predate the parse-time bounds; its date is bounded again here.
  const message = { ...inbound, sentAt: boundProviderTime(inbound.sentAt, clock.now()) };
  // Rule R3: a tap on a CSAT rating goes to the conversation it rates and opens no room.
  const rated = await keepCsatAnswer(env, db, channel, message);
  if (rated) return rated;
  const routed = await routeInbound(db, channel, message.providerMessageId, message.contact, message.sentAt);
  if (routed.stored) return null;
  const { contact } = routed;
  if (contact.blockedAt) {
    await keepBlocked(db, channel, contact, message);
    return null;
  }
  let room = routed.room ?? (await openRoomFor(db, channel, contact, message.sentAt));
  for (let attempt = 0; attempt < 4; attempt++) {
    // A customer's message ends any snooze; the labels are left out (the inbox keeps the ones it shows).
    const listing = { channelName: channel.name, contactBlocked: false, snoozedUntil: null };
    const outcome = await roomStub(env, room.id).receiveInbound(identityOf(room, contact), message, listing);
    if (outcome.outcome !== "resolved") {
      await relinkOnNumberChange(db, channel, message);
      return { roomId: room.id, message: outcome.message };
    }
    // The room was resolved and has just written so to the index: open the contact's next room.
    await pause(25 * attempt);
    room = await openRoomFor(db, channel, contact, message.sentAt);
  }
  throw new Error("room kept answering resolved");
}

/** Issue 12: "customer changed number" re-links the contact to the new number, once the notice is in its room. */
async function relinkOnNumberChange(db: Db, channel: Channel, message: InboundMessage) {
  const system = message.details?.system;
  if (message.kind !== "system" || system?.type !== "user_changed_number" || !system.newExternalId) return;
  await relinkContact(db, channel, message.contact.externalId, system.newExternalId);
}

/**
 * Routes a delivery status to the room of the channel's organization's outbound message; false when
 * not known yet. Only the organization the signed webhook's channel belongs to is looked in (G6).
 */
export async function ingestStatus(env: Env, db: Db, channel: Channel, status: StatusUpdate): Promise<boolean> {
  const event = campaignStatusEvent(channel, status);
  if (event) {
    await publishEvents(env, [event]);
    return true;
  }
  const roomId = await roomOfOutbound(db, channel.organizationId, status);
  if (!roomId) return false;
  return roomStub(env, roomId).applyStatus(status);
}

/**
 * Issue 13: a campaign's message has no room; its status goes to the campaign as a domain event
 * (id from the message and status: a repeated webhook is the same event). Null for other messages.
 */
function campaignStatusEvent(channel: Channel, status: StatusUpdate): DomainEvent | null {
  const campaign = campaignOfCallback(status.callbackData ?? null);
  if (!campaign) return null;
  const { providerMessageId } = status;
  return {
    type: "campaign.recipient_status",
    organizationId: channel.organizationId,
    id: `${providerMessageId}:${status.status}`,
    at: clock.now(),
    ...campaign,
    status: status.status,
    errorCode: status.error?.code ?? null,
    providerMessageId,
  };
}

/**
 * Fetches an inbound message's file from the provider into R2 (through the channel kind's adapter)
 * and attaches it to the message. Throws on a provider failure, so that the queue retries; a file
 * that does not match the webhook's sha256 is not stored (issue 12) and is retried the same way.
 */
export async function fetchInboundMedia(env: Env, db: Db, job: Extract<InboundJob, { kind: "media" }>) {
  const channel = await channelById(db, job.channelId);
  if (!channel) return;
  const key = `media/${channel.organizationId}/${job.roomId}/${job.messageId}`;
  const adapter = adapterFor(channel.kind);
  const file = await adapter.fetchMedia(env, await openChannel(channel), job.providerMediaId, key, job.sha256 ?? null);
  if (!file.ok) {
    const code = file.error.code === MEDIA_CHECKSUM_MISMATCH ? MEDIA_CHECKSUM_MISMATCH : "media_fetch_failed";
    throw new Problem(502, code, `${file.error.code}: ${file.error.title}`);
  }
  await roomStub(env, job.roomId).attachMedia(job.messageId, { key, mimeType: file.mimeType, size: file.size });
}

/**
 * Issue 12: how many times the queue tries a status whose message is not known: enough for a send
 * still being recorded (the retries back off 2 s, 4 s), not ten times into the dead-letter queue.
 */
export const UNKNOWN_STATUS_ATTEMPTS = 3;

/** Runs one queued job (`attempts`: the queue's count, from 1); throws to have the queue retry it. */
export async function runInboundJob(env: Env, db: Db, job: InboundJob, attempts = 1): Promise<void> {
  if (job.kind === "media") return fetchInboundMedia(env, db, job);
  const channel = await channelById(db, job.channelId);
  if (!channel) {
    log("warn", "inbound.channel_gone", { channelId: job.channelId });
    return;
  }
  if (job.kind === "message") {
    await ingestMessage(env, db, channel, job.message);
    return;
  }
  // Issue 12: a few delayed retries cover a send still being recorded; a status for a message this
  // platform never sent is then recorded (logged) once and dropped, not retried into the DLQ.
  if (!(await ingestStatus(env, db, channel, job.status))) {
    if (attempts < UNKNOWN_STATUS_ATTEMPTS) throw new Error("status for an unknown message, retry later");
    log("info", "status.unknown_message", {
      channelId: channel.id,
      providerMessageId: job.status.providerMessageId,
      status: job.status.status,
    });
  }
}

/**
 * At most this many messages and statuses of one webhook are worked before the webhook is answered;
 * the rest go on the `inbound` queue (rule G6: nothing is lost, and a webhook carrying thousands of
 * messages is answered in bounded time, well inside the provider's timeout).
 */
export const INLINE_LIMIT = 20;

/**
 * Applies what one signed webhook carried, for the channels it named (`byKey`: the provider's channel
 * key, WhatsApp's phone_number_id, to the channel). A message whose room cannot be reached, a status
 * for a message not known yet, and whatever is beyond `INLINE_LIMIT` go on the `inbound` queue:
 * nothing is lost (G6). Returns how many messages and statuses were stored or queued; those for a
 * channel the signature does not cover are left out, and not counted.
 */
export async function deliverParsed(env: Env, db: Db, byKey: Map<string, Channel>, parsed: ParsedWebhook) {
  const covered = <T extends { channelKey: string }>(items: T[]) =>
    items.flatMap((item) => {
      const channel = byKey.get(item.channelKey);
      return channel ? [{ channel, item }] : [];
    });
  const messages = covered(parsed.messages);
  const statuses = await publishCampaignStatuses(env, covered(parsed.statuses));
  const inlineStatuses = Math.max(0, INLINE_LIMIT - messages.length);
  // Concurrently across contacts, in order within each contact (G6: a customer's messages keep their order).
  const lanes = new Map<string, Promise<void>>();
  const inLane = (key: string, work: () => Promise<void>) =>
    lanes.set(key, (lanes.get(key) ?? Promise.resolve()).then(work));
  for (const { channel, item } of messages.slice(0, INLINE_LIMIT)) {
    inLane(`${channel.id}/${item.contact.externalId}`, () => deliverMessage(env, db, channel, item));
  }
  await Promise.all(lanes.values());
  lanes.clear();
  for (const { channel, item } of statuses.slice(0, inlineStatuses)) {
    inLane(item.providerMessageId, () => deliverStatus(env, db, channel, item));
  }
  await Promise.all(lanes.values());
  // Queued after the inline ones, in the webhook's order: a contact's later messages stay later.
  await queueJobs(env, [
    ...messages
      .slice(INLINE_LIMIT)
      .map(({ channel, item }): InboundJob => ({ kind: "message", channelId: channel.id, message: item })),
    ...statuses
      .slice(inlineStatuses)
      .map(({ channel, item }): InboundJob => ({ kind: "status", channelId: channel.id, status: item })),
  ]);
  return messages.length + statuses.length;
}

/**
 * Issue 13: the statuses of campaign messages (Meta batches up to 1,000 updates in one webhook) go
 * to the events queue together, whatever their number; returns the other statuses. When the queue
 * cannot take them now they stay with the others, which are retried from the `inbound` queue.
 */
async function publishCampaignStatuses<T extends { channel: Channel; item: StatusUpdate }>(env: Env, statuses: T[]) {
  const events: DomainEvent[] = [];
  const rest: T[] = [];
  for (const entry of statuses) {
    const event = campaignStatusEvent(entry.channel, entry.item);
    if (event) events.push(event);
    else rest.push(entry);
  }
  if (events.length === 0) return statuses;
  try {
    await publishEvents(env, events);
    return rest;
  } catch (err) {
    log("warn", "status.queued", { reason: errorForLog(err) });
    return statuses;
  }
}

/** Puts jobs on the `inbound` queue in batches within the queue's limits, in order. */
async function queueJobs(env: Env, jobs: InboundJob[]) {
  await sendInBatches(
    env.INBOUND_QUEUE,
    jobs.map((body) => ({ body })),
  );
  if (jobs.length > 0) log("info", "inbound.queued_overflow", { jobs: jobs.length });
}

async function deliverMessage(env: Env, db: Db, channel: Channel, message: InboundMessage) {
  try {
    await ingestMessage(env, db, channel, message);
  } catch (err) {
    log("warn", "inbound.queued", { reason: errorForLog(err) });
    const job: InboundJob = { kind: "message", channelId: channel.id, message };
    await env.INBOUND_QUEUE.send(job);
  }
}

/** A status for a message whose send is still being recorded is retried from the queue. */
async function deliverStatus(env: Env, db: Db, channel: Channel, status: StatusUpdate) {
  let applied = false;
  try {
    applied = await ingestStatus(env, db, channel, status);
  } catch (err) {
    log("warn", "status.queued", { reason: errorForLog(err) });
  }
  if (!applied) {
    const job: InboundJob = { kind: "status", channelId: channel.id, status };
    await env.INBOUND_QUEUE.send(job, { delaySeconds: 2 });
  }
}
