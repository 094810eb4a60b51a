import { type Context, Hono } from "hono";
import { z } from "zod";
import { toHex } from "../lib/crypto";
import { isDevelopment } from "../lib/env";
import { errorForLog, log } from "../lib/log";
import { problemResponse, problems, toProblem, zodFieldErrors } from "../lib/problem";
import type { AppEnv } from "../lib/router";
import {
  MEDIA_LIMITS,
  type MediaType,
  mediaTypeOf,
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_ID,
  SANDBOX_DISPLAY_NUMBER,
  SANDBOX_DISPLAY_PHONE_NUMBER,
  SANDBOX_GRAPH_VERSION,
  SANDBOX_INSTANCE,
  SANDBOX_MEDIA_PREFIX,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_VERIFIED_NAME,
  SANDBOX_WABA_ID,
} from "./config";
import { metaErrorResponse, metaErrors, newMediaId, parseSend, toWaId } from "./graph";
import { SIMULATOR_HTML } from "./page";
import type { SandboxMedia } from "./sandbox-do";
import { parseTemplateCreate, templateAsMeta, templateSendMismatch } from "./templates";

/**
 * The sandbox WhatsApp provider's HTTP face (development only), mounted at `/sandbox`:
 * - `/graph/<version>/...`: Meta's Graph API for the sandbox number, Meta's formats exactly
 *   (Bearer `sandbox-access-token` required; errors are Meta's `{error:{...}}` JSON);
 * - `/media/{id}`: the download URL the Graph API hands out (Bearer required, as Meta's is);
 * - `/graph/<version>/{waba_id}/message_templates`: Meta's template API (create, list, delete);
 * - `/api/...`: the customer simulator API (problem+json errors), and the template reviewer's
 *   controls (`/api/templates/...`: decide a review now, lower a template's quality);
 * - `/`: the customer simulator page.
 * Outside development every route answers 404 problem+json, exactly like an unknown route.
 */
export const sandboxRoutes = new Hono<AppEnv>();

/** The binding exists only in development (wrangler.toml's production environment has no sandbox). */
export const sandboxStub = (env: Env) => {
  if (!env.SANDBOX) throw problems.notFound("route");
  return env.SANDBOX.getByName(SANDBOX_INSTANCE);
};

sandboxRoutes.use("*", async (c, next) => {
  if (!isDevelopment(c.env)) throw problems.notFound("route");
  await next();
});

// The app's error handler renders these when mounted; called directly (graphFetchFor, tests) the
// router renders them the same way itself.
sandboxRoutes.onError((err, c) => {
  const problem = toProblem(err);
  if (problem.status >= 500) {
    log("error", "sandbox_unhandled", { path: c.req.path, error: errorForLog(err) });
  }
  return problemResponse(problem);
});
sandboxRoutes.notFound(() => problemResponse(problems.notFound("route")));

// ---------------------------------------------------------------------------------------------
// Simulator page and API
// ---------------------------------------------------------------------------------------------

const simulatorPage = (c: Context<AppEnv>) => c.html(SIMULATOR_HTML);
sandboxRoutes.get("/", simulatorPage);
// Mounted at /sandbox, "/" is "/sandbox" only; this also serves "/sandbox/" (and /sandbox/index.html).
sandboxRoutes.get("/:page{(?:index\\.html)?}", simulatorPage);

sandboxRoutes.get("/api/config", (c) =>
  c.json({
    phoneNumberId: SANDBOX_PHONE_NUMBER_ID,
    displayNumber: SANDBOX_DISPLAY_NUMBER,
    displayPhoneNumber: SANDBOX_DISPLAY_PHONE_NUMBER,
    wabaId: SANDBOX_WABA_ID,
    graphBaseUrl: `${appUrl(c.env)}/sandbox/graph/${SANDBOX_GRAPH_VERSION}`,
    webhookUrl: `${appUrl(c.env)}/webhooks/whatsapp`,
  }),
);

sandboxRoutes.get("/api/customers", async (c) => c.json({ customers: await sandboxStub(c.env).listCustomers() }));

const CreateCustomerSchema = z.object({
  phone: z.string().min(1).max(32),
  name: z.string().trim().max(100).optional(),
});

sandboxRoutes.post("/api/customers", async (c) => {
  const body = parse(CreateCustomerSchema, await readJson(c));
  const waId = waIdOrThrow(body.phone, "phone");
  const customer = await sandboxStub(c.env).upsertCustomer(waId, body.name);
  return c.json({ customer }, 201);
});

