import type { ChannelKind } from "../channels/config";
import type { InboundMessage, MessageDetails, MessageKind, ProviderError } from "../channels/types";
import type { Role, RoomStatus } from "../db/schema";
import type { OutboundStatus } from "../domain/delivery";
import type { TemplateSendExtras } from "../domain/template-send";
import type { MessageView } from "./message-view";

/** Who a room is: fixed when the room opens. */
export interface RoomIdentity {
  roomId: string;
  organizationId: string;
  channelId: string;
  contactId: string;
  contactExternalId: string;
  contactName: string | null;
  /** The channel's kind, whose policy the room follows (reply window I2); absent in rooms opened before kinds: WhatsApp. */
  channelKind?: ChannelKind;
}

export interface RoomSummary extends RoomIdentity {
  status: RoomStatus;
  assigneeId: string | null;
  lastMessagePreview: string | null;
  lastMessageAt: number;
  lastCustomerMessageAt: number | null;
  windowExpiresAt: number | null;
  unreadCount: number;
  openedAt: number;
  resolvedAt: number | null;
  /**
   * Rule I5: how many changes the room has committed. Every copy of the room (its sockets, the feed,
   * the index and the API) carries it, so of two copies the one with the higher version is the newer.
   */
  version: number;
  lastSeq: number;
}

export interface MediaInfo {
  /** R2 key once stored; null while an inbound file is still being fetched from the provider. */
  key: string | null;
  providerMediaId: string | null;
  mimeType: string | null;
  filename: string | null;
  size: number | null;
}

export interface Message {
  id: string;
  seq: number;
  direction: "in" | "out" | "note";
  kind: MessageKind | "note";
  text: string | null;
  media: MediaInfo | null;
  location: InboundMessage["location"];
  contacts: unknown[] | null;
  replyToId: string | null;
  reactionToId: string | null;
  /** What the message carries beyond its kind (referral, order, reply ids, edit marks, billing ...; issue 12). */
  details: MessageDetails | null;
  /** Inbound: "received" (or "blocked"); outbound: pending -> sent -> delivered -> read, or failed. */
  status: OutboundStatus | "received";
  error: ProviderError | null;
  authorId: string | null;
  authorName: string | null;
  providerMessageId: string | null;
  sentAt: number;
  createdAt: number;
}

export interface Author {
  userId: string | null;
  name: string | null;
  role: Role;
}

export type RoomEvent =
  | { type: "message.created" | "message.updated"; seq: number; message: MessageView }
  | { type: "room.updated"; seq: number; room: RoomSummary }
  | { type: "typing"; userId: string | null; name: string | null };

export type InboundOutcome = { outcome: "stored" | "duplicate"; message: Message } | { outcome: "resolved" };

export type OutboundBody =
  | { type: "text"; text: string; replyTo?: string | undefined; clientMessageId?: string | undefined }
  | {
      type: "image" | "video" | "audio" | "document";
      mediaId: string;
      text?: string | undefined;
      replyTo?: string | undefined;
      clientMessageId?: string | undefined;
    };

/** A question with options to tap, sent by the product itself (R3's rating question). */
export interface ChoiceBody {
  type: "choice";
  text: string;
  button: string;
  options: { id: string; title: string }[];
}

/** An approved template ready to send, with the header and button parameters it needs (T3). */
export interface TemplateSend extends TemplateSendExtras {
  name: string;
  language: string;
  category: string;
  bodyText: string;
  variables: string[];
}
