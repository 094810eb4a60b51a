/**
 * Issue 18: what each domain problem `code` means, once, in a sentence an integrator can act on. The
 * per-operation lists (`problem-codes.ts`) name these codes; the published document shows each with
 * this meaning, and the test (test/worker/openapi-codes.test.ts) proves every code is one the worker
 * really answers. Codes are stable: never rename one, integrators branch on them.
 */
export const PROBLEM_MEANINGS = {
  // Sign-in, recovery and people (A1-A4, I7)
  invalid_credentials: "The email or password is not right.",
  too_many_attempts: "Too many wrong passwords for this email: retry after `Retry-After` seconds, or reset it.",
  reset_token_invalid: "The reset link is invalid, already used or expired.",
  invitation_invalid: "The invitation is invalid, already accepted, withdrawn or expired.",
  password_required: "This person has no password yet: choose one (`newPassword`) to join.",
  email_token_invalid: "The confirmation link is invalid, already used or expired.",
  email_taken: "Another account already uses this email.",
  current_password_wrong: "The current password is not right.",
  already_member: "This email already belongs to a user of this organization.",
  already_invited: "This person's invitation is still open: remove it to invite them again.",
  invitation_pending: "The person has not accepted yet: only the role of an invitation changes.",
  last_admin: "An organization needs at least one admin.",
  identity_shared: "The person also belongs to an organization you do not administer: name and email stay.",
  mail_unavailable: "The email could not be sent, so nothing was kept: try again in a moment.",
  // One-time codes (T4)
  otp_required: "This action needs the 6-digit code emailed by `POST /api/otp`.",
  otp_invalid: "The code is wrong, expired or already used.",
  otp_locked: "Too many wrong codes: wait `Retry-After` seconds, then request a new code.",
  otp_rate_limited: "Too many codes requested: use the last one sent, or wait `Retry-After` seconds.",
  // Channels (G1-G4)
  provider_refused: "The provider refused the channel's credentials; `detail` gives its words.",
  channel_credentials_invalid:
    "The provider did not accept the access token (expired, revoked or mistyped); nothing was saved (G3).",
  calls_unsupported: "This channel kind has no calls.",
  templates_unsupported: "This channel kind has no message templates.",
  // The inbox (I1-I11, B1-B8)
  messaging_limit_reached:
    "The number's daily messaging limit has no place for another customer outside their window (issue 13).",
  domain_trailing_slash: 'Webchat: write the site\'s domain without a "/" at the end (https://shop.example) (G2).',
  domain_invalid: "Webchat: the domain must be an origin (https://host[:port]), no path or query (G2).",
  name_admin_only: "Only an admin changes a person's name; yours is yours to change only where you are admin (I7).",
  window_expired: "The reply window has closed: only an approved template message can be sent now (I2).",
  room_resolved: "The room is resolved (I3): start a new conversation from the contact with a template.",
  contact_blocked: "The contact is blocked (I6): unblock them first.",
  channel_kind_mismatch:
    "The contact is on another kind of channel than the one named (a Telegram chat on a WhatsApp number).",
  reply_target_missing: "The message replied to is not in this room.",
  room_assigned_elsewhere: "The room is assigned to another agent.",
  media_missing: "The attached file was not found: upload it again.",
  media_not_attachment: "The file was uploaded as a template sample: upload it as an attachment to send it.",
  media_too_large: "The file is over the channel's limit for its kind (I10).",
  insufficient_balance: "The WhatsApp balance cannot pay for this message: top up (B2-B7).",
  billing_busy: "Billing is busy with other sends of this organization: retry in a moment.",
  snooze_time: "Snooze until a time in the next 30 days.",
  room_not_ready: "The room is still being opened: retry after `Retry-After` seconds.",
  websocket_required: "Open this URL as a WebSocket (`Upgrade: websocket`).",
  block_needs_open_room: "A contact is blocked from an unresolved room (I6).",
  room_open: "The contact already has an unresolved room: send from there (I3).",
  // Sending a template (T3)
  template_not_sendable: "Only an APPROVED template can be sent.",
  template_variables_mismatch: "`variables` must give one value per `{{n}}` of the template's body.",
  template_header_variables_mismatch: "`headerVariables` must give one value per variable of the header.",
  template_header_media_unexpected: "The template has no media header: leave out the header media.",
  template_button_variables_mismatch: "`buttonVariables` must give one value per URL button with a `{{1}}` suffix.",
  // Templates (T1-T4)
  channel_disconnected: "The channel is disconnected: reconnect it first.",
  sample_missing: "The header sample is no longer stored: upload it again.",
  provider_rejected: "The provider refused the template; `detail` gives its words.",
  provider_unavailable: "The provider could not be reached, or did not do it: nothing changed, try again.",
  template_immutable: "A submitted template is never edited (T3): delete it and submit a new one.",
  // Labels, quick replies (I8, I11)
  label_exists: "A label with this name exists already.",
  title_taken: "A quick reply with this title exists already.",
  // Uploads (I10, T2, T5)
  sample_too_large: "The template sample is over its format's limit (T2).",
  unsupported_media_type: "The file's bytes are not a kind this upload takes.",
  list_too_large: "A contact list file is at most 5 MB (T5).",
  list_invalid: "The file breaks T5: `errors` lists every problem with its row and column; nothing was kept.",
  // Billing, settings
  no_package: "This organization has no package to top up.",
  payments_unavailable: "Top-ups are not available: no payment provider is configured.",
  office_hours_invalid: "Some open intervals are empty or overlap; `errors` names each day (I9).",
  csat_template_unusable: "Choose an APPROVED template of this name and language without variables (R3).",
  // Tenant webhooks (G5)
  webhook_url_refused: "The endpoint URL is not allowed (https, a public host); `detail` says why.",
  webhook_endpoint_disabled: "The endpoint is disabled: enable it first.",
  // Campaigns (T6-T9)
  campaign_conflict: "The campaign could not be created: try again (same `Idempotency-Key`).",
  campaign_running: "The campaign is still scheduled or running: retry failed recipients when it has ended.",
  campaign_cancelled: "A cancelled campaign cannot be retried.",
  template_not_approved: "Only an APPROVED template can be sent.",
  channel_unavailable: "The template's channel is disconnected.",
  variable_unmapped: "Every template parameter needs a value or a column of the list (T6).",
  phone_invalid: "The phone number is not one that can be reached.",
  header_media_missing: "The template's header shows a file: give `headerMedia` (a link or an uploaded file).",
  template_header_media_invalid: "The header file is not of the kind the template's header shows.",
  scheduled_at_invalid: "`scheduledAt` is neither an ISO time with an offset nor `YYYY-MM-DDTHH:mm`.",
  balance_short: "The estimate is over the WhatsApp balance: top up, or send with `allowPartial: true` (T7).",
  messaging_limit_exceeded:
    "More new customers than the number's 24-hour messaging limit: send fewer, or `allowPartial`.",
  media_upload_failed: "The header file could not be uploaded to the provider.",
  // Calls (C1-C11)
  call_taken: "Another agent answered this call (C7).",
  call_ended: "The call has ended.",
  agent_on_call: "You are on another call (one call at a time).",
  provider_error: "WhatsApp refused the call action; `detail` gives its words.",
  no_active_conversation: "A call permission request needs an open conversation window (C2).",
  call_permission_limit: "At most 1 permission request per 24 hours and 2 per 7 days (C2).",
  call_permission_missing: "The customer has not allowed calls (C4).",
  outbound_calls_disabled: "Outbound calls are off for this number (C1).",
  voice_balance_low: "Outbound calls need a voice balance of at least Rp 50,000 (B8).",
  call_limit_reached: "At most 10 connected calls to this number in 24 hours (C4).",
  agent_in_other_group: "An agent is already in another ring group of this number (C8).",
  // Provider webhooks (G1, G6)
  invalid_signature: "The signature or secret does not match the body, or the URL names no channel here.",
} as const;

