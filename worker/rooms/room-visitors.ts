import type { VisitorEvent, VisitorMessage } from "../schemas/widget";
import type { Message } from "./types";

/**
 * Rule G2: the website visitor's side of a room. A visitor socket carries this tag and hears only
 * the conversation (the customer's messages and the replies), never notes or room changes.
 */
export const VISITOR_TAG = "visitor";

export function visitorView(message: Message): VisitorMessage | null {
  if (message.direction === "note") return null;
  const media = message.media
    ? {
        mimeType: message.media.mimeType,
        filename: message.media.filename,
        size: message.media.size,
        ready: message.media.key !== null,
      }
    : null;
  return {
    id: message.id,
    seq: message.seq,
    from: message.direction === "in" ? "visitor" : "agent",
    clientMessageId: message.direction === "in" ? (message.providerMessageId?.split(":").pop() ?? null) : null,
    kind: message.kind,
    text: message.text,
    media,
    authorName: message.direction === "out" ? message.authorName : null,
    status: message.status,
    sentAt: message.sentAt,
  };
}

export function visitorEvent(seq: number, message: Message): VisitorEvent | null {
  const view = visitorView(message);
  return view ? { type: "message", seq, message: view } : null;
}
