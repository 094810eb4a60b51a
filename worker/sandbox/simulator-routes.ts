import { type Context, Hono } from "hono";
import { z } from "zod";
import { Problem, problems, zodFieldErrors } from "../lib/problem";
import type { AppEnv } from "../lib/router";
import {
  SANDBOX_DISPLAY_NUMBER,
  SANDBOX_DISPLAY_PHONE_NUMBER,
  SANDBOX_GRAPH_VERSION,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_WABA_ID,
} from "./config";
import { isUserId, toWaId } from "./graph";
import { INBOUND_KINDS, NEEDS_TARGET } from "./inbound-kinds";
import { appUrl, sandboxStub } from "./instance";
import { mediaBytes, storeMedia, stringField } from "./media";
import { SIMULATOR_HTML } from "./page";
import { templateAsMeta } from "./templates";

/**
 * The customer simulator (page and API, problem+json errors) and the template reviewer's controls
 * (`/api/templates/...`: decide a review now, lower a template's quality). Mounted by `routes.ts`.
 */
export const simulatorRoutes = new Hono<AppEnv>();

const simulatorPage = (c: Context<AppEnv>) => c.html(SIMULATOR_HTML);
simulatorRoutes.get("/", simulatorPage);
// Mounted at /sandbox, "/" is "/sandbox" only; this also serves "/sandbox/" (and /sandbox/index.html).
simulatorRoutes.get("/:page{(?:index\\.html)?}", simulatorPage);

simulatorRoutes.get("/api/config", (c) =>
  c.json({
    phoneNumberId: SANDBOX_PHONE_NUMBER_ID,
    displayNumber: SANDBOX_DISPLAY_NUMBER,
    displayPhoneNumber: SANDBOX_DISPLAY_PHONE_NUMBER,
    wabaId: SANDBOX_WABA_ID,
    graphBaseUrl: `${appUrl(c.env)}/sandbox/graph/${SANDBOX_GRAPH_VERSION}`,
    webhookUrl: `${appUrl(c.env)}/webhooks/whatsapp`,
  }),
);

simulatorRoutes.get("/api/customers", async (c) => c.json({ customers: await sandboxStub(c.env).listCustomers() }));

const CreateCustomerSchema = z.object({
  phone: z.string().min(1).max(32),
  name: z.string().trim().max(100).optional(),
});

simulatorRoutes.post("/api/customers", async (c) => {
  const body = parse(CreateCustomerSchema, await readJson(c));
  const waId = waIdOrThrow(body.phone, "phone");
  const customer = await sandboxStub(c.env).upsertCustomer(waId, body.name);
  return c.json({ customer }, 201);
});

simulatorRoutes.get("/api/customers/:waId/messages", async (c) => {
  // A customer the business knows only by their business-scoped user id is kept under that id.
  const param = c.req.param("waId");
  const waId = isUserId(param) ? param : waIdOrThrow(param, "waId");
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
    // Issue 17: the place's name has its own field; `name` is the customer's, as for every kind.
    place: z.string().trim().max(100).optional(),
    name: nameField,
    address: z.string().max(200).optional(),
    contextId: contextField,
  }),
  // An empty emoji removes a reaction, as on a phone.
  z.object({ type: z.literal("reaction"), messageId: z.string().min(1).max(200), emoji: z.string().max(16) }),
  // Issue 12, item 3: ad referral, order, flow reply, button and list replies, contacts, edit, revoke, unsupported.
  z.object({
    type: z.literal("kind"),
    kind: z.enum(INBOUND_KINDS),
    text: z.string().max(1024).optional(),
    targetId: contextField,
    name: nameField,
  }),
  // A tap on one option (reply button or list row) of the business's interactive message `messageId`.
  z.object({
    type: z.literal("tap"),
    messageId: z.string().min(1).max(200),
    optionId: z.string().min(1).max(200),
    name: nameField,
  }),
]);

type Option = { id: string; title: string };
/** The options of an interactive message as the business sent it (buttons or list rows), and which kind of reply a tap is. */
function optionsOf(content: string): { kind: "button_reply" | "list_reply"; options: Option[] } {
  const part = JSON.parse(content) as {
    type?: string;
    action?: { buttons?: { reply?: Option }[]; sections?: { rows?: Option[] }[] };
  };
  if (part.type === "button") {
    return { kind: "button_reply", options: (part.action?.buttons ?? []).flatMap((b) => (b.reply ? [b.reply] : [])) };
  }
  return { kind: "list_reply", options: (part.action?.sections ?? []).flatMap((s) => s.rows ?? []) };
}

