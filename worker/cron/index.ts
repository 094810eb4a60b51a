import { createDb } from "../db/client";
import { pruneExpired } from "../db/identity";
import { LOCKOUT_WINDOW_MS } from "../domain/sign-in";
import { log } from "../lib/log";

/** Cron Trigger: housekeeping that is safe to run twice or late (each step is idempotent). */
export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const now = controller.scheduledTime;
  await pruneExpired(createDb(env.DB), now, LOCKOUT_WINDOW_MS);
  log("info", "cron.done", { cron: controller.cron, scheduledTime: now });
}
