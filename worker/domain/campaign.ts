/**
 * Campaign rules (T6-T8, issue 13): how a provider answer moves a recipient, how statuses move it
 * forward only, and how a campaign ends. Pure: no I/O, times are given.
 */
import { instantOfWall } from "./wall-clock";

/** A recipient's states (T6). `sending`: claimed and handed to a send; `held`: Meta holds it for pacing (T8). */
export type RecipientState = "queued" | "sending" | "held" | "sent" | "delivered" | "read" | "failed" | "cancelled";

/** What the sender does with a recipient after a failed send, from Meta's error class (research §1.5). */
export type FailureAction =
  /** 130429: the number's throughput; the same recipient again soon, and the number slows down. */
  | { kind: "retry_number" }
  /** 131056 and transient errors: the same recipient again after `delayMs`. */
  | { kind: "retry_recipient"; delayMs: number }
  /** A terminal answer about this recipient. */
  | { kind: "fail_recipient"; reason: string }
  /** The template or the number cannot send now: the campaign stops, the rest fail with `reason`. */
  | { kind: "stop_campaign"; reason: string }
  /** The request may have reached Meta (timeout, 5xx): never re-sent automatically. */
  | { kind: "unknown_outcome" };

/** At most this many attempts for transient errors, after which the recipient fails. */
export const MAX_ATTEMPTS = 3;

/** `billing_busy`: our ledger was busy, nothing was sent. */
const TRANSIENT = new Set(["1", "2", "131000", "131016", "133004", "network_error", "billing_busy"]);
const STOPPERS: Record<string, string> = {
  "131048": "spam_rate_limit",
  "132015": "template_paused",
  "132016": "template_disabled",
  "132001": "template_missing",
  "368": "account_restricted",
  "131031": "account_locked",
  "131042": "payment_problem",
  "190": "access_token_invalid",
};
const REASONS: Record<string, string> = {
  "131026": "undeliverable",
  "131050": "opted_out",
  "131049": "meta_engagement_limit",
  "130472": "experiment_holdout",
  "130497": "country_restricted",
  "131047": "reengagement_window",
  "131051": "unsupported_message",
  "100": "invalid_parameter",
  channel_unavailable: "channel_unavailable",
  engagement_blocked: "meta_engagement_blocked",
};

/**
 * Meta's error classes (research table 1.5): `code` is the ProviderError code (Meta's numeric code
 * as text, `timeout`, `network_error`, `http_<status>`); `httpStatus` null when no answer came.
 */
export function failureAction(code: string, httpStatus: number | null, attempt: number): FailureAction {
  if (code === "130429") return { kind: "retry_number" };
  if (code === "timeout" || code === "invalid_response") return { kind: "unknown_outcome" };
  if (httpStatus !== null && httpStatus >= 500) return { kind: "unknown_outcome" };
  const stop = STOPPERS[code];
  if (stop) return { kind: "stop_campaign", reason: stop };
  if (code === "131056") return { kind: "retry_recipient", delayMs: 4 ** Math.min(attempt - 1, 4) * 1_000 };
  if (TRANSIENT.has(code)) {
    return attempt >= MAX_ATTEMPTS
      ? { kind: "fail_recipient", reason: `provider_error_${code}` }
      : { kind: "retry_recipient", delayMs: 2 ** attempt * 1_000 };
  }
  if (code.startsWith("1320")) return { kind: "fail_recipient", reason: "template_parameters_invalid" };
  return { kind: "fail_recipient", reason: REASONS[code] ?? `provider_error_${code}` };
}

/** The reason a status webhook's failure gives a recipient. */
export function statusFailureReason(code: string | null): string {
  if (code === "132015") return "template_paused";
  if (code === "132016") return "template_disabled";
  return (code && REASONS[code]) ?? (code ? `provider_error_${code}` : "provider_failed");
}

