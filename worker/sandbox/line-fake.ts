/**
 * The sandbox LINE Messaging API (development only), reached as `https://api.line.me` and
 * `https://api-data.line.me` (fetch.ts maps them to `/line` and `/line-data`): GET /v2/bot/info,
 * PUT /v2/bot/channel/webhook/endpoint, POST /v2/bot/message/push (X-Line-Retry-Key: a repeated key
 * answers 409), GET /v2/bot/profile/{userId}, and the content API. Bearer channel access token
 * required (401 otherwise). Its test and simulator face (`/api/channels/line/...`): mint a channel
 * (the LINE console), play a customer (a webhook signed with x-line-signature, or the empty
 * verification ping, or a redelivery), read what was pushed.
 */
import { Hono } from "hono";
import { z } from "zod";
import { hmacSha256, toBase64 } from "../channels/provider-http";
import { randomToken, toHex } from "../lib/crypto";
import { problems, zodFieldErrors } from "../lib/problem";
import type { AppEnv } from "../lib/router";
import { getBytes, listRecords, putBytes, readRecord, recordSent, sentFolder, writeRecord } from "./channel-fake-store";
import { deliverToPlatform } from "./deliver";

export const lineFakeRoutes = new Hono<AppEnv>();

interface LineChannel {
  userId: string;
  channelSecret: string;
  accessToken: string;
  displayName: string;
  endpoint: string | null;
  lastBody: string | null;
}

const tokenPath = (token: string) => `line/tokens/${toHex(new TextEncoder().encode(token)).slice(0, 120)}.json`;
const channelPath = (userId: string) => `line/channels/${userId}.json`;

async function channelOf(env: Env, request: Request): Promise<LineChannel | null> {
  const token = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  const ref = token ? await readRecord<{ userId: string }>(env, tokenPath(token)) : null;
  return ref ? readRecord<LineChannel>(env, channelPath(ref.userId)) : null;
}

const unauthorized = () =>
  Response.json(
    { message: "Authentication failed. Confirm that the access token in the authorization header is valid." },
    { status: 401 },
  );

lineFakeRoutes.get("/line/v2/bot/info", async (c) => {
  const channel = await channelOf(c.env, c.req.raw);
  if (!channel) return unauthorized();
  return c.json({
    userId: channel.userId,
    basicId: `@${channel.userId.slice(1, 9)}`,
    displayName: channel.displayName,
    chatMode: "chat",
  });
});

lineFakeRoutes.put("/line/v2/bot/channel/webhook/endpoint", async (c) => {
  const channel = await channelOf(c.env, c.req.raw);
  if (!channel) return unauthorized();
  const body = (await c.req.json().catch(() => null)) as { endpoint?: unknown } | null;
  if (typeof body?.endpoint !== "string") return c.json({ message: "The request body has 1 error(s)" }, 400);
  await writeRecord(c.env, channelPath(channel.userId), { ...channel, endpoint: body.endpoint });
  return c.json({});
});

