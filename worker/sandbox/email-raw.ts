/**
 * The sandbox's email customer (development only): a raw RFC 5322 message as a mail client writes
 * it, and a `ForwardableEmailMessage` carrying it, as Email Routing hands one to the Worker's
 * `email()` handler (research 8.4). `setReject` is recorded.
 */
export interface CustomerMail {
  from: string;
  fromName?: string | null;
  to: string;
  subject: string;
  text?: string | null;
  html?: string | null;
  messageId?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  attachment?: { filename: string; type: string; base64: string } | null;
  date?: number;
}

const encoder = new TextEncoder();
const base64Of = (text: string) => {
  let binary = "";
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
};
/** RFC 2047: a non-ASCII header as an encoded word. */
const headerText = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${base64Of(text)}?=`);
const wrap76 = (base64: string) => base64.replace(/.{1,76}/g, "$&\r\n").trimEnd();

/** The mail as raw RFC 5322 text (CRLF lines, a body part in base64 UTF-8). */
export function rawMail(mail: CustomerMail): { raw: string; messageId: string } {
  const messageId = mail.messageId ?? `${crypto.randomUUID()}@customer.example`;
  const headers = [
    `From: ${mail.fromName ? `${headerText(mail.fromName)} ` : ""}<${mail.from}>`,
    `To: <${mail.to}>`,
    `Subject: ${headerText(mail.subject)}`,
    `Message-ID: <${messageId}>`,
    `Date: ${new Date(mail.date ?? Date.now()).toUTCString()}`,
    ...(mail.inReplyTo ? [`In-Reply-To: <${mail.inReplyTo}>`] : []),
    ...(mail.references?.length ? [`References: ${mail.references.map((id) => `<${id}>`).join(" ")}`] : []),
    "MIME-Version: 1.0",
  ];
  const bodyType = mail.html && !mail.text ? "text/html" : "text/plain";
  const body = [
    `Content-Type: ${bodyType}; charset=UTF-8`,
    "Content-Transfer-Encoding: base64",
    "",
    wrap76(base64Of(mail.html && !mail.text ? mail.html : (mail.text ?? ""))),
  ];
  if (!mail.attachment) return { raw: [...headers, ...body, ""].join("\r\n"), messageId };
  const boundary = `b-${crypto.randomUUID()}`;
  const a = mail.attachment;
  const parts = [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    ...body,
    `--${boundary}`,
    `Content-Type: ${a.type}; name="${a.filename}"`,
    `Content-Disposition: attachment; filename="${a.filename}"`,
    "Content-Transfer-Encoding: base64",
    "",
    wrap76(a.base64),
    `--${boundary}--`,
    "",
  ];
  return { raw: [...headers, ...parts].join("\r\n"), messageId };
}

/** A message as Email Routing gives it to `email(message, env, ctx)`; `rejected()` tells setReject's reason. */
export function forwardableMessage(raw: string | Uint8Array, from: string, to: string) {
  const bytes = typeof raw === "string" ? encoder.encode(raw) : raw;
  let rejectReason: string | null = null;
  const message: ForwardableEmailMessage = {
    from,
    to,
    raw: new Response(bytes).body as ReadableStream<Uint8Array>,
    headers: new Headers(),
    rawSize: bytes.byteLength,
    canBeForwarded: false,
    setReject(reason: string) {
      rejectReason = reason;
    },
    forward: async () => ({ messageId: "" }),
    reply: async () => ({ messageId: "" }),
  };
  return { message, rejected: () => rejectReason };
}
