// Issue 18: the published contract, checked the way an integrator's tools read it. Runs against the
// shared test server (scripts/browser-tests.mjs), beside the browser tests.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { generateApi } from "swagger-typescript-api";
import { apiAs, BASE_URL, uniquePhone } from "../browser/helpers.mjs";

const ROOT = join(import.meta.dirname, "..", "..");
const OUT = join(ROOT, "test-artifacts", "api");
const DOCUMENT = join(OUT, "openapi.json");
mkdirSync(OUT, { recursive: true });

async function publishedDocument() {
  const response = await fetch(`${BASE_URL}/api/openapi.json`);
  assert.equal(response.status, 200);
  const doc = await response.json();
  writeFileSync(DOCUMENT, JSON.stringify(doc, null, 2));
  return doc;
}

/**
 * A child process, awaited without blocking the event loop: a blocked loop misses the server closing
 * an idle keep-alive socket, and the next fetch on that socket fails ("fetch failed").
 */
function spawnAsync(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const operations = (doc) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
  );

test("Redocly's recommended rules find no error and no warning in /api/openapi.json", async () => {
  await publishedDocument();
  const run = await spawnAsync(
    process.execPath,
    [join(ROOT, "node_modules/@redocly/cli/bin/cli.js"), "lint", "test-artifacts/api/openapi.json", "--format=json"],
    {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
  const start = run.stdout.indexOf("{");
  assert.ok(start >= 0, `redocly printed no report: ${run.stderr}`);
  const report = JSON.parse(run.stdout.slice(start));
  const problems = report.problems
    .filter((p) => !p.ignored)
    .map((p) => `${p.severity} ${p.ruleId} ${p.location?.[0]?.pointer}: ${p.message}`);
  assert.deepEqual(problems, []);
  assert.equal(run.status, 0, run.stderr);
});

test("every operation has a unique operationId, declared security, a problem answer and scopes", async () => {
  const doc = await publishedDocument();
  const ids = operations(doc).map(({ operation }) => operation.operationId);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(operations(doc).find(({ key }) => key === "GET /api/rooms")?.operation.operationId, "listRooms");
  assert.equal(
    operations(doc).find(({ key }) => key === "POST /api/rooms/{id}/messages")?.operation.operationId,
    "sendRoomMessage",
  );
  for (const { key, operation } of operations(doc)) {
    assert.ok(Array.isArray(operation.security), `${key} declares its security`);
    if (operation.security.length > 0) assert.ok(operation["x-scopes"]?.length, `${key} names its API key scopes`);
  }
  assert.deepEqual(Object.keys(doc.webhooks).sort().slice(0, 3), ["call.answered", "call.ended", "call.started"]);
});

test("every pattern in the document compiles the way a client's validator reads it", async () => {
  const doc = await publishedDocument();
  const patterns = [];
  JSON.stringify(doc, (key, value) => {
    if (key === "pattern" && typeof value === "string") patterns.push(value);
    return value;
  });
  assert.ok(patterns.length > 5);
  for (const pattern of patterns) {
    assert.doesNotThrow(() => new RegExp(pattern, "u"), pattern);
    assert.doesNotMatch(pattern, /\/[a-z]+$/, `${pattern} still carries a JavaScript flag`);
  }
  // The quick reply title pattern once came out as "...$/u", which matches nothing.
  const quickReply = doc.components.schemas.CreateQuickReply.properties.title.pattern;
  assert.match("shipping", new RegExp(quickReply, "u"));
});

test("a TypeScript client generated from the document signs in with an API key and drives the API", async () => {
  await publishedDocument();
  await generateApi({
    input: DOCUMENT,
    output: OUT,
    fileName: "client.ts",
    httpClientType: "fetch",
    moduleNameIndex: 1,
    silent: true,
  });
  const compiled = join(OUT, "js");
  const tsc = await spawnAsync(
    join(ROOT, "node_modules/.bin/tsc"),
    [
      "--ignoreConfig",
      "--outDir",
      compiled,
      "--rootDir",
      ROOT,
      "--target",
      "es2022",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--lib",
      "es2022,dom",
      "--strict",
      "--skipLibCheck",
      "--types",
      "",
      join(ROOT, "test/api/client-proof.ts"),
    ],
    { cwd: ROOT },
  );
  assert.equal(tsc.status, 0, `the integrator's program no longer type-checks against the contract:\n${tsc.stdout}`);
  const admin = await apiAs("admin@demo.test");
  const { secret } = await admin.post("/api/api-keys", { name: "Generated client", role: "admin" });
  const { proveClient } = await import(pathToFileURL(join(compiled, "test/api/client-proof.js")).href);
  const phone = uniquePhone();
  const proof = await proveClient(BASE_URL, secret, phone);
  assert.ok(proof.roomsListed >= 0);
  assert.match(proof.roomId, /\S/);
  assert.ok(["pending", "sent", "delivered"].includes(proof.templateStatus), proof.templateStatus);
  assert.equal(proof.campaignRecipients, 1);
  const room = await admin.get(`/api/rooms/${proof.roomId}`);
  assert.equal(room.contactName, "Client Proof");
  const campaign = await admin.get(`/api/campaigns/${proof.campaignId}`);
  assert.equal(campaign.name, `Client proof ${phone}`);
});
