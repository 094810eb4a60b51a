/**
 * What a create and a pre-send estimate share (T6, issue 13 item 6): the request checked (template
 * APPROVED, channel connected, every variable mapped, schedule readable) and its recipients resolved,
 * with those a MARKETING campaign skips left out (opted out; Meta's 131049 in the last 24 h).
 */
import { eq } from "drizzle-orm";
import { channelOf } from "../../db/channels";
import type { Db } from "../../db/client";
import { organizations } from "../../db/schema";
import { parseScheduledAt, resolveVariables, type VariableSource } from "../../domain/campaign";
import { normalisePhone } from "../../domain/phone";
import { templateNeeds } from "../../domain/template-send";
import { Problem, problems } from "../../lib/problem";
import type { CreateCampaignBody } from "../../schemas/campaigns";
import { contactListById, listRecipients } from "../contact-lists/repo";
import { type TemplateRow, templateRowOf } from "../templates/repo";
import { checkHeaderMedia, type HeaderMediaChoice } from "./header-media";
import { blockedAmong } from "./limits";
import { optedOutAmong } from "./opt-outs";
import type { NewRecipient } from "./types";

export const unprocessable = (code: string, detail: string) => new Problem(422, code, detail);

interface Mapping {
  body: VariableSource[];
  header: VariableSource[];
  buttons: VariableSource[];
}

/** T6: one source per parameter the template takes, each column one the list has (else 422). */
function checkMapping(components: unknown, m: Mapping, columns: readonly string[] | null): void {
  const needs = templateNeeds(components);
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

/** The recipients of the request: a list's rows or one number, each with its cells. */
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

export interface PreparedCampaign {
  template: TemplateRow;
  /** The recipient of a single-number campaign (E.164); null for a list. */
  phone: string | null;
  /** Rows of the list (1 for a single number). */
  rows: number;
  /** Distinct phones among them. */
  uniqueRows: number;
  recipients: NewRecipient[];
  skipped: { optedOut: number; engagementBlocked: number };
  /** A media header's file (T3), checked; null when the template has none. */
  headerMedia: HeaderMediaChoice | null;
  /** ms since the epoch, or null: now. */
  scheduledAt: number | null;
}

/** Every refusal of T6 before anything is queued, and the recipients with their frozen parameters. */
export async function prepareCampaign(
  env: Env,
  db: Db,
  organizationId: string,
  body: CreateCampaignBody,
  now: number,
): Promise<PreparedCampaign> {
  const template = await templateRowOf(db, organizationId, body.templateId);
  if (!template) throw problems.notFound("template");
  if (template.status !== "APPROVED") {
    throw unprocessable(
      "template_not_approved",
      `This template is ${template.status}; only APPROVED templates can be sent.`,
    );
  }
  const channel = await channelOf(db, organizationId, template.channelId);
  if (!channel?.connected) throw unprocessable("channel_unavailable", "The template's channel is disconnected.");
  const mapping = { body: body.variables, header: body.headerVariables ?? [], buttons: body.buttonVariables ?? [] };
  const target = await recipientsOf(db, organizationId, body);
  checkMapping(template.components, mapping, target.columns);
  const headerMedia = await headerMediaOf(env, organizationId, template.components, body.headerMedia);
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  const scheduledAt = body.scheduledAt ? parseScheduledAt(body.scheduledAt, org?.timeZone ?? "Asia/Jakarta") : null;
  if (body.scheduledAt && scheduledAt === null) {
    throw unprocessable(
      "scheduled_at_invalid",
      "scheduledAt is neither an ISO time with an offset nor YYYY-MM-DDTHH:mm.",
    );
  }
  const phones = target.rows.map((r) => r.phone);
  const marketing = template.category === "MARKETING";
  // Issue 13, item 6: MARKETING skips who opted out, and who Meta refused with 131049 in the last 24 h.
  const optedOut = marketing ? await optedOutAmong(db, organizationId, phones) : new Set<string>();
  const blocked = marketing ? await blockedAmong(db, organizationId, phones, now) : new Set<string>();
  const kept = target.rows.filter((r) => !optedOut.has(r.phone) && !blocked.has(r.phone));
  return {
    template,
    phone: body.phone !== undefined ? (target.rows[0]?.phone ?? null) : null,
    rows: target.rows.length,
    uniqueRows: new Set(phones).size,
    recipients: kept.map((r) => ({
      phone: r.phone,
      params: {
        body: resolveVariables(mapping.body, r.cells),
        header: resolveVariables(mapping.header, r.cells),
        buttons: resolveVariables(mapping.buttons, r.cells),
      },
    })),
    skipped: {
      optedOut: target.rows.filter((r) => optedOut.has(r.phone)).length,
      engagementBlocked: target.rows.filter((r) => !optedOut.has(r.phone) && blocked.has(r.phone)).length,
    },
    headerMedia,
    scheduledAt,
  };
}

/** Rule T3: a media header's file is given (or the template's sample stands), of its kind and size. */
async function headerMediaOf(
  env: Env,
  organizationId: string,
  components: unknown,
  given: CreateCampaignBody["headerMedia"],
): Promise<HeaderMediaChoice | null> {
  const needs = templateNeeds(components);
  if (!needs.headerMedia) {
    if (given) throw unprocessable("template_header_media_unexpected", "This template has no media header.");
    return null;
  }
  const choice = { format: needs.headerMedia, given, sampleId: needs.headerSampleId };
  const checked = await checkHeaderMedia(env, organizationId, choice);
  if ("object" in checked) await checked.object.body.cancel();
  return choice;
}
