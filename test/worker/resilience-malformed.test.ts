// Resilience (G1, G6): 1,000 random malformed bodies (fast-check) at the WhatsApp webhook, and 1,000
// more spread over every write route that reads a body (taken from /api/openapi.json, so a new one is
// attacked too). Each must be answered 4xx application/problem+json, never 500, and nothing may be
// stored or changed: every row of every D1 table stays as it was, R2 holds the same objects, and the
// room the webhooks aim at keeps its log.
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWhatsAppBody } from "../../worker/channels/whatsapp/signature";
import { roomStub } from "../../worker/rooms/room-do";
import { SANDBOX_APP_SECRET } from "../../worker/sandbox/config";
import { call, json, ORIGIN, seed, signIn } from "./helpers";
import {
  DEMO_ACCOUNT,
  d1Dump,
  deliverUntilAccepted,
  fillPath,
  inboundBody,
  type JsonSchema,
  type OpenApiDocument,
  openApiDocument,
  quietInfoLogs,
  type Route,
  routesOf,
  statusBody,
} from "./resilience-helpers";
import type { MessageJson, RoomJson } from "./rooms-helpers";

const WEBHOOK_RUNS = 1_000;
const ROUTE_RUNS = 1_000;

let doc: OpenApiDocument;
let admin: string;
const ids: Record<string, string> = {};
let restoreLogs: () => void;

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  await seed();
  admin = await signIn("admin@demo.test");
  doc = await openApiDocument();
  const at = Math.floor(Date.now() / 1000) - 60;
  await deliverUntilAccepted(inboundBody({ waId: "6285100000001", id: "wamid.MALFORMED-0", at, text: "hi" }));
  const room = (await json<{ rooms: RoomJson[] }>(await call("/api/rooms?view=all", { cookie: admin }))).rooms[0]!;
  const qr = await call("/api/quick-replies", { cookie: admin, body: { title: "malformed", text: "x" } });
  Object.assign(ids, {
    users: "usr_demo_agent2",
    channels: "ch_demo_whatsapp",
    rooms: room.id,
    contacts: room.contactId,
    "quick-replies": ((await json(qr)) as { id: string }).id,
    templates: "tpl_demo_order_update",
    "api-keys": "no-such-key",
    messages: "no-such-message",
  });
});
afterAll(() => restoreLogs());

// ---- what the document says a body should be -------------------------------------------------

function resolve(schema: JsonSchema | undefined): JsonSchema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) s = doc.components?.schemas?.[s.$ref.split("/").pop() ?? ""] ?? {};
  return s;
}

/** Every property any variant of the body may have, with the JSON types it accepts there. */
function propertiesOf(schema: JsonSchema | undefined): Map<string, { types: Set<string>; schemas: JsonSchema[] }> {
  const out = new Map<string, { types: Set<string>; schemas: JsonSchema[] }>();
  const visit = (raw: JsonSchema | undefined) => {
    const s = resolve(raw);
    for (const variant of [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])]) visit(variant);
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const p = resolve(prop);
      const entry = out.get(name) ?? { types: new Set<string>(), schemas: [] };
      entry.schemas.push(p);
      const types = [
        p.type ?? [],
        ...[...(p.oneOf ?? []), ...(p.anyOf ?? [])].map((v) => resolve(v).type ?? []),
      ].flat();
      if (types.length === 0) entry.types.add("any");
      for (const t of types) entry.types.add(t === "integer" ? "number" : t);
      if (p.nullable) entry.types.add("null");
      out.set(name, entry);
    }
  };
  visit(schema);
  return out;
}

const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

// ---- arbitraries -------------------------------------------------------------------------------

const notJson = fc
  .oneof(
    fc.string(),
    fc.constantFrom("", "{", "}", "[", "{]", '{"a":', "nul", "tru", "'single'", "{a:1}", "[1,]", "\u0000", "{}x"),
    fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1)) + (j.endsWith("}") ? "," : "}")),
  )
  .filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  });

/** Valid JSON, but not an object: every body of this API is an object. */
const notAnObject = fc
  .oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  )
  .map((v) => JSON.stringify(v));

