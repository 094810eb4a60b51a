import { providerFetch } from "../../channels/provider-fetch";
import type { Db } from "../../db/client";
import { usersOf } from "../../db/identity";
import { failingTooLong, RETRY_DELAYS_S, retryDelayAfter, verdictOf } from "../../domain/webhooks";
import { clock } from "../../lib/clock";
import { log } from "../../lib/log";
import { openSecret } from "../../lib/secret-box";
import { signedHeaders } from "../../lib/standard-webhooks";
import { mailerFor } from "../../mail/mailer";
import { insertAttempt } from "./attempts-repo";
import { claimDelivery, deliveryById, setDeliveryState, type WebhookDelivery } from "./deliveries-repo";
import { endpointById, updateEndpoint, type WebhookEndpoint } from "./endpoints-repo";

/** How long a tenant's server has to answer one attempt, and the waits between attempts (tests shorten both). */
export const attemptLimits = { timeoutMs: 10_000, retryDelaysS: RETRY_DELAYS_S };
const EXCERPT_CHARS = 200;

/** Where a sealed endpoint secret is stored: binds the sealed value to its row. */
export const secretContext = (endpointId: string) => `webhook_endpoints.secret:${endpointId}`;

/** The secrets that sign now: the current one, and the previous one while a rotation overlaps. */
async function signingSecrets(endpoint: WebhookEndpoint, now: number): Promise<string[]> {
  const secrets = [await openSecret(endpoint.secret, secretContext(endpoint.id))];
  if (endpoint.previousSecret && (endpoint.previousSecretUntil ?? 0) > now) {
    secrets.push(await openSecret(endpoint.previousSecret, secretContext(endpoint.id)));
  }
  return secrets;
}

/** One POST to the tenant: the status (null when no answer came) and what to log of it. */
async function post(env: Env, endpoint: WebhookEndpoint, delivery: WebhookDelivery, now: number) {
  const headers = await signedHeaders(
    await signingSecrets(endpoint, now),
    delivery.id,
    Math.floor(now / 1000),
    delivery.payload,
  );
  const started = Date.now();
  const timeoutMs = attemptLimits.timeoutMs;
  const request = new Request(endpoint.url, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json", "user-agent": "EdgeInbox-Webhooks/1" },
    body: delivery.payload,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DOMException("timed out", "TimeoutError")), timeoutMs);
  });
  try {
    const answer = async () => {
      const response = await providerFetch(env)(request);
      return { status: response.status, excerpt: (await response.text()).slice(0, EXCERPT_CHARS) };
    };
    const answered = answer();
    answered.catch(() => {}); // when the timeout wins, the aborted fetch rejects later: not unhandled
    const { status, excerpt } = await Promise.race([answered, timeout]);
    return { status, excerpt, error: null, latencyMs: Date.now() - started };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    const error = timedOut ? `No answer within ${timeoutMs / 1000} s.` : "The connection failed.";
    return { status: null, excerpt: null, error, latencyMs: Date.now() - started };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/**
 * Makes one attempt of a pending delivery (G5) and records it. Returns when the delivery's next
 * queue message is due, in seconds: its next attempt after a failure, or, when another attempt holds
 * it (or its next attempt is not due yet), the end of that hold, since the holder may have been cut
 * off and then nothing else would carry it. Null when nothing more is to be done.
 */
export async function attemptDelivery(env: Env, db: Db, deliveryId: string): Promise<number | null> {
  const now = clock.now();
  if (!(await claimDelivery(db, deliveryId, now, now + 2 * attemptLimits.timeoutMs))) {
    const held = await deliveryById(db, deliveryId);
    if (held?.status !== "pending" || held.claimedUntil === null) return null;
    return Math.max(1, Math.ceil((held.claimedUntil - now) / 1000) + 1);
  }
  return attemptClaimed(env, db, deliveryId, now);
}

/** The attempt once claimed: the seconds to wait before the next one, or null when there is none. */
async function attemptClaimed(env: Env, db: Db, deliveryId: string, now: number): Promise<number | null> {
  const delivery = await deliveryById(db, deliveryId);
  if (delivery?.status !== "pending") return null;
  const endpoint = await endpointById(db, delivery.organizationId, delivery.endpointId);
  if (!endpoint?.enabled) {
    await setDeliveryState(db, delivery.id, { status: "failed", updatedAt: now });
    return null;
  }
  const result = await post(env, endpoint, delivery, now);
  const { status, excerpt, error, latencyMs } = result;
  await insertAttempt(db, {
    id: crypto.randomUUID(),
    deliveryId: delivery.id,
    endpointId: endpoint.id,
    at: now,
    statusCode: status,
    excerpt,
    error,
    latencyMs,
  });
  const attempts = delivery.attempts + 1;
  const verdict = verdictOf(result.status);
  const state = { attempts, lastStatusCode: result.status, updatedAt: now };
  if (verdict === "delivered") {
    await setDeliveryState(db, delivery.id, { ...state, status: "delivered" });
    if (endpoint.failingSince !== null)
      await updateEndpoint(db, endpoint.organizationId, endpoint.id, { failingSince: null });
    return null;
  }
  if (verdict === "gone") {
    await setDeliveryState(db, delivery.id, { ...state, status: "failed" });
    await disable(env, db, endpoint, "The endpoint answered 410 Gone.", now);
    return null;
  }
  const failingSince = endpoint.failingSince ?? now;
  if (failingTooLong(failingSince, now)) {
    await setDeliveryState(db, delivery.id, { ...state, status: "failed" });
    await disable(env, db, endpoint, "Every delivery failed for 5 days.", now);
    return null;
  }
  if (endpoint.failingSince === null) await updateEndpoint(db, endpoint.organizationId, endpoint.id, { failingSince });
  const delay = retryDelayAfter(attempts, attemptLimits.retryDelaysS);
  if (delay === null) await setDeliveryState(db, delivery.id, { ...state, status: "dead" });
  else await setDeliveryState(db, delivery.id, { ...state, status: "pending", claimedUntil: now + delay * 1000 });
  return delay;
}

/** Stops sending to an endpoint and tells the organization's admins why. */
async function disable(env: Env, db: Db, endpoint: WebhookEndpoint, reason: string, now: number) {
  await updateEndpoint(db, endpoint.organizationId, endpoint.id, {
    enabled: false,
    disabledReason: reason,
    updatedAt: now,
  });
  log("warn", "webhooks.endpoint_disabled", { endpointId: endpoint.id, reason });
  const admins = (await usersOf(db, endpoint.organizationId)).filter((u) => u.role === "admin");
  const mailer = mailerFor(env, db);
  for (const admin of admins) {
    await mailer.send({
      to: admin.email,
      subject: "A webhook endpoint was disabled",
      text: `Edge Inbox stopped sending webhooks to ${endpoint.url}. ${reason}\n\nFix the endpoint, then enable it again under Settings > Webhooks; deliveries since then can be sent again with "Recover".`,
    });
  }
}
