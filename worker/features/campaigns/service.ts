/**
 * Campaign use cases (T6, T7, T9): create (every refusal before anything is queued), read, cancel,
 * retry. The campaign's object (`campaign-do.ts`) runs it; D1's `campaigns` row is its index.
 */

import type { Db } from "../../db/client";
import type { CampaignStatus } from "../../db/schema-campaigns";
import type { Actor } from "../../domain/actor";
import { reasonInWords } from "../../domain/campaign";
import { bodyTextOf, templateNeeds } from "../../domain/template-send";
import { clock } from "../../lib/clock";
import { Problem, problems } from "../../lib/problem";
import type { CampaignEstimate, CampaignView, CreateCampaignBody, RecipientViewJson } from "../../schemas/campaigns";
import { templateRowOf } from "../templates/repo";
import { estimateCampaign, refuseWhatDoesNotFit } from "./estimate";
import { headerMediaFor } from "./header-media";
import { prepareCampaign, unprocessable } from "./prepare";
import { type CampaignRow, campaignById, campaignByIdempotencyKey, deleteCampaign, insertCampaign } from "./repo";
import { messagesPerSecondOf } from "./throughput";
import type { CampaignConfig, CampaignProgress, RecipientView } from "./types";

export const campaignStub = (env: Env, id: string) => env.CAMPAIGN.get(env.CAMPAIGN.idFromName(id));

export function campaignView(row: CampaignRow, live?: CampaignProgress): CampaignView {
  return {
    id: row.id,
    name: row.name,
    channelId: row.channelId,
    templateId: row.templateId,
    templateName: row.templateName,
    language: row.language,
    category: row.category,
    target: row.target,
    status: live?.status ?? row.status,
    stopReason: live ? live.stopReason : row.stopReason,
    total: live?.total ?? row.total,
    counts: live?.counts ?? row.counts,
    cost: live?.cost ?? row.cost,
    estimate: row.estimate,
    scheduledAt: row.scheduledAt ?? null,
    createdBy: row.createdBy ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const recipientJson = (r: RecipientView): RecipientViewJson => ({ ...r, reasonText: reasonInWords(r.reason) });

/** Rule T11: the pre-send estimate of a create request; nothing is queued. */
export async function estimateOnly(
  env: Env,
  db: Db,
  actor: Actor,
  body: CreateCampaignBody,
): Promise<CampaignEstimate> {
  const now = clock.now();
  return estimateCampaign(
    db,
    actor.organizationId,
    await prepareCampaign(env, db, actor.organizationId, body, now),
    now,
  );
}

export async function createCampaign(
  env: Env,
  db: Db,
  actor: Actor,
  body: CreateCampaignBody,
  idempotencyKey: string | null,
): Promise<{ created: boolean; view: CampaignView }> {
  const org = actor.organizationId;
  if (idempotencyKey) {
    const existing = await campaignByIdempotencyKey(db, org, idempotencyKey);
    if (existing) return { created: false, view: campaignView(existing) };
  }
  const now = clock.now();
  const prepared = await prepareCampaign(env, db, org, body, now);
  const { template, recipients } = prepared;
  const estimate = await estimateCampaign(db, org, prepared, now);
  refuseWhatDoesNotFit(estimate, body.allowPartial);
  const scheduledAt = prepared.scheduledAt;
  // T3: one file for every recipient, uploaded to the provider once (a link is sent as it is).
  const headerMedia = prepared.headerMedia
    ? await headerMediaFor(env, db, org, template.channelId, prepared.headerMedia)
    : null;
  const id = `cmp_${crypto.randomUUID().replaceAll("-", "")}`;
  const config: CampaignConfig = {
    id,
    organizationId: org,
    channelId: template.channelId,
    templateName: template.name,
    language: template.language,
    category: template.category,
    scheduledAt: scheduledAt && scheduledAt > now ? scheduledAt : null,
    messagesPerSecond: await messagesPerSecondOf(db, template.channelId),
    skipped: prepared.skipped.optedOut + prepared.skipped.engagementBlocked,
    urlButtonIndexes: templateNeeds(template.components).urlButtonIndexes,
    headerMedia,
    name: body.name,
    bodyText: bodyTextOf(template.components),
  };
  const status: CampaignStatus = config.scheduledAt ? "scheduled" : "running";
  // The D1 index row first, keyed by the idempotency key: a concurrent retry of this create finds it.
  const row = await insertCampaign(db, {
    id,
    organizationId: org,
    name: body.name,
    channelId: template.channelId,
    templateId: template.id,
    templateName: template.name,
    language: template.language,
    category: template.category,
    target: prepared.phone !== null ? { phone: prepared.phone } : { listId: body.listId ?? "" },
    status,
    total: recipients.length,
    counts: {
      queued: recipients.length,
      sending: 0,
      held: 0,
      sent: 0,
      delivered: 0,
      read: 0,
      failed: 0,
      cancelled: 0,
      skipped: config.skipped,
    },
    estimate: estimate.total,
    allowPartial: body.allowPartial,
    scheduledAt: config.scheduledAt,
    createdBy:
      actor.kind === "session" ? actor.identityId : actor.kind === "api_key" ? `api_key:${actor.apiKeyId}` : null,
    createdAt: now,
    updatedAt: now,
    progressAt: now,
    idempotencyKey,
  });
  if (!row) {
    const existing = idempotencyKey ? await campaignByIdempotencyKey(db, org, idempotencyKey) : null;
    if (existing) return { created: false, view: campaignView(existing) };
    throw new Problem(409, "campaign_conflict", "The campaign could not be created. Try again.");
  }
  // Never half-written: a campaign whose object could not take its recipients is removed again.
  try {
    const progress = await campaignStub(env, id).init(config, recipients);
    return { created: true, view: campaignView(row, progress) };
  } catch (err) {
    await deleteCampaign(db, id);
    throw err;
  }
}

export async function campaignOf(env: Env, db: Db, organizationId: string, id: string) {
  const row = await campaignById(db, organizationId, id);
  if (!row) throw problems.notFound("campaign");
  return { row, stub: campaignStub(env, id) };
}

export async function liveView(env: Env, db: Db, organizationId: string, id: string): Promise<CampaignView> {
  const { row, stub } = await campaignOf(env, db, organizationId, id);
  return campaignView(row, await stub.progress());
}

export async function cancelCampaign(env: Env, db: Db, organizationId: string, id: string): Promise<CampaignView> {
  const { row, stub } = await campaignOf(env, db, organizationId, id);
  return campaignView(row, await stub.cancel());
}

/** T7: re-queues failed recipients; 409 while the campaign is scheduled or running. */
export async function retryCampaign(env: Env, db: Db, organizationId: string, id: string) {
  const { row, stub } = await campaignOf(env, db, organizationId, id);
  const live = await stub.progress();
  if (live.status === "running" || live.status === "scheduled") {
    throw new Problem(
      409,
      "campaign_running",
      "The campaign is still running; retry failed recipients when it has ended.",
    );
  }
  if (live.status === "cancelled")
    throw new Problem(409, "campaign_cancelled", "A cancelled campaign cannot be retried.");
  const template = await templateRowOf(db, organizationId, row.templateId);
  if (template?.status !== "APPROVED") {
    throw unprocessable(
      "template_not_approved",
      `This template is ${template?.status ?? "deleted"}; only APPROVED templates can be sent.`,
    );
  }
  const { requeued, progress } = await stub.retry();
  return { requeued, campaign: campaignView(row, progress) };
}
