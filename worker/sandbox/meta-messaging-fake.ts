/**
 * The sandbox Send API for Messenger and Instagram (development only), under the sandbox Graph API
 * (`GRAPH_API_URL`, `/graph/<version>/...`), mounted before WhatsApp's fake: it answers only the
 * Pages and Instagram accounts it minted (and their customers), and hands every other id on to
 * WhatsApp's (`next()`). GET /{id} (an account, or a
 * customer's profile: Instagram may have no name), POST /{account}/messages (the window enforced as
 * Meta does: past 24 h only `tag: HUMAN_AGENT` up to 7 days, else code 10), POST
 * /{account}/message_attachments, and attachment CDN URLs. Bearer Page access token required (190).
 * Its test and simulator face (`/api/channels/meta/...`): mint a Page or Instagram account, play a
 * customer (signed with X-Hub-Signature-256), make the last message older, read what was sent.
 */
import { Hono } from "hono";
import { z } from "zod";
import { hmacSha256 } from "../channels/provider-http";
import { randomToken, toHex } from "../lib/crypto";
import { problems, zodFieldErrors } from "../lib/problem";
import type { AppEnv } from "../lib/router";
import { getBytes, listRecords, putBytes, readRecord, recordSent, sentFolder, writeRecord } from "./channel-fake-store";
import { deliverToPlatform } from "./deliver";
import { appUrl } from "./instance";

export const metaMessagingFakeRoutes = new Hono<AppEnv>();

const HOUR = 3_600_000;
interface MetaAccount {
  id: string;
  kind: "messenger" | "instagram";
  accessToken: string;
  appSecret: string;
}
interface MetaCustomer {
  id: string;
  accountId: string;
  name: string | null;
  username: string | null;
  lastInboundAt: number;
  lastBody: string | null;
}
const accountPath = (id: string) => `meta/accounts/${id}.json`;
const customerPath = (id: string) => `meta/customers/${id}.json`;
const metaError = (status: number, code: number, message: string) =>
  Response.json({ error: { message, type: "OAuthException", code, fbtrace_id: randomToken(8) } }, { status });

const bearer = (request: Request) =>
  /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ??
  new URL(request.url).searchParams.get("access_token");

async function accountAuthed(env: Env, request: Request, id: string): Promise<MetaAccount | null> {
  const account = await readRecord<MetaAccount>(env, accountPath(id));
  return account && account.accessToken === bearer(request) ? account : null;
}

metaMessagingFakeRoutes.get("/meta-cdn/sandbox-cdn/:file", async (c) => {
  const object = await getBytes(c.env, `meta/cdn/${c.req.param("file")}`);
  if (!object) return c.json({ error: "expired" }, 404);
  return new Response(object.body, {
    headers: { "content-type": object.httpMetadata?.contentType ?? "application/octet-stream" },
  });
});

metaMessagingFakeRoutes.get("/graph/:version/:id", async (c, next) => {
  const id = c.req.param("id");
  const account = await readRecord<MetaAccount>(c.env, accountPath(id));
  const customer = account ? null : await readRecord<MetaCustomer>(c.env, customerPath(id));
  if (!account && !customer) return next();
  if (account) {
    if (account.accessToken !== bearer(c.req.raw))
      return metaError(401, 190, "Error validating access token: The session has been invalidated.");
    return c.json({ id, name: account.kind === "messenger" ? "Sandbox Page" : "sandbox_shop" });
  }
  if (!customer || !(await accountAuthed(c.env, c.req.raw, customer.accountId)))
    return metaError(400, 230, "User consent is required to access the user profile");
  const [first, ...rest] = (customer.name ?? "").split(" ");
  return c.json(
    (await readRecord<MetaAccount>(c.env, accountPath(customer.accountId)))?.kind === "instagram"
      ? { id, name: customer.name, username: customer.username }
      : { id, first_name: first ?? "", last_name: rest.join(" ") },
  );
});

metaMessagingFakeRoutes.post("/graph/:version/:id/message_attachments", async (c, next) => {
  if (!(await readRecord(c.env, accountPath(c.req.param("id"))))) return next();
  if (!(await accountAuthed(c.env, c.req.raw, c.req.param("id"))))
    return metaError(401, 190, "Error validating access token");
  const form = await c.req.formData();
  const file = form.get("filedata");
  if (!file || typeof file === "string") return metaError(400, 100, "(#100) Upload attachment failure.");
  const attachmentId = String(Date.now() * 100 + Math.floor(Math.random() * 100));
  await putBytes(c.env, `meta/attachments/${attachmentId}`, await file.arrayBuffer(), file.type);
  return c.json({ attachment_id: attachmentId });
});

metaMessagingFakeRoutes.post("/graph/:version/:id/messages", async (c, next) => {
  if (!(await readRecord(c.env, accountPath(c.req.param("id"))))) return next();
  const account = await accountAuthed(c.env, c.req.raw, c.req.param("id"));
  if (!account) return metaError(401, 190, "Error validating access token: The session has been invalidated.");
  const body = (await c.req.json().catch(() => null)) as {
    recipient?: { id?: string };
    messaging_type?: string;
    tag?: string;
    message?: { text?: string; attachment?: { type: string; payload: { attachment_id?: string } } };
  } | null;
  const to = body?.recipient?.id;
  const customer = to ? await readRecord<MetaCustomer>(c.env, customerPath(to)) : null;
  if (!to || !customer || customer.accountId !== account.id)
    return metaError(400, 551, "This person isn't available right now.");
  const age = Date.now() - customer.lastInboundAt;
  const tagged = body?.messaging_type === "MESSAGE_TAG" && body.tag === "HUMAN_AGENT";
  if (age > 24 * HOUR && !(tagged && age <= 7 * 24 * HOUR)) {
    return metaError(400, 10, "(#10) This message is sent outside of allowed window.");
  }
  const messageId = `m_${randomToken(16)}`;
  const attachment = body?.message?.attachment;
  await recordSent(c.env, "meta", {
    at: Date.now(),
    accountKey: account.id,
    to,
    method: body?.messaging_type ?? "RESPONSE",
    text: body?.message?.text ?? null,
    file: attachment ? { name: attachment.payload.attachment_id ?? "", type: attachment.type, size: 0 } : null,
    tag: body?.tag ?? null,
    messageId,
  });
  return c.json({ recipient_id: to, message_id: messageId });
});