const linkable = (url: string | undefined) => {
  if (!url || url.length > 2000) return false;
  try {
    return ["https:", "http:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
};

lineFakeRoutes.post("/line/v2/bot/message/push", async (c) => {
  const channel = await channelOf(c.env, c.req.raw);
  if (!channel) return unauthorized();
  const retryKey = c.req.header("X-Line-Retry-Key");
  if (retryKey && (await readRecord(c.env, `line/retry/${retryKey}.json`))) {
    return c.json({ message: "The retry key is already accepted" }, 409);
  }
  const body = (await c.req.json().catch(() => null)) as {
    to?: string;
    messages?: { type: string; text?: string; originalContentUrl?: string; previewImageUrl?: string }[];
  } | null;
  if (!body?.to || !body.messages?.length || body.messages.length > 5)
    return c.json({ message: "The request body has 1 error(s)" }, 400);
  // LINE: an image message names its file and preview by URL (at most 2,000 characters each).
  const badImage = body.messages.some(
    (m) => m.type === "image" && ![m.originalContentUrl, m.previewImageUrl].every((u) => linkable(u)),
  );
  if (badImage) return c.json({ message: "The request body has 1 error(s)" }, 400);
  const sentMessages = [];
  for (const message of body.messages) {
    const id = String(Date.now() * 100 + Math.floor(Math.random() * 100));
    sentMessages.push({ id, quoteToken: randomToken(8) });
    await recordSent(c.env, "line", {
      at: Date.now(),
      accountKey: channel.userId,
      to: body.to,
      method: "push",
      text: message.text ?? null,
      file: null,
      ...(message.type === "image" ? { url: message.originalContentUrl } : {}),
      tag: null,
      messageId: id,
    });
  }
  if (retryKey) await writeRecord(c.env, `line/retry/${retryKey}.json`, { sentMessages });
  return c.json({ sentMessages });
});

lineFakeRoutes.get("/line/v2/bot/profile/:userId", async (c) => {
  if (!(await channelOf(c.env, c.req.raw))) return unauthorized();
  const profile = await readRecord<{ displayName: string }>(c.env, `line/profiles/${c.req.param("userId")}.json`);
  if (!profile) return c.json({ message: "Not found" }, 404);
  return c.json({ userId: c.req.param("userId"), displayName: profile.displayName });
});

lineFakeRoutes.get("/line-data/v2/bot/message/:id/content", async (c) => {
  if (!(await channelOf(c.env, c.req.raw))) return unauthorized();
  const object = await getBytes(c.env, `line/content/${c.req.param("id")}`);
  if (!object) return c.json({ message: "Not found" }, 404);
  return new Response(object.body, {
    headers: { "content-type": object.httpMetadata?.contentType ?? "application/octet-stream" },
  });
});

// ---- The test and simulator face ------------------------------------------------------------------

/** The LINE console: a new Messaging API channel, its secret and its access token. */
lineFakeRoutes.post("/api/channels/line/channels", async (c) => {
  const userId = `U${crypto.randomUUID().replaceAll("-", "")}`;
  const channel: LineChannel = {
    userId,
    channelSecret: toHex(crypto.getRandomValues(new Uint8Array(16))),
    accessToken: randomToken(48),
    displayName: "Sandbox LINE bot",
    endpoint: null,
    lastBody: null,
  };
  await writeRecord(c.env, channelPath(userId), channel);
  await writeRecord(c.env, tokenPath(channel.accessToken), { userId });
  return c.json({ botUserId: userId, channelSecret: channel.channelSecret, accessToken: channel.accessToken }, 201);
});

const LineCustomerSchema = z.object({
  botUserId: z.string().regex(/^U[0-9a-f]{32}$/),
  userId: z.string().regex(/^U[0-9a-f]{32}$/),
  displayName: z.string().max(100).optional(),
  kind: z.enum(["text", "image", "file", "audio", "ping"]).default("text"),
  text: z.string().max(5000).optional(),
  fileName: z.string().max(255).optional(),
  /** Tests: a signature made with this secret instead of the channel's. */
  secretOverride: z.string().max(200).optional(),
  redeliver: z.boolean().optional(),
});

/** A customer writes (or LINE pings): the webhook, signed with the channel secret over the raw body. */
lineFakeRoutes.post("/api/channels/line/events", async (c) => {
  const parsed = LineCustomerSchema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw problems.validation(zodFieldErrors(parsed.error));
  const input = parsed.data;
  const channel = await readRecord<LineChannel>(c.env, channelPath(input.botUserId));
  if (!channel) throw problems.notFound("sandbox LINE channel");
  if (!channel.endpoint)
    throw problems.unprocessable("webhook_not_set", "The channel has no webhook: connect it in Admin › Channels.");
  let raw = input.redeliver ? channel.lastBody : null;
  if (!raw) {
    if (input.displayName)
      await writeRecord(c.env, `line/profiles/${input.userId}.json`, { displayName: input.displayName });
    const messageId = String(Date.now() * 100 + Math.floor(Math.random() * 100));
    let message: Record<string, unknown> = {
      id: messageId,
      type: "text",
      text: input.text ?? "",
      quoteToken: randomToken(8),
    };
    if (input.kind !== "text" && input.kind !== "ping") {
      const type = input.kind === "image" ? "image/jpeg" : input.kind === "audio" ? "audio/m4a" : "application/pdf";
      await putBytes(c.env, `line/content/${messageId}`, new TextEncoder().encode(`sandbox ${input.kind}`), type);
      message = {
        id: messageId,
        type: input.kind,
        contentProvider: { type: "line" },
        ...(input.kind === "file" ? { fileName: input.fileName ?? "file.pdf", fileSize: 14 } : {}),
      };
    }
    const event = {
      type: "message",
      mode: "active",
      timestamp: Date.now(),
      webhookEventId: `01${crypto.randomUUID().replaceAll("-", "").toUpperCase().slice(0, 24)}`,
      deliveryContext: { isRedelivery: false },
      source: { type: "user", userId: input.userId },
      replyToken: randomToken(16),
      message,
    };
    raw = JSON.stringify({ destination: channel.userId, events: input.kind === "ping" ? [] : [event] });
    await writeRecord(c.env, channelPath(channel.userId), { ...channel, lastBody: raw });
  }
  const signature = toBase64(await hmacSha256(input.secretOverride ?? channel.channelSecret, raw));
  const headers = { "content-type": "application/json", "x-line-signature": signature };
  const response = await deliverToPlatform(
    c.env,
    new Request(channel.endpoint, { method: "POST", headers, body: raw }),
  );
  return c.json({ status: response.status, answer: await response.text(), body: JSON.parse(raw) });
});

lineFakeRoutes.get("/api/channels/line/channels/:userId/sent", async (c) => {
  const to = c.req.query("to");
  const folder = to ? sentFolder("line", c.req.param("userId"), to) : `line/sent/${c.req.param("userId")}`;
  return c.json({ sent: await listRecords(c.env, folder) });
});
