/**
 * Delivery statuses of WhatsApp's `messages` webhook field, one by one (G6, issue 12): an unreadable
 * status is logged and left out; `played` (a voice note was played) is read as "read"; any other
 * status outside sent/delivered/read/failed is logged and left out. A status names its recipient by
 * `recipient_id` (phone) and/or `recipient_user_id` (business-scoped user id); `conversation` and
 * `pricing` are kept as what Meta will bill. A status dated past its receive time (plus a small
 * allowance) is dated at its receive time (rule I2, `boundProviderTime`).
 */
import { z } from "zod";
import { boundProviderTime } from "../../domain/window";
import { log } from "../../lib/log";
import type { DeliveryStatus, ProviderError, StatusBilling, StatusUpdate } from "../types";
import { metaErrorSchema, rawOf, toProviderError } from "./webhook-content";

/** Meta sends unix seconds as a string; a number is accepted too. An absurd one is bounded later. */
export const secondsSchema = z
  .union([z.string().max(32).regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((s) => Number(s));
const id = z.string().min(1);

const statusSchema = z
  .object({
    id: id.max(256),
    status: id,
    timestamp: secondsSchema,
    recipient_id: id.optional(),
    recipient_user_id: id.optional(),
    errors: z.array(metaErrorSchema).optional(),
    /** What the send attached (a campaign's recipient, T6); echoed by Meta on its statuses. */
    biz_opaque_callback_data: z.string().max(512).optional(),
    conversation: z
      .object({
        id: z.string().optional(),
        expiration_timestamp: secondsSchema.optional(),
        origin: z.object({ type: z.string().optional() }).optional(),
      })
      .optional(),
    pricing: z
      .object({
        billable: z.boolean().optional(),
        pricing_model: z.string().optional(),
        category: z.string().optional(),
        type: z.string().optional(),
      })
      .optional(),
  })
  .refine((s) => s.recipient_id !== undefined || s.recipient_user_id !== undefined, {
    message: "recipient_id or recipient_user_id",
  });

const STATUS_MAP: Record<string, DeliveryStatus> = {
  sent: "sent",
  delivered: "delivered",
  read: "read",
  played: "read",
  failed: "failed",
};

function billingOf(raw: z.infer<typeof statusSchema>): StatusBilling | undefined {
  const { conversation: c, pricing: p } = raw;
  if (!c && !p) return undefined;
  return {
    conversationId: c?.id ?? null,
    conversationOrigin: c?.origin?.type ?? null,
    conversationExpiresAt: c?.expiration_timestamp === undefined ? null : c.expiration_timestamp * 1000,
    billable: p?.billable ?? null,
    pricingModel: p?.pricing_model ?? null,
    category: p?.category ?? null,
    pricingType: p?.type ?? null,
  };
}

/** One status on its own (G6): null (logged) when it cannot be read or represented. */
export function toStatusUpdate(item: unknown, channelKey: string, receivedAt: number): StatusUpdate | null {
  const parsed = statusSchema.safeParse(item);
  if (!parsed.success) {
    log("warn", "whatsapp_status_unparsed", { channelKey, raw: rawOf(item).slice(0, 500) });
    return null;
  }
  const raw = parsed.data;
  const status = Object.hasOwn(STATUS_MAP, raw.status) ? STATUS_MAP[raw.status] : undefined;
  if (!status) {
    log("warn", "whatsapp_status_unknown", { channelKey, providerMessageId: raw.id, status: raw.status });
    return null;
  }
  const first = raw.errors?.[0];
  let error: ProviderError | null = first ? toProviderError(first) : null;
  if (status === "failed" && !error) error = { code: "unknown", title: "Failed", detail: null };
  const billing = billingOf(raw);
  return {
    providerMessageId: raw.id,
    channelKey,
    recipientExternalId: (raw.recipient_id ?? raw.recipient_user_id) as string,
    status,
    at: boundProviderTime(raw.timestamp * 1000, receivedAt),
    error,
    ...(billing ? { billing } : {}),
    ...(raw.biz_opaque_callback_data ? { callbackData: raw.biz_opaque_callback_data } : {}),
  };
}
