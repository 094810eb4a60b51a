import type { InboundMessage, StatusBilling, StatusUpdate } from "../channels/types";
import type { MediaInfo, Message } from "./types";

/**
 * What RoomDO stores for a customer's message and how an edit, a deletion or a status's billing
 * changes a stored one (issue 12). Pure: the room looks up the messages and commits the result.
 */

/** The stored form of an inbound message; `idOf` finds the room's message of a provider id. */
export function inboundMessageOf(
  inbound: InboundMessage,
  idOf: (providerId: string | null) => string | null,
): Omit<Message, "seq" | "createdAt"> {
  const media: MediaInfo | null = inbound.media
    ? {
        key: null,
        providerMediaId: inbound.media.providerMediaId,
        mimeType: inbound.media.mimeType,
        filename: inbound.media.filename,
        size: null,
      }
    : null;
  const replyToId = idOf(inbound.replyToProviderId);
  const details = { ...inbound.details };
  // Issue 12: a reply to a message of an earlier room (or unknown) keeps the quoted provider id.
  if (inbound.replyToProviderId && !replyToId) details.quotedProviderId = inbound.replyToProviderId;
  return {
    id: crypto.randomUUID(),
    direction: "in",
    kind: inbound.kind,
    text: inbound.text,
    media,
    location: inbound.location,
    contacts: inbound.contacts,
    replyToId,
    reactionToId: idOf(inbound.reactionToProviderId),
    details: Object.keys(details).length > 0 ? details : null,
    status: "received",
    error: null,
    authorId: null,
    authorName: inbound.contact.name,
    providerMessageId: inbound.providerMessageId,
    sentAt: inbound.sentAt,
  };
}

/**
 * The original as the customer's edit or deletion leaves it: a deletion marks it deleted; an edit
 * takes the new text or caption and an "edited" mark (`next`: the edit read as a message).
 */
export function changedOriginal(
  original: Message,
  change: NonNullable<InboundMessage["change"]>,
  next: Pick<Message, "text" | "details">,
): Message {
  if (change.type === "revoke") return { ...original, details: { ...original.details, revoked: true } };
  const { edited: _, ...rest } = next.details ?? {};
  // WhatsApp lets a customer edit a text or a caption: the file stays the one already fetched.
  return { ...original, text: next.text, details: { ...original.details, ...rest, edited: true } };
}

/**
 * What Meta will bill for a sent message (conversation, pricing), kept from any status that says it:
 * the message's details with the status's billing merged in, or null when the billing is unchanged.
 */
export function billedDetails(m: Message, update: StatusUpdate): Message["details"] | null {
  const said = Object.entries(update.billing ?? {}).filter(([, v]) => v !== null);
  if (said.length === 0) return null;
  const billing = { ...m.details?.billing, ...Object.fromEntries(said) } as StatusBilling;
  if (JSON.stringify(billing) === JSON.stringify(m.details?.billing)) return null;
  return { ...m.details, billing };
}
