import type { ChannelAdapter } from "../channels/adapter";
import { adapterNamed } from "../channels/registry";
import { CHANNEL_KINDS } from "../domain/types";
import { PROBLEM_MEANINGS, type ProblemCode } from "./problem-code-meanings";

/**
 * Issue 18: the domain problem codes each operation can answer, per status, read from its route, its
 * service and the domain refusals they use. The document (`problem-responses.ts`) writes them into
 * the operation's answers with their meanings and one example each; test/worker/openapi-codes.test.ts
 * proves each is really produced by the worker and that no code the worker produces is left out.
 * Generic codes (`validation_failed`, `forbidden`, `not_found`, `rate_limited`, idempotency) are not
 * repeated here: see GENERIC_PROBLEM_CODES.
 */
export type ProblemStatus = 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503;
type Codes = Partial<Record<ProblemStatus, readonly ProblemCode[]>>;
export interface DocumentedCode {
  code: string;
  meaning: string;
}

/** Rule I2, I3, I6: a send into a room (the room's Durable Object refuses; B2-B7 charge it first). */
const ROOM_SEND = ["room_resolved", "contact_blocked"] as const;
/** Rule T3: a template send's values against the stored template (domain/template-send.ts). */
const TEMPLATE_SEND = [
  "messaging_limit_reached",
  "template_not_sendable",
  "template_variables_mismatch",
  "template_header_variables_mismatch",
  "template_header_media_unexpected",
  "template_button_variables_mismatch",
] as const;
/** Rule I10: a stored file that may not go out (rooms/outbound.ts). */
const OUTBOUND_FILE = ["media_missing", "media_not_attachment", "media_too_large"] as const;
/** Rule T6 and T3: what a campaign's create and its estimate both check (features/campaigns/prepare.ts). */
const CAMPAIGN_PREPARE = [
  "template_not_approved",
  "channel_unavailable",
  "variable_unmapped",
  "phone_invalid",
  "template_header_media_unexpected",
  "header_media_missing",
  "template_header_media_invalid",
  "media_not_attachment",
  "media_too_large",
  "scheduled_at_invalid",
] as const;
/** Rule G3 (G2): a channel's credentials checked with its provider, a webchat domain checked here. */
const CHANNEL_CHECK = [
  "provider_refused",
  "channel_credentials_invalid",
  "domain_trailing_slash",
  "domain_invalid",
] as const;
const PAID_SEND = { 402: ["insufficient_balance"], 503: ["billing_busy"] } as const;
const OTP_CHECK = { 422: ["otp_required", "otp_invalid"], 429: ["otp_locked"] } as const;
const WEBHOOK_ENABLED = { 422: ["webhook_endpoint_disabled"] } as const;

const CODES: Record<string, Codes> = {
  signIn: { 401: ["invalid_credentials"], 429: ["too_many_attempts"] },
  resetPassword: { 400: ["reset_token_invalid"] },
  describeInvitation: { 404: ["invitation_invalid"] },
  acceptInvitationLink: { 404: ["invitation_invalid"], 422: ["password_required"] },
  confirmEmail: {
    400: ["email_token_invalid"],
    401: ["invalid_credentials"],
    409: ["email_taken"],
    429: ["too_many_attempts"],
  },
  changePassword: { 422: ["current_password_wrong"], 429: ["too_many_attempts"] },
  inviteUser: { 409: ["already_member", "already_invited"], 503: ["mail_unavailable"] },
  updateUser: {
    403: ["identity_shared"],
    409: ["last_admin", "email_taken", "invitation_pending"],
    503: ["mail_unavailable"],
  },
  removeUser: { 409: ["last_admin"] },
  connectChannel: { 422: CHANNEL_CHECK, 502: ["provider_unavailable"] },
  updateChannel: { 422: CHANNEL_CHECK, 502: ["provider_unavailable"] },
  setChannelCalling: { 422: ["calls_unsupported"], 502: ["provider_error"] },
  sendRoomMessage: {
    ...PAID_SEND,
    403: ["room_assigned_elsewhere"],
    422: ["window_expired", ...ROOM_SEND, "reply_target_missing", ...OUTBOUND_FILE],
  },
  sendRoomTemplate: { ...PAID_SEND, 403: ["room_assigned_elsewhere"], 422: [...ROOM_SEND, ...TEMPLATE_SEND] },
  sendContactTemplate: {
    ...PAID_SEND,
    409: ["room_open"],
    422: ["contact_blocked", "channel_kind_mismatch", ...TEMPLATE_SEND],
  },
  assignRoom: { 422: ["room_resolved"] },
  takeRoom: { 409: ["room_assigned_elsewhere"], 422: ["room_resolved"] },
  resolveRoom: { 403: ["room_assigned_elsewhere"], 409: ["room_resolved"] },
  snoozeRoom: { 422: ["room_resolved", "snooze_time"] },
  openRoomSocket: { 422: ["websocket_required"], 503: ["room_not_ready"] },
  openInboxSocket: { 422: ["websocket_required"] },
  blockContact: { 422: ["block_needs_open_room"] },
  updateProfile: { 403: ["name_admin_only"] },
  createLabel: { 409: ["label_exists"] },
  updateLabel: { 409: ["label_exists"] },
  createQuickReply: { 409: ["title_taken"] },
  updateQuickReply: { 409: ["title_taken"] },
  createMyQuickReply: { 409: ["title_taken"] },
  updateMyQuickReply: { 409: ["title_taken"] },
  submitTemplate: {
    409: ["channel_disconnected"],
    422: ["otp_required", "otp_invalid", "templates_unsupported", "sample_missing", "provider_rejected"],
    429: ["otp_locked"],
    502: ["provider_unavailable"],
  },
  deleteTemplate: { 422: ["templates_unsupported"], 502: ["provider_unavailable"] },
  editTemplate: { 409: ["template_immutable"] },
  replaceTemplate: { 409: ["template_immutable"] },
  uploadMedia: { 413: ["media_too_large", "sample_too_large"], 415: ["unsupported_media_type"] },
  uploadContactList: { 413: ["list_too_large"], 422: ["list_invalid"] },
  importContacts: { 413: ["list_too_large"], 422: ["list_invalid"] },
  sendOtp: { 429: ["otp_locked", "otp_rate_limited"], 503: ["mail_unavailable"] },
  setSecuritySettings: OTP_CHECK,
  setOfficeHours: { 422: ["office_hours_invalid"] },
  setCsatSettings: { 422: ["csat_template_unusable"] },
  topUp: { 422: ["no_package"], 503: ["payments_unavailable"] },
  createWebhookEndpoint: { 422: ["webhook_url_refused"] },
  updateWebhookEndpoint: { 422: ["webhook_url_refused"] },
  testWebhookEndpoint: WEBHOOK_ENABLED,
  recoverWebhookDeliveries: WEBHOOK_ENABLED,
  replayWebhookDelivery: WEBHOOK_ENABLED,
  createCampaign: {
    409: ["campaign_conflict"],
    422: [...CAMPAIGN_PREPARE, "balance_short", "messaging_limit_exceeded", "media_upload_failed"],
  },
  estimateCampaign: { 422: CAMPAIGN_PREPARE },
  retryCampaign: { 409: ["campaign_running", "campaign_cancelled"], 422: ["template_not_approved"] },
  acceptCall: { 409: ["call_taken", "call_ended", "agent_on_call"], 502: ["provider_error"] },
  declineCall: { 409: ["call_taken", "call_ended"] },
  hangUpCall: { 409: ["call_ended"] },
  requestCallPermission: {
    422: ["no_active_conversation", "calls_unsupported"],
    429: ["call_permission_limit"],
    502: ["provider_error"],
  },
  callCustomer: {
    402: ["voice_balance_low"],
    403: ["call_permission_missing"],
    409: ["agent_on_call"],
    422: ["outbound_calls_disabled", "calls_unsupported"],
    429: ["call_limit_reached"],
    502: ["provider_error"],
  },
  createRingGroup: { 409: ["agent_in_other_group"] },
  updateRingGroup: { 409: ["agent_in_other_group"] },
  receiveWhatsAppWebhook: { 401: ["invalid_signature"] },
  receiveChannelWebhook: { 401: ["invalid_signature"] },
};

