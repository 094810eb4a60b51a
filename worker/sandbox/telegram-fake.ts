/**
 * The sandbox Telegram Bot API (development only), reached by the platform as
 * `https://api.telegram.org/...` (worker/sandbox/fetch.ts maps it here):
 * - `/telegram/bot<token>/<method>`: getMe, setWebhook (secret_token 1-256 of A-Za-z0-9_-),
 *   getWebhookInfo, deleteWebhook, sendMessage/Photo/Document/Video/Audio/Voice (JSON, form or
 *   multipart), getFile; `{ok, result}` or `{ok:false, error_code, description, parameters}`;
 *   401 for a token no bot has ("BotFather" below mints them);
 * - `/telegram/file/bot<token>/<path>`: a file's bytes.
 * And its test and simulator face (`/api/channels/telegram/...`): mint a bot, play a customer (an
 * Update posted to the registered webhook with X-Telegram-Bot-Api-Secret-Token, or a wrong one, or
 * the same update_id again), read what the bot sent, and script the next sends to fail (429 +
 * retry_after, 403 blocked).
 */
import { Hono } from "hono";
import { z } from "zod";
import { randomToken } from "../lib/crypto";
import { problems, zodFieldErrors } from "../lib/problem";
import type { AppEnv } from "../lib/router";
import {
  type FakeFailure,
  failPath,
  getBytes,
  listRecords,
  putBytes,
  readRecord,
  recordSent,
  sentFolder,
  takeFailure,
  writeRecord,
} from "./channel-fake-store";
import { deliverToPlatform } from "./deliver";

export const telegramFakeRoutes = new Hono<AppEnv>();

interface Bot {
  id: string;
  token: string;
  username: string;
  webhookUrl: string | null;
  secretToken: string | null;
  lastUpdateId: number;
  lastUpdate: unknown;
}

const botPath = (id: string) => `telegram/bots/${id}.json`;
const botIdOf = (token: string) => /^(\d{3,20}):[A-Za-z0-9_-]{20,200}$/.exec(token)?.[1] ?? null;

async function botOf(env: Env, token: string): Promise<Bot | null> {
  const id = botIdOf(token);
  const bot = id ? await readRecord<Bot>(env, botPath(id)) : null;
  return bot && bot.token === token ? bot : null;
}

const ok = (result: unknown) => Response.json({ ok: true, result });
const fail = (status: number, description: string, parameters?: object) =>
  Response.json({ ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) }, { status });

/** JSON, form or multipart, as the Bot API accepts. */
async function paramsOf(request: Request): Promise<{ fields: Record<string, unknown>; files: Record<string, File> }> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json"))
    return { fields: ((await request.json()) ?? {}) as Record<string, unknown>, files: {} };
  if (type.includes("form")) {
    const form = await request.formData();
    const fields: Record<string, unknown> = {};
    const files: Record<string, File> = {};
    for (const [key, value] of form.entries()) {
      if (typeof value === "string") fields[key] = value;
      else files[key] = value as File;
    }
    return { fields, files };
  }
  return { fields: Object.fromEntries(new URL(request.url).searchParams), files: {} };
}

const SENDS: Record<string, string> = {
  sendMessage: "text",
  sendPhoto: "photo",
  sendDocument: "document",
  sendVideo: "video",
  sendAudio: "audio",
  sendVoice: "voice",
};

