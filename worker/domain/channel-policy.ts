/**
 * What a channel KIND allows and costs, looked up by kind (rules I2, I10, B2-B5): the reply window,
 * the media size limits and how a business send is priced. Pure data; `window.ts`, `media.ts` and
 * `pricing.ts` take a policy and default to WhatsApp's.
 */
import type { ChannelKindName as ChannelKind } from "./types";

export type MediaKind = "image" | "video" | "audio" | "document";

export interface ChannelPolicy {
  /** Shown in refusals ("A video can be at most 16 MB on WhatsApp."). */
  label: string;
  /** Rule I2: free-form replies are allowed this long after the customer's last message; null: always. */
  replyWindowMs: number | null;
  /** Rule I10: the largest file of each kind the channel carries, in bytes. */
  mediaLimits: Record<MediaKind, number>;
  /**
   * Rules B2-B5: "conversation": a business send opens (or rides on) a priced conversation of
   * `conversationMs` per channel, contact and category; "free": sends are not charged.
   */
  pricing: { model: "conversation"; conversationMs: number } | { model: "free" };
}

const HOUR = 3_600_000;
const MB = 1024 * 1024;

/** WhatsApp Cloud API: 24 h window (I2); image 5 MB, video 16 MB, audio 16 MB, document 100 MB (I10). */
export const WHATSAPP_POLICY: ChannelPolicy = {
  label: "WhatsApp",
  replyWindowMs: 24 * HOUR,
  mediaLimits: { image: 5 * MB, video: 16 * MB, audio: 16 * MB, document: 100 * MB },
  pricing: { model: "conversation", conversationMs: 24 * HOUR },
};

const POLICIES: Record<ChannelKind, ChannelPolicy> = { whatsapp: WHATSAPP_POLICY };

export function policyOf(kind: ChannelKind): ChannelPolicy {
  return POLICIES[kind];
}

/** Rules B2-B5: whether a business send on this kind is charged at all. */
export function isPriced(policy: ChannelPolicy = WHATSAPP_POLICY): boolean {
  return policy.pricing.model !== "free";
}

/** Rule B2: how long a conversation opened by a send lasts; null when the kind does not price sends. */
export function conversationLength(policy: ChannelPolicy = WHATSAPP_POLICY): number | null {
  return policy.pricing.model === "conversation" ? policy.pricing.conversationMs : null;
}