sandboxRoutes.get("/api/customers/:waId/messages", async (c) => {
  const waId = waIdOrThrow(c.req.param("waId"), "waId");
  const stub = sandboxStub(c.env);
  const customer = await stub.customer(waId);
  const messages = await stub.conversation(waId);
  if (!customer && messages.length === 0) throw problems.notFound("customer");
  return c.json({ customer, messages });
});

const nameField = z.string().trim().max(100).optional();
const contextField = z.string().min(1).max(200).optional();
const CustomerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(4096), name: nameField, contextId: contextField }),
  z.object({
    type: z.literal("location"),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: nameField,
    address: z.string().max(200).optional(),
    contextId: contextField,
  }),
  // An empty emoji removes a reaction, as on a phone.
  z.object({ type: z.literal("reaction"), messageId: z.string().min(1).max(200), emoji: z.string().max(16) }),
]);

/**
 * The customer sends a message: JSON (`text`, `location`, `reaction`) or multipart (`file`, optional
 * `caption`, `name`; its MIME type decides image/video/audio/document/sticker). It becomes Meta's
 * signed webhook to the platform's `POST /webhooks/whatsapp`; the answer says whether it was taken.
 */
sandboxRoutes.post("/api/customers/:waId/messages", async (c) => {
  const waId = waIdOrThrow(c.req.param("waId"), "waId");
  const stub = sandboxStub(c.env);
  const contentType = c.req.header("content-type") ?? "";
  if (contentType.startsWith("multipart/form-data")) {
    const form = await c.req.formData();
    const file = form.get("file");
    if (!(file instanceof File)) {
      throw problems.validation([{ path: "file", code: "required", message: "Attach a file." }]);
    }
    const caption = stringField(form, "caption");
    const media = await storeMedia(c.env, file, file.type);
    if ("problem" in media) throw problems.unprocessable(media.problem.code, media.problem.detail);
    const result = await stub.customerSends({
      waId,
      name: stringField(form, "name"),
      type: media.type,
      mediaId: media.record.id,
      caption: media.type === "audio" || media.type === "sticker" ? null : caption,
    });
    return c.json(result, 201);
  }
  const body = parse(CustomerMessageSchema, await readJson(c));
  if (body.type === "reaction") {
    const target = await stub.message(body.messageId);
    if (!target || target.waId !== waId) throw problems.notFound("message");
    return c.json(await stub.customerSends({ waId, ...body }), 201);
  }
  return c.json(await stub.customerSends({ waId, ...body }), 201);
});

/** Meta retrying: the last webhook sent, posted again byte for byte (for testing duplicates, rule G6). */
sandboxRoutes.post("/api/redeliver", async (c) => {
  const delivery = await sandboxStub(c.env).redeliverLast();
  if (!delivery) throw problems.notFound("webhook to re-deliver");
  return c.json({ delivery });
});

sandboxRoutes.get("/api/deliveries", async (c) => c.json({ deliveries: await sandboxStub(c.env).deliveries(50) }));

/** The bytes of any sandbox media, for the simulator page (no token: it is the customer's phone). */
sandboxRoutes.get("/api/media/:mediaId", async (c) => {
  const response = await mediaBytes(c.env, c.req.param("mediaId"));
  if (!response) throw problems.notFound("media");
  return response;
});

// ---------------------------------------------------------------------------------------------
// The template reviewer (rule T3): what Meta's reviewers and the customers' reactions decide
// ---------------------------------------------------------------------------------------------

sandboxRoutes.get("/api/templates", async (c) =>
  c.json({ templates: (await sandboxStub(c.env).listTemplates()).map(templateAsMeta) }),
);

const ReviewSchema = z.object({
  status: z.enum(["APPROVED", "REJECTED", "PAUSED", "DISABLED", "REINSTATED"]),
  reason: z.string().trim().min(1).max(200).optional(),
});

/** Decides the template's review now (instead of waiting for the automatic one): a signed status webhook. */
sandboxRoutes.post("/api/templates/:id/review", async (c) => {
  const body = parse(ReviewSchema, await readJson(c));
  const delivery = await sandboxStub(c.env).reviewTemplate(c.req.param("id"), body.status, body.reason);
  if (!delivery) throw problems.notFound("template");
  return c.json({ delivery });
});

