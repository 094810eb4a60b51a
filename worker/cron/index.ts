import { createDb } from "../db/client";
import { pruneExpired } from "../db/identity";
import { LOCKOUT_WINDOW_MS } from "../domain/sign-in";
import { log } from "../lib/log";
import { autoResolveAll } from "../rooms/expiry";

/** Cron Trigger: work that is safe to run twice or late (each step is idempotent). */
export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const now = controller.scheduledTime;
  const db = createDb(env.DB);
  await pruneExpired(db, now, LOCKOUT_WINDOW_MS);
  const resolved = await autoResolveAll(env, db);
  log("info", "cron.done", { cron: controller.cron, scheduledTime: now, autoResolved: resolved });
}
