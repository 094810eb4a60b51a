/**
 * Rule T3: the provider's template status and quality webhooks, applied to the platform's templates.
 * Reached from `POST /webhooks/whatsapp` when the body carries template changes.
 *
 * - The channels are found by WhatsApp Business Account id (`entry[].id`), since these webhooks
 *   name no phone number; the X-Hub-Signature-256 must match the app secret of one of them, and only
 *   channels of that app secret take part (401 `invalid_signature` otherwise, nothing stored).
 * - A change applies to the templates of those channels with that provider template id, or, for a
 *   template whose id is not stored yet, with that name and language.
 * - Applying a change twice is harmless (the state is set, not stepped), so re-deliveries are safe.
 * - A body mixing `messages` changes with template changes (Meta may batch fields of one WABA):
 *   the messages route checks the signature with the phone number's channel, then hands the body to
 *   `applySignedTemplateChanges` with that app secret, which applies only the template changes.
 */
import type { ZodError } from "zod";
import type { ChannelAdapter, TemplateCapability } from "../../channels/adapter";
import { adapterFor } from "../../channels/registry";
import type { TemplateChange } from "../../channels/template-types";
import { type Channel, channelsByConfig } from "../../db/channels";
import type { Db } from "../../db/client";
import { afterQualityUpdate, afterStatusEvent, type ReviewState } from "../../domain/template-review";
import { publishEvents, stamp } from "../../events/publish";
import type { NewEvent } from "../../events/types";
import { clock } from "../../lib/clock";
import { log } from "../../lib/log";
import { Problem, problems, zodFieldErrors } from "../../lib/problem";
import { templatesOfChange, updateTemplate } from "./repo";

type ChannelRow = Channel;

const templatesOf = (adapter: ChannelAdapter): TemplateCapability => {
  if (!adapter.templates) throw problems.notFound("template webhooks for this channel kind");
  return adapter.templates;
};

/** The business account a channel's config names (WhatsApp: its WABA id). */
const accountOf = (t: TemplateCapability, ch: ChannelRow) => (ch.config as Record<string, unknown>)[t.accountField];

/** The channels of the business accounts a template webhook names (for its signature check). */
async function channelsOfAccounts(db: Db, adapter: ChannelAdapter, json: unknown): Promise<ChannelRow[]> {
  const t = templatesOf(adapter);
  return channelsByConfig(db, adapter.kind, t.accountField as "wabaId", t.accountIdsOf(json));
}

/** Verifies, parses and applies a template webhook. Answers how many changes it carried. */
export async function receiveTemplateWebhook(
  env: Env,
  db: Db,
  adapter: ChannelAdapter,
  raw: ArrayBuffer,
  json: unknown,
  headers: Headers,
): Promise<{ received: number }> {
  const known = await channelsOfAccounts(db, adapter, json);
  // An unknown business account answers like a bad signature: nobody learns which accounts are connected.
  if (known.length === 0) {
    log("warn", "template_webhook.unknown_account", {});
    throw new Problem(401, "invalid_signature", "X-Hub-Signature-256 does not match the body.");
  }
  let signer: string | null = null;
  for (const candidate of known) {
    if (await adapter.verify(raw, headers, candidate.config)) {
      signer = adapter.signerOf(candidate.config);
      break;
    }
  }
  if (signer === null) throw new Problem(401, "invalid_signature", "X-Hub-Signature-256 does not match the body.");
  const signed = known.filter((ch) => adapter.signerOf(ch.config) === signer);
  return { received: await applyChanges(env, db, adapter, json, signed) };
}

/**
 * Rule T3: applies only the template status and quality changes of a webhook body whose
 * X-Hub-Signature-256 the caller has already checked against `appSecret` (messages and statuses in
 * the same body are left to the caller). Only channels of that app secret and of the change's WABA
 * take part. Answers how many template changes the body carried; 400 when one is malformed.
 */
export async function applySignedTemplateChanges(
  env: Env,
  db: Db,
  json: unknown,
  appSecret: string,
  adapter: ChannelAdapter = adapterFor("whatsapp"),
): Promise<number> {
  if (templatesOf(adapter).accountIdsOf(json).length === 0) return 0;
  const signed = (await channelsOfAccounts(db, adapter, json)).filter(
    (ch) => adapter.signerOf(ch.config) === appSecret,
  );
  return applyChanges(env, db, adapter, json, signed);
}

async function applyChanges(
  env: Env,
  db: Db,
  adapter: ChannelAdapter,
  json: unknown,
  signed: ChannelRow[],
): Promise<number> {
  const t = templatesOf(adapter);
  let changes: TemplateChange[];
  try {
    changes = t.parseWebhook(json);
  } catch (err) {
    throw problems.validation(zodFieldErrors(err as ZodError));
  }
  const events: StatusChanged[] = [];
  for (const change of changes) {
    const channelIds = signed.filter((ch) => accountOf(t, ch) === change.wabaId).map((ch) => ch.id);
    if (channelIds.length > 0) events.push(...(await applyTemplateChange(db, channelIds, change)));
  }
  // Applied first: a re-delivered webhook sets the same state and announces it again (listeners dedupe by id).
  const at = clock.now();
  await publishEvents(
    env,
    events.map((e) => stamp(e, at)),
  );
  return changes.length;
}

type StatusChanged = Extract<NewEvent, { type: "template.status_changed" }>;

/** Applies one change to the templates it names; returns the status changes to announce. */
async function applyTemplateChange(db: Db, channelIds: string[], change: TemplateChange): Promise<StatusChanged[]> {
  const rows = await templatesOfChange(db, channelIds, change);
  if (rows.length === 0) {
    log("warn", "template_webhook.unknown_template", { providerTemplateId: change.providerTemplateId });
    return [];
  }
  const events: StatusChanged[] = [];
  for (const row of rows) {
    const state: ReviewState = { status: row.status, reason: row.reason, quality: row.quality };
    const next =
      change.kind === "status"
        ? afterStatusEvent(state, change.event, change.reason)
        : afterQualityUpdate(state, change.score);
    if (!next && row.providerTemplateId) continue;
    await updateTemplate(db, row.id, {
      ...(next ?? {}),
      providerTemplateId: change.providerTemplateId,
      updatedAt: clock.now(),
    });
    log("info", "template.review", {
      organizationId: row.organizationId,
      templateId: row.id,
      kind: change.kind,
      status: next?.status ?? row.status,
      quality: next?.quality ?? row.quality,
    });
    if (next && next.status !== row.status) {
      events.push({
        type: "template.status_changed",
        organizationId: row.organizationId,
        templateId: row.id,
        channelId: row.channelId,
        name: row.name,
        language: row.language,
        status: next.status,
        reason: next.reason ?? null,
      });
    }
  }
  return events;
}
