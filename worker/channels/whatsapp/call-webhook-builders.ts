/**
 * Builders of exactly Meta's `calls` webhook JSON and the call permission reply (research:
 * shared/research/calling.md sections 2 and 4), for the sandbox provider and the tests.
 */
export interface CallWebhookAccount {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
}

const envelope = (a: CallWebhookAccount, field: string, value: Record<string, unknown>) => ({
  object: "whatsapp_business_account",
  entry: [
    {
      id: a.wabaId,
      changes: [
        {
          field,
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: a.displayPhoneNumber, phone_number_id: a.phoneNumberId },
            ...value,
          },
        },
      ],
    },
  ],
});

const secondsOf = (ms: number) => String(Math.floor(ms / 1000));

/** A customer calls the business: `connect` with the customer's SDP offer (USER_INITIATED). */
export function buildCallConnect(
  a: CallWebhookAccount,
  call: { id: string; waId: string; name?: string | null; sdp: string; at: number },
) {
  return envelope(a, "calls", {
    contacts: [{ profile: { name: call.name ?? call.waId }, wa_id: call.waId }],
    calls: [
      {
        id: call.id,
        from: call.waId,
        to: a.displayPhoneNumber,
        event: "connect",
        direction: "USER_INITIATED",
        timestamp: secondsOf(call.at),
        session: { sdp_type: "offer", sdp: call.sdp },
      },
    ],
  });
}

/** A business-initiated call's media setup: `connect` with the provider's SDP answer. */
export function buildCallAnswer(
  a: CallWebhookAccount,
  call: { id: string; waId: string; sdp: string; at: number; callbackData?: string | null },
) {
  return envelope(a, "calls", {
    calls: [
      {
        id: call.id,
        from: a.displayPhoneNumber,
        to: call.waId,
        event: "connect",
        direction: "BUSINESS_INITIATED",
        timestamp: secondsOf(call.at),
        ...(call.callbackData ? { biz_opaque_callback_data: call.callbackData } : {}),
        session: { sdp_type: "answer", sdp: call.sdp },
      },
    ],
  });
}

/** A business-initiated call's progress: RINGING, ACCEPTED (pickup) or REJECTED. */
export function buildCallStatus(
  a: CallWebhookAccount,
  call: {
    id: string;
    waId: string;
    status: "RINGING" | "ACCEPTED" | "REJECTED";
    at: number;
    callbackData?: string | null;
  },
) {
  return envelope(a, "calls", {
    statuses: [
      {
        id: call.id,
        type: "call",
        status: call.status,
        timestamp: secondsOf(call.at),
        recipient_id: call.waId,
        ...(call.callbackData ? { biz_opaque_callback_data: call.callbackData } : {}),
      },
    ],
  });
}

/** The call ended: timing only when it was picked up (`durationSeconds` given). */
export function buildCallTerminate(
  a: CallWebhookAccount,
  call: {
    id: string;
    waId: string;
    direction: "USER_INITIATED" | "BUSINESS_INITIATED";
    at: number;
    startedAt?: number | null;
    durationSeconds?: number | null;
  },
) {
  const inbound = call.direction === "USER_INITIATED";
  const timing =
    call.durationSeconds !== null && call.durationSeconds !== undefined
      ? {
          start_time: secondsOf(call.startedAt ?? call.at),
          end_time: secondsOf(call.at),
          duration: call.durationSeconds,
        }
      : {};
  return envelope(a, "calls", {
    calls: [
      {
        id: call.id,
        from: inbound ? call.waId : a.displayPhoneNumber,
        to: inbound ? a.displayPhoneNumber : call.waId,
        event: "terminate",
        direction: call.direction,
        timestamp: secondsOf(call.at),
        status: "COMPLETED",
        ...timing,
      },
    ],
  });
}

/** The customer answers a call permission request (on the `messages` field). */
export function buildPermissionReply(
  a: CallWebhookAccount,
  reply: {
    id: string;
    waId: string;
    name?: string | null;
    accept: boolean;
    permanent: boolean;
    at: number;
    contextId?: string | null;
    automatic?: boolean;
  },
) {
  const temporaryUntil = secondsOf(reply.at + 7 * 86_400_000);
  return envelope(a, "messages", {
    contacts: [{ profile: { name: reply.name ?? reply.waId }, wa_id: reply.waId }],
    messages: [
      {
        from: reply.waId,
        id: reply.id,
        timestamp: secondsOf(reply.at),
        ...(reply.contextId ? { context: { from: a.displayPhoneNumber, id: reply.contextId } } : {}),
        type: "interactive",
        interactive: {
          type: "call_permission_reply",
          call_permission_reply: {
            response: reply.accept ? "accept" : "reject",
            is_permanent: reply.accept && reply.permanent,
            ...(reply.accept && !reply.permanent ? { expiration_timestamp: temporaryUntil } : {}),
            response_source: reply.automatic ? "automatic" : "user_action",
          },
        },
      },
    ],
  });
}