const QUALITY_SCORES = { HIGH: "GREEN", MEDIUM: "YELLOW", LOW: "RED", NEUTRAL: "UNKNOWN" } as const;
const QualitySchema = z.object({ quality: z.enum(["HIGH", "MEDIUM", "LOW", "NEUTRAL"]) });

/**
 * Changes an approved template's quality now, as the customers' reactions would: a signed quality
 * webhook; LOW also pauses the template (the first time) or disables it (after a pause).
 */
sandboxRoutes.post("/api/templates/:id/quality", async (c) => {
  const body = parse(QualitySchema, await readJson(c));
  const result = await sandboxStub(c.env).rateTemplate(c.req.param("id"), QUALITY_SCORES[body.quality]);
  if (!result) throw problems.notFound("template");
  if (result === "not_rated") {
    throw problems.conflict("template_not_rated", "Only an approved or paused template has a quality rating.");
  }
  return c.json({ deliveries: result });
});

// ---------------------------------------------------------------------------------------------
// Fake Graph API (Meta's formats) and the media download URL
// ---------------------------------------------------------------------------------------------

function bearerOk(c: Context<AppEnv>): boolean {
  const header = c.req.header("authorization") ?? "";
  // Meta takes `Bearer` and `OAuth` (the Resumable Upload API's examples use OAuth).
  const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header)?.[1]?.trim() ?? c.req.query("access_token");
  return token === SANDBOX_ACCESS_TOKEN;
}

sandboxRoutes.use("/graph/*", async (c, next) => {
  if (!bearerOk(c)) return metaErrorResponse(401, metaErrors.invalidToken());
  await next();
});

const graphVersion = (c: Context<AppEnv>) => /^v\d+\.\d+$/.test(c.req.param("version") ?? "");

sandboxRoutes.post("/graph/:version/:phoneNumberId/messages", async (c) => {
  const phoneNumberId = c.req.param("phoneNumberId");
  if (!graphVersion(c) || phoneNumberId !== SANDBOX_PHONE_NUMBER_ID) {
    return metaErrorResponse(400, metaErrors.unknownObject("post", phoneNumberId));
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return metaErrorResponse(400, metaErrors.invalidParameter("The request body is not valid JSON."));
  }
  const parsed = parseSend(body);
  const stub = sandboxStub(c.env);
  if (parsed.kind === "error") return metaErrorResponse(400, parsed.error);
  if (parsed.kind === "mark_read") {
    if (!(await stub.markRead(parsed.messageId))) {
      return metaErrorResponse(400, metaErrors.invalidParameter(`No message with id ${parsed.messageId}.`));
    }
    return c.json({ success: true });
  }
  if (parsed.send.type === "template") {
    // Meta refuses a send whose parameters do not match the approved template (rule T3).
    const { name, language, components } = parsed.send.content as {
      name: string;
      language: { code: string };
      components: Record<string, unknown>[];
    };
    const known = (await stub.listTemplates()).find((t) => t.name === name && t.language === language.code);
    const mismatch = known ? templateSendMismatch(JSON.parse(known.components), components) : null;
    if (mismatch) return metaErrorResponse(400, mismatch);
  }
  const result = await stub.businessSends(parsed.send);
  if (!result.ok) return metaErrorResponse(result.status, result.error);
  return c.json({
    messaging_product: "whatsapp",
    contacts: [{ input: parsed.send.input, wa_id: result.waId }],
    messages: [{ id: result.messageId, ...(parsed.send.type === "template" ? { message_status: "accepted" } : {}) }],
  });
});

sandboxRoutes.post("/graph/:version/:phoneNumberId/media", async (c) => {
  const phoneNumberId = c.req.param("phoneNumberId");
  if (!graphVersion(c) || phoneNumberId !== SANDBOX_PHONE_NUMBER_ID) {
    return metaErrorResponse(400, metaErrors.unknownObject("post", phoneNumberId));
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    return metaErrorResponse(400, metaErrors.invalidParameter("Upload the file as multipart/form-data."));
  }
  if (!form.get("messaging_product")) return metaErrorResponse(400, metaErrors.requiredParameter("messaging_product"));
  const file = form.get("file");
  if (!(file instanceof File)) return metaErrorResponse(400, metaErrors.requiredParameter("file"));
  const media = await storeMedia(c.env, file, stringField(form, "type") ?? file.type);
  if ("problem" in media) return metaErrorResponse(400, metaErrors.mediaUpload(media.problem.detail));
  return c.json({ id: media.record.id });
});

