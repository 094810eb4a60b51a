import type { ProviderError } from "../channels/types";
import { nextStatus, type OutboundStatus } from "../domain/delivery";
import type { RoomReceiver } from "./room-receiver";
import type { SendingRoom } from "./room-send";
import { showIfLatest } from "./room-store";
import type { Message } from "./types";

/** Rule I3: a campaign's message to this room's contact (`features/campaigns/room-messages.ts`). */
export interface BroadcastMessage {
  campaignId: string;
  providerMessageId: string;
  campaignName: string | null;
  text: string | null;
  status: OutboundStatus;
  error: ProviderError | null;
  sentAt: number;
}

export type BroadcastOutcome = "stored" | "resolved";

/** Who the room's history says sent a campaign's message. */
export const broadcastAuthor = (campaignName: string | null) =>
  campaignName ? `Broadcast · ${campaignName}` : "Broadcast";

/**
 * Keeps a campaign's message once by Meta's id (G6), sent already: the room shows what the customer
 * got, nothing is sent or charged here. Told again, the message's status moves forward only. A
 * resolved room that does not hold it answers `resolved`: the caller opens a new room (I3).
 */
export function keepBroadcast(
  room: SendingRoom & Pick<RoomReceiver, "updateAndEmit">,
  b: BroadcastMessage,
): BroadcastOutcome {
  const r = room.store.requireRecord();
  const kept = room.store.messageWhere("provider_message_id = ? AND direction = 'out'", b.providerMessageId);
  if (kept) {
    // Forward only, as a status webhook moves an outbound message (G6); held by Meta stays as it is.
    const next = b.status === "pending" ? null : nextStatus(kept.status as OutboundStatus, b.status);
    if (next) room.updateAndEmit({ ...kept, status: next, error: next === "failed" ? b.error : kept.error });
    return "stored";
  }
  if (r.status === "resolved") return "resolved";
  const message: Message = room.commit(() => {
    const m = room.store.insertMessage({
      id: crypto.randomUUID(),
      direction: "out",
      kind: "template",
      text: b.text,
      media: null,
      location: null,
      contacts: null,
      replyToId: null,
      reactionToId: null,
      status: b.status,
      error: b.status === "failed" ? b.error : null,
      authorId: null,
      authorName: broadcastAuthor(b.campaignName),
      providerMessageId: b.providerMessageId,
      sentAt: b.sentAt,
      details: { broadcast: { campaignId: b.campaignId, name: b.campaignName } },
    });
    showIfLatest(r, b.sentAt, "template", b.text);
    return { result: m, record: r, events: [{ type: "message.created", message: m }] };
  });
  room.emitMessage("message.created", message);
  room.announce(r);
  return "stored";
}
