import type { Db } from "../../db/client";
import {
  ADMIN_DISABLED_REASON,
  endpointUrlProblem,
  ROTATION_OVERLAP_MS,
  type WebhookEventType,
} from "../../domain/webhooks";
import { clock } from "../../lib/clock";
import { decodeCursor, encodeCursor, isKeyAndId } from "../../lib/cursor";
import { isDevelopment } from "../../lib/env";
import { Problem, problems } from "../../lib/problem";
import { sealSecret } from "../../lib/secret-box";
import { newWebhookSecret } from "../../lib/standard-webhooks";
import { attemptsOf } from "./attempts-repo";
import { secretContext } from "./deliver";
import {
  deliveriesPage,
  deliveryOf,
  insertDeliveries,
  reopenUndeliveredSince,
  setDeliveryState,
  type WebhookDelivery,
} from "./deliveries-repo";
import * as endpoints from "./endpoints-repo";
import { queueReopened } from "./enqueue";

type Endpoint = endpoints.WebhookEndpoint;

export function endpointView(e: Endpoint) {
  const { organizationId: _o, secret: _s, previousSecret: _p, ...view } = e;
  return view;
}

function checkUrl(env: Env, url: string) {
  const problem = endpointUrlProblem(url, isDevelopment(env));
  if (problem) throw new Problem(422, "webhook_url_refused", problem);
}

async function requireEndpoint(db: Db, organizationId: string, id: string): Promise<Endpoint> {
  const endpoint = await endpoints.endpointById(db, organizationId, id);
  if (!endpoint) throw problems.notFound("webhook endpoint");
  return endpoint;
}

/** Rule G5: a new endpoint; its signing secret is in this answer and never again. */
export async function createEndpoint(
  env: Env,
  db: Db,
  organizationId: string,
  body: { url: string; events: WebhookEventType[]; description?: string | undefined },
) {
  checkUrl(env, body.url);
  const id = `we_${crypto.randomUUID().replaceAll("-", "")}`;
  const secret = newWebhookSecret();
  const now = clock.now();
  await endpoints.insertEndpoint(db, {
    id,
    organizationId,
    url: body.url,
    description: body.description ?? null,
    events: [...new Set(body.events)],
    secret: await sealSecret(secret, secretContext(id)),
    createdAt: now,
    updatedAt: now,
  });
  return { ...endpointView(await requireEndpoint(db, organizationId, id)), secret };
}

export async function changeEndpoint(
  env: Env,
  db: Db,
  organizationId: string,
  id: string,
  patch: {
    url?: string | undefined;
    events?: WebhookEventType[] | undefined;
    description?: string | null | undefined;
    enabled?: boolean | undefined;
  },
) {
  await requireEndpoint(db, organizationId, id);
  if (patch.url !== undefined) checkUrl(env, patch.url);
  const { enabled, ...rest } = patch;
  const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const enabling =
    enabled === undefined
      ? {}
      : enabled
        ? { enabled, disabledReason: null, failingSince: null }
        : { enabled, disabledReason: ADMIN_DISABLED_REASON };
  const updated = await endpoints.updateEndpoint(db, organizationId, id, {
    ...changes,
    ...enabling,
    updatedAt: clock.now(),
  });
  if (!updated) throw problems.notFound("webhook endpoint");
  return endpointView(updated);
}

/** A new secret; the old one keeps signing beside it for 24 h, so receivers can switch without a gap. */
export async function rotateSecret(db: Db, organizationId: string, id: string) {
  const endpoint = await requireEndpoint(db, organizationId, id);
  const secret = newWebhookSecret();
  const now = clock.now();
  const updated = await endpoints.updateEndpoint(db, organizationId, id, {
    secret: await sealSecret(secret, secretContext(id)),
    previousSecret: endpoint.secret,
    previousSecretUntil: now + ROTATION_OVERLAP_MS,
    updatedAt: now,
  });
  if (!updated) throw problems.notFound("webhook endpoint");
  return { ...endpointView(updated), secret };
}

