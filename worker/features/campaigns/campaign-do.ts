/**
 * One Durable Object per campaign (T6-T8, issue 13, item 3): the single writer of its recipients.
 * Its alarm is the only thing that hands recipients to a send: each tick claims at most the
 * channel's per-second budget (`sending`, attempt recorded, in one transaction) and puts them on
 * CAMPAIGN_QUEUE; the queue's consumer (`sender.ts`) takes each one once (`begin`), charges, sends
 * and reports back (`report`). A cron only calls `rearm` (never sends).
 */
import { DurableObject } from "cloudflare:workers";
import { createDb } from "../../db/client";
import type { CampaignStatus } from "../../db/schema-campaigns";
import { failureAction, finalStatus, nextState, type RecipientState, statusFailureReason } from "../../domain/campaign";
import { engagementBlockedUntil } from "../../domain/messaging-limit";
import { clock } from "../../lib/clock";
import { errorForLog, log } from "../../lib/log";
import { refundSend } from "../billing/service";
import { announceStatus } from "./announce";
import { blockEngagement } from "./limits";
import { addOptOut } from "./opt-outs";
import { costOf, paramsOf, RecipientStore, receiptOf } from "./recipient-store";
import { syncProgress } from "./repo";
import type {
  CampaignConfig,
  CampaignProgress,
  NewRecipient,
  RecipientStatus,
  RecipientView,
  SendBatchMessage,
  SendJob,
  SendOutcome,
} from "./types";

/** One tick a second: the per-second budget is spent at most once a second. */
export const TICK_MS = 1_000;
/** The share of the number's throughput a campaign takes; the rest is for inbox replies (item 3). */
export const CAMPAIGN_SHARE = 0.9;
/** Claimed but not taken by a sender after this long: the queue message is handed out again. */
export const UNSTARTED_MS = 15_000;
/** Taken by a sender that has not reported after this long: failed `unknown_outcome`, never re-sent. */
export const LOST_MS = 120_000;
/** After a 130429 the campaign sends at half its rate for this long. */
export const SLOW_MS = 10_000;
/** Recipients per queue message. */
const PER_MESSAGE = 10;

const FINAL: ReadonlySet<CampaignStatus> = new Set(["completed", "partially_completed", "failed", "cancelled"]);

