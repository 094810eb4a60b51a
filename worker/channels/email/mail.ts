/**
 * An inbound mail read with postal-mime (STACK.md: it parses MIME in workerd), in the product's
 * words: who wrote, the subject, the ids that thread it (Message-ID, In-Reply-To, References: rule
 * G3, issue 16), the new text without the quoted history, and the attachments.
 */
import PostalMime from "postal-mime";
import { capInbound, MAX_INBOUND_CHARS } from "../provider-http";

export interface MailAttachment {
  filename: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface InboundMail {
  /** Without angle brackets; a mail without one gets `sha256-<hex of the raw mail>@edge-inbox` (G6). */
  messageId: string;
  inReplyTo: string | null;
  /** Oldest first, without angle brackets. */
  references: string[];
  from: { address: string; name: string | null };
  subject: string;
  /** The new text: the quoted history ("On ... wrote:", "> " lines) taken off when it is simple. */
  text: string;
  /** The whole text as the customer's client sent it, when quoted history was taken off. */
  fullText: string | null;
  sentAt: number | null;
  attachments: MailAttachment[];
  /** Sent by a machine (an out-of-office, a bounce, a list): never answered automatically (RFC 3834). */
  automatic: boolean;
}

/**
 * RFC 3834: `Auto-Submitted` other than "no" marks a mail no program should answer; `Precedence`
 * bulk / junk / list / auto_reply and the X-Autoreply family are the older spellings of the same.
 */
export function isAutomaticMail(headers: { key: string; value: string }[]): boolean {
  return headers.some(({ key, value }) => {
    const v = value.trim().toLowerCase();
    if (key === "auto-submitted") return v !== "" && v !== "no";
    if (key === "precedence") return ["bulk", "junk", "list", "auto_reply"].includes(v);
    return key === "x-autoreply" || key === "x-autorespond" || key === "x-auto-response-suppress";
  });
}

/** `<a@b> <c@d>` (or one id) as ids without brackets, in order. */
export function messageIdsOf(value: string | null | undefined): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] as string);
  if (bracketed.length > 0) return bracketed;
  return value.split(/[\s,]+/).filter((id) => id.includes("@"));
}

/** A common form of an address: trimmed and lower-cased (the contact's external id). */
export const normalAddress = (address: string) => address.trim().toLowerCase();

const QUOTE_HEADER = [
  /^On .{4,300} wrote:\s*$/, // Gmail, Apple Mail, Thunderbird
  /^Pada .{4,300} menulis:\s*$/, // Gmail in Indonesian
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook
  /^-{2,}\s*Pesan Asli\s*-{2,}\s*$/i,
];
/** Outlook's header block: "From: ..." followed by "Sent:" / "Date:" (or "Dikirim:", "Tanggal:"). */
const OUTLOOK_FROM = /^(From|Dari): .+$/;
const OUTLOOK_NEXT = /^(Sent|Date|Dikirim|Tanggal): .+$/;

/**
 * The new part of a reply: the text before the first quote header or before a run of "> " lines
 * that lasts to the end. Simple on purpose: when nothing simple matches, the whole text is kept.
 */
export function withoutQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const joined = `${line} ${(lines[i + 1] ?? "").trim()}`; // Gmail wraps a long "On ... wrote:"
    const outlook = OUTLOOK_FROM.test(line) && OUTLOOK_NEXT.test((lines[i + 1] ?? "").trim());
    if (outlook || QUOTE_HEADER.some((re) => re.test(line))) {
      cut = i;
      break;
    }
    if (/^On .{4,300}$/.test(line) && /wrote:\s*$/.test(joined) && !line.endsWith("wrote:")) {
      cut = i;
      break;
    }
    if (line.startsWith(">") && lines.slice(i).every((l) => l.trim() === "" || l.trim().startsWith(">"))) {
      cut = i;
      break;
    }
  }
  const kept = lines.slice(0, cut).join("\n").trim();
  return kept.length > 0 ? kept : text.trim();
}

/** Text of an HTML-only mail: tags taken off, line breaks kept, entities read. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

const bytesOf = (content: ArrayBuffer | Uint8Array | string) =>
  typeof content === "string"
    ? new TextEncoder().encode(content)
    : content instanceof Uint8Array
      ? content
      : new Uint8Array(content);

/**
 * A mail's files kept at most (I10; each is its own message and R2 object): a mail of thousands of tiny
 * parts would otherwise run out of time half-stored. The text says how many more there were.
 */
export const MAX_MAIL_ATTACHMENTS = 20;

/** Reads a raw RFC 5322 mail. Throws when it is not one (postal-mime's error). */
export async function readMail(raw: ArrayBuffer): Promise<InboundMail> {
  const email = await PostalMime.parse(raw);
  const from = email.from && "address" in email.from && email.from.address ? email.from : null;
  const whole = email.text?.trim() ? email.text : email.html ? textOfHtml(email.html) : "";
  const dropped = Math.max(0, email.attachments.length - MAX_MAIL_ATTACHMENTS);
  const note =
    dropped > 0 ? `\n\n[${dropped} more attachments were not kept: at most ${MAX_MAIL_ATTACHMENTS} a mail.]` : "";
  const body = withoutQuotedHistory(whole);
  const [messageId] = messageIdsOf(email.messageId);
  const date = email.date ? Date.parse(email.date) : Number.NaN;
  return {
    messageId: messageId ?? `sha256-${await sha256Hex(raw)}@edge-inbox`,
    inReplyTo: messageIdsOf(email.inReplyTo)[0] ?? null,
    references: messageIdsOf(email.references),
    from: { address: normalAddress(from?.address ?? ""), name: capInbound(from?.name || null, 100) },
    subject: capInbound(email.subject?.trim() || "", 300) ?? "",
    // The note is kept whole: the body gives way to it when the text is at its cap.
    text: note ? `${capInbound(body, MAX_INBOUND_CHARS - note.length) ?? ""}${note}`.trim() : (capInbound(body) ?? ""),
    fullText: body === whole.trim() ? null : capInbound(whole, 20_000),
    sentAt: Number.isFinite(date) ? date : null,
    automatic: isAutomaticMail(email.headers.map((h) => ({ key: h.key.toLowerCase(), value: h.value }))),
    attachments: email.attachments.slice(0, MAX_MAIL_ATTACHMENTS).map((a, i) => ({
      filename: capInbound(a.filename || null, 255) ?? `attachment-${i + 1}`,
      mimeType: a.mimeType || "application/octet-stream",
      bytes: bytesOf(a.content),
    })),
  };
}
