/// <reference types="vite/client" />
// Issue 18: every problem `code` an operation can answer is in the published contract, and every code
// the contract lists is one the worker really answers. The worker's source is read as text (Vite's
// raw imports, bundled into the test) and its codes found where problems are made: the problems.*
// helpers, `new Problem(status, "code")`, the domain's refuse(status, "code"), and refusal objects
// (`{ code: "…", detail }`) that routes turn into problems.
import { describe, expect, it } from "vitest";
import { adapterNamed } from "../../worker/channels/registry";
import { CHANNEL_KINDS } from "../../worker/domain/types";
import { OPERATION_IDS } from "../../worker/openapi/operation-ids";
import {
  GENERIC_PROBLEM_CODES,
  PROBLEM_MEANINGS,
  UNANSWERED_PROBLEM_CODES,
} from "../../worker/openapi/problem-code-meanings";
import { misaddressedWebhookCodes, operationProblemCodes } from "../../worker/openapi/problem-codes";
import { call, json } from "./helpers";

const raw = import.meta.glob(["../../worker/**/*.ts", "!../../worker/sandbox/**", "!../../worker/**/*.d.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

const CALL =
  /(?:\bproblems\.(?:conflict|unprocessable|tooManyRequests)|\bunprocessable|\bnew Problem)\(\s*(?:\d{3}\s*,\s*)?"([a-z0-9_]+)"/g;
const REFUSE = /\brefuse\(\s*\d{3}\s*,\s*"([a-z0-9_]+)"/g;
const LIMIT = /\blimitBody\([^,()]+,\s*"([a-z0-9_]+)"|\bfunction limitBody\([^)]*\bcode = "([a-z0-9_]+)"/g;
const OBJECT_CODE = /\bcode: (?:"([a-z0-9_]+)"|`([a-z0-9_${}.]+)`)/g;

/** The object literal around `at` (braces counted; a template's `${…}` is balanced, so it counts right). */
function enclosingObject(source: string, at: number): string {
  let start = at;
  for (let depth = 0; start > 0; start--) {
    const ch = source[start - 1];
    if (ch === "}") depth++;
    if (ch === "{" && depth-- === 0) break;
  }
  let end = at;
  for (let depth = 0; end < source.length; end++) {
    const ch = source[end];
    if (ch === "{") depth++;
    if (ch === "}" && depth-- === 0) break;
  }
  return source.slice(start, end);
}

/** The codes a source file can answer: literal ones, and patterns for codes built from a template. */
function codesIn(source: string): { literal: Set<string>; patterns: RegExp[] } {
  const literal = new Set<string>();
  const patterns: RegExp[] = [];
  for (const re of [CALL, REFUSE, LIMIT]) {
    for (const m of source.matchAll(re)) literal.add((m[1] ?? m[2]) as string);
  }
  for (const m of source.matchAll(OBJECT_CODE)) {
    const object = enclosingObject(source, m.index);
    // A refusal carries a detail; a field error (`message`) or a provider's error (`title`) is not a problem code.
    if (!/\bdetail\b/.test(object) || /\b(?:title|message):/.test(object)) continue;
    if (m[1]) literal.add(m[1]);
    else patterns.push(new RegExp(`^${(m[2] as string).replace(/\$\{[^}]*\}/g, "[a-z0-9_]+")}$`));
  }
  return { literal, patterns };
}

function workerCodes() {
  const literal = new Map<string, string>();
  const patterns: { pattern: RegExp; file: string }[] = [];
  for (const [path, source] of Object.entries(raw)) {
    const file = path.replace("../../", "");
    const found = codesIn(source);
    for (const code of found.literal) if (!literal.has(code)) literal.set(code, file);
    for (const pattern of found.patterns) patterns.push({ pattern, file });
  }
  return { literal, patterns };
}

const documented = operationProblemCodes();
const documentedCodes = new Set(
  Object.values(documented).flatMap((byStatus) => Object.values(byStatus).flatMap((codes) => codes.map((c) => c.code))),
);

describe("problem codes in the contract (issue 18)", () => {
  const { literal, patterns } = workerCodes();

  it("reads the worker's source, and not the sandbox's", () => {
    expect(Object.keys(raw).length).toBeGreaterThan(100);
    expect(Object.keys(raw).some((p) => p.includes("/sandbox/"))).toBe(false);
    expect(literal.get("label_exists")).toBe("worker/features/labels/service.ts");
    expect(literal.get("window_expired")).toBe("worker/domain/room.ts");
  });

  it("finds a code however the worker makes its problem", () => {
    const source = [
      'throw problems.conflict("a_conflict", "x");',
      'throw problems.unprocessable(\n  "a_rule",\n  "x");',
      'throw problems.tooManyRequests("a_limit", "x", 3);',
      'throw new Problem(\n  402,\n  "a_payment",\n  "x");',
      'return refuse(409, "a_refusal", "x");',
      'await this.refuse(r, "not_a_problem");',
      'const local = unprocessable("a_campaign_rule", "x");',
      'const upload = limitBody(MAX_UPLOAD_BYTES, "a_limit_body");',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, on purpose
      'return { ok: false, code: "a_refusal_object", detail: `at ${n} MB` };',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, on purpose
      "keyTaken: { code: `${kind}_taken`, detail: `taken` },",
      'errors.push({ path: "x", code: "a_field_error", message: "x" });',
      'return { ok: false, error: { code: "a_provider_error", title: "x", detail: null } };',
    ].join("\n");
    const found = codesIn(source);
    expect([...found.literal].sort()).toEqual(
      [
        "a_campaign_rule",
        "a_conflict",
        "a_limit",
        "a_limit_body",
        "a_payment",
        "a_refusal",
        "a_refusal_object",
        "a_rule",
      ].sort(),
    );
    expect(found.patterns.map(String)).toEqual([String(/^[a-z0-9_]+_taken$/)]);
  });

  it("names only operations that exist", () => {
    const ids = new Set(Object.values(OPERATION_IDS));
    expect(Object.keys(documented).filter((id) => !ids.has(id))).toEqual([]);
  });

  it("lists only codes the worker really answers", () => {
    const made = (code: string) => literal.has(code) || patterns.some(({ pattern }) => pattern.test(code));
    const unreal = Object.entries(documented).flatMap(([id, byStatus]) =>
      Object.entries(byStatus).flatMap(([status, codes]) =>
        codes.filter((c) => !made(c.code)).map((c) => `${id} ${status} ${c.code}`),
      ),
    );
    expect(unreal).toEqual([]);
    const stale = [...Object.keys(PROBLEM_MEANINGS), ...GENERIC_PROBLEM_CODES, ...Object.keys(UNANSWERED_PROBLEM_CODES)]
      .filter((code) => !made(code))
      .sort();
    expect(stale, "codes described that nothing makes any more").toEqual([]);
    const unused = Object.keys(PROBLEM_MEANINGS).filter((code) => !documentedCodes.has(code));
    expect(unused, "meanings no operation lists").toEqual([]);
  });

  it("documents every code the worker can answer, for at least one operation", () => {
    const known = new Set<string>([
      ...documentedCodes,
      ...GENERIC_PROBLEM_CODES,
      ...Object.keys(UNANSWERED_PROBLEM_CODES),
      ...misaddressedWebhookCodes(),
    ]);
    const undocumented = [...literal].filter(([code]) => !known.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(undocumented, "add each to worker/openapi/problem-codes.ts").toEqual([]);
    const unmatched = patterns
      .filter(({ pattern }) => ![...known].some((code) => pattern.test(code)))
      .map(({ pattern, file }) => `${pattern} (${file})`);
    expect(unmatched).toEqual([]);
  });

  it("derives each channel kind's own codes from its adapter", () => {
    const taken = documented.connectChannel?.[409]?.map((c) => c.code) ?? [];
    expect(taken).toEqual(expect.arrayContaining(["phone_number_taken", "bot_taken", "messenger_account_taken"]));
    expect(documented.receiveWhatsAppWebhook?.[400]?.map((c) => c.code)).toEqual(["not_a_whatsapp_webhook"]);
    expect(misaddressedWebhookCodes()).toEqual(
      expect.arrayContaining(["not_a_telegram_webhook", "not_a_line_webhook"]),
    );
  });
});

interface Answer {
  description: string;
  "x-problem-codes"?: string[];
  content?: Record<
    string,
    { schema?: unknown; examples?: Record<string, { value: { status: number; code: string } }> }
  >;
}
type Operation = {
  operationId: string;
  security?: unknown[];
  responses: Record<string, Answer>;
  parameters?: unknown[];
};
type Doc = { paths: Record<string, Record<string, Operation>> };

describe("the published document (issue 18)", () => {
  async function operations() {
    const res = await call("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = await json<Doc>(res);
    return new Map(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => [op.operationId, { ...op, key: `${method} ${path}` }] as const),
      ),
    );
  }

  it("writes each operation's codes into its answers: a bullet, x-problem-codes and an example each", async () => {
    const ops = await operations();
    for (const [operationId, byStatus] of Object.entries(documented)) {
      const op = ops.get(operationId);
      expect(op, operationId).toBeDefined();
      for (const [status, codes] of Object.entries(byStatus)) {
        const answer = op?.responses[status];
        const where = `${operationId} ${status}`;
        expect(answer?.["x-problem-codes"], where).toEqual(codes.map((c) => c.code));
        const examples = answer?.content?.["application/problem+json"]?.examples ?? {};
        for (const { code, meaning } of codes) {
          expect(answer?.description, where).toContain(`- \`${code}\`: ${meaning}`);
          expect(examples[code]?.value, `${where} example`).toMatchObject({ status: Number(status), code });
        }
      }
    }
    const label = ops.get("createLabel")?.responses["409"];
    expect(label?.description).toContain("idempotency_key_reused");
    // A status the route did not declare is added: a reply is paid for (B2) and may find billing busy.
    expect(ops.get("sendRoomMessage")?.responses["402"]?.["x-problem-codes"]).toEqual(["insufficient_balance"]);
    expect(ops.get("sendRoomMessage")?.responses["503"]?.["x-problem-codes"]).toEqual(["billing_busy"]);
  });

  it("describes the keyed provider webhooks as public operations (G1, G3)", async () => {
    const ops = await operations();
    const receive = ops.get("receiveChannelWebhook");
    const verify = ops.get("verifyChannelWebhook");
    expect(receive?.key).toBe("post /webhooks/{kind}/{key}");
    expect(verify?.key).toBe("get /webhooks/{kind}/{key}");
    expect(receive?.security).toEqual([]);
    expect(verify?.security).toEqual([]);
    const kind = ((receive?.parameters ?? []) as { name: string; schema: { enum?: string[] } }[]).find(
      (p) => p.name === "kind",
    );
    const keyed = CHANNEL_KINDS.filter((k) => adapterNamed(k)?.keyedWebhook);
    expect(kind?.schema.enum).toEqual(keyed);
    expect(keyed).toEqual(expect.arrayContaining(["instagram", "line", "messenger", "telegram"]));
    const headers = ((receive?.parameters ?? []) as { name: string; in: string }[])
      .filter((p) => p.in === "header")
      .map((p) => p.name.toLowerCase());
    expect(headers).toEqual(
      expect.arrayContaining(["x-telegram-bot-api-secret-token", "x-line-signature", "x-hub-signature-256"]),
    );
    expect(Object.keys(receive?.responses ?? {}).sort()).toEqual(["200", "400", "401", "404", "413"]);
    expect(receive?.responses["401"]?.["x-problem-codes"]).toEqual(["invalid_signature"]);
  });
});