/** Sends `webhook.test` to this endpoint now (through the queue, like any delivery). */
export async function sendTest(env: Env, db: Db, organizationId: string, id: string) {
  const endpoint = await requireEndpoint(db, organizationId, id);
  if (!endpoint.enabled) throw problems.unprocessable("webhook_endpoint_disabled", "Enable the endpoint first.");
  const now = clock.now();
  const eventId = `test_${crypto.randomUUID()}`;
  const deliveryId = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
  const payload = {
    type: "webhook.test",
    timestamp: new Date(now).toISOString(),
    data: { id: eventId, at: now, endpointId: id },
  };
  await insertDeliveries(db, [
    {
      id: deliveryId,
      organizationId,
      endpointId: id,
      eventId,
      eventType: "webhook.test",
      payload: JSON.stringify(payload),
      status: "pending",
      eventAt: now,
      updatedAt: now,
    },
  ]);
  await queueReopened(env, db, [{ id: deliveryId, status: "failed" }]);
  return deliveryView((await deliveryOf(db, organizationId, deliveryId)) as WebhookDelivery, []);
}

type Attempt = Awaited<ReturnType<typeof attemptsOf>>[number];

function deliveryView(d: WebhookDelivery, attempts: Attempt[]) {
  const { organizationId: _o, payload: _p, claimedUntil: _c, eventAt: _e, ...view } = d;
  return {
    ...view,
    log: attempts.map(({ at, statusCode, latencyMs, excerpt, error }) => ({
      at,
      statusCode,
      latencyMs,
      excerpt,
      error,
    })),
  };
}

/** The attempt log of an endpoint, newest delivery first, a page at a time. */
export async function deliveryLog(db: Db, organizationId: string, id: string, limit: number, cursor?: string) {
  await requireEndpoint(db, organizationId, id);
  const after = decodeCursor(cursor, isKeyAndId);
  const rows = await deliveriesPage(db, id, limit + 1, after ?? undefined);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const attempts = await attemptsOf(
    db,
    page.map((d) => d.id),
  );
  return {
    deliveries: page.map((d) =>
      deliveryView(
        d,
        attempts.filter((a) => a.deliveryId === d.id),
      ),
    ),
    nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null,
  };
}

/** Sends a delivery again, with the same `webhook-id`. */
export async function replay(env: Env, db: Db, organizationId: string, deliveryId: string) {
  const delivery = await deliveryOf(db, organizationId, deliveryId);
  if (!delivery) throw problems.notFound("webhook delivery");
  const endpoint = await requireEndpoint(db, organizationId, delivery.endpointId);
  if (!endpoint.enabled) throw problems.unprocessable("webhook_endpoint_disabled", "Enable the endpoint first.");
  await setDeliveryState(db, delivery.id, { status: "pending", updatedAt: clock.now() });
  await queueReopened(env, db, [{ id: delivery.id, status: delivery.status }]);
  const again = (await deliveryOf(db, organizationId, deliveryId)) as WebhookDelivery;
  return deliveryView(again, await attemptsOf(db, [again.id]));
}

/** Sends again every delivery since `since` that did not get through (after fixing a broken endpoint). */
export async function recover(env: Env, db: Db, organizationId: string, id: string, since: number) {
  const endpoint = await requireEndpoint(db, organizationId, id);
  if (!endpoint.enabled) throw problems.unprocessable("webhook_endpoint_disabled", "Enable the endpoint first.");
  const reopened = await reopenUndeliveredSince(db, id, since, clock.now());
  await queueReopened(env, db, reopened);
  return { queued: reopened.length };
}

export async function listEndpoints(db: Db, organizationId: string, limit: number, cursor?: string) {
  // A position, not a row: the page goes on even when the endpoint it ended on was deleted meanwhile.
  const after = decodeCursor(cursor, isKeyAndId);
  const before = after ? { createdAt: after[0], id: after[1] } : undefined;
  const rows = await endpoints.endpointsPage(db, organizationId, limit + 1, before);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    endpoints: page.map(endpointView),
    nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null,
  };
}

export const endpointOf = async (db: Db, organizationId: string, id: string) =>
  endpointView(await requireEndpoint(db, organizationId, id));
export const removeEndpoint = async (db: Db, organizationId: string, id: string) => {
  if (!(await endpoints.deleteEndpoint(db, organizationId, id))) throw problems.notFound("webhook endpoint");
};
