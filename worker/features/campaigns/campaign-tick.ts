/**
 * The tick of a campaign's Durable Object (T6-T8, issue 13, item 3): once a second its alarm claims
 * the channel's per-second budget (more at the start, see `claimSize`) and hands the recipients to
 * CAMPAIGN_QUEUE, ends the campaign when every recipient is settled, and writes its progress to D1.
 * An ended campaign with `unknown_outcome` recipients wakes once more at their 48 h mark (issue 13 item 4).
 * CampaignDO (campaign-do.ts) adds the RPC the routes and the queue's sender call.
 */
import { DurableObject } from "cloudflare:workers";
import { createDb } from "../../db/client";
import type { CampaignStatus, RecipientCounts } from "../../db/schema-campaigns";
import { finalStatus } from "../../domain/campaign";
import { clock } from "../../lib/clock";
import { errorForLog, log } from "../../lib/log";
import { announceStatus } from "./announce";
import { settleNoStatus } from "./no-status";
import { RecipientStore } from "./recipient-store";
import { syncProgress } from "./repo";
import { tellRooms } from "./room-messages";
import type { CampaignConfig, CampaignProgress, SendBatchMessage } from "./types";

/** One tick a second: the per-second budget is spent at most once a second. */
export const TICK_MS = 1_000;
/** The share of the number's throughput a campaign takes; the rest is for inbox replies (item 3). */
export const CAMPAIGN_SHARE = 0.9;
/** A campaign starts with this many seconds of its budget claimed (see `claimSize`). */
const START_SECONDS = 5;
/** Claimed but not taken by a sender after this long: the queue message is handed out again. */
export const UNSTARTED_MS = 15_000;
/** Taken by a sender that has not reported after this long: failed `unknown_outcome`, never re-sent. */
export const LOST_MS = 120_000;
/** After a deferral (the number has no send time for it soon) the campaign claims at half its rate for this long. */
export const SLOW_MS = 10_000;
/**
 * Recipients per queue message (item 9): with the consumer's batches of up to 10 messages, one
 * invocation sends up to 500 recipients with one `take`, one `report`, one D1 batch of charges; at a
 * number's 72 campaign sends a second that is about 7 s of sends, so a batch's fixed costs (its
 * checks, charges and the wait for its last answers) weigh little even when batches run one at a time.
 */
const PER_MESSAGE = 50;

export const FINAL: ReadonlySet<CampaignStatus> = new Set(["completed", "partially_completed", "failed", "cancelled"]);

export abstract class CampaignTicker extends DurableObject<Env> {
  protected readonly store: RecipientStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RecipientStore(ctx.storage.sql);
  }

  protected config(): CampaignConfig {
    const config = this.store.get<CampaignConfig>("config");
    if (!config) throw new Error("campaign not initialised");
    return config;
  }
  protected status(): CampaignStatus {
    return this.store.get<CampaignStatus>("status") ?? "scheduled";
  }

  progress(): CampaignProgress {
    // A campaign whose set-up is still on its way (its row is written first) has nothing counted yet.
    const skipped = this.store.get<CampaignConfig>("config")?.skipped ?? 0;
    const counts = this.store.counts(skipped);
    const total = Object.values(counts).reduce((a, b) => a + b, 0) - counts.skipped;
    return { status: this.status(), stopReason: this.store.get("stopReason"), counts, total, cost: this.store.cost() };
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
      handOut = [...this.store.unstarted(now - UNSTARTED_MS), ...this.store.claim(this.claimSize(config, now), now)];
    }
    try {
      await this.dispatch(config.id, handOut);
    } catch (err) {
      // Left claimed and unstarted: the next ticks hand them out again after UNSTARTED_MS.
      log("error", "campaign.dispatch_failed", { campaignId: config.id, error: errorForLog(err) });
    }
    const counts = this.store.counts(0);
    const settled = this.settle(counts);
    // Rule I3: while recipients are still to send, rooms are told at a share of the campaign's pace.
    const sending = counts.queued + counts.sending > 0 ? this.budget(config, now) : null;
    // Only a failed recipient can be waiting for a status (issue 13 item 4): none, nothing to look for.
    const noStatusAt = counts.failed > 0 ? await settleNoStatus(this.env, this.store, now) : null;
    await this.sync();
    const roomsDue = await this.tellRooms(config, now, sending);
    if (!settled || roomsDue) await this.ctx.storage.setAlarm(clock.now() + TICK_MS);
    // Issue 13 item 4: a campaign done but for `unknown_outcome` recipients sleeps until the first
    // one's 48 h mark (not a tick a second), then refunds it (T7, B7).
    else if (noStatusAt !== null) await this.ctx.storage.setAlarm(Math.max(noStatusAt, clock.now() + TICK_MS));
  }

  /** Rule I3: the recipients' rooms learn of their messages; true while some are still to be told. */
  private async tellRooms(config: CampaignConfig, now: number, sendingBudget: number | null): Promise<boolean> {
    try {
      return await tellRooms(this.env, this.store, config, now, sendingBudget);
    } catch (err) {
      log("warn", "campaign.rooms_retry", { campaignId: config.id, error: errorForLog(err) });
      return true;
    }
  }

  /**
   * How many recipients this tick claims: a second's budget, or, while fewer are in flight (at the
   * start, say), as many as fill `START_SECONDS` of it, so that the sender's first batches are whole
   * ones. The number's throughput object spaces the sends however many are claimed at once.
   */
  private claimSize(config: CampaignConfig, now: number): number {
    const budget = this.budget(config, now);
    if (budget === 0) return 0;
    return Math.max(budget, budget * START_SECONDS - this.store.counts(0).sending);
  }

  /** The recipients a second of this campaign's sends: the channel's share, halved after a deferral. */
  protected budget(config: CampaignConfig, now: number): number {
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
  protected settle(counts: RecipientCounts): boolean {
    const status = this.status();
    const open = counts.queued + counts.sending + counts.held;
    if (status === "cancelled") return counts.sending === 0;
    if (open > 0) return false;
    const success = counts.sent + counts.delivered + counts.read;
    this.store.set("status", finalStatus({ success, failed: counts.failed }));
    return true;
  }

  protected async sync(): Promise<void> {
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
  protected async soon(): Promise<void> {
    const at = await this.ctx.storage.getAlarm();
    const due = clock.now() + TICK_MS;
    if (at === null || at > due) await this.ctx.storage.setAlarm(due);
  }
}
