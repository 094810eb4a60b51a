import { ApiError, type FieldError } from "./api";
import { t } from "./i18n";

/**
 * What went wrong, in words a person understands, for each problem `code` the API answers with. The
 * codes stay the same in every language; the words are said in the current one when shown (rule I13:
 * each is a t() sentence, so the i18n check sees that every code has its Indonesian words).
 */
const MESSAGES: Record<string, () => string> = {
  invalid_credentials: () => t("That email and password don't match. Check both and try again."),
  validation_failed: () => t("Some of the fields need another look."),
  unauthenticated: () => t("You are signed out. Sign in to continue."),
  forbidden: () => t("Your role does not allow this. Ask an admin of your organization if you need it."),
  csrf_rejected: () =>
    t("This request was blocked because it did not come from this page. Reload the page and try again."),
  reset_token_invalid: () => t("This reset link is invalid, already used or expired."),
  current_password_wrong: () => t("The current password is not right."),
  // Invitations and email changes (rules A1, A4)
  invitation_invalid: () => t("This invitation is invalid, already accepted, withdrawn or expired."),
  password_required: () => t("Choose a password to join."),
  email_token_invalid: () =>
    t("This confirmation link is invalid, already used or expired. Ask your admin to change the email again."),
  already_invited: () => t("This person has already been invited. Remove the invitation to send a new one."),
  invitation_pending: () => t("This person has not accepted yet, so only the role can change."),
  mail_unavailable: () => t("The email could not be sent. Try again in a moment."),
  not_found: () => t("That could not be found. It may have been removed, or you no longer have access to it."),
  malformed_json: () => t("The app sent a request the server could not read. Reload the page and try again."),
  network_error: () => t("Can't reach the server. Check your connection and try again."),
  internal_error: () => t("Something went wrong on our side. Try again in a moment."),
  // Rooms and messages (rules I1-I6, I10)
  window_expired: () =>
    t("The 24-hour window with this customer has closed. Only an approved template message can be sent now."),
  room_resolved: () => t("This conversation is resolved. Start a new one with a template message."),
  contact_blocked: () => t("This contact is blocked. Unblock them to send messages."),
  room_assigned_elsewhere: () =>
    t("This conversation is assigned to another agent. Ask a supervisor to transfer it to you."),
  block_needs_open_room: () => t("A contact can only be blocked from an open conversation."),
  reply_target_missing: () => t("The message you replied to could not be found. Send it without the reply."),
  room_open: () => t("This contact already has an open conversation. Send from there."),
  template_not_sendable: () => t("This template is not approved for sending. Pick another one."),
  template_variables_mismatch: () => t("Fill in every field of the template."),
  template_header_variables_mismatch: () =>
    t(
      "This template's header needs its value. Reload the page to see the template as it is now, then fill in every field.",
    ),
  template_button_variables_mismatch: () =>
    t(
      "Each link button of this template needs the end of its link. Reload the page to see the template as it is now, then fill in every field.",
    ),
  template_header_media_unexpected: () =>
    t("This template has no photo, video or document header, so no file can go with it."),
  template_header_media_invalid: () =>
    t("The header's file is not of the kind this template shows (a photo, video or document)."),
  media_not_attachment: () =>
    t(
      "This file was uploaded as a template sample and can't be sent as a message. Attach it again from the message box.",
    ),
  media_missing: () => t("The attached file was not found. Attach it again."),
  unsupported_media_type: () =>
    t(
      "This kind of file can't be sent on WhatsApp. Try a JPEG or PNG image, an MP4 video, an audio file, or a PDF or Office document.",
    ),
  media_too_large: () =>
    t("This file is too large for WhatsApp (images up to 5 MB, video and audio up to 16 MB, documents up to 100 MB)."),
  payload_too_large: () => t("This is too large to send. Use a smaller file or a shorter text."),
  send_interrupted: () => t("The message could not be sent; any charge for it was given back. Try again."),
  room_not_ready: () => t("This conversation is still being opened. Try again in a moment."),
  websocket_required: () => t("The live connection could not be opened. Reload the page."),
  // Administration
  last_admin: () => t("An organization needs at least one admin. Make someone else an admin first."),
  email_taken: () => t("Another account already uses this email."),
  already_member: () => t("This person is already a member of your organization."),
  identity_shared: () =>
    t(
      "This person also belongs to an organization you do not administer, so their name and email can't be changed here. Their role can still be changed.",
    ),
  name_taken: () => t("That name is already used. Choose another one."),
  title_taken: () => t("A quick reply with this title already exists. Choose another title."),
  phone_number_taken: () => t("This WhatsApp number is already connected."),
  // Billing (rules B1-B8)
  insufficient_balance: () =>
    t("The WhatsApp balance cannot pay for this message. An admin can top up in Finance; then try again."),
  no_package: () => t("This organization has no billing package, so there is nothing to top up."),
  payments_unavailable: () =>
    t("Top-ups are not available right now: no payment provider is set up. Nothing was charged."),
  // Templates and OTP (rules T1-T4)
  template_immutable: () =>
    t("A submitted template cannot be changed. Delete it and submit a new one under another name."),
  channel_disconnected: () => t("This WhatsApp number is disconnected. Reconnect it in Channels first."),
  provider_unavailable: () => t("WhatsApp could not be reached. Nothing was changed; try again in a moment."),
  otp_required: () => t("Enter the 6-digit code we emailed you."),
  otp_invalid: () => t("That code is not right, has expired or was already used. Check the email, or send a new code."),
  // Inbox, contacts, profile and settings (I3, I7, I8, I9, G2, R3)
  room_unavailable: () => t("This conversation could not be reached. Try again."),
  label_exists: () => t("A label with this name already exists. Choose another name."),
  snooze_time: () => t("Pick a snooze time within the next 30 days."),
  messaging_limit_reached: () =>
    t(
      "This number has reached its daily messaging limit: no more new customers can get a template today. Customers who wrote in the last 24 hours can still be answered.",
    ),
  channel_kind_mismatch: () =>
    t("This contact is on another kind of channel. Start the conversation from a channel of that kind."),
  billing_busy: () => t("Billing is busy with other sends of your organization. Try again in a moment."),
  media_upload_failed: () => t("The file could not be uploaded to the provider. Try again in a moment."),
  name_admin_only: () => t("Only an admin of your organization can change your name."),
  office_hours_invalid: () => t("Some open intervals are empty or overlap. Check the days marked below."),
  csat_template_unusable: () => t("Choose an approved template of this name and language that has no variables."),
  domain_trailing_slash: () => t("Write the site's domain without the slash at the end, like https://shop.example."),
  domain_invalid: () => t("Enter the site's domain as https://host, without a path, like https://shop.example."),
  provider_refused: () => t("The provider refused these credentials. Check them and try again."),
  channel_credentials_invalid: () =>
    t(
      "The access token was not accepted: it may be expired, revoked or mistyped. Paste a current token and try again.",
    ),
  phone_number_not_found: () =>
    t(
      "No phone number with this phone number id was found for this access token. Check the id in WhatsApp › API setup.",
    ),
  sample_missing: () => t("The header sample is no longer stored. Upload it again."),
  list_too_large: () => t("A list file can be at most 5 MB."),
  campaign_conflict: () => t("The campaign could not be created. Try again."),
  // Tenant webhooks (G5)
  webhook_url_refused: () =>
    t("A webhook URL must be a full https address on a public host, without a user name or password."),
  webhook_endpoint_disabled: () => t("This endpoint is disabled. Enable it first."),
  // Calls (C1-C11, B8)
  call_taken: () => t("Another agent answered this call."),
  call_ended: () => t("This call has ended."),
  agent_on_call: () => t("You are on another call. End it first."),
  provider_error: () => t("WhatsApp refused this call action. Try again in a moment."),
  calls_unsupported: () => t("This kind of channel has no calls."),
  no_active_conversation: () =>
    t(
      "Call permission can only be requested in an active conversation: the customer's 24-hour window, or a template sent in the last 24 hours.",
    ),
  call_permission_limit: () =>
    t("Call permission can be requested at most once a day and twice a week. Try again later."),
  call_permission_missing: () => t("This customer has not allowed calls yet. Request call permission first."),
  outbound_calls_disabled: () => t("Outbound calls are turned off for this number. An admin can turn them on."),
  voice_balance_low: () =>
    t("Outbound calls need a voice balance of at least Rp 50,000. An admin can top up in Finance."),
  call_limit_reached: () => t("This number has had 10 connected calls in the last 24 hours. Try again later."),
  agent_in_other_group: () =>
    t("An agent is already in another ring group of this number. Each agent can be in one group per number."),
};