/** Reasons in words, for the recipients report (T6). */
export const REASON_WORDS: Record<string, string> = {
  insufficient_balance: "The WhatsApp balance ran out before this message could be paid for.",
  opted_out: "The customer opted out of marketing messages.",
  unknown_outcome:
    "The provider did not answer in time; the message may or may not have been sent, so it was not sent again.",
  no_status: "Meta never confirmed this message; its charge was given back. Retry sends it again.",
  sent_after_refund:
    "Meta confirmed this message more than 48 hours late, after its charge had been given back; it was not charged again.",
  undeliverable: "The number is not on WhatsApp or cannot receive messages.",
  meta_engagement_limit: "Meta limited marketing messages to this customer (retry after 24 hours).",
  meta_engagement_blocked:
    "Skipped: Meta limited marketing messages to this customer (131049) in the last 24 hours; not sent again until 24 hours have passed.",
  messaging_limit_reached:
    "The number's daily messaging limit (unique customers per 24 hours) was reached; retry when it frees up.",
  template_paused: "The template was paused for low quality.",
  template_disabled: "The template was disabled for low quality.",
  template_missing: "The template no longer exists at the provider.",
  template_parameters_invalid: "The provider refused the template's parameters.",
  spam_rate_limit: "Meta restricted the number for spam; the campaign stopped.",
  account_restricted: "The WhatsApp Business account is restricted.",
  account_locked: "The WhatsApp Business account is locked.",
  payment_problem: "The WhatsApp Business account has a payment problem.",
  access_token_invalid: "The channel's access token is no longer valid.",
  experiment_holdout: "Meta held this message back as part of an experiment.",
  country_restricted: "Meta does not deliver this template to the recipient's country.",
  reengagement_window: "The customer's reply window is closed.",
  campaign_cancelled: "The campaign was cancelled before this message was sent.",
  channel_unavailable: "The channel is disconnected or no longer exists.",
  variable_empty: "A mapped list column is empty for this row.",
  provider_failed: "The provider reported the message as failed.",
};

export function reasonInWords(reason: string | null): string {
  if (!reason) return "";
  return REASON_WORDS[reason] ?? `The provider refused the message (${reason.replace(/^provider_error_/, "code ")}).`;
}

/** A failed message's error as a room shows it (the provider error's shape). */
export interface RoomError {
  code: string;
  title: string;
  detail: string | null;
}

/**
 * Rule I3: how a recipient's campaign message shows in its room: held by Meta for pacing (T8) it is
 * still on its way; a failure says why in words. Null for a recipient whose message never went out.
 */
export function roomStatusOf(
  state: RecipientState,
  reason: string | null,
): { status: "pending" | "sent" | "delivered" | "read" | "failed"; error: RoomError | null } | null {
  if (state === "held") return { status: "pending", error: null };
  if (state === "sent" || state === "delivered" || state === "read") return { status: state, error: null };
  if (state !== "failed") return null;
  const code = reason ?? "provider_failed";
  return { status: "failed", error: { code, title: reasonInWords(code), detail: null } };
}

/**
 * The reason of a recipient whose send may have gone out: never sent again automatically, and Retry
 * skips it, until a status says what became of it or `NO_STATUS_MS` passes without one.
 */
export const UNKNOWN_OUTCOME = "unknown_outcome";

/**
 * Issue 13 item 4, T7, B7: Meta reports a status for every message it accepted within seconds to
 * minutes (a `sent` at once; a failure within 24 h to 30 days, but only after that `sent`). An
 * `unknown_outcome` recipient with no status this long after its attempt never reached Meta: its
 * charge is given back and it becomes `NO_STATUS`, which Retry sends again.
 */
export const NO_STATUS_MS = 48 * 60 * 60 * 1_000;
/** Issue 13 item 4: an `unknown_outcome` recipient settled as not sent after `NO_STATUS_MS` (refunded, retryable). */
export const NO_STATUS = "no_status";
/**
 * Issue 13 item 4, B7: a `NO_STATUS` recipient Meta reported sent after all (a status later than
 * 48 h): it counts as sent, but its charge was given back and is not taken again (never twice).
 */
export const SENT_AFTER_REFUND = "sent_after_refund";

/** Issue 13 item 4: when an `unknown_outcome` recipient whose attempt was at `attemptAt` is settled as not sent. */
export const noStatusAt = (attemptAt: number) => attemptAt + NO_STATUS_MS;

/** Issue 13 item 4: whether an `unknown_outcome` recipient attempted at `attemptAt` has waited for a status long enough. */
export const noStatusDue = (attemptAt: number, now: number) => now >= noStatusAt(attemptAt);

/** Reasons still open to their statuses: the send may have gone out, or was settled as not sent. */
const AWAITING_STATUS = new Set([UNKNOWN_OUTCOME, NO_STATUS]);

/**
 * The reason a recipient keeps when a status says it went out: a refunded one (`NO_STATUS`) says so
 * from then on (`SENT_AFTER_REFUND`, B7); any other has none.
 */
export const reasonWhenSent = (reason: string | null) =>
  reason === NO_STATUS || reason === SENT_AFTER_REFUND ? SENT_AFTER_REFUND : null;

