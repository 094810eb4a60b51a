/**
 * The website widget's routes (rule G2), all under `/widget/<widget id>/`: the loader the site's
 * snippet loads, the frame page, the widget app, and the visitor's session, messages, files and live
 * socket. Not under /api: a visitor has no account; a visitor token (features/webchat/visitor-token.ts)
 * says who they are.
 *
 * The origin check runs first, before anything is read or stored: a request whose `Origin` header is
 * not the channel's domain is refused 403 `origin_not_allowed` (HTTP and WebSocket upgrades alike).
 * The one other origin let through is the widget's own: the frame page is served from this origin,
 * so the app inside it calls with it; a browser never gives another site that origin, and the frame
 * itself can only be shown inside the domain (`frame-ancestors`). A request with no `Origin` at all
 * may only GET the three public files: a classic `<script>` (the snippet's loader), an iframe
 * navigation (the frame) and the frame's own `<script>` are sent without one by every browser.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { channelsByProviderKeys } from "../../db/channels";
import { WEBCHAT_POLICY } from "../../domain/channel-policy";
import { originAllowed, visitorAddressGroup } from "../../domain/widget";
import { clock } from "../../lib/clock";
import { fileResponse } from "../../lib/file-response";
import { Problem, problems, zodFieldErrors } from "../../lib/problem";
import type { AppEnv } from "../../lib/router";
import { expectWebSocket } from "../../objects/live-object";
import { WIDGET_PROTOCOL } from "../../rooms/room-sockets";
import { WidgetMessageBodySchema, WidgetSessionBodySchema } from "../../schemas/widget";
import { framePage, framePolicy } from "./page";
import {
  keepVisitorFile,
  receiveVisitorMessage,
  startSession,
  type Visitor,
  visitorFile,
  visitorOf,
  visitorSocket,
  type WidgetChannel,
} from "./service";
import { looksLikeVisitorToken } from "./visitor-token";

type WidgetEnv = AppEnv & { Variables: AppEnv["Variables"] & { widget: WidgetChannel } };
export const widgetRoutes = new Hono<WidgetEnv>();

/** The files a page may fetch without an Origin header (see above). */
const PUBLIC_FILES = new Set(["loader.js", "frame", "app.js"]);
const ASSET_PATHS: Record<string, string> = {
  "loader.js": "/widget-assets/loader.js",
  "app.js": "/widget-assets/app.js",
};
const FILE_LIMIT = Math.max(...Object.values(WEBCHAT_POLICY.mediaLimits));
const JSON_LIMIT = 16 * 1024;

const refused = () =>
  new Problem(403, "origin_not_allowed", "This widget can only be used from the site it was made for.");

// Rule G2: the widget exists and is connected, and the request comes from its domain (or its frame).
widgetRoutes.use("/:widgetId/*", async (c, next) => {
  const [channel] = await channelsByProviderKeys(c.get("db"), "webchat", [c.req.param("widgetId")]);
  if (!channel?.connected) throw problems.notFound("widget");
  const widget = channel as WidgetChannel;
  const origin = c.req.header("Origin") ?? null;
  const file = c.req.path.split("/").pop() ?? "";
  if (origin === null) {
    if (c.req.method !== "GET" || !PUBLIC_FILES.has(file) || expectWebSocket(c.req.raw) === null) throw refused();
  } else if (!originAllowed(origin, widget.config.domain) && origin !== new URL(c.req.url).origin) {
    throw refused();
  }
  c.set("widget", widget);
  await next();
});

async function asset(c: { env: Env; req: { url: string } }, name: string, extra: Record<string, string> = {}) {
  const path = ASSET_PATHS[name];
  const found = path ? await c.env.ASSETS.fetch(new Request(new URL(path, c.req.url))) : null;
  if (!found?.ok) throw problems.notFound("widget file");
  const headers = new Headers(found.headers);
  headers.set("content-type", "text/javascript; charset=utf-8");
  headers.set("cache-control", "public, max-age=300");
  for (const [k, v] of Object.entries(extra)) headers.set(k, v);
  return new Response(found.body, { status: 200, headers });
}

// The loader runs on the site's pages (a classic script, any page of the domain): others may embed it.
widgetRoutes.get("/:widgetId/loader.js", (c) =>
  asset(c, "loader.js", { "cross-origin-resource-policy": "cross-origin" }),
);
widgetRoutes.get("/:widgetId/app.js", (c) => asset(c, "app.js"));

widgetRoutes.get("/:widgetId/frame", (c) => {
  const widget = c.get("widget");
  const html = framePage({ widgetId: widget.providerKey, name: widget.name, domain: widget.config.domain });
  return c.body(html, 200, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": framePolicy(widget.config.domain),
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
  });
});