/** Resumable Upload API, step 1: an upload session for the described file (`{id: "upload:..."}`). */
sandboxRoutes.post("/graph/:version/:appId/uploads", async (c) => {
  const appId = c.req.param("appId");
  if (!graphVersion(c) || appId !== SANDBOX_APP_ID) {
    return metaErrorResponse(400, metaErrors.unknownObject("post", appId));
  }
  const length = Number(c.req.query("file_length"));
  const type = c.req.query("file_type");
  if (!c.req.query("file_length")) return metaErrorResponse(400, metaErrors.requiredParameter("file_length"));
  if (!Number.isSafeInteger(length) || length <= 0) {
    return metaErrorResponse(400, metaErrors.invalidParameter("file_length must be a positive number of bytes."));
  }
  if (!type) return metaErrorResponse(400, metaErrors.requiredParameter("file_type"));
  if (!["application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4"].includes(type)) {
    return metaErrorResponse(400, metaErrors.invalidParameter(`Unsupported file_type '${type}'.`));
  }
  const id = await sandboxStub(c.env).startUpload(length, type, c.req.query("file_name") ?? null);
  return c.json({ id });
});

/** Step 2: the bytes (`file_offset: 0`) to `POST /{upload_session_id}`; answers the handle `{h}`. */
sandboxRoutes.post("/graph/:version/:session", async (c) => {
  const session = c.req.param("session");
  if (!graphVersion(c) || !session.startsWith("upload:")) {
    return metaErrorResponse(400, metaErrors.unknownObject("post", session));
  }
  const sig = c.req.query("sig");
  const offset = Number(c.req.header("file_offset") ?? Number.NaN);
  if (!Number.isSafeInteger(offset)) return metaErrorResponse(400, metaErrors.requiredParameter("file_offset"));
  const bytes = await c.req.arrayBuffer();
  const result = await sandboxStub(c.env).finishUpload(
    sig ? `${session}?sig=${sig}` : session,
    offset,
    bytes.byteLength,
  );
  if (!result.ok) return metaErrorResponse(result.status, result.error);
  return c.json({ h: result.handle });
});

sandboxRoutes.get("/graph/:version/:id", async (c) => {
  const id = c.req.param("id");
  if (!graphVersion(c)) return metaErrorResponse(400, metaErrors.unknownObject("get", id));
  // `GET /app`: the app the access token belongs to.
  if (id === "app") return c.json({ id: SANDBOX_APP_ID, name: "Edge Inbox sandbox app", link: "" });
  if (id === SANDBOX_PHONE_NUMBER_ID) {
    return c.json({
      verified_name: SANDBOX_VERIFIED_NAME,
      code_verification_status: "VERIFIED",
      display_phone_number: SANDBOX_DISPLAY_NUMBER,
      quality_rating: "GREEN",
      platform_type: "CLOUD_API",
      throughput: { level: "STANDARD" },
      id,
    });
  }
  const media = await sandboxStub(c.env).media(id);
  if (!media) return metaErrorResponse(400, metaErrors.unknownObject("get", id));
  return c.json({
    url: `${appUrl(c.env)}/sandbox/media/${media.id}?mid=${media.id}`,
    mime_type: media.mimeType,
    sha256: media.sha256,
    // Meta's reference shows the size as a string.
    file_size: String(media.fileSize),
    id: media.id,
    messaging_product: "whatsapp",
  });
});

sandboxRoutes.delete("/graph/:version/:id", async (c) => {
  const id = c.req.param("id");
  const key = graphVersion(c) ? await sandboxStub(c.env).deleteMedia(id) : null;
  if (!key) return metaErrorResponse(400, metaErrors.unknownObject("delete", id));
  await c.env.MEDIA.delete(key);
  return c.json({ success: true });
});

const wabaOk = (c: Context<AppEnv>) => graphVersion(c) && c.req.param("wabaId") === SANDBOX_WABA_ID;

/** Submits a template for review: `{id, status: "PENDING", category}`, as Meta answers. */
sandboxRoutes.post("/graph/:version/:wabaId/message_templates", async (c) => {
  if (!wabaOk(c)) return metaErrorResponse(400, metaErrors.unknownObject("post", c.req.param("wabaId")));
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return metaErrorResponse(400, metaErrors.invalidParameter("The request body is not valid JSON."));
  }
  const parsed = parseTemplateCreate(body);
  if (parsed.kind === "error") return metaErrorResponse(400, parsed.error);
  const result = await sandboxStub(c.env).createTemplate(parsed.template);
  if (!result.ok) return metaErrorResponse(result.status, result.error);
  return c.json({ id: result.template.id, status: result.template.status, category: result.template.category });
});

