/**
 * Message template management (rules T1-T4): list, submit to the provider, delete; and the tenant's
 * template OTP setting. The routes call these; the rules themselves are pure modules in `domain/`
 * (`template-rules.ts` for T2, `template-review.ts` for T3, `otp.ts` for T4); the queries are `repo.ts`.
 *
 * Choices where the rulebook leaves room (written down per PRODUCT.md):
 * - Submission order: shape (zod) -> every T2 rule -> OTP (T4) -> provider. A draft with rule errors
 *   never spends a code; the code is used before the provider is called, so a provider failure
 *   needs a new code.
 * - A MARKETING or UTILITY submission while template OTP is on needs a signed-in user (the code is
 *   emailed to the submitter): an API key gets 422 `otp_required` and cannot get a code.
 * - The provider refusing (4xx) answers 422 `provider_rejected`; no answer or a 5xx answers 502
 *   `provider_unavailable`. Either way nothing is kept, and the name is free again.
 * - CTA phone numbers are written in national form (T2) and submitted with Indonesia's 62 prefix.
 * - A media header's sample is the id of a file uploaded with POST /api/media (purpose
 *   `template_sample`); the stored template keeps that id. On submission the sample's bytes go to
 *   Meta through the Resumable Upload API (graph client `uploadTemplateSample`, to the channel's
 *   `meta_app_id`, or when that is null the app its token belongs to, `GET /app`); the returned
 *   handle `h` is the `example.header_handle` Meta gets. A failed upload is answered like a failed submission (502 / 422) and nothing is kept.
 * - Names (rule T1, T3): Meta keeps names unique per WhatsApp Business Account and language, so
 *   `name_taken` looks at every channel of the organization sharing the WABA id, in that language
 *   (another organization's templates are never looked at). One channel also keeps a name once
 *   across its languages (the `templates_channel_name` index).
 * - Delete: the template is deleted at the provider first. When the provider cannot be reached (or
 *   refuses the token) the template is kept and 502 answered; when it says the template does not
 *   exist, the template is deleted here too.
 */

import type { ChannelConfigs } from "../../channels/config";
import { adapterFor } from "../../channels/registry";
import type { MetaTemplateBody, TemplateApi } from "../../channels/template-types";
import { type Channel, channelById, channelOf, openChannel } from "../../db/channels";
import type { Db } from "../../db/client";
import type { Actor } from "../../domain/actor";
import { needsOtp } from "../../domain/otp";
import { statusAfterSubmission } from "../../domain/template-review";
import {
  type SampleInfo,
  TEMPLATE_CATEGORIES,
  type TemplateComponent,
  type TemplateDraft,
  validateTemplate,
} from "../../domain/template-rules";
import { clock } from "../../lib/clock";
import { log } from "../../lib/log";
import { Problem, problems } from "../../lib/problem";
import { uploadKey } from "../../rooms/outbound";
import type { CreateTemplateBody, TemplateView } from "../../schemas/templates";
import { verifyOtp } from "./otp-service";

/** Template channels are the kinds with templates (T3; today WhatsApp): their config has the business account. */
const waConfig = (channel: Channel) => channel.config as ChannelConfigs["whatsapp"];

import {
  deleteTemplateOf,
  deleteTemplateRow,
  insertTemplate,
  namesHeldInWaba,
  namesInWaba,
  recordSubmission,
  saveTemplateOtp,
  type TemplateFilters,
  type TemplateRow,
  templateOtpEnabled,
  templateRowOf,
  templateRows,
} from "./repo";

export { templateOtpEnabled };