const adapters = (): ChannelAdapter[] =>
  CHANNEL_KINDS.map((kind) => adapterNamed(kind)).filter((a): a is ChannelAdapter => a !== null);
const described = (refusal: { code: string; detail: string }): DocumentedCode => ({
  code: refusal.code,
  meaning: refusal.detail,
});

/**
 * The channel kinds' own codes, from their adapters (a new kind brings its own): the provider key
 * or unique config value another channel holds already (G3), a provider key the provider does not
 * know (G3), and a body that names no channel on the un-keyed route (G1).
 */
function channelCodes(): Record<string, Partial<Record<ProblemStatus, DocumentedCode[]>>> {
  const keyTaken = adapters().flatMap((a) => [
    described(a.keyTaken),
    ...(a.uniqueConfig ? [described(a.uniqueConfig)] : []),
  ]);
  const keyUnknown = adapters().flatMap((a) => (a.keyUnknown ? [described(a.keyUnknown)] : []));
  return {
    connectChannel: { 409: keyTaken, 422: keyUnknown },
    updateChannel: { 409: keyTaken, 422: keyUnknown },
    // `/webhooks/whatsapp` is the one unkeyed provider webhook (email arrives through Email Routing).
    receiveWhatsAppWebhook: {
      400: adapters()
        .filter((a) => a.kind === "whatsapp")
        .map((a) => described(a.noChannelKey)),
    },
  };
}

/**
 * Codes the worker makes that only answer a misaddressed request: a keyed kind's update posted to
 * `/webhooks/<kind>` instead of `/webhooks/<kind>/<key>` (not a documented operation).
 */
export const misaddressedWebhookCodes = (): string[] =>
  adapters()
    .filter((a) => a.keyedWebhook)
    .map((a) => a.noChannelKey.code);

/** operationId -> status -> the codes it can answer there, each with its meaning. */
export function operationProblemCodes(): Record<string, Partial<Record<ProblemStatus, DocumentedCode[]>>> {
  const out: Record<string, Partial<Record<ProblemStatus, DocumentedCode[]>>> = {};
  for (const [operationId, byStatus] of Object.entries(CODES)) {
    const entry: Partial<Record<ProblemStatus, DocumentedCode[]>> = {};
    for (const [status, codes] of Object.entries(byStatus) as [`${ProblemStatus}`, readonly ProblemCode[]][]) {
      entry[Number(status) as ProblemStatus] = [...new Set(codes)].map((code) => ({
        code,
        meaning: PROBLEM_MEANINGS[code],
      }));
    }
    out[operationId] = entry;
  }
  for (const [operationId, byStatus] of Object.entries(channelCodes())) {
    const entry = out[operationId] ?? {};
    out[operationId] = entry;
    for (const [status, codes] of Object.entries(byStatus) as [`${ProblemStatus}`, DocumentedCode[]][]) {
      const key = Number(status) as ProblemStatus;
      entry[key] = [...(entry[key] ?? []), ...codes];
    }
  }
  return out;
}