async function jsonOf<T>(
  c: { req: { json(): Promise<unknown> } },
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import("zod").ZodError } },
) {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw problems.malformedJson();
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw problems.validation(zodFieldErrors(parsed.error));
  return parsed.data;
}

const bearer = (header: string | undefined) => header?.match(/^Bearer (\S+)$/)?.[1] ?? null;
const visitorOfRequest = (c: {
  get(k: "widget"): WidgetChannel;
  req: { header(n: string): string | undefined };
}): Promise<Visitor> => visitorOf(c.get("widget"), bearer(c.req.header("Authorization")));
const jsonBodies = bodyLimit({
  maxSize: JSON_LIMIT,
  onError: () => {
    throw new Problem(413, "body_too_large", "The request body can be at most 16 KiB.");
  },
});

/**
 * Writes a minute one address may make to one widget (sessions, messages, files): far above a person,
 * and room for the visitors of one office or carrier sharing an address (a session on each page load).
 */
export const VISITOR_WRITES_PER_MINUTE = 120;

/**
 * The widget is public, and a script can send any `Origin`: each address's (IPv6: /64's) writes to a widget are
 * metered (a token bucket in the ApiClientDO named after both), so a loop cannot open rooms,
 * away replies (which are charged: B6) and files without end (G7: provider input is bounded).
 * 429 `rate_limited` with Retry-After.
 */
const visitorRate: MiddlewareHandler<WidgetEnv> = async (c, next) => {
  const address = visitorAddressGroup(c.req.header("CF-Connecting-IP"));
  const bucket = c.env.API_CLIENT.getByName(`widget:${c.get("widget").providerKey}:${address}`);
  const admission = await bucket.admit(VISITOR_WRITES_PER_MINUTE, clock.now());
  if (!admission.allowed) {
    const seconds = admission.retryAfterSeconds;
    throw problems.tooManyRequests("rate_limited", `Too many messages from here; try again in ${seconds} s.`, seconds);
  }
  await next();
};

widgetRoutes.post("/:widgetId/session", visitorRate, jsonBodies, async (c) => {
  const body = await jsonOf(c, WidgetSessionBodySchema);
  return c.json(await startSession(c.env, c.get("db"), c.get("widget"), body), 200);
});

widgetRoutes.post("/:widgetId/messages", visitorRate, jsonBodies, async (c) => {
  const visitor = await visitorOfRequest(c);
  const body = await jsonOf(c, WidgetMessageBodySchema);
  const answer = await receiveVisitorMessage(c.env, c.get("db"), c.get("widget"), visitor, body);
  return c.json(answer, answer.roomId ? 201 : 202);
});

// Rule I10: a visitor's file, the raw bytes with its name in `X-Filename` (URI-encoded), at most the policy's limit.
widgetRoutes.post(
  "/:widgetId/files",
  visitorRate,
  bodyLimit({
    maxSize: FILE_LIMIT + 1024,
    onError: () => {
      throw new Problem(413, "media_too_large", `A file can be at most ${FILE_LIMIT / 1024 / 1024} MB here.`);
    },
  }),
  async (c) => {
    const visitor = await visitorOfRequest(c);
    const bytes = await c.req.arrayBuffer();
    let filename: string | null = null;
    try {
      filename = decodeURIComponent(c.req.header("X-Filename") ?? "") || null;
    } catch {
      filename = null;
    }
    return c.json(await keepVisitorFile(c.env, c.get("widget"), visitor, bytes, filename), 201);
  },
);

widgetRoutes.get("/:widgetId/media/:messageId", async (c) => {
  const visitor = await visitorOfRequest(c);
  const file = await visitorFile(c.env, c.get("db"), c.get("widget"), visitor, c.req.param("messageId"));
  if (!file) throw problems.notFound("file");
  return fileResponse(file.object, file.filename);
});

/** The live socket: the visitor token travels as a WebSocket subprotocol (never in the URL). */
widgetRoutes.get("/:widgetId/live", async (c) => {
  const notSocket = expectWebSocket(c.req.raw);
  if (notSocket) throw problems.unprocessable("websocket_required", "Open this URL as a WebSocket.");
  const offered = (c.req.header("Sec-WebSocket-Protocol") ?? "").split(",").map((p) => p.trim());
  if (!offered.includes(WIDGET_PROTOCOL)) throw new Problem(400, "protocol_required", `Offer ${WIDGET_PROTOCOL}.`);
  const visitor = await visitorOf(c.get("widget"), offered.find(looksLikeVisitorToken) ?? null);
  return visitorSocket(c.env, c.get("db"), c.get("widget"), visitor, c.req.raw);
});