telegramFakeRoutes.all("/telegram/:token{bot[^/]+}/:method", async (c) => {
  const bot = await botOf(c.env, c.req.param("token").slice(3));
  if (!bot) return fail(401, "Unauthorized");
  const method = c.req.param("method");
  const { fields, files } = await paramsOf(c.req.raw);
  if (method === "getMe")
    return ok({ id: Number(bot.id), is_bot: true, first_name: "Sandbox bot", username: bot.username });
  if (method === "setWebhook") {
    const secret = typeof fields.secret_token === "string" ? fields.secret_token : null;
    if (secret !== null && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
      return fail(400, "Bad Request: secret token contains unallowed characters");
    if (typeof fields.url !== "string")
      return fail(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
    await writeRecord(c.env, botPath(bot.id), { ...bot, webhookUrl: fields.url, secretToken: secret });
    return ok(true);
  }
  if (method === "deleteWebhook") {
    await writeRecord(c.env, botPath(bot.id), { ...bot, webhookUrl: null, secretToken: null });
    return ok(true);
  }
  if (method === "getWebhookInfo") return ok({ url: bot.webhookUrl ?? "", pending_update_count: 0 });
  if (method === "getFile") {
    const fileId = String(fields.file_id ?? "");
    const object = await getBytes(c.env, `telegram/files/${fileId}`);
    if (!object) return fail(400, "Bad Request: invalid file_id");
    await object.body.cancel();
    return ok({ file_id: fileId, file_unique_id: fileId, file_size: object.size, file_path: `files/${fileId}` });
  }
  const field = SENDS[method];
  if (!field) return fail(404, "Not Found: method not found");
  const failure = await takeFailure(c.env, "telegram", bot.id);
  if (failure) return Response.json(failure.body, { status: failure.status });
  const chatId = String(fields.chat_id ?? "");
  if (!chatId) return fail(400, "Bad Request: chat_id is empty");
  const file = files[field];
  const text =
    field === "text" ? String(fields.text ?? "") : typeof fields.caption === "string" ? fields.caption : null;
  if (field === "text" && !text) return fail(400, "Bad Request: message text is empty");
  const messageId = Date.now() * 100 + Math.floor(Math.random() * 100);
  await recordSent(c.env, "telegram", {
    at: Date.now(),
    accountKey: bot.id,
    to: chatId,
    method,
    text,
    file: file ? { name: file.name, type: file.type, size: file.size } : null,
    tag: null,
    messageId: String(messageId),
  });
  return ok({
    message_id: messageId,
    chat: { id: Number(chatId), type: "private" },
    date: Math.floor(Date.now() / 1000),
    text,
  });
});

telegramFakeRoutes.get("/telegram/file/:token{bot[^/]+}/files/:fileId", async (c) => {
  if (!(await botOf(c.env, c.req.param("token").slice(3)))) return fail(401, "Unauthorized");
  const object = await getBytes(c.env, `telegram/files/${c.req.param("fileId")}`);
  if (!object) return fail(404, "Not Found");
  return new Response(object.body, {
    headers: { "content-type": object.httpMetadata?.contentType ?? "application/octet-stream" },
  });
});

// ---- The test and simulator face ------------------------------------------------------------------

/** "BotFather": a new bot and its token. */
telegramFakeRoutes.post("/api/channels/telegram/bots", async (c) => {
  const id = String(7_000_000_000 + Math.floor(Math.random() * 999_999_999));
  const bot: Bot = {
    id,
    token: `${id}:AA${randomToken(24)}`,
    username: `sandbox_${id}_bot`,
    webhookUrl: null,
    secretToken: null,
    lastUpdateId: 0,
    lastUpdate: null,
  };
  await writeRecord(c.env, botPath(id), bot);
  return c.json({ botId: id, token: bot.token, username: bot.username }, 201);
});

const CustomerUpdateSchema = z.object({
  botId: z.string().regex(/^\d+$/),
  chatId: z.string().regex(/^\d{1,20}$/),
  firstName: z.string().max(64).default("Sandbox"),
  username: z.string().max(32).optional(),
  kind: z.enum(["text", "photo", "document", "voice"]).default("text"),
  text: z.string().max(4096).optional(),
  /** Base64 bytes of the photo, document or voice note (a small sample when absent). */
  fileBase64: z.string().max(2_000_000).optional(),
  fileName: z.string().max(255).optional(),
  mimeType: z.string().max(100).optional(),
  /** Tests: send with this secret header instead of the registered one ("" leaves it out). */
  secretOverride: z.string().max(300).optional(),
  /** Tests: deliver the bot's last update again, same update_id. */
  redeliver: z.boolean().optional(),
});

function messageBody(input: z.infer<typeof CustomerUpdateSchema>, fileId: string | null) {
  const caption = input.text ? { caption: input.text } : {};
  if (input.kind === "photo" && fileId) {
    const sizes = [90, 320, 800].map((w, i) => ({
      file_id: i === 2 ? fileId : `${fileId}-s${i}`,
      file_unique_id: `${fileId}${i}`,
      width: w,
      height: w,
    }));
    return { photo: sizes, ...caption };
  }
  if (input.kind === "document" && fileId) {
    return {
      document: {
        file_id: fileId,
        file_unique_id: fileId,
        file_name: input.fileName ?? "file.pdf",
        mime_type: input.mimeType ?? "application/pdf",
      },
      ...caption,
    };
  }
  if (input.kind === "voice" && fileId)
    return { voice: { file_id: fileId, file_unique_id: fileId, duration: 2, mime_type: "audio/ogg" } };
  return { text: input.text ?? "" };
}

/** A customer writes to the bot: an Update to the webhook Telegram was given. */
telegramFakeRoutes.post("/api/channels/telegram/updates", async (c) => {
  const parsed = CustomerUpdateSchema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw problems.validation(zodFieldErrors(parsed.error));
  const input = parsed.data;
  const bot = await readRecord<Bot>(c.env, botPath(input.botId));
  if (!bot) throw problems.notFound("sandbox bot");
  if (!bot.webhookUrl)
    throw problems.unprocessable("webhook_not_set", "The bot has no webhook: connect it in Admin › Channels.");
  let update = bot.lastUpdate;
  if (!input.redeliver || !update) {
    let fileId: string | null = null;
    if (input.kind !== "text") {
      fileId = `tgfile${crypto.randomUUID().replaceAll("-", "")}`;
      const bytes = input.fileBase64
        ? Uint8Array.from(atob(input.fileBase64), (ch) => ch.charCodeAt(0))
        : new TextEncoder().encode("sandbox file");
      const type =
        input.mimeType ??
        (input.kind === "photo" ? "image/jpeg" : input.kind === "voice" ? "audio/ogg" : "application/pdf");
      await putBytes(c.env, `telegram/files/${fileId}`, bytes, type);
    }
    const chatId = Number(input.chatId);
    const from = {
      id: chatId,
      is_bot: false,
      first_name: input.firstName,
      ...(input.username ? { username: input.username } : {}),
    };
    update = {
      update_id: bot.lastUpdateId + 1,
      message: {
        message_id: bot.lastUpdateId + 1,
        from,
        chat: { id: chatId, type: "private", first_name: input.firstName },
        date: Math.floor(Date.now() / 1000),
        ...messageBody(input, fileId),
      },
    };
    await writeRecord(c.env, botPath(bot.id), { ...bot, lastUpdateId: bot.lastUpdateId + 1, lastUpdate: update });
  }
  const secret = input.secretOverride ?? bot.secretToken ?? "";
  const headers = new Headers({ "content-type": "application/json" });
  if (secret) headers.set("X-Telegram-Bot-Api-Secret-Token", secret);
  const response = await deliverToPlatform(
    c.env,
    new Request(bot.webhookUrl, { method: "POST", headers, body: JSON.stringify(update) }),
  );
  const answer = await response.text();
  return c.json({ status: response.status, answer, update });
});

/** What the bot sent one customer (or every customer, without `chat`). */
telegramFakeRoutes.get("/api/channels/telegram/bots/:botId/sent", async (c) => {
  const chat = c.req.query("chat");
  const folder = chat ? sentFolder("telegram", c.req.param("botId"), chat) : `telegram/sent/${c.req.param("botId")}`;
  return c.json({ sent: await listRecords(c.env, folder) });
});

/** Script the bot's next sends to fail (Telegram's own answer), e.g. 429 with parameters.retry_after. */
telegramFakeRoutes.post("/api/channels/telegram/bots/:botId/failures", async (c) => {
  const body = z
    .object({
      errorCode: z.number().int().min(400).max(599),
      description: z.string().max(200),
      retryAfter: z.number().int().min(0).max(3600).optional(),
      count: z.number().int().min(1).max(20).default(1),
    })
    .safeParse(await c.req.json().catch(() => null));
  if (!body.success) throw problems.validation(zodFieldErrors(body.error));
  const { errorCode, description, retryAfter, count } = body.data;
  const failure: FakeFailure = {
    status: errorCode,
    body: {
      ok: false,
      error_code: errorCode,
      description,
      ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}),
    },
    count,
  };
  await writeRecord(c.env, failPath("telegram", c.req.param("botId")), failure);
  return c.body(null, 204);
});