// ---- The test and simulator face ------------------------------------------------------------------

metaMessagingFakeRoutes.post("/api/channels/meta/accounts", async (c) => {
  const kind =
    ((await c.req.json().catch(() => ({}))) as { kind?: string }).kind === "instagram" ? "instagram" : "messenger";
  const id = String(17_841_000_000_000 + Math.floor(Math.random() * 999_999_999));
  const account: MetaAccount = {
    id,
    kind,
    accessToken: `EAAG${randomToken(32)}`,
    appSecret: toHex(crypto.getRandomValues(new Uint8Array(16))),
  };
  await writeRecord(c.env, accountPath(id), account);
  return c.json({ accountId: id, kind, accessToken: account.accessToken, appSecret: account.appSecret }, 201);
});

const MetaCustomerSchema = z.object({
  accountId: z.string().regex(/^\d+$/),
  userId: z.string().regex(/^\d{5,30}$/),
  name: z.string().max(100).nullable().optional(),
  username: z.string().max(30).nullable().optional(),
  kind: z.enum(["text", "image"]).default("text"),
  text: z.string().max(2000).optional(),
  secretOverride: z.string().max(200).optional(),
  redeliver: z.boolean().optional(),
  /** Tests: the customer's last message is this many hours old (the window). */
  ageHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .optional(),
});

metaMessagingFakeRoutes.post("/api/channels/meta/messages", async (c) => {
  const parsed = MetaCustomerSchema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw problems.validation(zodFieldErrors(parsed.error));
  const input = parsed.data;
  const account = await readRecord<MetaAccount>(c.env, accountPath(input.accountId));
  if (!account) throw problems.notFound("sandbox Meta account");
  const known = await readRecord<MetaCustomer>(c.env, customerPath(input.userId));
  const sentAt = Date.now() - (input.ageHours ?? 0) * HOUR;
  let raw = input.redeliver ? (known?.lastBody ?? null) : null;
  if (!raw) {
    const mid = `m_${randomToken(20)}`;
    let message: Record<string, unknown> = { mid, text: input.text ?? "" };
    if (input.kind === "image") {
      const file = `${crypto.randomUUID()}.jpg`;
      await putBytes(c.env, `meta/cdn/${file}`, new TextEncoder().encode("sandbox image"), "image/jpeg");
      message = {
        mid,
        // On Meta's CDN host, as Meta's are: development answers it from the route above (fetch.ts).
        attachments: [{ type: "image", payload: { url: `https://lookaside.fbsbx.com/sandbox-cdn/${file}` } }],
      };
    }
    const item = { sender: { id: input.userId }, recipient: { id: account.id }, timestamp: sentAt, message };
    raw = JSON.stringify({
      object: account.kind === "messenger" ? "page" : "instagram",
      entry: [{ id: account.id, time: sentAt, messaging: [item] }],
    });
  }
  const customer: MetaCustomer = {
    id: input.userId,
    accountId: account.id,
    name: input.name === undefined ? (known?.name ?? null) : input.name,
    username: input.username === undefined ? (known?.username ?? null) : input.username,
    lastInboundAt: sentAt,
    lastBody: raw,
  };
  await writeRecord(c.env, customerPath(input.userId), customer);
  const signature = `sha256=${toHex(await hmacSha256(input.secretOverride ?? account.appSecret, raw))}`;
  const url = `${appUrl(c.env)}/webhooks/${account.kind}/${account.id}`;
  const headers = { "content-type": "application/json", "X-Hub-Signature-256": signature };
  const response = await deliverToPlatform(c.env, new Request(url, { method: "POST", headers, body: raw }));
  return c.json({ status: response.status, answer: await response.text(), body: JSON.parse(raw) });
});

/** Tests: the customer's last message is now `hours` old (Meta's window moves with it). */
metaMessagingFakeRoutes.post("/api/channels/meta/customers/:userId/age", async (c) => {
  const customer = await readRecord<MetaCustomer>(c.env, customerPath(c.req.param("userId")));
  if (!customer) throw problems.notFound("sandbox customer");
  const { hours } = z
    .object({
      hours: z
        .number()
        .min(0)
        .max(24 * 30),
    })
    .parse(await c.req.json());
  await writeRecord(c.env, customerPath(customer.id), { ...customer, lastInboundAt: Date.now() - hours * HOUR });
  return c.body(null, 204);
});

metaMessagingFakeRoutes.get("/api/channels/meta/accounts/:accountId/sent", async (c) => {
  const to = c.req.query("to");
  const folder = to ? sentFolder("meta", c.req.param("accountId"), to) : `meta/sent/${c.req.param("accountId")}`;
  return c.json({ sent: await listRecords(c.env, folder) });
});
