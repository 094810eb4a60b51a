import { sealChannelSecrets } from "../db/channels";
import { createDb } from "../db/client";
import { pruneExpired } from "../db/identity";
import { LOCKOUT_WINDOW_MS } from "../domain/sign-in";
import { resetDueAccounts } from "../features/billing/service";
import { campaignsToRearm } from "../features/campaigns/repo";
import { campaignStub } from "../features/campaigns/service";
import { wakeDueSnoozes } from "../features/inbox/marks";
import { clock } from "../lib/clock";
import { log } from "../lib/log";
import { autoResolveAll } from "../rooms/expiry";

export const HOURLY = "0 * * * *";
export const EVERY_15_MINUTES = "*/15 * * * *";
export const EVERY_MINUTE = "* * * * *";
/** A running campaign that moved no recipient for this long gets its alarm re-armed. */
const CAMPAIGN_STALL_MS = 60_000;

/**
 * Cron Triggers (dispatched by cron string from `jobs/index.ts`). Every step is idempotent, so a
 * tick run twice, or late, leaves the same state as once on time.
 */

/**
 * Every minute: the campaigns' safety net (issue 13), and snoozes that end (issue 17). It only re-arms the object of a campaign that
 * should be running (scheduled and due, or running without progress for a minute); the object's own
 * alarm does every send, so this is never a second sender.
 */
export async function runEveryMinute(controller: ScheduledController, env: Env): Promise<void> {
  const now = clock.now();
  let rearmed = 0;
  for (const c of await campaignsToRearm(createDb(env.DB), now, CAMPAIGN_STALL_MS)) {
    if (await campaignStub(env, c.id).rearm()) rearmed++;
  }
  if (rearmed > 0) log("info", "cron.campaigns_rearmed", { cron: controller.cron, rearmed });
  // Issue 17: snoozed rooms whose time has come show again in the open inboxes.
  await wakeDueSnoozes(env, createDb(env.DB), now);
}

/** Every 15 minutes: housekeeping and auto-resolve (I4). */
export async function runEvery15Minutes(controller: ScheduledController, env: Env): Promise<void> {
  const now = controller.scheduledTime;
  const db = createDb(env.DB);
  await pruneExpired(db, now, LOCKOUT_WINDOW_MS);
  const resolved = await autoResolveAll(env, db);
  log("info", "cron.done", { cron: controller.cron, scheduledTime: now, autoResolved: resolved });
}

/**
 * Hourly: the monthly package reset of every tenant whose month has turned in its own time zone (B1),
 * then the re-seal of channel secrets still in plaintext or under an older key (G7).
 */
export async function runHourly(controller: ScheduledController, env: Env): Promise<void> {
  // Rule B1: the month is read from the clock when the reset runs, not from `scheduledTime` (old
  // when the tick is late or retried); resets only move forward, so an old tick changes nothing.
  const at = clock.now();
  const reset = await resetDueAccounts(createDb(env.DB), at);
  log("info", "cron.billing_reset", { cron: controller.cron, scheduledTime: controller.scheduledTime, at, reset });
  const sealed = await sealChannelSecrets(createDb(env.DB));
  if (sealed > 0) log("info", "cron.channel_secrets_sealed", { cron: controller.cron, channels: sealed });
}