function waitPhrase(seconds: number | undefined): string {
  if (!seconds) return t("a few minutes");
  if (seconds < 60) return seconds === 1 ? t("1 second") : t("{count} seconds", { count: seconds });
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? t("1 minute") : t("{count} minutes", { count: minutes });
}

/** The API's own sentence for a refused code (how many tries are left), in the current language. */
function otpDetail(detail: string): string {
  const wrong = /^The code is wrong\. (\d+) tr(?:y|ies) left/.exec(detail);
  if (!wrong) return t(detail);
  const left = Number(wrong[1]);
  return left === 1
    ? t("The code is wrong. 1 try left before the code is locked.")
    : t("The code is wrong. {count} tries left before the code is locked.", { count: left });
}

/** Why the API refused a webhook URL (its `detail`, worker/domain/webhooks.ts), each in the app's words. */
const URL_REFUSALS: Record<string, () => string> = {
  "Enter a full URL, like https://example.com/webhooks.": () =>
    t("Enter a full URL, like https://example.com/webhooks."),
  "A webhook URL cannot carry a user name or password.": () => t("A webhook URL cannot carry a user name or password."),
  "A webhook URL must use https.": () => t("A webhook URL must use https."),
  "A webhook URL cannot point at a private, loopback or link-local address.": () =>
    t("A webhook URL cannot point at a private, loopback or link-local address."),
};

