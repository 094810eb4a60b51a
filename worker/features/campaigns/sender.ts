/**
 * The CAMPAIGN_QUEUE consumer (issue 13, items 3 and 9): sends the recipients a campaign's object
 * claimed, a queue batch at a time. Per campaign in the batch: one `take` call hands out every
 * recipient not taken before (a redelivered batch, or one handed out again, gets only what is still
 * untaken: nothing is sent twice); the checks before a send (Meta's 131049 blocks, the number's
 * daily messaging limit) are one query and one D1 batch for all of them; their charges are one D1
 * batch (`chargeSends`; B7: still one idempotent charge per recipient and attempt); the sends go out
 * at the number's pace (`paced-sends.ts`) with the campaign and recipient in the provider's callback
 * data; one `report` call gives every outcome back.
 */

import type { ChannelAdapter } from "../../channels/adapter";
import type { ChannelAccount } from "../../channels/config";
import { adapterFor } from "../../channels/registry";
import { channelById, openChannel } from "../../db/channels";
import { createDb, type Db } from "../../db/client";
import { dailyLimitOf } from "../../domain/messaging-limit";
import { clock } from "../../lib/clock";
import { errorForLog, log } from "../../lib/log";
import { campaignContactId } from "../billing/conversations-repo";
import { chargeSends, type SendToCharge } from "../billing/service";
import { blockedAmong, reserveRecipients, tierOf } from "./limits";
import { type Paid, sendPaced } from "./paced-sends";
import { campaignStub } from "./service";
import { throughputStub } from "./throughput-do";
import type { SendBatchMessage, SendJob, SendOutcome, SendReport } from "./types";

/**
 * A batch's first send time is this far ahead, about its charges' time; when they take longer its
 * first sends catch up (`sendTimeOf`), still within the budget of every second.
 */
const PACE_LEAD_MS = 100;
/** A batch takes send times at most this far after that; the rest is claimed again later (`deferred`). */
const PACE_HORIZON_MS = 10_000;

/** Taken, but not known to be sent: never sent again automatically (item 3). */
const UNKNOWN: SendOutcome = { kind: "failed", code: "timeout", httpStatus: null, receipt: null };

export async function runCampaignBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  const byCampaign = new Map<string, { messages: Message<unknown>[]; items: SendBatchMessage["items"] }>();
  for (const message of batch.messages) {
    const body = message.body as SendBatchMessage;
    const group = byCampaign.get(body.campaignId) ?? { messages: [], items: [] };
    group.messages.push(message);
    group.items.push(...body.items);
    byCampaign.set(body.campaignId, group);
  }
  await Promise.all(
    [...byCampaign].map(async ([campaignId, group]) => {
      try {
        await sendCampaign(env, db, campaignId, group.items);
        for (const message of group.messages) message.ack();
      } catch (err) {
        // Only a failure before `take` answered gets here (what it took is always reported): the
        // messages are retried, and `take` hands out what was not taken yet.
        log("warn", "campaign.send_retry", { campaignId, error: errorForLog(err) });
        for (const message of group.messages) message.retry({ delaySeconds: 2 });
      }
    }),
  );
}

async function sendCampaign(env: Env, db: Db, campaignId: string, items: SendBatchMessage["items"]): Promise<void> {
  const stub = campaignStub(env, campaignId);
  const started = clock.now();
  const jobs = await stub.take(items);
  if (jobs.length === 0) return;
  const outcomes = new Map<number, SendOutcome>();
  // Where a batch's time goes (item 9): ms from the take to the end of each step (take, checks, charges, sends, report).
  const timings: Record<string, number> = { take: clock.now() - started };
  try {
    await sendJobs(env, db, jobs, outcomes, (step) => {
      timings[step] = clock.now() - started;
    });
  } catch (err) {
    log("error", "campaign.send_interrupted", { campaignId, error: errorForLog(err) });
  }
  const reports: SendReport[] = jobs.map((j) => ({
    id: j.recipientId,
    attempt: j.attempt,
    outcome: outcomes.get(j.recipientId) ?? UNKNOWN,
  }));
  try {
    await stub.report(reports);
  } catch (err) {
    // Once more; a report that never arrives leaves them `sending` until the object fails them unknown.
    log("warn", "campaign.report_retry", { campaignId, error: errorForLog(err) });
    await campaignStub(env, campaignId).report(reports);
  }
  timings.report = clock.now() - started;
  log("info", "campaign.batch_sent", { campaignId, recipients: jobs.length, ...timings });
}

