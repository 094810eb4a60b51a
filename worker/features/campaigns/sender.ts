/**
 * The CAMPAIGN_QUEUE consumer (issue 13, item 3): sends the recipients a campaign's object claimed.
 * Each recipient is taken from the object once (`begin`: a redelivered batch, or a batch handed out
 * again, finds it taken and sends nothing), charged once per attempt (B7: the ledger's key names
 * campaign, recipient and attempt), sent through its channel's adapter with the campaign and
 * recipient in the provider's callback data, and its outcome reported back (`report`).
 */

import type { ChannelAccount } from "../../channels/config";
import { adapterFor } from "../../channels/registry";
import type { OutboundPayload, SendResult } from "../../channels/types";
import { channelById, openChannel } from "../../db/channels";
import { createDb, type Db } from "../../db/client";
import { callbackDataOf, failureAction } from "../../domain/campaign";
import { dailyLimitOf } from "../../domain/messaging-limit";
import { clock } from "../../lib/clock";
import { errorForLog, log } from "../../lib/log";
import { Problem } from "../../lib/problem";
import { chargeSend, type Receipt, refundSend } from "../billing/service";
import { blockedAmong, reserveRecipient, tierOf } from "./limits";
import { campaignStub } from "./service";
import type { SendBatchMessage, SendJob, SendOutcome } from "./types";

/** Sends at once per consumer invocation (Workers allow 6 simultaneous outgoing connections). */
const CONCURRENCY = 6;

type Channel = Awaited<ReturnType<typeof channelById>>;
/** What one consumer invocation reads once per channel: the channel and its daily messaging limit. */
interface Lookups {
  channel: (id: string) => Promise<Channel>;
  dailyLimit: (id: string) => Promise<number | null>;
}

function cached<T>(load: (id: string) => Promise<T>): (id: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (id) => {
    let value = seen.get(id);
    if (!value) {
      value = load(id);
      seen.set(id, value);
    }
    return value;
  };
}

export async function runCampaignBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  const lookups: Lookups = {
    channel: cached((id) => channelById(db, id).then((ch) => (ch ? openChannel(ch) : ch))),
    dailyLimit: cached(async (id) => dailyLimitOf(await tierOf(db, id))),
  };
  const work: { message: Message<unknown>; campaignId: string; id: number; attempt: number }[] = [];
  for (const message of batch.messages) {
    const body = message.body as SendBatchMessage;
    for (const item of body.items) work.push({ message, campaignId: body.campaignId, ...item });
  }
  const failedMessages = new Set<Message<unknown>>();
  let next = 0;
  const lane = async () => {
    for (let w = work[next++]; w; w = work[next++]) {
      try {
        await sendOne(env, db, w.campaignId, w.id, w.attempt, lookups);
      } catch (err) {
        // Only a failure before `begin` took the recipient gets here (a taken one always reports):
        // the message is retried, and `begin` hands out what was not taken yet.
        log("warn", "campaign.send_retry", { campaignId: w.campaignId, recipientId: w.id, error: errorForLog(err) });
        failedMessages.add(w.message);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  for (const message of batch.messages) {
    if (failedMessages.has(message)) message.retry({ delaySeconds: 2 });
    else message.ack();
  }
}

async function sendOne(
  env: Env,
  db: Db,
  campaignId: string,
  id: number,
  attempt: number,
  lookups: Lookups,
): Promise<void> {
  const stub = campaignStub(env, campaignId);
  const job = await stub.begin(id, attempt);
  if (!job) return;
  let outcome: SendOutcome;
  try {
    outcome =
      (await beforeSend(db, job, lookups)) ?? (await chargeAndSend(env, db, job, await lookups.channel(job.channelId)));
  } catch (err) {
    // Taken but not known to be sent: reported as an unknown outcome, never sent again (item 3).
    log("error", "campaign.send_interrupted", { campaignId, recipientId: id, error: errorForLog(err) });
    outcome = { kind: "failed", code: "timeout", httpStatus: null, receipt: null };
  }
  await stub.report(id, attempt, outcome);
}

/**
 * Issue 13, item 6, before anything is charged: a MARKETING recipient Meta refused with 131049 in the
 * last 24 h is not sent (`engagement_blocked`); a recipient the number's daily messaging limit has
 * no place for is not sent (`limit_reached`: the campaign stops claiming). Null: go ahead.
 */
async function beforeSend(db: Db, job: SendJob, lookups: Lookups): Promise<SendOutcome | null> {
  const now = clock.now();
  if (job.category === "MARKETING" && (await blockedAmong(db, job.organizationId, [job.phone], now)).size > 0) {
    return { kind: "failed", code: "engagement_blocked", httpStatus: null, receipt: null };
  }
  const limit = await lookups.dailyLimit(job.channelId);
  if (!(await reserveRecipient(db, job.channelId, job.phone, limit, now))) return { kind: "limit_reached" };
  return null;
}

async function chargeAndSend(env: Env, db: Db, job: SendJob, channel: Channel): Promise<SendOutcome> {
  if (!channel?.connected) return { kind: "failed", code: "channel_unavailable", httpStatus: 400, receipt: null };
  const adapter = adapterFor(channel.kind);
  const digits = job.phone.replace(/^\+/, "");
  let receipt: Receipt | null;
  try {
    // B3, B7: one business-initiated conversation of the template's category, keyed on campaign,
    // recipient and attempt (a failed attempt is refunded below, so at most one charge stands).
    receipt = await chargeSend(db, {
      organizationId: job.organizationId,
      channelId: job.channelId,
      contactId: `wa:${digits}`,
      contactExternalId: digits,
      roomId: `campaign:${job.campaignId}`,
      messageId: `cmp:${job.campaignId}:${job.recipientId}:${job.attempt}`,
      send: job.category,
      now: clock.now(),
      policy: adapter.policy,
    });
  } catch (err) {
    if (err instanceof Problem && err.code === "insufficient_balance") return { kind: "no_balance" };
    // Nothing was charged or sent: the recipient is tried again later.
    if (err instanceof Problem && err.code === "billing_busy") {
      return { kind: "failed", code: "billing_busy", httpStatus: null, receipt: null };
    }
    throw err;
  }
  const payload = payloadOf(job, digits);
  let result: SendResult;
  try {
    result = await adapter.send(env, channel as ChannelAccount, payload);
  } catch (err) {
    log("error", "campaign.adapter_threw", { campaignId: job.campaignId, error: errorForLog(err) });
    return { kind: "failed", code: "timeout", httpStatus: null, receipt };
  }
  if (result.ok)
    return { kind: "sent", providerMessageId: result.providerMessageId, held: result.held === true, receipt };
  const httpStatus = result.httpStatus ?? null;
  const unknown = failureAction(result.error.code, httpStatus, 1).kind === "unknown_outcome";
  // A definite refusal is not paid for (B7); an unknown outcome keeps its charge until a status says.
  if (receipt && !unknown) await refundSend(db, receipt, clock.now());
  return { kind: "failed", code: result.error.code, httpStatus, receipt: unknown ? receipt : null };
}

/** Rule T3: the template send with every parameter: the recipient's values, frozen at create. */
function payloadOf(job: SendJob, to: string): OutboundPayload {
  return {
    kind: "template",
    to,
    name: job.templateName,
    language: job.language,
    bodyVariables: job.params.body,
    header: job.params.header.length > 0 ? { kind: "text", text: job.params.header[0] ?? "" } : job.headerMedia,
    urlButtons: job.urlButtonIndexes.map((index, i) => ({ index, text: job.params.buttons[i] ?? "" })),
    callbackData: callbackDataOf(job.campaignId, job.recipientId),
  };
}
