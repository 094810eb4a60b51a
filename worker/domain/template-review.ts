/**
 * Rule T3: how the provider's review moves a template. Pure: the webhook route applies the result.
 *
 * - PENDING on submission; the provider's status webhook then says APPROVED or REJECTED (with the
 *   reason), and later PAUSED or DISABLED (low quality). REINSTATED (and UNPAUSED) bring a paused
 *   template back to APPROVED; IN_APPEAL is PENDING again.
 * - FLAGGED (Meta: the quality fell to low) leaves the status and sets the quality LOW.
 * - Quality webhooks: GREEN -> HIGH, YELLOW -> MEDIUM, RED -> LOW, UNKNOWN -> NEUTRAL ("not
 *   evaluated"). A template starts NEUTRAL.
 * - Events the platform has no state for (PENDING_DELETION, DELETED, ARCHIVED, LIMIT_EXCEEDED, ...)
 *   change nothing. Changes are applied in the order they arrive.
 * Only APPROVED templates can be sent (`template-send.ts`).
 */
export type TemplateStatus = "PENDING" | "APPROVED" | "REJECTED" | "PAUSED" | "DISABLED";
export type TemplateQuality = "HIGH" | "MEDIUM" | "LOW" | "NEUTRAL";

export interface ReviewState {
  status: TemplateStatus;
  reason: string | null;
  quality: TemplateQuality;
}

const STATUS_OF_EVENT: Record<string, TemplateStatus> = {
  APPROVED: "APPROVED",
  REINSTATED: "APPROVED",
  UNPAUSED: "APPROVED",
  REJECTED: "REJECTED",
  PAUSED: "PAUSED",
  DISABLED: "DISABLED",
  PENDING: "PENDING",
  IN_APPEAL: "PENDING",
};

export const QUALITY_OF_SCORE: Record<string, TemplateQuality> = {
  GREEN: "HIGH",
  YELLOW: "MEDIUM",
  RED: "LOW",
  UNKNOWN: "NEUTRAL",
};

/** The state after a status event, or null when the event changes nothing the platform keeps. */
export function afterStatusEvent(state: ReviewState, event: string, reason: string | null): ReviewState | null {
  if (event === "FLAGGED") return state.quality === "LOW" ? null : { ...state, quality: "LOW" };
  const status = STATUS_OF_EVENT[event];
  if (!status) return null;
  const next: ReviewState = {
    ...state,
    status,
    // An approval clears an earlier rejection or pause reason; the others keep the provider's words.
    reason: status === "APPROVED" || status === "PENDING" ? null : reason,
  };
  return next.status === state.status && next.reason === state.reason ? null : next;
}

/** The state after a quality webhook, or null when the score is unknown to us or unchanged. */
export function afterQualityUpdate(state: ReviewState, score: string): ReviewState | null {
  const quality = QUALITY_OF_SCORE[score];
  if (!quality || quality === state.quality) return null;
  return { ...state, quality };
}

/** The status stored right after the provider accepted a submission (Meta answers PENDING, sometimes APPROVED). */
export function statusAfterSubmission(providerStatus: string): TemplateStatus {
  const status = STATUS_OF_EVENT[providerStatus.toUpperCase()];
  return status ?? "PENDING";
}