export type ProblemCode = keyof typeof PROBLEM_MEANINGS;

/**
 * Codes any operation may answer, described once in the document (`worker/lib/router.ts` `errors`, the
 * Idempotency-Key parameter, the 429 answer) rather than per operation.
 */
export const GENERIC_PROBLEM_CODES = [
  "validation_failed",
  "malformed_json",
  "unauthenticated",
  "forbidden",
  "insufficient_scope",
  "csrf_rejected",
  "not_found",
  "rate_limited",
  "idempotency_key_reused",
  "idempotency_key_in_use",
  "body_too_large",
  // A server fault (500), never a rule: logged, and the same for every operation.
  "internal_error",
  "secret_unreadable",
  "secrets_key_unusable",
] as const;

/** Codes the worker makes that no API operation answers, each with the reason. */
export const UNANSWERED_PROBLEM_CODES: Record<string, string> = {
  not_an_email_webhook:
    "Email's adapter refusal for a webhook; `/webhooks/email` is 404 (mail comes by Email Routing).",
  not_a_webhook:
    "The website widget's adapter refusal for a webhook; `/webhooks/webchat` is 404 (visitors use /widget).",
  origin_not_allowed:
    "The widget's own routes (/widget/<id>/…, not in this document): a request from another origin (G2).",
  protocol_required: "The widget's own routes: a request without the widget's protocol header (G2).",
  visitor_unknown: "The widget's own routes: the visitor token is not one this widget signed (G2).",
  identity_invalid: "The widget's own routes: the site's HMAC of its user id does not match (G2).",
  no_conversation_yet: "The widget's own routes: a file or a live socket before the visitor's first message (G2).",
  room_unavailable: "A room's outcome inside bulkUpdateRooms' 200 answer (`results[].code`), not a problem answer.",
};
