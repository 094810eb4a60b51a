/**
 * The sandbox email provider (development only, issue 16). Its sender replaces the send_email
 * binding in development (injected by worker/dev/index.ts): it checks Cloudflare's header allowlist
 * (research 5.2: Message-ID and Date are the platform's, From/To/Subject/Reply-To are API fields),
 * records every send so tests and the simulator can read what the customer got, and answers a
 * Cloudflare-like messageId; scripted failures throw like the binding does. Its routes play the
 * customer: a mail written to a channel's inbound address goes through the Worker's email() handler.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { EmailSend } from "../channels/email/sender";
import { receiveEmail } from "../features/email/receive";
import { problems, zodFieldErrors } from "../lib/problem";
import type { AppEnv } from "../lib/router";
import { type FakeFailure, failPath, listRecords, sortableId, takeFailure, writeRecord } from "./channel-fake-store";
import { forwardableMessage, rawMail } from "./email-raw";

/** A send as the fake recorded it (what the customer's mailbox shows). */
export interface EmailSent {
  at: number;
  from: string;
  to: string;
  subject: string;
  text: string | null;
  headers: Record<string, string>;
  attachments: { filename: string; type: string }[];
  messageId: string;
}

const PLATFORM_HEADERS = ["message-id", "date", "return-path"];
const API_FIELDS = ["from", "to", "cc", "bcc", "subject", "reply-to"];
const addressOf = (v: string | EmailAddress) => (typeof v === "string" ? v : v.email).toLowerCase();
const listOf = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function sandboxEmailSender(env: Env): EmailSend {
  return async (message) => {
    const headers = message.headers ?? {};
    for (const name of Object.keys(headers)) {
      const lower = name.toLowerCase();
      if (PLATFORM_HEADERS.includes(lower)) throw new Error(`E_HEADER_NOT_ALLOWED: ${name} is set by the platform`);
      if (API_FIELDS.includes(lower)) throw new Error(`E_HEADER_USE_API_FIELD: use the ${lower} field`);
    }
    const from = addressOf(message.from);
    const to = listOf(message.to).map(addressOf);
    if (to.length === 0 || to.length > 50) throw new Error("E_RECIPIENTS: 1 to 50 recipients");
    const failure = await takeFailure(env, "email", from);
    if (failure) throw new Error(String((failure.body as { message?: string }).message ?? "E_INTERNAL"));
    const messageId = `<fake-${crypto.randomUUID()}@sandbox.email>`;
    for (const recipient of to) {
      const sent: EmailSent = {
        at: Date.now(),
        from,
        to: recipient,
        subject: message.subject,
        text: message.text ?? null,
        headers,
        attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename, type: a.type })),
        messageId,
      };
      await writeRecord(env, `email/sent/${from}/${recipient}/${sortableId()}.json`, sent);
    }
    return { messageId };
  };
}

export const emailFakeRoutes = new Hono<AppEnv>();

const MailBody = z.object({
  from: z.string().email().max(254),
  fromName: z.string().max(100).nullish(),
  to: z.string().max(254),
  subject: z.string().max(300),
  text: z.string().max(20_000).nullish(),
  html: z.string().max(50_000).nullish(),
  messageId: z.string().max(300).nullish(),
  inReplyTo: z.string().max(300).nullish(),
  references: z.array(z.string().max(300)).max(30).optional(),
  attachment: z
    .object({ filename: z.string().min(1).max(200), type: z.string().max(100), base64: z.string().max(4_000_000) })
    .nullish(),
  /** The raw RFC 5322 message itself, instead of the fields above. */
  raw: z.string().max(5_000_000).optional(),
});

/** A customer writes: the mail goes through the Worker's email() handler, as Email Routing delivers it. */
emailFakeRoutes.post("/api/channels/email/mail", async (c) => {
  const parsed = MailBody.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw problems.validation(zodFieldErrors(parsed.error));
  const { raw: given, ...fields } = parsed.data;
  const { raw, messageId } = given ? { raw: given, messageId: null } : rawMail(fields);
  const { message, rejected } = forwardableMessage(raw, fields.from, fields.to);
  const outcome = await receiveEmail(message, c.env);
  return c.json({ outcome, rejectReason: rejected(), messageId }, 200);
});

/** What the channel's address sent a customer (or everyone, without `to`), oldest first. */
emailFakeRoutes.get("/api/channels/email/sent", async (c) => {
  const from = (c.req.query("from") ?? "").toLowerCase();
  const to = c.req.query("to")?.toLowerCase();
  if (!from) throw problems.validation([{ path: "from", code: "required", message: "Give the channel's address." }]);
  return c.json({ sent: await listRecords<EmailSent>(c.env, to ? `email/sent/${from}/${to}` : `email/sent/${from}`) });
});

/** Script the next sends from an address to fail with the binding's error text (e.g. a daily quota). */
emailFakeRoutes.post("/api/channels/email/failures", async (c) => {
  const body = z
    .object({
      from: z.string().email(),
      message: z.string().max(300),
      count: z.number().int().min(1).max(20).default(1),
    })
    .safeParse(await c.req.json().catch(() => null));
  if (!body.success) throw problems.validation(zodFieldErrors(body.error));
  const failure: FakeFailure = { status: 500, body: { message: body.data.message }, count: body.data.count };
  await writeRecord(c.env, failPath("email", body.data.from.toLowerCase()), failure);
  return c.body(null, 204);
});