const RANK: Record<RecipientState, number> = {
  queued: 0,
  sending: 1,
  held: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  failed: 6,
  cancelled: 6,
};

/**
 * Status webhooks move a recipient forward only (sent -> delivered -> read), idempotent and in any
 * order; `failed` applies to a recipient not yet delivered. Returns the new state or null (no change).
 * A recipient failed `unknown_outcome` (the send timed out: it may have gone out) is still open to
 * its statuses: one says whether it went out, as if it were still sending. So is one settled
 * `no_status` after 48 h (issue 13 item 4): a late status still says the truth (its money was given
 * back once already; see `reasonWhenSent`).
 */
export function nextState(
  current: RecipientState,
  status: "sent" | "delivered" | "read" | "failed",
  reason: string | null = null,
): RecipientState | null {
  if (current === "failed" && reason !== null && AWAITING_STATUS.has(reason)) return nextState("sending", status);
  if (current === "failed" || current === "cancelled" || current === "queued") return null;
  if (status === "failed") return RANK[current] < RANK.delivered ? "failed" : null;
  return RANK[status] > RANK[current] ? status : null;
}

/** Success states: the message reached Meta and was not failed since. */
export const isSuccess = (s: RecipientState) => s === "sent" || s === "delivered" || s === "read";

/** How a campaign whose recipients are all settled ends (T6, T7). */
export function finalStatus(counts: {
  success: number;
  failed: number;
}): "completed" | "partially_completed" | "failed" {
  if (counts.failed === 0) return "completed";
  return counts.success > 0 ? "partially_completed" : "failed";
}

/** A recipient's template parameters from a variable mapping and its list row (T6). */
export type VariableSource = { column: string } | { value: string };

export function resolveVariables(sources: readonly VariableSource[], cells: Record<string, string>): string[] {
  return sources.map((s) => ("value" in s ? s.value : (cells[s.column] ?? "")));
}

/** Rule T10: opt-out and opt-in keywords: the whole message, any case, surrounding spaces ignored. */
const OPT_OUT = new Set(["STOP", "BERHENTI", "UNSUBSCRIBE"]);
const OPT_IN = new Set(["START", "MULAI", "SUBSCRIBE"]);
const keyword = (text: string | null) => (text === null ? "" : text.trim().toUpperCase());
export const isOptOutText = (text: string | null) => OPT_OUT.has(keyword(text));
export const isOptInText = (text: string | null) => OPT_IN.has(keyword(text));

/**
 * Rule T6: a campaign's start time: an ISO time with an offset, or a local time
 * (`YYYY-MM-DDTHH:mm[:ss]`) read in the organization's time zone. Null when it is neither.
 */
export function parseScheduledAt(input: string, timeZone: string): number | null {
  const local = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(input);
  if (!local) {
    if (!/(Z|[+-]\d{2}:?\d{2})$/.test(input)) return null;
    const at = Date.parse(input);
    return Number.isNaN(at) ? null : at;
  }
  const [y, mo, d, h, mi, s] = local.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(asUtc)) return null;
  return instantOfWall(asUtc, timeZone);
}

/**
 * `biz_opaque_callback_data` of a campaign send: campaign, recipient and attempt (item 3). The attempt
 * tells a late status of a message sent before a Retry from the retried one's.
 */
export const callbackDataOf = (campaignId: string, recipientId: number, attempt: number) =>
  `cmp:${campaignId}:${recipientId}:${attempt}`;

/**
 * Whether a status is of the recipient's current send (a queued one has none: `nextState`). A status
 * naming another attempt, or another message id once the current one is known, is of a message sent
 * before a Retry: it must not move the retried recipient, or a late "delivered" of the first message
 * would mark the second delivered before Meta said anything of it.
 */
export function isOfCurrentSend(
  recipient: { attempt: number; wamid: string | null },
  status: { attempt?: number | null; providerMessageId: string },
): boolean {
  if (status.attempt != null && status.attempt !== recipient.attempt) return false;
  return recipient.wamid === null || recipient.wamid === status.providerMessageId;
}

/** Campaign, recipient and attempt of a send's callback data; `attempt` is null in sends from before it was added. */
export function campaignOfCallback(
  data: string | null,
): { campaignId: string; recipientId: number; attempt: number | null } | null {
  const m = data ? /^cmp:(cmp_[0-9a-f]{32}):(\d{1,9})(?::(\d{1,9}))?$/.exec(data) : null;
  if (!m) return null;
  return { campaignId: m[1] as string, recipientId: Number(m[2]), attempt: m[3] ? Number(m[3]) : null };
}
