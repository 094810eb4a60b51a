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
   * Rules B2-B6: "conversation": a business send opens (or rides on) a priced conversation of
   * `conversationMs` per channel, contact and category; "visitor": no conversations, but the first
   * send to a contact in a month counts one unique visitor (B6: one account id per channel per
   * month); "free": sends are not charged.
   */
  pricing: { model: "conversation"; conversationMs: number } | { model: "visitor" } | { model: "free" };
  /**
   * Messenger and Instagram (rule I2 per kind): after `replyWindowMs`, a HUMAN agent may still reply
   * this long after the customer's last message, tagged HUMAN_AGENT; automation may not. Absent: no such tag.
   */
  humanAgentWindowMs?: number;
  /**
   * Meta's daily messaging limit (WhatsApp): the number reaches at most its tier's count of distinct
   * customers with templates outside their window in any 24 h; inbox and broadcast sends share it.
   */
  templateMessagingLimit?: true;
  /** Rules C1-C11: customers and agents call each other on this kind (WhatsApp; its adapter's `calling`). */
  calls?: true;
  /**
   * Rule B6: "one WhatsApp number ... per month": a number is one unique visitor across all of the
   * organization's numbers, counted under `<this>:<organization id>`. Absent: an account id is one
   * visitor per channel (page- or bot-scoped ids).
   */
  visitorPerOrganization?: "whatsapp";
}

/** Rule B6: where a unique visitor is counted: the organization's kind (a WhatsApp number), else the channel. */
export function visitorScope(policy: ChannelPolicy, organizationId: string, channelId: string): string {
  return policy.visitorPerOrganization ? `${policy.visitorPerOrganization}:${organizationId}` : channelId;
}

const HOUR = 3_600_000;
const MB = 1024 * 1024;

/** WhatsApp Cloud API: 24 h window (I2); image 5 MB, video 16 MB, audio 16 MB, document 100 MB (I10). */
export const WHATSAPP_POLICY: ChannelPolicy = {
  label: "WhatsApp",
  replyWindowMs: 24 * HOUR,
  templateMessagingLimit: true,
  calls: true,
  visitorPerOrganization: "whatsapp",
  mediaLimits: { image: 5 * MB, video: 16 * MB, audio: 16 * MB, document: 100 * MB },
  pricing: { model: "conversation", conversationMs: 24 * HOUR },
};

/** Telegram Bot API: no reply window (rule G3); photos 10 MB uploaded, other files 50 MB (I10). */
export const TELEGRAM_POLICY: ChannelPolicy = {
  label: "Telegram",
  replyWindowMs: null,
  mediaLimits: { image: 10 * MB, video: 50 * MB, audio: 50 * MB, document: 50 * MB },
  pricing: { model: "visitor" },
};

/** LINE Messaging API: agents reply by push, always (rule G3); LINE's own file limits (I10). */
export const LINE_POLICY: ChannelPolicy = {
  label: "LINE",
  replyWindowMs: null,
  mediaLimits: { image: 10 * MB, video: 200 * MB, audio: 200 * MB, document: 10 * MB },
  pricing: { model: "visitor" },
};

const META_MEDIA = { image: 8 * MB, video: 25 * MB, audio: 25 * MB, document: 25 * MB };

/** Messenger: 24 h standard window, then the HUMAN_AGENT tag for human replies up to 7 days (I2, G3). */
export const MESSENGER_POLICY: ChannelPolicy = {
  label: "Messenger",
  replyWindowMs: 24 * HOUR,
  humanAgentWindowMs: 7 * 24 * HOUR,
  mediaLimits: META_MEDIA,
  pricing: { model: "visitor" },
};

/** Instagram messaging: the same windows as Messenger (I2, G3). */
export const INSTAGRAM_POLICY: ChannelPolicy = { ...MESSENGER_POLICY, label: "Instagram" };

/**
 * Email (rule G3): replies are always allowed (no window, I2). Outbound attachments: Cloudflare's
 * send_email takes at most 5 MiB per message, base64 makes a file a third larger: 3.5 MB each (I10).
 */
export const EMAIL_POLICY: ChannelPolicy = {
  label: "Email",
  replyWindowMs: null,
  mediaLimits: { image: 3.5 * MB, video: 3.5 * MB, audio: 3.5 * MB, document: 3.5 * MB },
  pricing: { model: "visitor" },
};

/**
 * The website widget (rule G2): the visitor writes from the site, agents reply at any time (no window,
 * I2); a visitor's file is at most 10 MB (I10); each visitor is one unique visitor a month (B6).
 */
export const WEBCHAT_POLICY: ChannelPolicy = {
  label: "Webchat",
  replyWindowMs: null,
  mediaLimits: { image: 10 * MB, video: 10 * MB, audio: 10 * MB, document: 10 * MB },
  pricing: { model: "visitor" },
};

const POLICIES: Record<ChannelKind, ChannelPolicy> = {
  whatsapp: WHATSAPP_POLICY,
  telegram: TELEGRAM_POLICY,
  line: LINE_POLICY,
  messenger: MESSENGER_POLICY,
  instagram: INSTAGRAM_POLICY,
  email: EMAIL_POLICY,
  webchat: WEBCHAT_POLICY,
};

export function policyOf(kind: ChannelKind): ChannelPolicy {
  return POLICIES[kind];
}

/** Rules B2-B6: whether a business send on this kind is charged at all (a conversation or a unique visitor). */
export function isPriced(policy: ChannelPolicy = WHATSAPP_POLICY): boolean {
  return policy.pricing.model !== "free";
}

/** Rules B2, B3: whether a send on this kind opens or rides on a priced conversation. */
export function hasConversations(policy: ChannelPolicy = WHATSAPP_POLICY): boolean {
  return policy.pricing.model === "conversation";
}

/** Rule B2: how long a conversation opened by a send lasts; null when the kind does not price sends. */
export function conversationLength(policy: ChannelPolicy = WHATSAPP_POLICY): number | null {
  return policy.pricing.model === "conversation" ? policy.pricing.conversationMs : null;
}