/** Deep nesting: a parser or validator that recurses must not fall over. */
const deeplyNested = fc
  .tuple(fc.integer({ min: 50, max: 3_000 }), fc.constantFrom("[", '{"a":'))
  .map(([depth, open]) => `${open.repeat(depth)}1${(open === "[" ? "]" : "}").repeat(depth)}`);

const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** An object where one known property has a value of a JSON type it never accepts, or a string too long/short. */
function brokenObject(schema: JsonSchema | undefined): fc.Arbitrary<string> | null {
  const props = [...propertiesOf(schema).entries()].filter(([, p]) => !p.types.has("any"));
  if (props.length === 0) return null;
  const wrongValue = ([, p]: (typeof props)[number]) => {
    const options: fc.Arbitrary<unknown>[] = [anyValue.filter((v) => !p.types.has(jsonType(v)))];
    const max = Math.min(...p.schemas.map((s) => s.maxLength ?? Number.POSITIVE_INFINITY));
    if (p.types.size === 1 && p.types.has("string") && Number.isFinite(max)) {
      options.push(fc.integer({ min: 1, max: 50 }).map((extra) => "x".repeat(max + extra)));
    }
    const min = Math.min(...p.schemas.map((s) => s.minLength ?? 0));
    if (p.types.size === 1 && p.types.has("string") && min > 0) options.push(fc.constant(""));
    return fc.oneof(...options);
  };
  return fc
    .tuple(
      fc.constantFrom(...props).chain((prop) => wrongValue(prop).map((value) => [prop[0], value] as const)),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    )
    .map(([[name, value], extra]) => JSON.stringify({ ...extra, [name]: value }));
}

// ---- answers -----------------------------------------------------------------------------------

