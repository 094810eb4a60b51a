import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import { createDb } from "./db/client";
import { apiKeyLimits, idempotentWrites } from "./features/api-clients/middleware";
import { assignmentSettingsRoutes, myAvailabilityRoutes, teamLoadRoutes } from "./features/assignment/routes";
import { callReportRoutes } from "./features/calls/report-routes";
import { ringGroupRoutes } from "./features/calls/ring-group-routes";
import { callChannelRoutes, callRoomRoutes, callRoutes } from "./features/calls/routes";
import { contactProfileRoutes } from "./features/contacts/routes";
import { csatSettingsRoutes } from "./features/csat/routes";
import { roomMarkRoutes } from "./features/inbox/routes";
import { labelRoutes } from "./features/labels/routes";
import { profileRoutes } from "./features/profile/routes";
import { widgetRoutes } from "./features/webchat/routes";
import { authenticate } from "./lib/auth";
import { API_BODY_LIMIT, limitBody, TEMPLATE_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from "./lib/body-limit";
import { errorForLog, log, withRequestId } from "./lib/log";
import { problemResponse, problems, toProblem } from "./lib/problem";
import type { AppEnv } from "./lib/router";
import { apiDocument } from "./openapi/document";
import { apiKeyRoutes } from "./routes/api-keys";
import { authRoutes } from "./routes/auth";
import { billingRoutes } from "./routes/billing";
import { campaignRoutes } from "./routes/campaigns";
import { channelCampaignRoutes } from "./routes/channel-campaigns";
import { channelRoutes } from "./routes/channels";
import { CONTACT_LIST_BODY_LIMIT, contactListRoutes } from "./routes/contact-lists";
import { contactRoutes } from "./routes/contacts";
import { devRoutes } from "./routes/dev";
import { docsRoutes } from "./routes/docs";
import { meRoutes } from "./routes/me";
import { MAX_UPLOAD_BYTES, mediaRoutes } from "./routes/media";
import { otpRoutes } from "./routes/otp";
import { myQuickReplyRoutes, quickReplyRoutes } from "./routes/quick-replies";
import { realtimeRoutes } from "./routes/realtime";
import { reportRoutes } from "./routes/reports";
import { roomRoutes } from "./routes/rooms";
import { sessionProbeRoutes, sessionRoutes } from "./routes/session";
import { settingsRoutes } from "./routes/settings";
import { sharedFileRoutes } from "./routes/shared-files";
import { teamRoutes } from "./routes/team";
import { templateRoutes } from "./routes/templates";
import { userRoutes } from "./routes/users";
import { webhookDeliveryRoutes, webhookEndpointRoutes } from "./routes/webhook-endpoints";
import { documentWebhooks, webhookRoutes } from "./routes/webhooks";

export const app = new OpenAPIHono<AppEnv>();

/** A request slower than this is logged even when it succeeded. */
const SLOW_REQUEST_MS = 1_000;

app.use("*", requestId());
app.use("*", (c, next) => withRequestId(c.get("requestId"), next));
app.use("*", async (c, next) => {
  const started = Date.now();
  c.set("db", createDb(c.env.DB));
  await next();
  const ms = Date.now() - started;
  // Cloudflare records every invocation; a line of ours is for what someone should look at.
  if (c.res.status < 400 && ms < SLOW_REQUEST_MS) return;
  const actor = c.get("actor");
  log(c.res.status >= 500 ? "error" : "info", "request", {
    requestId: c.get("requestId"),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms,
    organizationId: actor?.organizationId,
  });
});

// Every answer of the Worker: no MIME sniffing, never framed (issue 11, finding 6). Answers that set
// their own policy (media files: a sandbox) keep it. The web app's assets get theirs from web/public/_headers.
app.use("*", async (c, next) => {
  await next();
  if (c.res.status === 101) return; // a WebSocket upgrade: its headers are the Durable Object's
  const headers = new Headers(c.res.headers);
  headers.set("x-content-type-options", "nosniff");
  if (!headers.has("content-security-policy")) headers.set("content-security-policy", "frame-ancestors 'none'");
  c.res = new Response(c.res.body, { status: c.res.status, statusText: c.res.statusText, headers });
});

// Bodies are bounded before anything reads them (rule G1; worker/lib/body-limit.ts).
const webhookBodies = limitBody(WEBHOOK_BODY_LIMIT);
const uploadBodies = limitBody(MAX_UPLOAD_BYTES, "media_too_large");
const templateBodies = limitBody(TEMPLATE_BODY_LIMIT);
const apiBodies = limitBody(API_BODY_LIMIT);
const listBodies = limitBody(CONTACT_LIST_BODY_LIMIT, "list_too_large");
const apiBodiesFor = (path: string) =>
  path === "/api/media"
    ? uploadBodies
    : path.startsWith("/api/templates")
      ? templateBodies
      : path === "/api/contact-lists" || path === "/api/contacts/import"
        ? listBodies
        : apiBodies;
app.use("/webhooks/*", webhookBodies);
app.use("/api/*", (c, next) => apiBodiesFor(c.req.path)(c, next));

// Public: provider webhooks (signature-checked), sign-in, password recovery, the API description,
// and development-only helpers (404 outside development). The sandbox provider is mounted at
// `/sandbox` by the development entry (worker/dev/index.ts) only: production never bundles it.
app.route("/webhooks", webhookRoutes);
app.route("/files", sharedFileRoutes);
// Rule G2: the website widget (its origin check comes first; features/webchat/routes.ts).
app.route("/widget", widgetRoutes);
app.route("/api/auth", authRoutes);
app.route("/api/auth", sessionProbeRoutes);
app.route("/api/dev", devRoutes);
app.route("/api/docs", docsRoutes);
// The published contract (issue 18), built once per isolate from the routes mounted below.
let document: ReturnType<typeof apiDocument> | null = null;
app.get("/api/openapi.json", (c) => {
  document ??= apiDocument(app);
  return c.json(document);
});
documentWebhooks(app.openAPIRegistry);
app.openAPIRegistry.registerComponent("securitySchemes", "session", {
  type: "apiKey",
  in: "cookie",
  name: "sid",
  description: "The web app's session cookie (HttpOnly); writes must come from this origin (CSRF check)",
});
app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
  type: "http",
  scheme: "bearer",
  description: "An API key (`ek_…`) from Admin › API keys, acting with its role and scopes",
});

