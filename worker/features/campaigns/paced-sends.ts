/**
 * A campaign batch's paid sends at their times (issue 13, item 3; T6): at most the number's budget in
 * any second, a late batch catching up on its times, and a stop within a second of a cancel.
 */
import type { ChannelAdapter } from "../../channels/adapter";
import type { ChannelAccount } from "../../channels/config";
import type { OutboundPayload, SendResult } from "../../channels/types";
import type { Db } from "../../db/client";
import { callbackDataOf, failureAction } from "../../domain/campaign";
import { sendTimeOf } from "../../domain/throughput";
import { clock } from "../../lib/clock";
import { errorForLog, log } from "../../lib/log";
import { type Receipt, refundSend } from "../billing/service";
import { campaignStub } from "./service";
import { throughputStub } from "./throughput-do";
import type { SendJob, SendOutcome } from "./types";

/** While a batch sends, it asks this often whether its campaign was cancelled (T6: stops within 2 s). */
const CANCEL_CHECK_MS = 500;

const waitUntilTime = (at: number) => {
  const ms = at - clock.now();
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
};

/** A moment's trouble reaching the campaign's object is not a cancel: the next check asks again. */
const wasCancelled = (env: Env, campaignId: string) =>
  campaignStub(env, campaignId)
    .cancelled()
    .catch(() => false);

export type Paid = { job: SendJob; receipt: Receipt | null; at: number };

/**
 * The paid sends, each at its time or, when timers ran late, as soon after it as the budget allows:
 * never more than `perSecond` in any second (`sendTimeOf`), so a late batch catches up without a second
 * of the provider's above the budget. Research §1.5: a 130429 backs the whole number off (once per
 * batch, however many came back).
 */
export async function sendPaced(
  env: Env,
  db: Db,
  adapter: ChannelAdapter,
  channel: ChannelAccount,
  paid: Paid[],
  perSecond: number,
  outcomes: Map<number, SendOutcome>,
): Promise<void> {
  const sends: Promise<void>[] = [];
  const sentAt: number[] = [];
  let checkedAt = clock.now();
  for (const [i, p] of paid.entries()) {
    await waitUntilTime(sendTimeOf(p.at, sentAt, perSecond));
    if (clock.now() - checkedAt >= CANCEL_CHECK_MS) {
      checkedAt = clock.now();
      if (await wasCancelled(env, p.job.campaignId)) {
        await giveBack(db, paid.slice(i), outcomes);
        break;
      }
    }
    sentAt.push(clock.now());
    sends.push(
      sendPaid(env, db, adapter, channel, p.job, p.receipt).then(
        (outcome) => {
          outcomes.set(p.job.recipientId, outcome);
        },
        (err) => {
          // Not known whether it went out (the refund of a refusal failed, say): never re-sent.
          log("error", "campaign.send_interrupted", { campaignId: p.job.campaignId, error: errorForLog(err) });
          outcomes.set(p.job.recipientId, { kind: "failed", code: "timeout", httpStatus: null, receipt: p.receipt });
        },
      ),
    );
  }
  await Promise.all(sends);
  const throttled = paid.some((p) => {
    const o = outcomes.get(p.job.recipientId);
    return o?.kind === "failed" && o.code === "130429";
  });
  if (throttled) await throughputStub(env, channel.id).throttled();
}

/** T6: the sends of a batch whose campaign was cancelled meanwhile: not sent, their charges given back. */
async function giveBack(db: Db, unsent: Paid[], outcomes: Map<number, SendOutcome>): Promise<void> {
  for (const { job, receipt } of unsent) {
    try {
      if (receipt) await refundSend(db, receipt, clock.now());
      outcomes.set(job.recipientId, { kind: "cancelled" });
    } catch (err) {
      // Not sent, but the charge could not be given back now: it stays, shown as the recipient's cost.
      log("error", "campaign.refund_failed", { campaignId: job.campaignId, error: errorForLog(err) });
      outcomes.set(job.recipientId, { kind: "failed", code: "timeout", httpStatus: null, receipt });
    }
  }
}

/** One paid recipient to the provider; a definite refusal is refunded (B7), an unknown outcome keeps its charge. */
async function sendPaid(
  env: Env,
  db: Db,
  adapter: ChannelAdapter,
  channel: ChannelAccount,
  job: SendJob,
  receipt: Receipt | null,
): Promise<SendOutcome> {
  let result: SendResult;
  try {
    result = await adapter.send(env, channel, payloadOf(job, job.phone.replace(/^\+/, "")));
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
    callbackData: callbackDataOf(job.campaignId, job.recipientId, job.attempt),
  };
}
