/**
 * One Durable Object per campaign (T6-T8, issue 13, item 3): the single writer of its recipients.
 * Its alarm is the only thing that hands recipients to a send: each tick claims at most the
 * channel's per-second budget (`sending`, attempt recorded, in one transaction) and puts them on
 * CAMPAIGN_QUEUE; the queue's consumer (`sender.ts`) takes them once (`take`), charges, sends and
 * reports back (`report`), one call each per queue batch. A cron only calls `rearm` (never sends).
 * The tick itself is in `campaign-tick.ts`.
 */
import { createDb } from "../../db/client";
import {
  failureAction,
  isOfCurrentSend,
  nextState,
  type RecipientState,
  reasonWhenSent,
  statusFailureReason,
  UNKNOWN_OUTCOME,
} from "../../domain/campaign";
import { engagementBlockedUntil } from "../../domain/messaging-limit";
import { clock } from "../../lib/clock";
import { refundSend } from "../billing/service";
import { CampaignTicker, FINAL, SLOW_MS, TICK_MS } from "./campaign-tick";
import { blockEngagement } from "./limits";
import { addOptOut } from "./opt-outs";
import { costOf, paramsOf, receiptOf } from "./recipient-store";
import type {
  CampaignConfig,
  CampaignProgress,
  NewRecipient,
  RecipientStatus,
  RecipientView,
  SendJob,
  SendOutcome,
  SendReport,
} from "./types";

export class CampaignDO extends CampaignTicker {
  // ---- RPC -----------------------------------------------------------------------------------

  /** Stores the campaign and its recipients once (idempotent) and arms the first tick. */
  async init(config: CampaignConfig, recipients: NewRecipient[]): Promise<CampaignProgress> {
    if (!this.store.get("config")) {
      const now = clock.now();
      this.ctx.storage.transactionSync(() => {
        this.store.set("config", config);
        this.store.set("status", config.scheduledAt && config.scheduledAt > now ? "scheduled" : "running");
        this.store.insertAll(recipients, now);
      });
      await this.ctx.storage.setAlarm(Math.max(now, config.scheduledAt ?? now));
    }
    return this.progress();
  }

  recipients(opts: { state?: RecipientState | undefined; after: number; limit: number }): RecipientView[] {
    return this.store.page(opts);
  }

  /**
   * A sender takes the claimed recipients of its queue message(s) in one call (item 3, item 9): the
   * job of each one not taken before, in one transaction; a redelivered or re-handed-out batch gets
   * only what is still untaken, so nothing is sent twice. Nothing once the campaign is cancelled.
   */
  take(items: readonly { id: number; attempt: number }[]): SendJob[] {
    if (this.status() === "cancelled") return [];
    const c = this.config();
    const now = clock.now();
    const jobs: SendJob[] = [];
    this.ctx.storage.transactionSync(() => {
      for (const { id, attempt } of items) {
        const row = this.store.row(id);
        if (!row || !this.store.start(id, attempt, now)) continue;
        jobs.push({
          campaignId: c.id,
          recipientId: id,
          attempt,
          phone: row.phone,
          params: paramsOf(row),
          organizationId: c.organizationId,
          channelId: c.channelId,
          templateName: c.templateName,
          language: c.language,
          category: c.category,
          urlButtonIndexes: c.urlButtonIndexes,
          headerMedia: c.headerMedia ?? null,
          perSecond: Math.max(1, this.budget(c, now)),
        });
      }
    });
    return jobs;
  }

  /** The sender's outcomes for recipients it took (`take`); a second report of one attempt changes nothing. */
  async report(reports: readonly SendReport[]): Promise<void> {
    const now = clock.now();
    for (const { id, attempt, outcome } of reports) await this.reportOne(id, attempt, outcome, now);
    this.store.set("progressAt", now);
    await this.soon();
  }

  private async reportOne(id: number, attempt: number, outcome: SendOutcome, now: number): Promise<void> {
    const row = this.store.row(id);
    if (!row || row.attempt !== attempt || row.state !== "sending") return;
    if (outcome.kind === "sent") {
      const state: RecipientState = outcome.held ? "held" : "sent";
      const receipt = outcome.receipt ? JSON.stringify(outcome.receipt) : null;
      this.store.update(id, { state, wamid: outcome.providerMessageId, receipt, cost: costOf(outcome.receipt) }, now);
    } else if (outcome.kind === "no_balance" || outcome.kind === "limit_reached") {
      // T7: the money ran out (or the number's daily messaging limit, issue 13 item 6): this one
      // and every one still queued fail; nothing more is claimed. Retry sends them later.
      const reason = outcome.kind === "no_balance" ? "insufficient_balance" : "messaging_limit_reached";
      this.ctx.storage.transactionSync(() => {
        this.store.update(id, { state: "failed", reason }, now);
        this.store.endQueued("failed", reason, now);
      });
    } else if (outcome.kind === "cancelled") {
      this.store.update(id, { state: "cancelled", reason: "campaign_cancelled" }, now);
    } else if (outcome.kind === "deferred") {
      // The number's throughput is taken for the next seconds: send it later, and claim less meanwhile.
      this.store.set("slowUntil", now + SLOW_MS);
      this.store.update(id, { state: "queued", not_before: now + TICK_MS }, now);
    } else {
      await this.failed(row.id, row.errors, outcome, now);
    }
  }

