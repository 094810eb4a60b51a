/**
 * Campaign use cases (T6, T7, T9): create (every refusal before anything is queued), read, cancel,
 * retry. The campaign's object (`campaign-do.ts`) runs it; D1's `campaigns` row is its index.
 */

import { eq } from "drizzle-orm";
import { channelOf } from "../../db/channels";
import type { Db } from "../../db/client";
import { organizations } from "../../db/schema";
import type { CampaignStatus } from "../../db/schema-campaigns";
import type { Actor } from "../../domain/actor";
import { parseScheduledAt, reasonInWords, resolveVariables, type VariableSource } from "../../domain/campaign";
import { normalisePhone } from "../../domain/phone";
import { templateNeeds } from "../../domain/template-send";
import { clock } from "../../lib/clock";
import { Problem, problems } from "../../lib/problem";
import type { CampaignView, CreateCampaignBody, RecipientViewJson } from "../../schemas/campaigns";
import { currentAccount } from "../billing/service";
import { contactListById, listRecipients } from "../contact-lists/repo";
import { templateRowOf } from "../templates/repo";
import { optedOutAmong } from "./opt-outs";
import { type CampaignRow, campaignById, campaignByIdempotencyKey, deleteCampaign, insertCampaign } from "./repo";
import { messagesPerSecondOf } from "./throughput";
import type { CampaignConfig, CampaignProgress, NewRecipient, RecipientView } from "./types";

export const campaignStub = (env: Env, id: string) => env.CAMPAIGN.get(env.CAMPAIGN.idFromName(id));

const unprocessable = (code: string, detail: string) => new Problem(422, code, detail);

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

interface Mapping {
  body: VariableSource[];
  header: VariableSource[];
  buttons: VariableSource[];
}

/** T6: one source per parameter the template takes, each column one the list has (else 422). */
function checkMapping(components: unknown, m: Mapping, columns: readonly string[] | null): void {
  const needs = templateNeeds(components);
  if (needs.headerMedia) {
    throw unprocessable("campaign_media_header_unsupported", "Campaigns send templates without a media header.");
  }
  const parts: [string, VariableSource[], number][] = [
    ["variables", m.body, needs.bodyVariables],
    ["headerVariables", m.header, needs.headerVariables],
    ["buttonVariables", m.buttons, needs.urlButtonIndexes.length],
  ];
  for (const [field, given, needed] of parts) {
    if (given.length !== needed) {
      throw unprocessable(
        "variable_unmapped",
        `The template needs ${needed} value(s) in ${field}; ${given.length} mapped.`,
      );
    }
    for (const s of given) {
      if ("value" in s) continue;
      if (!columns)
        throw unprocessable("variable_unmapped", `A single-number campaign has no column "${s.column}": give a value.`);
      if (!columns.includes(s.column)) {
        throw unprocessable("variable_unmapped", `The list has no column "${s.column}" (${field}).`);
      }
    }
  }
}

/** The recipients of the request: a list's rows or one number, each with its parameters frozen. */
async function recipientsOf(db: Db, organizationId: string, body: CreateCampaignBody) {
  if (body.phone !== undefined) {
    const phone = normalisePhone(body.phone);
    if (!phone.ok) throw unprocessable("phone_invalid", phone.message);
    return { columns: null, rows: [{ phone: phone.phone, cells: {} as Record<string, string> }] };
  }
  const list = await contactListById(db, organizationId, body.listId ?? "");
  if (!list) throw problems.notFound("contact list");
  return { columns: list.columns, rows: (await listRecipients(db, organizationId, list.id)) ?? [] };
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
  const template = await templateRowOf(db, org, body.templateId);
  if (!template) throw problems.notFound("template");
  if (template.status !== "APPROVED") {
    throw unprocessable(
      "template_not_approved",
      `This template is ${template.status}; only APPROVED templates can be sent.`,
    );
  }
  const channel = await channelOf(db, org, template.channelId);
  if (!channel?.connected) throw unprocessable("channel_unavailable", "The template's channel is disconnected.");
  const mapping = { body: body.variables, header: body.headerVariables ?? [], buttons: body.buttonVariables ?? [] };
  const target = await recipientsOf(db, org, body);
  checkMapping(template.components, mapping, target.columns);
  const now = clock.now();
  const [orgRow] = await db.select().from(organizations).where(eq(organizations.id, org));
  const scheduledAt = body.scheduledAt ? parseScheduledAt(body.scheduledAt, orgRow?.timeZone ?? "Asia/Jakarta") : null;
  if (body.scheduledAt && scheduledAt === null) {
    throw unprocessable(
      "scheduled_at_invalid",
      "scheduledAt is neither an ISO time with an offset nor YYYY-MM-DDTHH:mm.",
    );
  }
  // Issue 13, item 6: MARKETING skips who opted out.
  const optedOut =
    template.category === "MARKETING"
      ? await optedOutAmong(
          db,
          org,
          target.rows.map((r) => r.phone),
        )
      : new Set<string>();
  const recipients: NewRecipient[] = target.rows
    .filter((r) => !optedOut.has(r.phone))
    .map((r) => ({
      phone: r.phone,
      params: {
        body: resolveVariables(mapping.body, r.cells),
        header: resolveVariables(mapping.header, r.cells),
        buttons: resolveVariables(mapping.buttons, r.cells),
      },
    }));
  const estimate = await estimateOf(db, org, template.category, recipients.length, now, body.allowPartial);
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
    skipped: target.rows.length - recipients.length,
    urlButtonIndexes: templateNeeds(template.components).urlButtonIndexes,
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
    target: body.phone !== undefined ? { phone: target.rows[0]?.phone ?? "" } : { listId: body.listId ?? "" },
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
    estimate,
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

/** B3, B4, T7: the price of the template's category per recipient against the WhatsApp balance. */
async function estimateOf(db: Db, org: string, category: string, count: number, now: number, allowPartial: boolean) {
  const account = await currentAccount(db, org, now);
  if (!account) return 0;
  const price = account.prices[category as "MARKETING" | "UTILITY" | "AUTHENTICATION"] ?? 0;
  const estimate = price * count;
  const balance = account.wallets.packageBalance + account.wallets.topupBalance;
  if (estimate > balance && !allowPartial) {
    throw new Problem(
      422,
      "balance_short",
      `The campaign is estimated at Rp ${estimate}; the WhatsApp balance is Rp ${balance}. Top up, or send with allowPartial: true to send while the money lasts.`,
    );
  }
  return estimate;
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