/**
 * The customer sends a message: JSON (`text`, `location`, `reaction`, or `kind` with one of
 * INBOUND_KINDS: ad referral, order, flow reply, button and list replies, template quick-reply
 * button, contact card, edit or revoke of their own `targetId`, unsupported) or multipart (`file`, optional
 * `caption`, `name`; its MIME type decides image/video/audio/document/sticker). It becomes Meta's
 * signed webhook to the platform's `POST /webhooks/whatsapp`; the answer says whether it was taken.
 */
simulatorRoutes.post("/api/customers/:waId/messages", async (c) => {
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
  if (body.type === "kind" && NEEDS_TARGET.has(body.kind)) {
    // An edit or a revoke is about one of the customer's own earlier messages.
    const target = body.targetId ? await stub.message(body.targetId) : null;
    if (!target || target.waId !== waId || target.direction !== "in") throw problems.notFound("message");
  }
  if (body.type === "tap") {
    const target = await stub.message(body.messageId);
    if (!target || target.waId !== waId || target.type !== "interactive") throw problems.notFound("message");
    const { kind, options } = optionsOf(target.content);
    const option = options.find((o) => o.id === body.optionId);
    if (!option) throw problems.notFound("option");
    const reply = { kind, id: option.id, title: option.title };
    return c.json(
      await stub.customerSends({ waId, name: body.name, type: "interactive", reply, contextId: target.id }),
      201,
    );
  }
  return c.json(await stub.customerSends({ waId, ...body }), 201);
});

/** Meta retrying: the last webhook sent, posted again byte for byte (for testing duplicates, rule G6). */
simulatorRoutes.post("/api/redeliver", async (c) => {
  const delivery = await sandboxStub(c.env).redeliverLast();
  if (!delivery) throw problems.notFound("webhook to re-deliver");
  return c.json({ delivery });
});

/** Issue 13: the number's throughput (sends per second; above it 130429) and the sends per second so far. */
simulatorRoutes.get("/api/rate", async (c) => c.json(await sandboxStub(c.env).rateStats()));
simulatorRoutes.put("/api/rate", async (c) => {
  const body = (await c.req.json().catch(() => null)) as { messagesPerSecond?: unknown } | null;
  const rate = body?.messagesPerSecond;
  if (typeof rate !== "number" || !Number.isInteger(rate) || rate < 1 || rate > 10_000) {
    throw new Problem(400, "validation_failed", "messagesPerSecond: a whole number from 1 to 10000.");
  }
  return c.json(await sandboxStub(c.env).configureRate(rate));
});

/** T8: how long a paced MARKETING send is held before it is released without a rating (30 min by default). */
simulatorRoutes.put("/api/pacing", async (c) => {
  const body = (await c.req.json().catch(() => null)) as { holdMs?: unknown } | null;
  const holdMs = body?.holdMs;
  if (typeof holdMs !== "number" || !Number.isInteger(holdMs) || holdMs < 0 || holdMs > 24 * 3600_000) {
    throw new Problem(400, "validation_failed", "holdMs: a whole number of milliseconds up to 24 hours.");
  }
  return c.json(await sandboxStub(c.env).configurePacing(holdMs));
});

simulatorRoutes.get("/api/deliveries", async (c) => c.json({ deliveries: await sandboxStub(c.env).deliveries(50) }));

/** The bytes of any sandbox media, for the simulator page (no token: it is the customer's phone). */
simulatorRoutes.get("/api/media/:mediaId", async (c) => {
  const response = await mediaBytes(c.env, c.req.param("mediaId"));
  if (!response) throw problems.notFound("media");
  return response;
});

// ---------------------------------------------------------------------------------------------
// The template reviewer (rule T3): what Meta's reviewers and the customers' reactions decide
// ---------------------------------------------------------------------------------------------

simulatorRoutes.get("/api/templates", async (c) =>
  c.json({ templates: (await sandboxStub(c.env).listTemplates()).map(templateAsMeta) }),
);

const ReviewSchema = z.object({
  status: z.enum(["APPROVED", "REJECTED", "PAUSED", "DISABLED", "REINSTATED"]),
  reason: z.string().trim().min(1).max(200).optional(),
});

/** Decides the template's review now (instead of waiting for the automatic one): a signed status webhook. */
simulatorRoutes.post("/api/templates/:id/review", async (c) => {
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
simulatorRoutes.post("/api/templates/:id/quality", async (c) => {
  const body = parse(QualitySchema, await readJson(c));
  const result = await sandboxStub(c.env).rateTemplate(c.req.param("id"), QUALITY_SCORES[body.quality]);
  if (!result) throw problems.notFound("template");
  if (result === "not_rated") {
    throw problems.conflict("template_not_rated", "Only an approved or paused template has a quality rating.");
  }
  return c.json({ deliveries: result });
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

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
