// Shared by the resilience tests (test/worker/resilience-*.test.ts): webhooks with chosen ids and
// timestamps, D1 snapshots, a room's own event log, queue batches that fail half-way, and quieter logs.
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, onTestFinished } from "vitest";
import { signWhatsAppBody } from "../../worker/channels/whatsapp/signature";
import {
  buildInboundWebhook,
  buildStatusWebhook,
  type InboundMessageInput,
} from "../../worker/channels/whatsapp/webhook-builders";
import { autoAssignment } from "../../worker/features/assignment/listener";
import type { InboundJob } from "../../worker/rooms/ingest";
import type { RoomDO } from "../../worker/rooms/room-do";
import {
  SANDBOX_APP_SECRET,
  SANDBOX_DISPLAY_PHONE_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_WABA_ID,
} from "../../worker/sandbox/config";
import { call, json, ORIGIN, seed, signIn } from "./helpers";

export const DEMO_ACCOUNT = {
  phoneNumberId: SANDBOX_PHONE_NUMBER_ID,
  displayPhoneNumber: SANDBOX_DISPLAY_PHONE_NUMBER,
  wabaId: SANDBOX_WABA_ID,
};

/**
 * The Worker logs one JSON line per request; hundreds of requests per test drown the report. Drops
 * `"level":"info"` lines only (warnings and errors still show). Returns the function that restores.
 */
export function quietInfoLogs(): () => void {
  const original = console.log;
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith('{"level":"info"')) return;
    original(...args);
  };
  return () => {
    console.log = original;
  };
}

/** POSTs a raw body to the real webhook endpoint, signed with `secret` (null: unsigned). */
export async function postSigned(raw: string, secret: string | null = SANDBOX_APP_SECRET): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== null) headers["x-hub-signature-256"] = await signWhatsAppBody(raw, secret);
  return exports.default.fetch(new Request(`${ORIGIN}/webhooks/whatsapp`, { method: "POST", headers, body: raw }));
}

/** The content of an inbound message (any kind), without its id and timestamp. */
export type InboundContent = InboundMessageInput extends infer M
  ? M extends unknown
    ? Omit<M, "id" | "timestamp">
    : never
  : never;

/** A customer's text (or any content) as Meta's webhook body, with the id and unix-seconds timestamp given. */
export function inboundBody(m: {
  waId: string;
  id: string;
  at: number;
  text?: string;
  name?: string;
  content?: InboundContent;
  account?: typeof DEMO_ACCOUNT;
}): string {
  const message = { id: m.id, timestamp: m.at, ...(m.content ?? { type: "text", text: { body: m.text ?? "" } }) };
  return JSON.stringify(
    buildInboundWebhook({
      ...(m.account ?? DEMO_ACCOUNT),
      contact: { waId: m.waId, name: m.name ?? "Customer" },
      message: message as InboundMessageInput,
    }),
  );
}

export function statusBody(s: {
  id: string;
  status: "sent" | "delivered" | "read" | "failed";
  at: number;
  recipientId: string;
  errors?: { code: number; title: string; message?: string; error_data?: { details: string } }[];
}): string {
  return JSON.stringify(
    buildStatusWebhook({
      ...DEMO_ACCOUNT,
      status: {
        id: s.id,
        status: s.status,
        timestamp: s.at,
        recipientId: s.recipientId,
        ...(s.errors ? { errors: s.errors } : {}),
      },
    }),
  );
}

/** Delivers like Meta does: anything but a 200 is delivered again (a few times, then it fails the test). */
export async function deliverUntilAccepted(
  raw: string,
  { attempts = 5, secret = SANDBOX_APP_SECRET }: { attempts?: number; secret?: string } = {},
): Promise<Response> {
  let last: Response | null = null;
  for (let i = 0; i < attempts; i++) {
    last = await postSigned(raw, secret);
    if (last.status === 200) return last;
    await last.body?.cancel();
    await new Promise((r) => setTimeout(r, 20 * (i + 1)));
  }
  throw new Error(`webhook never accepted: last answer ${last?.status}`);
}

/** Polls `probe` until it returns true or `ms` pass; returns the last probe result. */
export async function eventually(probe: () => Promise<boolean>, ms = 10_000, every = 50): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, every));
  }
}

/**
 * Every application table of D1 (not SQLite's, D1's or the migrations' own, nor the search's FTS5
 * table and its shadow tables: derived from `search_documents`, which is one of these).
 */
export async function d1Tables(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' AND name NOT LIKE 'search_fts%' ORDER BY name",
  ).all<{ name: string }>();
  return results.map((r) => r.name);
}

