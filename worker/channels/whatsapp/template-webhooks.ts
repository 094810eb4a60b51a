/**
 * WhatsApp Cloud API template webhooks (rule T3): the `message_template_status_update` and
 * `message_template_quality_update` fields of a WhatsApp Business Account subscription, parsed into
 * a common shape, and builders of exactly Meta's JSON (for the sandbox provider and the tests).
 *
 * Unlike `messages`, these name no phone number: `entry[].id` is the WhatsApp Business Account id
 * (WABA), and the template is named by `message_template_id` (also by name and language).
 *
 * Choices where Meta leaves room (written down per PRODUCT.md):
 * - `message_template_id` arrives as a JSON number; it is kept as a string of its digits.
 * - The reason of a status change is `reason` unless it is "NONE", else `other_info.description`
 *   (pauses and locks), else null.
 * - `time` (unix seconds) is optional; when absent the change is dated by the caller's clock.
 */
import { z } from "zod";
import type { ProviderQualityScore, TemplateChange } from "../template-types";

export type { ProviderQualityScore };

export const TEMPLATE_STATUS_FIELD = "message_template_status_update";
export const TEMPLATE_QUALITY_FIELD = "message_template_quality_update";
const TEMPLATE_FIELDS: readonly string[] = [TEMPLATE_STATUS_FIELD, TEMPLATE_QUALITY_FIELD];

const idSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform((v) => String(v));

const statusValueSchema = z.object({
  event: z.string().min(1),
  message_template_id: idSchema,
  message_template_name: z.string().min(1),
  message_template_language: z.string().min(1),
  reason: z.string().nullable().optional(),
  other_info: z.object({ title: z.string().optional(), description: z.string().optional() }).optional(),
});

const qualityValueSchema = z.object({
  message_template_id: idSchema,
  message_template_name: z.string().min(1),
  message_template_language: z.string().min(1),
  previous_quality_score: z.string().optional(),
  new_quality_score: z.string().min(1),
});

const templateWebhookSchema = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.object({
      id: z.string().min(1),
      time: z.number().int().nonnegative().optional(),
      changes: z.array(z.object({ field: z.string().optional(), value: z.unknown() })),
    }),
  ),
});

function changesOf(json: unknown): Array<{ entryId: unknown; field: unknown }> {
  const out: Array<{ entryId: unknown; field: unknown }> = [];
  const entries = (json as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entries)) return out;
  for (const entry of entries) {
    const changes = (entry as { changes?: unknown } | null)?.changes;
    if (!Array.isArray(changes)) continue;
    for (const change of changes) {
      out.push({ entryId: (entry as { id?: unknown }).id, field: (change as { field?: unknown } | null)?.field });
    }
  }
  return out;
}

/** True when the body carries at least one template status or quality change. Never throws. */
export function isTemplateWebhook(json: unknown): boolean {
  return changesOf(json).some((c) => typeof c.field === "string" && TEMPLATE_FIELDS.includes(c.field));
}

/** The WABA ids (`entry[].id`) of the template changes in a body, in order, without repeats. Never throws. */
export function wabaIdsOf(json: unknown): string[] {
  const ids = new Set<string>();
  for (const c of changesOf(json)) {
    if (typeof c.field !== "string" || !TEMPLATE_FIELDS.includes(c.field)) continue;
    if (typeof c.entryId === "string" && c.entryId !== "") ids.add(c.entryId);
  }
  return [...ids];
}

/**
 * Parses the template changes of a webhook body (already JSON-decoded); other fields are skipped.
 * Throws a ZodError when the body is not a WhatsApp webhook or a template change lacks its fields.
 */
export function parseTemplateWebhook(json: unknown): TemplateChange[] {
  const body = templateWebhookSchema.parse(json);
  const out: TemplateChange[] = [];
  for (const entry of body.entry) {
    const at = entry.time === undefined ? null : entry.time * 1000;
    for (const change of entry.changes) {
      if (change.field === TEMPLATE_STATUS_FIELD) {
        const v = statusValueSchema.parse(change.value);
        const reason = v.reason && v.reason !== "NONE" ? v.reason : (v.other_info?.description ?? null);
        out.push({
          kind: "status",
          wabaId: entry.id,
          providerTemplateId: v.message_template_id,
          name: v.message_template_name,
          language: v.message_template_language,
          event: v.event.toUpperCase(),
          reason,
          at,
        });
      } else if (change.field === TEMPLATE_QUALITY_FIELD) {
        const v = qualityValueSchema.parse(change.value);
        out.push({
          kind: "quality",
          wabaId: entry.id,
          providerTemplateId: v.message_template_id,
          name: v.message_template_name,
          language: v.message_template_language,
          previousScore: v.previous_quality_score ?? null,
          score: v.new_quality_score.toUpperCase(),
          at,
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Builders: exactly Meta's JSON
// ---------------------------------------------------------------------------------------------

export interface TemplateRef {
  wabaId: string;
  /** Meta's numeric template id, as digits. */
  templateId: string;
  name: string;
  language: string;
  /** Unix seconds of the change. */
  time: number;
}

/** Meta sends the template id as a JSON number. */
const numericId = (id: string): number | string => (/^\d{1,15}$/.test(id) ? Number(id) : id);

function templateEnvelope(ref: TemplateRef, field: string, value: Record<string, unknown>) {
  return {
    object: "whatsapp_business_account" as const,
    entry: [{ id: ref.wabaId, time: ref.time, changes: [{ value, field }] }],
  };
}

export interface BuildTemplateStatusInput extends TemplateRef {
  event: string;
  /** Meta's reason code ("NONE" when there is none). */
  reason?: string | null;
  category?: string;
  otherInfo?: { title: string; description: string };
}

/** One `message_template_status_update`, as Meta delivers it. */
export function buildTemplateStatusWebhook(input: BuildTemplateStatusInput) {
  return templateEnvelope(input, TEMPLATE_STATUS_FIELD, {
    event: input.event,
    message_template_id: numericId(input.templateId),
    message_template_name: input.name,
    message_template_language: input.language,
    reason: input.reason ?? "NONE",
    ...(input.category ? { message_template_category: input.category } : {}),
    ...(input.otherInfo ? { other_info: input.otherInfo } : {}),
  });
}

export interface BuildTemplateQualityInput extends TemplateRef {
  previousScore: ProviderQualityScore;
  score: ProviderQualityScore;
}

/** One `message_template_quality_update`, as Meta delivers it. */
export function buildTemplateQualityWebhook(input: BuildTemplateQualityInput) {
  return templateEnvelope(input, TEMPLATE_QUALITY_FIELD, {
    previous_quality_score: input.previousScore,
    new_quality_score: input.score,
    message_template_id: numericId(input.templateId),
    message_template_name: input.name,
    message_template_language: input.language,
  });
}