  private async failed(id: number, errors: number, outcome: Extract<SendOutcome, { kind: "failed" }>, now: number) {
    const action = failureAction(outcome.code, outcome.httpStatus, errors + 1);
    switch (action.kind) {
      case "retry_number":
        // 130429: the number is over its throughput; the sender has backed the number off (ThroughputDO),
        // this one goes again (not an error of its own).
        this.store.update(id, { state: "queued", not_before: now + TICK_MS }, now);
        return;
      case "retry_recipient":
        this.store.update(id, { state: "queued", not_before: now + action.delayMs, errors: errors + 1 }, now);
        return;
      case "unknown_outcome":
        // Never re-sent automatically: the message may have gone out. Its charge stays until a
        // status says otherwise (a `failed` status refunds it).
        this.store.update(
          id,
          {
            state: "failed",
            reason: UNKNOWN_OUTCOME,
            receipt: outcome.receipt ? JSON.stringify(outcome.receipt) : null,
          },
          now,
        );
        this.store.update(id, { cost: costOf(outcome.receipt) }, now);
        return;
      case "fail_recipient":
        this.store.update(id, { state: "failed", reason: action.reason }, now);
        if (action.reason === "opted_out") await this.optOut(id);
        if (action.reason === "meta_engagement_limit") await this.engagementLimited(id, now);
        return;
      case "stop_campaign":
        this.stop(action.reason, now);
        this.store.update(id, { state: "failed", reason: action.reason }, now);
    }
  }

  /** The template was paused or disabled, or the number restricted: nothing more is sent (T8). */
  stop(reason: string, now = clock.now()): void {
    if (FINAL.has(this.status())) return;
    this.ctx.storage.transactionSync(() => {
      this.store.set("stopReason", reason);
      this.store.endQueued("failed", reason, now);
    });
  }

  /** Status webhooks (via the `campaign.status` event): forward only, idempotent (item 3). */
  async applyStatuses(updates: RecipientStatus[]): Promise<void> {
    const now = clock.now();
    let changed = false;
    for (const u of updates) {
      const row = this.store.row(u.recipientId);
      if (!row || !isOfCurrentSend(row, u)) continue;
      const next = nextState(row.state, u.status, row.reason);
      if (!next) continue;
      changed = true;
      if (next === "failed") {
        const reason = statusFailureReason(u.errorCode);
        // What follows a failure is done before the failure is recorded: were the object evicted or
        // D1 to fail in between, the re-delivered status still finds the recipient to fail. Each is
        // idempotent. Meta bills only what it delivers: a message it reports failed is given back (B7).
        const receipt = receiptOf(row);
        if (receipt) await refundSend(createDb(this.env.DB), receipt, now);
        if (reason === "opted_out") await this.optOut(row.id);
        if (reason === "meta_engagement_limit") await this.engagementLimited(row.id, now);
        this.store.update(row.id, { state: "failed", reason, wamid: row.wamid ?? u.providerMessageId, cost: 0 }, now);
        if (reason === "template_paused" || reason === "template_disabled") this.stop(reason, now);
      } else {
        // Issue 13 item 4, B7: one refunded after 48 h with no status (`no_status`) went out after all:
        // it counts as sent and its charge stays given back (never taken twice).
        const reason = reasonWhenSent(row.reason);
        this.store.update(row.id, { state: next, reason, wamid: row.wamid ?? u.providerMessageId }, now);
      }
    }
    if (changed) {
      this.store.set("progressAt", now);
      await this.soon();
    }
  }

  /** Whether the campaign was cancelled: a sender stops its batch then (T6: within 2 s). */
  cancelled(): boolean {
    return this.status() === "cancelled";
  }

  /** Cancel (T6): nothing more is handed out; a sender stops what it took within a second. */
  async cancel(): Promise<CampaignProgress> {
    if (!FINAL.has(this.status())) {
      const now = clock.now();
      this.ctx.storage.transactionSync(() => {
        this.store.set("status", "cancelled");
        this.store.endQueued("cancelled", "campaign_cancelled", now);
        this.store.cancelUnstarted(now);
      });
      await this.sync();
      await this.soon();
    }
    return this.progress();
  }

  /** T7: failed recipients back to `queued`; the caller checked the campaign is not running. */
  async retry(): Promise<{ requeued: number; progress: CampaignProgress }> {
    const now = clock.now();
    let requeued = 0;
    this.ctx.storage.transactionSync(() => {
      requeued = this.store.requeueFailed(now);
      if (requeued > 0) {
        this.store.set("status", "running");
        this.store.set("stopReason", null);
      }
    });
    if (requeued > 0) {
      await this.sync();
      await this.ctx.storage.setAlarm(now);
    }
    return { requeued, progress: this.progress() };
  }

  /** The cron's safety net: an alarm for a campaign that should be running and has none. */
  async rearm(): Promise<boolean> {
    if (!this.store.get("config")) return false;
    // An ended campaign still has an alarm's work while a recipient's room is to be told (I3).
    if (FINAL.has(this.status()) && !this.store.roomPending()) return false;
    if ((await this.ctx.storage.getAlarm()) !== null) return false;
    await this.ctx.storage.setAlarm(clock.now());
    return true;
  }

  /** 131049 on a MARKETING send: no MARKETING campaign sends to this customer for 24 h (issue 13). */
  private async engagementLimited(id: number, now: number): Promise<void> {
    const row = this.store.row(id);
    const config = this.config();
    if (!row || config.category !== "MARKETING") return;
    await blockEngagement(createDb(this.env.DB), config.organizationId, row.phone, engagementBlockedUntil(now), now);
  }

  private async optOut(id: number): Promise<void> {
    const row = this.store.row(id);
    if (row) await addOptOut(createDb(this.env.DB), this.config().organizationId, row.phone, "provider", clock.now());
  }
}
