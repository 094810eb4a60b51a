/** Campaign words of the Broadcast pages (rules T6-T9): states and the API's refusals in plain words. */
import { REASON_WORDS } from "../../../../worker/domain/campaign";
import { ApiError } from "../../api";
import type { CampaignView } from "../../api-campaigns";
import { describeError } from "../../errors";
import { t } from "../../i18n";

export const FINAL_STATUSES: CampaignView["status"][] = ["completed", "partially_completed", "failed", "cancelled"];
export const isFinal = (status: CampaignView["status"]) => FINAL_STATUSES.includes(status);

/** English words (the keys of t()); shown as `t(STATUS_WORDS[status])`. */
export const STATUS_WORDS: Record<CampaignView["status"], string> = {
  scheduled: "Scheduled",
  running: "Running",
  completed: "Completed",
  partially_completed: "Partially completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** The chip tone of each state. */
export const STATUS_TONE: Record<CampaignView["status"], string> = {
  scheduled: "chip-muted",
  running: "chip-muted",
  completed: "chip-ok",
  partially_completed: "chip-warn",
  failed: "chip-danger",
  cancelled: "chip-danger",
};

/** The 422/409 codes of the campaign API, said so an admin knows what to do. */
const CODE_WORDS: Record<string, string> = {
  template_not_approved: "This template is not approved; only APPROVED templates can be sent.",
  variable_unmapped: "Every {{n}} variable needs a list column or a fixed value.",
  header_media_missing: "The template's header shows a file: give a link or upload one.",
  template_header_media_invalid: "The header file is not of the kind the template shows.",
  media_too_large: "The header file is too large for WhatsApp.",
  phone_invalid: "That phone number is not valid. Use 08…, 628… or +62….",
  scheduled_at_invalid: "The scheduled time must be in the future.",
  balance_short:
    'The estimate is more than your WhatsApp balance. Top up, or tick "Send until the money or the limit ends" to send while it lasts.',
  messaging_limit_exceeded:
    'The campaign reaches more new customers than the number\'s daily messaging limit allows. Send to fewer, or tick "Send until the money or the limit ends".',
  channel_unavailable: "The template's WhatsApp number is disconnected.",
  campaign_running: "The campaign is still running; retry failed recipients when it has ended.",
  campaign_cancelled: "A cancelled campaign cannot be retried.",
};

export function campaignError(error: unknown): string {
  // Only the words: the API's detail is English prose (the estimate's figures are on the page already).
  const known = error instanceof ApiError ? CODE_WORDS[error.code] : undefined;
  return known ? t(known) : describeError(error);
}

/**
 * Why a recipient failed or a campaign stopped (T6), in the app's language: the domain's words for
 * the reason code (the same the CSV export writes), or the provider's code when it is not known.
 */
export function reasonWords(reason: string): string {
  const known = REASON_WORDS[reason];
  if (known) return t(known);
  const code = /^provider_error_(.+)$/.exec(reason)?.[1];
  return code
    ? t("The provider refused the message (code {code}).", { code })
    : t("The provider refused the message ({code}).", { code: reason });
}

/** The `{{n}}` numbers of a template body, in order, once each. */
export function variablesOf(body: string): number[] {
  const found = new Set<number>();
  for (const m of body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b);
}

/** The body with `{{n}}` replaced by `values[n-1]` (left as it is when missing). */
export function fillBody(body: string, values: string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (all, n) => values[Number(n) - 1] || all);
}
