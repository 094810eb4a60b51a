import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Permission } from "../domain/access";
import { type ApiScope, READ_ONLY_POSTS, scopeOfMethod, scopeOfPermission } from "../domain/api-clients";
import type { AppEnv } from "../lib/router";
import { exampleOf, REQUEST_EXAMPLES } from "./examples";
import { OPERATION_IDS } from "./operation-ids";
import { describeProblemCodes } from "./problem-responses";
import { documentTenantWebhooks } from "./tenant-webhooks";

/**
 * Issue 18: the published contract. The routes describe themselves (zod schemas, `createRoute`); this
 * adds what a standard linter and a client generator need and what is the same for every operation:
 * stable operation ids, security (public operations say so), the rate-limit and idempotency headers,
 * the problem answers, tag descriptions, servers, examples, and the tenant webhooks (G5).
 */
type Doc = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;
type Operation = Record<string, unknown> & {
  operationId?: string;
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown; example?: unknown }> };
  responses: Record<string, unknown>;
  description?: string;
};

const METHODS = ["get", "put", "post", "patch", "delete"] as const;

/** Operations anyone may call: sign-in and recovery, the session probe, provider webhooks, development helpers. */
const PUBLIC = new Set([
  "POST /api/auth/login",
  "POST /api/auth/password/forgot",
  "POST /api/auth/password/reset",
  "POST /api/auth/invitation",
  "POST /api/auth/invitation/accept",
  "POST /api/auth/email/confirm",
  "GET /api/auth/session",
  "GET /api/dev/outbox",
  "POST /api/dev/seed",
  "GET /webhooks/whatsapp",
  "POST /webhooks/whatsapp",
  "GET /webhooks/{kind}/{key}",
  "POST /webhooks/{kind}/{key}",
]);

const TAGS: Record<string, string> = {
  auth: "Sign-in, sessions, password recovery and invitations (A1, A4).",
  me: "The signed-in user: profile, password, invitations, personal quick replies.",
  users: "The organization's people and their roles (A3, I7).",
  "api-keys": "Keys for integrations: a role and scopes (read, write, admin), a rate limit (T9).",
  channels: "Connected numbers and accounts (G1-G4) and their per-channel settings.",
  rooms: "The inbox: conversations, messages, notes, assignment, labels, snooze and resolution (I1-I11).",
  labels: "The organization's labels, put on rooms to find and sort work (I11).",
  contacts: "Customers, blocking (I6) and starting a conversation with a template.",
  templates: "Message templates and their review by the provider (T1-T4).",
  "contact-lists": "Uploaded CSV/XLSX lists for broadcasts (T5).",
  campaigns: "Template broadcasts: estimate, send, progress, per-recipient reports (T6-T9).",
  media: "File uploads for messages and templates (I10).",
  settings: "Organization settings: office hours, CSAT, security (I9, R3).",
  reports: "Conversations, agents, CSAT and call activity, as JSON and CSV (R1-R3, C10).",
  webhooks: "Provider webhooks (G1, G6): signed by the provider over the raw body.",
  "webhook-endpoints": "Tenant webhooks (G5): endpoints, signing secrets, the delivery log and replays.",
  billing: "Balances, usage and the ledger (B1-B8); top-ups.",
  team: "Who is in the team and whether they are online.",
  "quick-replies": "Saved replies with placeholders (I8).",
  otp: "One-time codes for sensitive settings.",
  realtime: "WebSockets: the inbox feed and each room's events (I5).",
  calls: "WhatsApp calls, call permissions and ring groups (C1-C11).",
  "ring-groups": "Who is rung for a number's calls, in which order (C5).",
  development: "Development-only helpers (404 in production).",
};

const rateLimitHeaders = {
  "RateLimit-Limit": { description: "Requests this API key may make per minute", schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests left in the current minute", schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the count starts again", schema: { type: "integer" } },
};