/** Row count of every application table. */
export async function d1Counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await d1Tables()) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM "${table}"`).first<{ n: number }>();
    out[table] = row?.n ?? 0;
  }
  return out;
}

/** Every row of every application table, in rowid order: a full picture of D1 to compare. */
export async function d1Dump(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of await d1Tables()) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all();
    out[table] = results;
  }
  return out;
}

/** A room's own storage, read inside its Durable Object: its event log and message rows. */
export async function roomStorage(roomId: string) {
  const stub = env.ROOM.getByName(roomId) as unknown as DurableObjectStub<RoomDO>;
  return runInDurableObject(stub, (_instance: RoomDO, state: DurableObjectState) => ({
    room: state.storage.sql.exec("SELECT data FROM room").toArray(),
    events: state.storage.sql.exec("SELECT seq, type, message_id, at FROM events ORDER BY seq").toArray(),
    messages: state.storage.sql.exec("SELECT * FROM messages ORDER BY seq").toArray(),
  }));
}

/** The OpenAPI document the Worker publishes. */
export async function openApiDocument(): Promise<OpenApiDocument> {
  const res = await call("/api/openapi.json");
  if (res.status !== 200) throw new Error(`openapi.json answered ${res.status}`);
  return json<OpenApiDocument>(res);
}

export interface OpenApiOperation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: "path" | "query" | "header" | "cookie"; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  enum?: unknown[];
  items?: JsonSchema;
  nullable?: boolean;
}

export interface Route {
  method: string;
  path: string;
  operation: OpenApiOperation;
}

/** Every operation of the document, as method + path template. */
export function routesOf(doc: OpenApiDocument): Route[] {
  const out: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (["get", "post", "put", "patch", "delete"].includes(method)) {
        out.push({ method: method.toUpperCase(), path, operation });
      }
    }
  }
  return out;
}

/** `/api/rooms/{id}` with the given values for its path parameters (others left as a placeholder). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? `missing-${name}`));
}

/** A queued inbound message, as the webhook route enqueues it when a room cannot be reached. */
export function messageJob(m: { waId: string; id: string; at: number; text: string }): InboundJob {
  return {
    kind: "message",
    channelId: "ch_demo_whatsapp",
    message: {
      providerMessageId: m.id,
      channelKey: SANDBOX_PHONE_NUMBER_ID,
      contact: { externalId: m.waId, name: "Queued" },
      sentAt: m.at * 1000,
      kind: "text",
      text: m.text,
      media: null,
      location: null,
      contacts: null,
      replyToProviderId: null,
      reactionToProviderId: null,
    },
  };
}

export interface Delivery {
  id: string;
  body: unknown;
  attempts: number;
}

/**
 * A queue batch whose consumer invocation dies half-way: reading message `dieAt` throws (the isolate
 * is gone), and the ack of message `ackLostAt` fails after its work was done (so the runtime will
 * deliver it again). Records what was acked and retried, as the Queues runtime would.
 */
export function batchThatDies(queue: string, deliveries: Delivery[], opts: { dieAt: number; ackLostAt?: number }) {
  const acked = new Set<string>();
  const retried = new Set<string>();
  const messages = deliveries.map((d, i) => ({
    id: d.id,
    timestamp: new Date(),
    attempts: d.attempts,
    body: d.body,
    ack() {
      if (i === opts.ackLostAt) throw new Error("connection lost while acking");
      acked.add(d.id);
    },
    retry() {
      retried.add(d.id);
    },
  }));
  const list = new Proxy(messages, {
    get(target, key, receiver) {
      if (key === String(opts.dieAt)) throw new Error("consumer killed half-way through the batch");
      return Reflect.get(target, key, receiver);
    },
  });
  const batch = {
    queue,
    messages: list,
    ackAll() {
      for (const m of messages) m.ack();
    },
    retryAll() {
      for (const m of messages) m.retry();
    },
  };
  return { batch: batch as unknown as MessageBatch<unknown>, acked, retried };
}

/**
 * The seeded demo tenant for a whole test file, with its agent's and supervisor's sessions and quieter
 * logs: registers the file's beforeAll and afterAll. Read `demo.agent` inside tests, not at load.
 */
export function useDemoTenant(): { agent: string; supervisor: string } {
  const demo = { agent: "", supervisor: "" };
  let restoreLogs = () => {};
  beforeAll(async () => {
    restoreLogs = quietInfoLogs();
    await seed();
    [demo.agent, demo.supervisor] = await Promise.all([signIn("agent@demo.test"), signIn("supervisor@demo.test")]);
  });
  afterAll(() => restoreLogs());
  return demo;
}

/**
 * For a test that drives the InboxDO's assignment itself: the events queue's auto-assignment
 * listener is kept out until the test ends, so a late batch (room.created, room.resolved) cannot
 * assign rooms first on a slow machine. It runs in this isolate, so replacing it here is enough.
 */
export function autoAssignmentListenerOff(): void {
  const applyAll = autoAssignment.applyAll;
  autoAssignment.applyAll = async () => {};
  onTestFinished(() => {
    autoAssignment.applyAll = applyAll;
  });
}
