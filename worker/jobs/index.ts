import { runCampaignBatch } from "../features/campaigns/sender";
import { errorForLog, log } from "../lib/log";
import { EVERY_15_MINUTES, EVERY_MINUTE, HOURLY, runEvery15Minutes, runEveryMinute, runHourly } from "./cron-tasks";
import { runEventsBatch } from "./events-queue";
import { runInboundBatch } from "./inbound-queue";
import { runWebhooksBatch } from "./webhooks-queue";

type QueueConsumer = (batch: MessageBatch<unknown>, env: Env) => Promise<void>;
type CronTask = (controller: ScheduledController, env: Env) => Promise<void>;

/**
 * Queue consumers by queue name (wrangler.toml `[[queues.consumers]]`): the one table. A batch from
 * a queue not listed here is logged as an error and acknowledged, never run as something else.
 */
export const QUEUE_CONSUMERS: Record<string, QueueConsumer> = {
  "edge-inbox-inbound": runInboundBatch,
  "edge-inbox-events": runEventsBatch,
  "edge-inbox-campaigns": runCampaignBatch,
  "edge-inbox-webhooks": runWebhooksBatch,
};

/** Cron tasks by cron string (wrangler.toml `[triggers] crons`): the one table. */
export const CRON_TASKS: Record<string, CronTask> = {
  [EVERY_MINUTE]: runEveryMinute,
  [EVERY_15_MINUTES]: runEvery15Minutes,
  [HOURLY]: runHourly,
};

export async function runQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const consumer = QUEUE_CONSUMERS[batch.queue];
  if (!consumer) {
    log("error", "queue.unknown", { queue: batch.queue, messages: batch.messages.length });
    batch.ackAll();
    return;
  }
  await consumer(batch, env);
}

export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const task = CRON_TASKS[controller.cron];
  if (!task) {
    log("error", "cron.unknown", { cron: controller.cron, scheduledTime: controller.scheduledTime });
    return;
  }
  try {
    await task(controller, env);
  } catch (err) {
    log("error", "cron.failed", { cron: controller.cron, error: errorForLog(err) });
    throw err;
  }
}