/** Builds the document once per isolate (the routes do not change while it runs). */
export function apiDocument(app: OpenAPIHono<AppEnv>): Doc {
  const doc = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Edge Inbox API",
      version: "0.2.0",
      description:
        "Every error is `application/problem+json` with a stable `code`. API keys send `Authorization: Bearer ek_…`; " +
        "every write accepts an `Idempotency-Key`; every answer carries `X-Request-Id`.",
      license: { name: "MIT", url: "https://opensource.org/license/mit" },
    },
    servers: [{ url: "http://127.0.0.1:8787", description: "A local `npm start`; use your deployment's origin" }],
  });
  addComponents(doc);
  const used = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (operation) finishOperation(`${method.toUpperCase()} ${path}`, operation, used, doc);
    }
  }
  doc.tags = [...used].sort().map((name) => ({ name, description: TAGS[name] ?? name }));
  documentTenantWebhooks(doc);
  return doc;
}

function addComponents(doc: Doc) {
  doc.components ??= {};
  doc.components.parameters = {
    ...doc.components.parameters,
    IdempotencyKey: {
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Any unique string (a UUID): a retried request with the same key and body gets the first answer again " +
        "(`Idempotent-Replayed: true`); the same key with another body is 409 `idempotency_key_reused`. Kept 24 h.",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    },
  };
}

/** The API-key scopes an operation needs (issue 18): the method's, and `admin` for organization settings. */
function scopesOf(method: string, key: string, operation: Operation): ApiScope[] {
  const permissions = String(operation["x-permission"] ?? "")
    .split(" ")
    .filter(Boolean) as Permission[];
  const readOnly = method === "POST" && READ_ONLY_POSTS.includes(key.slice("POST ".length));
  const scopes = new Set<ApiScope>([scopeOfMethod(method, readOnly)]);
  if (permissions.length > 0 && permissions.every((p) => scopeOfPermission(p) === "admin")) scopes.add("admin");
  return [...scopes];
}

function finishOperation(key: string, operation: Operation, used: Set<string>, doc: Doc) {
  const operationId = OPERATION_IDS[key];
  if (operationId) operation.operationId = operationId;
  for (const tag of (operation.tags as string[] | undefined) ?? []) used.add(tag);
  if (PUBLIC.has(key)) operation.security = [];
  const method = key.split(" ")[0];
  const isWrite = method !== "GET";
  const isSocket = Object.hasOwn(operation.responses, "101");
  const idempotentWrite = !PUBLIC.has(key) && isWrite && !isSocket;
  // A WebSocket upgrade has no 2xx, nor has an operation that is always refused (editing a submitted
  // template, T3): any other answer is a problem, which OpenAPI says with `default`.
  if (!Object.keys(operation.responses).some((status) => status.startsWith("2"))) {
    operation.responses.default = {
      description: isSocket ? "Not upgraded: a problem" : "Always refused: a problem",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  if (!PUBLIC.has(key)) {
    operation.responses["429"] = {
      description:
        "`rate_limited`: this API key made more requests than its limit this minute; retry after `Retry-After` seconds",
      headers: { "Retry-After": { schema: { type: "integer" } }, ...rateLimitHeaders },
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
    operation["x-scopes"] = scopesOf(method ?? "GET", key, operation);
    const ownKey = (operation.parameters ?? []).some(
      (p) => (p as { name?: string }).name?.toLowerCase() === "idempotency-key",
    );
    if (isWrite && !isSocket && !ownKey) {
      operation.parameters = [...(operation.parameters ?? []), { $ref: "#/components/parameters/IdempotencyKey" }];
      operation.responses["409"] ??= {
        description: "`idempotency_key_reused` or `idempotency_key_in_use` (see Idempotency-Key)",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
    }
  }
  // Each domain code the operation can answer, with its meaning and an example (problem-codes.ts).
  describeProblemCodes(operation, operationId, { idempotentWrite, limited: !PUBLIC.has(key) });
  const json = operation.requestBody?.content?.["application/json"];
  if (json && json.example === undefined && operationId) {
    const example = REQUEST_EXAMPLES[operationId] ?? exampleOf(json.schema, doc.components?.schemas);
    if (example !== undefined) json.example = example;
  }
}
