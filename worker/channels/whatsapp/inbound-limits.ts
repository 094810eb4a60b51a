/**
 * What a customer can send us, cut at WhatsApp's own limits (rule G1; issue 11, finding 4). Strings
 * are cut, never refused (G6: the message is kept): text 4096 characters (Meta's limit for a text
 * message), a caption 1024, a profile name 100 code points (WhatsApp lets a person choose 25
 * characters; an emoji may be several code points), a file name or media type 255, a location's name
 * or address 1024. Shared contacts keep entries up to 16 KiB of JSON.
 */
import type { InboundMessage } from "../types";

/** WhatsApp's own limits, in characters (code points): see the header comment. */
export const INBOUND_LIMITS = {
  text: 4096,
  caption: 1024,
  name: 100,
  filename: 255,
  label: 1024,
  contactsJson: 16_384,
};

/** The first `max` code points of `text` (a surrogate pair is never split). */
export function capText(text: string, max: number): string;
export function capText(text: string | null, max: number): string | null;
export function capText(text: string | null, max: number): string | null {
  if (text === null || text.length <= max) return text;
  return Array.from(text).slice(0, max).join("");
}

/** Shared contacts (vCards as Meta's JSON) while their JSON stays under the limit. */
function capContacts(contacts: unknown[]): unknown[] {
  const kept: unknown[] = [];
  let size = 0;
  for (const contact of contacts) {
    size += JSON.stringify(contact ?? null).length;
    if (size > INBOUND_LIMITS.contactsJson) break;
    kept.push(contact);
  }
  return kept;
}

/** Cuts what a customer wrote at WhatsApp's limits (rule G1; see the header comment). */
export function capMessage(message: InboundMessage): InboundMessage {
  const textMax =
    message.kind === "text" || message.kind === "unsupported" ? INBOUND_LIMITS.text : INBOUND_LIMITS.caption;
  message.text = capText(message.text, textMax);
  if (message.media) message.media.filename = capText(message.media.filename, INBOUND_LIMITS.filename);
  if (message.location) {
    message.location.name = capText(message.location.name, INBOUND_LIMITS.label);
    message.location.address = capText(message.location.address, INBOUND_LIMITS.label);
  }
  if (message.contacts) message.contacts = capContacts(message.contacts);
  return message;
}