export function templateView(row: TemplateRow): TemplateView {
  return {
    id: row.id,
    channelId: row.channelId,
    name: row.name,
    language: row.language,
    category: row.category,
    status: row.status,
    quality: row.quality,
    reason: row.reason,
    components: row.components as TemplateView["components"],
    providerTemplateId: row.providerTemplateId,
    submittedBy: row.submittedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The organization's templates, newest first, filtered. */
export async function listTemplates(db: Db, organizationId: string, filters: TemplateFilters) {
  return (await templateRows(db, organizationId, filters)).map(templateView);
}

/** A template of the organization, or 404. */
export async function templateOf(db: Db, organizationId: string, id: string): Promise<TemplateRow> {
  const row = await templateRowOf(db, organizationId, id);
  if (!row) throw problems.notFound("template");
  return row;
}

export async function setTemplateOtp(db: Db, organizationId: string, enabled: boolean, updatedBy: string | null) {
  await saveTemplateOtp(db, organizationId, enabled, updatedBy, clock.now());
}

const HANDLE = /^[A-Za-z0-9_-]{1,64}$/;

/** What each media header sample is, read from storage (only this organization's uploads). */
async function samplesOf(env: Env, organizationId: string, components: readonly TemplateComponent[]) {
  const samples: Record<string, SampleInfo | null> = Object.create(null);
  for (const c of components) {
    const handle = c.type === "HEADER" && c.format !== "TEXT" ? c.example?.header_handle?.[0] : undefined;
    if (!handle || Object.hasOwn(samples, handle)) continue;
    const object = HANDLE.test(handle) ? await env.MEDIA.head(uploadKey(organizationId, handle)) : null;
    samples[handle] = object
      ? { contentType: object.httpMetadata?.contentType ?? "application/octet-stream", size: object.size }
      : null;
  }
  return samples;
}

/** Meta's create body: the components as given, CTA phone numbers with the country code. */
export function providerTemplateBody(draft: TemplateDraft & { category: string; language: string }): MetaTemplateBody {
  const components = draft.components.map((c): Record<string, unknown> => {
    if (c.type !== "BUTTONS") return { ...c };
    return {
      type: "BUTTONS",
      buttons: c.buttons.map((b) => (b.type === "PHONE_NUMBER" ? { ...b, phone_number: `62${b.phone_number}` } : b)),
    };
  });
  return { name: draft.name, language: draft.language, category: draft.category, components };
}

/** The template API of the channel's kind; 422 for a kind without templates. */
const templateApiOf = (env: Env, channel: Channel): TemplateApi => {
  const api = adapterFor(channel.kind).templates?.api(env);
  if (!api) throw problems.unprocessable("templates_unsupported", "This channel kind has no message templates.");
  return api;
};

const nameTaken = () =>
  problems.validation([
    {
      path: "name",
      code: "name_taken",
      message: "This WhatsApp Business Account already has a template with this name. Pick another name.",
    },
  ]);

type ChannelRow = Channel;

const providerFailure = (
  result: { status: number | null; error: { title: string; detail: string | null } },
  what: string,
) => {
  const detail = [result.error.title, result.error.detail].filter(Boolean).join(": ");
  if (result.status === null || result.status >= 500) {
    return new Problem(502, "provider_unavailable", `The provider could not be reached: ${detail}. Try again.`);
  }
  return problems.unprocessable("provider_rejected", `The provider refused the ${what}: ${detail}`);
};

/**
 * Uploads each media header's sample to Meta (Resumable Upload API) and answers the components
 * with the returned handles as `example.header_handle` (rule T1: a sample for media), or a Problem.
 */
async function withProviderHandles(
  env: Env,
  graph: TemplateApi,
  channel: ChannelRow,
  components: Record<string, unknown>[],
): Promise<Record<string, unknown>[] | Problem> {
  const out: Record<string, unknown>[] = [];
  for (const c of components) {
    const example = c.example as { header_handle?: string[] } | undefined;
    const sampleId = c.type === "HEADER" && c.format !== "TEXT" ? example?.header_handle?.[0] : undefined;
    if (!sampleId) {
      out.push(c);
      continue;
    }
    const object = HANDLE.test(sampleId) ? await env.MEDIA.get(uploadKey(channel.organizationId, sampleId)) : null;
    if (!object)
      return problems.unprocessable("sample_missing", "The header sample is no longer stored. Upload it again.");
    const result = await graph.uploadTemplateSample(
      { accessToken: waConfig(channel).accessToken, appId: waConfig(channel).metaAppId },
      {
        bytes: await object.arrayBuffer(),
        mimeType: object.httpMetadata?.contentType ?? "application/octet-stream",
        filename: object.customMetadata?.filename ?? sampleId,
      },
    );
    if (!result.ok) return providerFailure(result, "header sample");
    out.push({ ...c, example: { ...example, header_handle: [result.handle] } });
  }
  return out;
}

/** Validates (T2), checks the OTP (T4), submits to the provider and stores the template PENDING (T3). */
export async function submitTemplate(env: Env, db: Db, actor: Actor, body: CreateTemplateBody): Promise<TemplateView> {
  const sealed = await channelOf(db, actor.organizationId, body.channelId);
  if (!sealed) throw problems.notFound("channel");
  const channel = await openChannel(sealed); // rule G7: its token is used below
  if (!channel.connected) {
    throw problems.conflict("channel_disconnected", "The channel is disconnected. Reconnect it first.");
  }
  // Rule T1: a template belongs to a channel account that has templates; checked before anything is read or written.
  const graph = templateApiOf(env, channel);
  // rule T1: unique per WhatsApp Business Account and language, as Meta keeps them.
  const wabaId = waConfig(channel).wabaId;
  const [takenNames, heldNames] = await Promise.all([
    namesInWaba(db, actor.organizationId, wabaId, body.language),
    namesHeldInWaba(db, wabaId, body.language, clock.now() - NAME_HELD_MS),
  ]);
  const ruleErrors = validateTemplate(body, {
    takenNames,
    heldNames,
    samples: await samplesOf(env, actor.organizationId, body.components),
  });
  if (ruleErrors.length > 0) throw problems.validation(ruleErrors);

  const now = clock.now();
  const submittedBy = actor.kind === "api_key" ? null : actor.identityId;
  if (needsOtp(body.category, await templateOtpEnabled(db, actor.organizationId))) {
    if (!submittedBy) {
      throw new Problem(
        422,
        "otp_required",
        "Template OTP is on: a MARKETING or UTILITY template must be submitted by a signed-in user with the emailed code.",
      );
    }
    await verifyOtp(
      db,
      { organizationId: actor.organizationId, identityId: submittedBy, purpose: "template_submit" },
      body.otpCode,
      now,
    );
  }

  const { otpCode: _code, channelId: _channel, ...draft } = body;
  const id = crypto.randomUUID();
  const row = await insertTemplate(db, {
    id,
    organizationId: actor.organizationId,
    channelId: channel.id,
    name: draft.name,
    language: draft.language,
    category: draft.category,
    components: draft.components,
    status: "PENDING",
    submittedBy,
    createdAt: now,
  });
  if (!row) throw nameTaken();

  const providerBody = providerTemplateBody(draft);
  const components = await withProviderHandles(env, graph, channel, providerBody.components);
  if (components instanceof Problem) {
    await deleteTemplateRow(db, id);
    throw components;
  }
  const result = await graph.createTemplate(
    { wabaId: waConfig(channel).wabaId, accessToken: waConfig(channel).accessToken },
    { ...providerBody, components },
  );
  if (!result.ok) {
    await deleteTemplateRow(db, id);
    throw providerFailure(result, "template");
  }
  const category = (TEMPLATE_CATEGORIES as readonly string[]).includes(result.category ?? "")
    ? (result.category as TemplateRow["category"])
    : draft.category;
  const stored = await recordSubmission(db, id, {
    providerTemplateId: result.providerTemplateId,
    category,
    status: statusAfterSubmission(result.status),
  });
  log("info", "template.submitted", { organizationId: actor.organizationId, templateId: id, status: result.status });
  return templateView(stored ?? row);
}

/** Deletes a template here and at the provider (T3: delete, then resubmit under another name). */
export async function deleteTemplate(env: Env, db: Db, organizationId: string, id: string): Promise<void> {
  const template = await templateOf(db, organizationId, id);
  const sealed = await channelById(db, template.channelId);
  const channel = sealed && template.providerTemplateId ? await openChannel(sealed) : null; // rule G7
  let deletedThere = false;
  if (channel && template.providerTemplateId) {
    const result = await templateApiOf(env, channel).deleteTemplate(
      { wabaId: waConfig(channel).wabaId, accessToken: waConfig(channel).accessToken },
      { name: template.name, providerTemplateId: template.providerTemplateId },
    );
    if (!result.ok) {
      const unreachable = result.status === null || result.status >= 500 || result.status === 401;
      if (unreachable || result.status === 403) {
        throw new Problem(
          502,
          "provider_unavailable",
          `The provider did not delete the template (${result.error.title}). Nothing was deleted; try again.`,
        );
      }
      log("warn", "template.delete_not_found_at_provider", { templateId: id, code: result.error.code });
    } else {
      deletedThere = true;
    }
  }
  // T3: a name Meta deleted now is held there for 30 days; a local draft's (or one Meta no longer had) is free.
  const held =
    channel && deletedThere
      ? { wabaId: waConfig(channel).wabaId, name: template.name, language: template.language, deletedAt: clock.now() }
      : null;
  await deleteTemplateOf(db, organizationId, id, held);
}

/** Rule T3: how long Meta keeps a deleted template's name from a new template. */
const NAME_HELD_MS = 30 * 24 * 3_600_000;