// Everything below is authenticated and scoped to the actor's organization.
app.use("/api/*", authenticate);
// Issue 18: an API key's scopes and rate limit, then Idempotency-Keys, before any route runs.
app.use("/api/*", apiKeyLimits);
app.use("/api/*", idempotentWrites);
app.route("/api/auth", sessionRoutes);
app.route("/api/me", meRoutes);
app.route("/api/me", profileRoutes);
app.route("/api/me/availability", myAvailabilityRoutes);
app.route("/api/users", userRoutes);
app.route("/api/api-keys", apiKeyRoutes);
app.route("/api/channels", channelRoutes);
app.route("/api/channels", callChannelRoutes);
app.route("/api/channels", channelCampaignRoutes);
app.route("/api/rooms", roomRoutes);
app.route("/api/rooms", callRoomRoutes);
app.route("/api/rooms", roomMarkRoutes);
app.route("/api/labels", labelRoutes);
app.route("/api/contacts", contactProfileRoutes);
app.route("/api/contacts", contactRoutes);
app.route("/api/templates", templateRoutes);
app.route("/api/contact-lists", contactListRoutes);
app.route("/api/otp", otpRoutes);
app.route("/api/media", mediaRoutes);
app.route("/api/settings/csat", csatSettingsRoutes);
app.route("/api/settings/assignment", assignmentSettingsRoutes);
app.route("/api/settings", settingsRoutes);
app.route("/api/reports", reportRoutes);
app.route("/api/reports", callReportRoutes);
app.route("/api/webhook-endpoints", webhookEndpointRoutes);
app.route("/api/webhook-deliveries", webhookDeliveryRoutes);
app.route("/api/team", teamRoutes);
app.route("/api/team/availability", teamLoadRoutes);
app.route("/api/quick-replies", quickReplyRoutes);
app.route("/api/me/quick-replies", myQuickReplyRoutes);
app.route("/api/billing", billingRoutes);
app.route("/api/campaigns", campaignRoutes);
app.route("/api/calls", callRoutes);
app.route("/api/ring-groups", ringGroupRoutes);
app.route("/api", realtimeRoutes);

app.notFound(() => {
  throw problems.notFound("route");
});

app.onError((err, c) => {
  const problem = toProblem(err);
  if (problem.status >= 500) {
    log("error", "unhandled", {
      requestId: c.get("requestId"),
      error: errorForLog(err),
    });
  }
  const response = problemResponse(problem);
  // Issue 18: a problem carries the request's id too, so a caller can quote it and we can find the log line.
  response.headers.set("X-Request-Id", c.get("requestId"));
  return response;
});

export type AppType = typeof app;
