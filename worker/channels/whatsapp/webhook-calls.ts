/**
 * WhatsApp Calling API webhooks (rule C11) into the channel-neutral `CallEvent` and
 * `CallPermissionReply` (worker/channels/types.ts). Wire formats: ../../../shared/research/calling.md
 * section 2 (the `calls` field: `calls[]` connect/terminate, `statuses[]` RINGING/ACCEPTED/REJECTED)
 * and section 4 (the permission reply arrives on the `messages` field as an interactive message).
 * Each item is read on its own: one that cannot be read is logged and left out (rule G6).
 */
import { z } from "zod";
import { boundProviderTime } from "../../domain/window";
import { log } from "../../lib/log";
import type { CallEvent, CallPermissionReply, InboundContact } from "../types";
import { secondsSchema } from "./webhook-statuses";

const id = z.string().min(1).max(256);
const sessionSchema = z.object({ sdp_type: z.enum(["offer", "answer"]), sdp: z.string().min(1).max(20_000) });

const callSchema = z.object({
  id,
  from: z.string().max(64).optional(),
  from_user_id: z.string().max(128).optional(),
  to: z.string().max(64).optional(),
  to_user_id: z.string().max(128).optional(),
  event: z.string(),
  direction: z.string().optional(),
  timestamp: secondsSchema.optional(),
  session: sessionSchema.optional(),
  connection: z.object({ webrtc: z.object({ sdp: z.string().max(20_000) }) }).optional(),
  duration: z.number().nonnegative().optional(),
  start_time: secondsSchema.optional(),
  biz_opaque_callback_data: z.string().max(512).optional(),
});

const callStatusSchema = z.object({
  id,
  type: z.literal("call"),
  status: z.enum(["RINGING", "ACCEPTED", "REJECTED"]),
  timestamp: secondsSchema.optional(),
  recipient_id: z.string().max(64).optional(),
  recipient_user_id: z.string().max(128).optional(),
  biz_opaque_callback_data: z.string().max(512).optional(),
});

const contactSchema = z.object({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.object({ name: z.string().optional(), username: z.string().optional() }).optional(),
});

const valueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string().min(1) }),
  contacts: z.array(z.unknown()).optional(),
  calls: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.object({ code: z.union([z.number(), z.string()]) }).passthrough()).optional(),
});

function contactOf(phone: string | undefined, userId: string | undefined, contacts: unknown[]): InboundContact {
  const known = contacts.flatMap((c) => {
    const parsed = contactSchema.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
  const match = known.find((c) => (phone && c.wa_id === phone) || (userId && c.user_id === userId)) ?? known[0];
  const p = phone ?? match?.wa_id ?? null;
  const u = userId ?? match?.user_id ?? null;
  return {
    externalId: (p ?? u ?? "") as string,
    name: match?.profile?.name ?? match?.profile?.username ?? null,
    phone: p,
    userId: u,
    username: match?.profile?.username ?? null,
  };
}

const timeOf = (seconds: number | undefined, receivedAt: number) =>
  seconds === undefined ? receivedAt : boundProviderTime(seconds * 1000, receivedAt);

/** The `calls` field's change value: its calls and call statuses. Never throws. */
export function parseCallsChange(value: unknown, receivedAt: number): CallEvent[] {
  const v = valueSchema.safeParse(value);
  if (!v.success) {
    log("warn", "whatsapp_calls_unreadable", {});
    return [];
  }
  const channelKey = v.data.metadata.phone_number_id;
  const contacts = v.data.contacts ?? [];
  const errorCode = v.data.errors?.[0] ? String(v.data.errors[0].code) : null;
  const out: CallEvent[] = [];
  for (const raw of v.data.calls ?? []) {
    const c = callSchema.safeParse(raw);
    if (!c.success) {
      log("warn", "whatsapp_call_unreadable", { channelKey });
      continue;
    }
    const call = c.data;
    const event = call.event === "connect" ? "connect" : call.event === "terminate" ? "terminate" : null;
    if (!event) continue; // call_created (SIP), recordings, transcripts: not used here
    const inbound = call.direction !== "BUSINESS_INITIATED";
    const contact = inbound
      ? contactOf(call.from, call.from_user_id, contacts)
      : contactOf(call.to, call.to_user_id, contacts);
    const sdp =
      call.session ??
      (call.connection ? { sdp_type: inbound ? "offer" : "answer", sdp: call.connection.webrtc.sdp } : null);
    out.push({
      providerCallId: call.id,
      channelKey,
      contact,
      event,
      direction: call.direction === undefined ? null : inbound ? "inbound" : "outbound",
      at: timeOf(call.timestamp, receivedAt),
      sdp: sdp ? { type: sdp.sdp_type as "offer" | "answer", sdp: sdp.sdp } : null,
      // Meta names a duration only when the call was picked up (section 2d).
      durationSeconds:
        call.start_time !== undefined || call.duration !== undefined ? Math.round(call.duration ?? 0) : null,
      callbackData: call.biz_opaque_callback_data ?? null,
      errorCode,
    });
  }
  for (const raw of v.data.statuses ?? []) {
    const s = callStatusSchema.safeParse(raw);
    if (!s.success) continue;
    const status = s.data;
    out.push({
      providerCallId: status.id,
      channelKey,
      contact: contactOf(status.recipient_id, status.recipient_user_id, contacts),
      event: status.status === "RINGING" ? "ringing" : status.status === "ACCEPTED" ? "accepted" : "rejected",
      direction: "outbound",
      at: timeOf(status.timestamp, receivedAt),
      sdp: null,
      durationSeconds: null,
      callbackData: status.biz_opaque_callback_data ?? null,
      errorCode: null,
    });
  }
  return out;
}

const replySchema = z.object({
  id,
  from: z.string().max(64).optional(),
  from_user_id: z.string().max(128).optional(),
  timestamp: secondsSchema.optional(),
  context: z.object({ id: z.string().optional() }).optional(),
  type: z.literal("interactive"),
  interactive: z.object({
    type: z.literal("call_permission_reply"),
    call_permission_reply: z.object({
      response: z.enum(["accept", "reject"]),
      is_permanent: z.boolean().optional(),
      expiration_timestamp: secondsSchema.optional(),
      response_source: z.string().optional(),
    }),
  }),
});

/** The call permission replies among a `messages` change's messages (they also show in the room). */
export function permissionRepliesOf(
  messages: unknown[],
  contacts: unknown[],
  channelKey: string,
  receivedAt: number,
): CallPermissionReply[] {
  return messages.flatMap((raw) => {
    // Most messages are not replies: only an interactive one is read against the reply's schema.
    if ((raw as { type?: unknown } | null)?.type !== "interactive") return [];
    const r = replySchema.safeParse(raw);
    if (!r.success) return [];
    const reply = r.data.interactive.call_permission_reply;
    return [
      {
        providerMessageId: r.data.id,
        channelKey,
        contact: contactOf(r.data.from, r.data.from_user_id, contacts),
        at: timeOf(r.data.timestamp, receivedAt),
        accepted: reply.response === "accept",
        permanent: reply.is_permanent === true,
        expiresAt: reply.expiration_timestamp === undefined ? null : reply.expiration_timestamp * 1000,
        automatic: reply.response_source === "automatic",
        contextId: r.data.context?.id ?? null,
      },
    ];
  });
}