sandboxRoutes.get("/graph/:version/:wabaId/message_templates", async (c) => {
  if (!wabaOk(c)) return metaErrorResponse(400, metaErrors.unknownObject("get", c.req.param("wabaId")));
  const name = c.req.query("name");
  const templates = (await sandboxStub(c.env).listTemplates()).filter((t) => !name || t.name === name);
  return c.json({ data: templates.map(templateAsMeta), paging: { cursors: { before: "", after: "" } } });
});

/** Deletes by `name` (every language), or one template with `hsm_id` as well. */
sandboxRoutes.delete("/graph/:version/:wabaId/message_templates", async (c) => {
  if (!wabaOk(c)) return metaErrorResponse(400, metaErrors.unknownObject("delete", c.req.param("wabaId")));
  const name = c.req.query("name");
  if (!name) return metaErrorResponse(400, metaErrors.requiredParameter("name"));
  const deleted = await sandboxStub(c.env).deleteTemplate(name, c.req.query("hsm_id") ?? null);
  if (deleted === 0) {
    return metaErrorResponse(400, metaErrors.invalidParameter(`Message template "${name}" was not found.`));
  }
  return c.json({ success: true });
});

sandboxRoutes.all("/graph/*", (c) =>
  metaErrorResponse(400, {
    message: `Unknown path components: ${c.req.path.replace(/^.*?\/graph/, "")}`,
    type: "OAuthException",
    code: 2500,
  }),
);

/** The media URL handed out by `GET /{media_id}`: the bytes, with the Bearer token only (as Meta's). */
sandboxRoutes.get("/media/:mediaId", async (c) => {
  if (!bearerOk(c)) return metaErrorResponse(401, metaErrors.invalidToken());
  const response = await mediaBytes(c.env, c.req.param("mediaId"));
  return response ?? metaErrorResponse(404, metaErrors.unknownObject("get", c.req.param("mediaId")));
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function appUrl(env: Env): string {
  return env.APP_URL.replace(/\/+$/, "");
}

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw problems.malformedJson();
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw problems.validation(zodFieldErrors(result.error));
  return result.data;
}

function waIdOrThrow(value: string, path: string): string {
  const waId = toWaId(value);
  if (!waId) throw problems.validation([{ path, code: "invalid_phone", message: "Not a phone number." }]);
  return waId;
}

function stringField(form: FormData, name: string): string | null {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

type StoredMedia =
  | { type: MediaType; record: SandboxMedia }
  | { problem: { code: "media_type_unsupported" | "media_too_large"; detail: string } };

/** Checks WhatsApp's type and size limits (rule I10), puts the bytes in R2 and records the media. */
async function storeMedia(env: Env, file: File, mimeType: string): Promise<StoredMedia> {
  const mime = mimeType.split(";")[0]?.trim().toLowerCase() ?? "";
  const type = mediaTypeOf(mime);
  if (!type) return { problem: { code: "media_type_unsupported", detail: `Unsupported file type '${mime}'.` } };
  const limit = MEDIA_LIMITS[type].maxBytes;
  if (file.size > limit) {
    return {
      problem: {
        code: "media_too_large",
        detail: `A ${type} may be at most ${limit} bytes; this file is ${file.size}.`,
      },
    };
  }
  const bytes = await file.arrayBuffer();
  const id = newMediaId();
  const record: SandboxMedia = {
    id,
    mimeType: mime,
    sha256: toHex(await crypto.subtle.digest("SHA-256", bytes)),
    fileSize: bytes.byteLength,
    filename: file.name || null,
    r2Key: `${SANDBOX_MEDIA_PREFIX}${id}`,
    createdAt: Date.now(),
  };
  await env.MEDIA.put(record.r2Key, bytes, { httpMetadata: { contentType: mime } });
  await sandboxStub(env).recordMedia(record);
  return { type, record };
}

async function mediaBytes(env: Env, mediaId: string): Promise<Response | null> {
  const media = await sandboxStub(env).media(mediaId);
  if (!media) return null;
  const object = await env.MEDIA.get(media.r2Key);
  if (!object) return null;
  return new Response(object.body, {
    headers: {
      "content-type": media.mimeType,
      "content-length": String(media.fileSize),
      ...(media.filename ? { "content-disposition": `inline; filename="${media.filename.replace(/"/g, "")}"` } : {}),
    },
  });
}