async function expectClientProblem(res: Response, what: string) {
  const text = await res.text();
  const detail = `${what} -> ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, detail).toBeGreaterThanOrEqual(400);
  expect(res.status, detail).toBeLessThan(500);
  expect(res.headers.get("content-type"), detail).toBe("application/problem+json");
  const problem = JSON.parse(text) as { status: number; code: string };
  expect(problem.status, detail).toBe(res.status);
  expect(typeof problem.code, detail).toBe("string");
}

async function storedState() {
  const media = await env.MEDIA.list();
  return {
    d1: await d1Dump(),
    media: media.objects.map((o) => `${o.key} ${o.size}`),
    log: (await roomStub(env, ids.rooms!).listMessages({ limit: 200 })).length,
  };
}

// ---- the webhook ---------------------------------------------------------------------------------

type Mutation = (body: Record<string, unknown>) => void;
const message = (b: Record<string, unknown>) =>
  ((b.entry as Record<string, unknown>[])[0]!.changes as Record<string, unknown>[])[0]!.value as Record<
    string,
    unknown
  >;

/**
 * Ways to break a real inbound webhook's envelope so that Meta's schema rejects it (each signed
 * correctly). A broken message or status inside a sound envelope is no longer a refusal of the whole
 * body (G6, issue 12): each item is read on its own, see test/worker/whatsapp-batch.test.ts.
 */
const MUTATIONS: Record<string, (v: unknown) => Mutation> = {
  object: (v) => (b) => {
    b.object = v;
  },
  entryNotArray: (v) => (b) => {
    b.entry = typeof v === "object" && v !== null && !Array.isArray(v) ? v : { 0: v };
  },
  entryId: (v) => (b) => {
    (b.entry as Record<string, unknown>[])[0]!.id = v;
  },
  changesNotArray: (v) => (b) => {
    (b.entry as Record<string, unknown>[])[0]!.changes = { value: v };
  },
  messagesNotArray: (v) => (b) => {
    message(b).messages = typeof v === "object" && v !== null && !Array.isArray(v) ? v : { 0: v };
  },
  contactsNotArray: (v) => (b) => {
    message(b).contacts = typeof v === "object" && v !== null && !Array.isArray(v) ? v : { 0: v };
  },
  metadataMissing: () => (b) => {
    delete message(b).metadata;
    // Still addressed to the channel through a sibling change, so the body reaches the schema check.
    (b.entry as Record<string, unknown>[])[0]!.changes = [
      ...((b.entry as Record<string, unknown>[])[0]!.changes as unknown[]),
      { field: "messages", value: { metadata: { phone_number_id: DEMO_ACCOUNT.phoneNumberId }, messages: "x" } },
    ];
  },
};

/** Values the schema never accepts at the place each mutation puts them. */
const WRONG: Record<string, fc.Arbitrary<unknown>> = {
  object: fc.oneof(
    fc.string().filter((s) => s !== "whatsapp_business_account"),
    fc.integer(),
    fc.constant(null),
  ),
  entryNotArray: anyValue.filter((v) => !Array.isArray(v)),
  entryId: anyValue.filter((v) => typeof v !== "string"),
  changesNotArray: anyValue,
  messagesNotArray: anyValue.filter((v) => !Array.isArray(v) && v !== null),
  contactsNotArray: anyValue.filter((v) => !Array.isArray(v) && v !== null),
  metadataMissing: fc.constant(null),
};

const validWebhook = fc
  .record({ n: fc.nat(), text: fc.string({ maxLength: 50 }), status: fc.boolean() })
  .map(({ n, text, status }) =>
    status
      ? JSON.parse(statusBody({ id: `wamid.MAL${n}`, status: "read", at: 1_700_000_000, recipientId: "6285100000002" }))
      : JSON.parse(
          inboundBody({ waId: `62851${String(n).padStart(8, "0")}`, id: `wamid.MAL${n}`, at: 1_700_000_000, text }),
        ),
  );

const brokenWebhook = fc
  .tuple(validWebhook, fc.constantFrom(...Object.keys(MUTATIONS)))
  .filter(([body, name]) => !/^message/.test(name) || Array.isArray(message(body).messages))
  .chain(([body, name]) =>
    WRONG[name]!.map((v) => {
      const copy = structuredClone(body) as Record<string, unknown>;
      MUTATIONS[name]!(v)(copy);
      return { raw: JSON.stringify(copy), how: name };
    }),
  );

type Signing = "good" | "none" | "wrong" | "garbage";
const webhookCase = fc.oneof(
  { weight: 5, arbitrary: brokenWebhook.map((b) => ({ ...b, signing: "good" as Signing })) },
  { weight: 2, arbitrary: notJson.map((raw) => ({ raw, how: "not JSON", signing: "good" as Signing })) },
  { weight: 1, arbitrary: notAnObject.map((raw) => ({ raw, how: "not an object", signing: "good" as Signing })) },
  { weight: 1, arbitrary: deeplyNested.map((raw) => ({ raw, how: "deeply nested", signing: "good" as Signing })) },
  {
    weight: 1,
    arbitrary: fc
      .jsonValue({ maxDepth: 3 })
      .filter((v) => typeof v === "object" && v !== null && !Array.isArray(v))
      .map((v) => ({ raw: JSON.stringify(v), how: "some object", signing: "good" as Signing })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(validWebhook, fc.constantFrom<Signing>("none", "wrong", "garbage")).map(([body, signing]) => ({
      raw: JSON.stringify(body),
      how: `valid body, signature ${signing}`,
      signing,
    })),
  },
  {
    weight: 1,
    arbitrary: validWebhook.map((body) => {
      const copy = structuredClone(body) as Record<string, unknown>;
      (message(copy).metadata as Record<string, unknown>).phone_number_id = "999999999999999";
      return { raw: JSON.stringify(copy), how: "unknown phone_number_id", signing: "good" as Signing };
    }),
  },
);

async function postWebhook(raw: string, signing: Signing): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signing === "good") headers["x-hub-signature-256"] = await signWhatsAppBody(raw, SANDBOX_APP_SECRET);
  if (signing === "wrong") headers["x-hub-signature-256"] = await signWhatsAppBody(raw, "not-the-app-secret");
  if (signing === "garbage") headers["x-hub-signature-256"] = "sha256=zz";
  return exports.default.fetch(new Request(`${ORIGIN}/webhooks/whatsapp`, { method: "POST", headers, body: raw }));
}

// ---- the tests ---------------------------------------------------------------------------------

/** The routes that read a body: a JSON request body in the document, and the multipart upload. */
function writeRoutes(): Route[] {
  return routesOf(doc).filter((r) => r.operation.requestBody || (r.method === "POST" && r.path === "/api/media"));
}

let spent = 0;

describe("malformed bodies (fast-check)", () => {
  it("the webhook answers each with a 4xx problem and stores nothing", { timeout: 180_000 }, async () => {
    const before = await storedState();
    await fc.assert(
      fc.asyncProperty(webhookCase, async ({ raw, how, signing }) => {
        spent++;
        await expectClientProblem(await postWebhook(raw, signing), `webhook, ${how}: ${raw.slice(0, 200)}`);
      }),
      { numRuns: WEBHOOK_RUNS },
    );
    expect(await storedState()).toEqual(before);
  });

  it("every write route answers each with a 4xx problem and stores nothing", { timeout: 180_000 }, async () => {
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const budget = ROUTE_RUNS;
    const before = await storedState();
    for (const [i, route] of routes.entries()) {
      // Spread the budget evenly; the first routes take the remainder.
      const runs = Math.floor(budget / routes.length) + (i < budget % routes.length ? 1 : 0);
      const schema = route.operation.requestBody?.content?.["application/json"]?.schema;
      const broken = brokenObject(schema);
      const bodies = fc.oneof(
        { weight: 2, arbitrary: notJson.map((raw) => ({ raw, type: "application/json" })) },
        { weight: 2, arbitrary: notAnObject.map((raw) => ({ raw, type: "application/json" })) },
        { weight: 1, arbitrary: deeplyNested.map((raw) => ({ raw, type: "application/json" })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(notJson, fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"))
            .map(([raw, type]) => ({ raw, type })),
        },
        ...(broken ? [{ weight: 4, arbitrary: broken.map((raw) => ({ raw, type: "application/json" })) }] : []),
      );
      const segments = route.path.split("/");
      const values: Record<string, string> = {};
      for (const [k, segment] of segments.entries()) {
        const param = /^\{(\w+)\}$/.exec(segment)?.[1];
        if (param) values[param] = ids[segments[k - 1] ?? ""] ?? `missing-${param}`;
      }
      const path = fillPath(route.path, values);
      const isPublic = !route.operation.security?.length;
      await fc.assert(
        fc.asyncProperty(bodies, async ({ raw, type }) => {
          spent++;
          const res = await call(path, {
            method: route.method,
            rawBody: raw,
            headers: { "content-type": type },
            ...(isPublic ? {} : { cookie: admin }),
          });
          await expectClientProblem(res, `${route.method} ${route.path} (${type}): ${raw.slice(0, 200)}`);
        }),
        { numRuns: runs },
      );
    }
    expect(await storedState()).toEqual(before);
    expect(spent).toBe(WEBHOOK_RUNS + ROUTE_RUNS);
  });

  it("a webhook naming more numbers than D1 binds in one statement is refused like any other unsigned one", async () => {
    const before = await storedState();
    const numbers = Array.from({ length: 150 }, (_, i) => String(200000000000000 + i));
    for (const [first, signing] of [
      [numbers[0], "garbage"],
      ["100000000000001", "wrong"],
    ] as [string, Signing][]) {
      const changes = [first, ...numbers].map((id) => ({
        field: "messages",
        value: { messaging_product: "whatsapp", metadata: { display_phone_number: "1", phone_number_id: id } },
      }));
      const raw = JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "1", changes }] });
      await expectClientProblem(await postWebhook(raw, signing), `151 numbers, first ${first}, ${signing} signature`);
    }
    expect(await storedState()).toEqual(before);
  });

  it("still works afterwards", async () => {
    // The attack left the Worker able to take real messages.
    const at = Math.floor(Date.now() / 1000);
    await deliverUntilAccepted(inboundBody({ waId: "6285100000001", id: "wamid.MALFORMED-after", at, text: "ok" }));
    const messages = await json<{ messages: MessageJson[] }>(
      await call(`/api/rooms/${ids.rooms}/messages`, { cookie: admin }),
    );
    expect(messages.messages.map((m) => m.text)).toEqual(["hi", "ok"]);
  });
});