/** The jobs of one campaign (one channel, one organization, one category): checks, charges, sends. */
async function sendJobs(
  env: Env,
  db: Db,
  jobs: SendJob[],
  outcomes: Map<number, SendOutcome>,
  done: (step: "checks" | "charges" | "sends") => void,
): Promise<void> {
  const first = jobs[0] as SendJob;
  const fail = (job: SendJob, outcome: SendOutcome) => outcomes.set(job.recipientId, outcome);
  const ready = await checkBeforeSend(db, jobs, fail);
  done("checks");
  if (ready.length === 0) return;
  const channel = await channelById(db, first.channelId).then((ch) => (ch ? openChannel(ch) : ch));
  if (!channel?.connected) {
    for (const j of ready) fail(j, failed("channel_unavailable", 400));
    return;
  }
  const adapter = adapterFor(channel.kind);
  // Item 3: each send gets its time from the number's throughput, shared by every batch and campaign.
  const slots = await throughputStub(env, channel.id).slots(
    ready.length,
    first.perSecond,
    PACE_LEAD_MS,
    PACE_HORIZON_MS,
  );
  for (const job of ready.slice(slots.length)) fail(job, { kind: "deferred" });
  const timed = ready.slice(0, slots.length);
  // B3, B7: one business-initiated conversation of the template's category per recipient, keyed on
  // campaign, recipient and attempt (a failed attempt is refunded, so at most one charge stands).
  const charges = await chargeSends(
    db,
    timed.map((j) => chargeOf(j, adapter, clock.now())),
  );
  done("charges");
  const paid: Paid[] = [];
  timed.forEach((job, k) => {
    const charge = charges[k];
    if (charge && "receipt" in charge) paid.push({ job, receipt: charge.receipt, at: slots[k] ?? 0 });
    else if (charge && "refused" in charge) {
      // Nothing was charged or sent: no money fails the rest (T7); a busy ledger tries again later.
      fail(job, charge.refused === "insufficient_balance" ? { kind: "no_balance" } : failed("billing_busy", null));
    }
    // An error: not known whether it was charged; reported as an unknown outcome, never re-sent.
  });
  await sendPaced(env, db, adapter, channel as ChannelAccount, paid, first.perSecond, outcomes);
  done("sends");
}

/**
 * Issue 13, item 6, before anything is charged: a MARKETING recipient Meta refused with 131049 in the
 * last 24 h is not sent (`engagement_blocked`); a recipient the number's daily messaging limit has
 * no place for is not sent (`limit_reached`: the campaign stops claiming). Answers the jobs that go on.
 */
async function checkBeforeSend(
  db: Db,
  jobs: SendJob[],
  fail: (job: SendJob, outcome: SendOutcome) => void,
): Promise<SendJob[]> {
  const first = jobs[0] as SendJob;
  const now = clock.now();
  /** The jobs `keep` says go on; every other one ends with `outcome`. */
  const only = (list: SendJob[], keep: (j: SendJob) => boolean, outcome: SendOutcome) =>
    list.filter((j) => {
      if (!keep(j)) fail(j, outcome);
      return keep(j);
    });
  let ready = jobs;
  if (first.category === "MARKETING") {
    const blocked = await blockedAmong(
      db,
      first.organizationId,
      ready.map((j) => j.phone),
      now,
    );
    ready = only(ready, (j) => !blocked.has(j.phone), failed("engagement_blocked", null));
  }
  const limit = dailyLimitOf(await tierOf(db, first.channelId));
  const reserved = await reserveRecipients(
    db,
    first.channelId,
    ready.map((j) => j.phone),
    limit,
    now,
  );
  return only(ready, (j) => reserved.has(j.phone), { kind: "limit_reached" });
}

const failed = (code: string, httpStatus: number | null): SendOutcome => ({
  kind: "failed",
  code,
  httpStatus,
  receipt: null,
});

function chargeOf(job: SendJob, adapter: ChannelAdapter, now: number): SendToCharge {
  const digits = job.phone.replace(/^\+/, "");
  return {
    organizationId: job.organizationId,
    channelId: job.channelId,
    contactId: campaignContactId(digits),
    contactExternalId: digits,
    roomId: `campaign:${job.campaignId}`,
    messageId: `cmp:${job.campaignId}:${job.recipientId}:${job.attempt}`,
    send: job.category,
    now,
    policy: adapter.policy,
  };
}