export class CampaignDO extends DurableObject<Env> {
  private readonly store: RecipientStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RecipientStore(ctx.storage.sql);
  }

  private config(): CampaignConfig {
    const config = this.store.get<CampaignConfig>("config");
    if (!config) throw new Error("campaign not initialised");
    return config;
  }
  private status(): CampaignStatus {
    return this.store.get<CampaignStatus>("status") ?? "scheduled";
  }

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

  progress(): CampaignProgress {
    const config = this.config();
    const counts = this.store.counts(config.skipped);
    const total = Object.values(counts).reduce((a, b) => a + b, 0) - counts.skipped;
    return { status: this.status(), stopReason: this.store.get("stopReason"), counts, total, cost: this.store.cost() };
  }

  recipients(opts: { state?: RecipientState | undefined; after: number; limit: number }): RecipientView[] {
    return this.store.page(opts);
  }

  /** A sender takes one claimed recipient: its job the first time, null ever after (item 3, no double send). */
  begin(id: number, attempt: number): SendJob | null {
    const row = this.store.row(id);
    if (!row || this.status() === "cancelled") return null;
    if (!this.store.start(id, attempt, clock.now())) return null;
    const c = this.config();
    return {
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
    };
  }

  /** The sender's outcome for a recipient it took (`begin`); a second report of one attempt changes nothing. */
  async report(id: number, attempt: number, outcome: SendOutcome): Promise<void> {
    const row = this.store.row(id);
    if (!row || row.attempt !== attempt || row.state !== "sending") return;
    const now = clock.now();
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
    } else {
      await this.failed(row.id, row.errors, outcome, now);
    }
    this.store.set("progressAt", now);
    await this.soon();
  }

  private async failed(id: number, errors: number, outcome: Extract<SendOutcome, { kind: "failed" }>, now: number) {
    const action = failureAction(outcome.code, outcome.httpStatus, errors + 1);
    switch (action.kind) {
      case "retry_number":
        // 130429: the number is over its throughput; slow down, send this one again (not an error of its own).
        this.store.set("slowUntil", now + SLOW_MS);
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
            reason: "unknown_outcome",
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
      if (!row) continue;
      const next = nextState(row.state, u.status);
      if (!next) continue;
      changed = true;
      if (next === "failed") {
        const reason = statusFailureReason(u.errorCode);
        this.store.update(row.id, { state: "failed", reason, wamid: row.wamid ?? u.providerMessageId, cost: 0 }, now);
        const receipt = receiptOf(row);
        // Meta bills only what it delivers: a message it reports failed is given back (B7).
        if (receipt) await refundSend(createDb(this.env.DB), receipt, now);
        if (reason === "opted_out") await this.optOut(row.id);
        if (reason === "meta_engagement_limit") await this.engagementLimited(row.id, now);
        if (reason === "template_paused" || reason === "template_disabled") this.stop(reason, now);
      } else {
        this.store.update(row.id, { state: next, wamid: row.wamid ?? u.providerMessageId }, now);
      }
    }
    if (changed) {
      this.store.set("progressAt", now);
      await this.soon();
    }
  }

  /** Cancel (T6): nothing more is handed out; what a sender already took finishes. */
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
    if (!this.store.get("config") || FINAL.has(this.status())) return false;
    if ((await this.ctx.storage.getAlarm()) !== null) return false;
    await this.ctx.storage.setAlarm(clock.now());
    return true;
  }

  // ---- the tick ------------------------------------------------------------------------------

  override async alarm(): Promise<void> {
    const config = this.store.get<CampaignConfig>("config");
    if (!config) return;
    const now = clock.now();
    let status = this.status();
    if (status === "scheduled") {
      if (config.scheduledAt && config.scheduledAt > now) {
        await this.ctx.storage.setAlarm(config.scheduledAt);
        return;
      }
      status = "running";
      this.store.set("status", status);
    }
    let handOut: { id: number; attempt: number }[] = [];
    this.store.failLost(now - LOST_MS, now);
    if (!FINAL.has(status)) {
      handOut = [...this.store.unstarted(now - UNSTARTED_MS), ...this.store.claim(this.budget(config, now), now)];
    }
    try {
      await this.dispatch(config.id, handOut);
    } catch (err) {
      // Left claimed and unstarted: the next ticks hand them out again after UNSTARTED_MS.
      log("error", "campaign.dispatch_failed", { campaignId: config.id, error: errorForLog(err) });
    }
    const settled = this.settle();
    await this.sync();
    if (!settled) await this.ctx.storage.setAlarm(clock.now() + TICK_MS);
  }

  /** How many recipients this tick may claim: the channel's share, halved after a 130429. */
  private budget(config: CampaignConfig, now: number): number {
    if (this.store.get<string>("stopReason")) return 0;
    const slow = (this.store.get<number>("slowUntil") ?? 0) > now;
    const perSecond = Math.max(1, Math.floor(config.messagesPerSecond * CAMPAIGN_SHARE));
    return slow ? Math.max(1, Math.floor(perSecond / 2)) : perSecond;
  }

  private async dispatch(campaignId: string, items: { id: number; attempt: number }[]): Promise<void> {
    const messages: { body: SendBatchMessage }[] = [];
    for (let i = 0; i < items.length; i += PER_MESSAGE) {
      messages.push({ body: { campaignId, items: items.slice(i, i + PER_MESSAGE) } });
    }
    for (let i = 0; i < messages.length; i += 100) await this.env.CAMPAIGN_QUEUE.sendBatch(messages.slice(i, i + 100));
  }

  /** Ends a running campaign whose recipients are all settled; true when nothing is left to do. */
  private settle(): boolean {
    const status = this.status();
    const counts = this.store.counts(0);
    const open = counts.queued + counts.sending + counts.held;
    if (status === "cancelled") return counts.sending === 0;
    if (open > 0) return false;
    const success = counts.sent + counts.delivered + counts.read;
    this.store.set("status", finalStatus({ success, failed: counts.failed }));
    return true;
  }

  private async sync(): Promise<void> {
    const config = this.config();
    const p = this.progress();
    const key = JSON.stringify(p);
    if (this.store.get<string>("synced") === key) return;
    await syncProgress(
      createDb(this.env.DB),
      config.id,
      p,
      this.store.get<number>("progressAt") ?? clock.now(),
      clock.now(),
    );
    await announceStatus(this.env, this.store, config, p, clock.now()); // G5: campaign.started / .completed
    this.store.set("synced", key);
  }

  /** A tick soon, to write progress and end the campaign when it is settled. */
  private async soon(): Promise<void> {
    const at = await this.ctx.storage.getAlarm();
    const due = clock.now() + TICK_MS;
    if (at === null || at > due) await this.ctx.storage.setAlarm(due);
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