/** One sentence for any error thrown by the API client (or anything else). */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return t("Something unexpected went wrong. Reload the page and try again.");
  if (error.code === "too_many_attempts") {
    return t("Too many sign-in attempts for this email. Wait {wait} and try again, or reset your password.", {
      wait: waitPhrase(error.retryAfterSeconds),
    });
  }
  if (error.code === "otp_locked") {
    return t("Too many wrong codes. Wait {wait}, then send a new code.", { wait: waitPhrase(error.retryAfterSeconds) });
  }
  if (error.code === "otp_rate_limited") {
    return t("Too many codes were asked for. Use the last code we emailed, or wait {wait}.", {
      wait: waitPhrase(error.retryAfterSeconds),
    });
  }
  // The API says which: a wrong code with the tries left, or an expired or used one.
  if (error.code === "otp_invalid" && error.detail) return otpDetail(error.detail);
  // The provider's own words say what it refused.
  if (error.code === "provider_rejected") return error.detail || t("WhatsApp refused the template.");
  const refusal = error.code === "webhook_url_refused" ? URL_REFUSALS[error.detail] : undefined;
  if (refusal) return refusal();
  const known = MESSAGES[error.code];
  if (known) return known();
  if (error.status === 429)
    return t("Too many requests. Wait {wait} and try again.", { wait: waitPhrase(error.retryAfterSeconds) });
  if (error.status >= 500) return (MESSAGES.internal_error as () => string)();
  return error.detail || t("The request did not work. Try again.");
}

/** The words for a problem code an answer reports inside a success (a room of a bulk action, issue 17). */
export function describeCode(code: string): string {
  return MESSAGES[code]?.() ?? t("The request did not work. Try again.");
}

/** The field-level messages of a `validation_failed` problem, keyed by field name. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const byField: Record<string, string> = {};
  for (const issue of error.errors) {
    if (!(issue.path in byField)) byField[issue.path] = describeFieldError(issue);
  }
  return byField;
}

/**
 * The message for a field from `fieldErrors`: its own, or the first of a path under it (`days.mon` shows
 * the problem of `days.mon.0.open`, `attributes` that of `attributes.tier`).
 */
export function fieldErrorUnder(fields: Record<string, string>, path: string): string | undefined {
  return fields[path] ?? Object.entries(fields).find(([key]) => key.startsWith(`${path}.`))?.[1];
}

function describeFieldError(issue: FieldError): string {
  if (issue.path === "email") return t("Enter an email address like name@example.com.");
  if (issue.code === "invalid_type") return t("This field is required.");
  // The API's own messages for password rules are already sentences ("Use at least 10 characters.").
  if (issue.code === "too_small" && issue.message.startsWith("Use ")) {
    const least = /^Use at least (\d+) characters\.$/.exec(issue.message);
    return least ? t("Use at least {count} characters.", { count: Number(least[1]) }) : issue.message;
  }
  // zod's own words for a number out of range: "Too big: expected number to be <=6000".
  const bound = /expected number to be ([<>])=?\s*(-?[\d.]+)/.exec(issue.message);
  if (bound?.[1] === "<") return t("Use a number up to {max}.", { max: bound[2] as string });
  if (bound?.[1] === ">") return t("Use a number of at least {min}.", { min: bound[2] as string });
  if (issue.code === "too_small") return t("This field is required.");
  if (issue.code === "too_big") return t("This is too long.");
  if (issue.code === "invalid_format") return t("This is not in the expected format.");
  return issue.message;
}
