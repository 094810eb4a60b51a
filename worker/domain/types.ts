/**
 * The product's pure vocabulary, shared by the rules here and by the schema and channels around
 * them (they import these; domain/ imports nothing from outside itself).
 */
export const ROLES = ["admin", "supervisor", "agent"] as const;
export type Role = (typeof ROLES)[number];

export const ROOM_STATUSES = ["unassigned", "assigned", "resolved"] as const;
export type RoomStatus = (typeof ROOM_STATUSES)[number];

export const OTP_PURPOSES = ["template_submit", "security_settings"] as const;
export type OtpPurpose = (typeof OTP_PURPOSES)[number];

/** The common message kinds every channel parses into (re-exported by `channels/types.ts`). */
export const MESSAGE_KINDS = [
  "text",
  "image",
  "video",
  "audio",
  "voice",
  "document",
  "sticker",
  "location",
  "contacts",
  "reaction",
  "template",
  "order",
  "system",
  "unsupported",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** A provider's delivery statuses (re-exported by `channels/types.ts`). */
export const DELIVERY_STATUSES = ["sent", "delivered", "read", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The channel kinds the product connects (one adapter each in `channels/registry.ts`). */
export const CHANNEL_KINDS = ["whatsapp", "telegram", "line", "messenger", "instagram", "email", "webchat"] as const;
export type ChannelKindName = (typeof CHANNEL_KINDS)[number];
