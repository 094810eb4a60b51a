import { Hono } from "hono";
import type { AppEnv } from "../lib/router";

/**
 * A self-contained API reference that renders /api/openapi.json. No CDN: it works offline and
 * under a strict Content-Security-Policy.
 */
export const docsRoutes = new Hono<AppEnv>();

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Edge Inbox API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1rem;color:#1b1f24}
h2{margin-top:2rem}details{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0}
summary{cursor:pointer;padding:.5rem;display:flex;gap:.6rem;align-items:baseline;flex-wrap:wrap}
.m{font:600 12px monospace;padding:.1rem .4rem;border-radius:4px;color:#fff;min-width:3.5rem;text-align:center}
.get{background:#0969da}.post{background:#1a7f37}.put{background:#9a6700}.patch{background:#8250df}.delete{background:#cf222e}
.op{padding:0 .8rem .6rem}.tag{font-size:12px;border:1px solid #d0d7de;border-radius:10px;padding:0 .5rem}
code{font-family:ui-monospace,monospace}pre{background:#f6f8fa;padding:.6rem;overflow:auto;margin:.4rem 0;white-space:pre-wrap}
table{border-collapse:collapse}td{padding:.1rem .6rem .1rem 0;vertical-align:top}
</style></head><body><h1>Edge Inbox API</h1>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Send an API key as
<code>Authorization: Bearer ek_…</code> (Admin › API keys). Errors are <code>application/problem+json</code>
with a stable <code>code</code>; every write takes an <code>Idempotency-Key</code>; an API key is limited to its
requests per minute (429 with <code>Retry-After</code>). The integration guide is <code>docs/INTEGRATE.md</code>.</p>
<main id="ops">Loading…</main>
<script type="module">
const doc = await (await fetch("/api/openapi.json")).json();
const esc = (t) => String(t).replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]);
const ref = (r) => (r && r.$ref ? r.$ref.split("/").slice(1).reduce((o, k) => o[k], doc) : r);
const origin = location.origin;
function curl(method, path, op) {
  const body = op.requestBody && op.requestBody.content["application/json"];
  const lines = ["curl -X " + method.toUpperCase() + " '" + origin + path.replace(/[{]([^}]+)[}]/g, "<$1>") + "'"];
  if ((op.security || []).length) lines.push("-H 'Authorization: Bearer $EDGE_INBOX_API_KEY'");
  if (body) lines.push("-H 'Content-Type: application/json'", "-d '" + JSON.stringify(body.example ?? {}) + "'");
  if (method !== "get" && (op.parameters || []).some((p) => ref(p).name === "Idempotency-Key"))
    lines.push('-H "Idempotency-Key: $(uuidgen)"');
  return lines.join(" \\\\\\n  ");
}
/** An answer's description; a problem answer's codes as a list, each with its meaning (issue 18). */
function answer(r) {
  const codes = r["x-problem-codes"] || [];
  if (!codes.length) return esc(r.description || "");
  const examples = (r.content && r.content["application/problem+json"] || {}).examples || {};
  const items = codes.map((code) => "<li><code>" + esc(code) + "</code> " + esc((examples[code] || {}).summary || "") + "</li>");
  return esc((r.description || "").split("\\n")[0]) + "<ul>" + items.join("") + "</ul>";
}
function operation(method, path, op) {
  const body = op.requestBody && op.requestBody.content["application/json"];
  const scopes = (op["x-scopes"] || []).join(", ");
  const answers = Object.entries(op.responses || {}).map(([status, r]) => "<tr><td><code>" + esc(status) +
    "</code></td><td>" + answer(ref(r)) + "</td></tr>").join("");
  return '<details id="' + esc(op.operationId || "") + '"><summary><span class="m ' + method + '">' +
    method.toUpperCase() + "</span><code>" + esc(path) + "</code> " + esc(op.summary || "") + "</summary>" +
    '<div class="op"><p><code>' + esc(op.operationId || "") + "</code>" +
    ((op.security || []).length ? " · API key scopes: <b>" + esc(scopes) + "</b>" : " · public") +
    (op["x-permission"] ? " · permission: " + esc(op["x-permission"]) : "") + "</p>" +
    (body && body.example !== undefined ? "<p>Example body</p><pre>" + esc(JSON.stringify(body.example, null, 2)) + "</pre>" : "") +
    "<p>Answers</p><table>" + answers + "</table><p>curl</p><pre>" + esc(curl(method, path, op)) + "</pre></div></details>";
}
const byTag = {};
for (const [path, ops] of Object.entries(doc.paths))
  for (const [method, op] of Object.entries(ops)) (byTag[(op.tags || ["other"])[0]] ||= []).push({ path, method, op });
const described = Object.fromEntries((doc.tags || []).map((t) => [t.name, t.description]));
let html = "";
for (const [tag, list] of Object.entries(byTag)) {
  html += "<h2>" + esc(tag) + "</h2><p>" + esc(described[tag] || "") + "</p>";
  for (const { path, method, op } of list) html += operation(method, path, op);
}
html += "<h2>Tenant webhooks</h2><p>What an endpoint of Admin › Webhooks receives, signed the Standard Webhooks way.</p>";
for (const [name, item] of Object.entries(doc.webhooks || {})) html += operation("post", name, item.post);
document.getElementById("ops").innerHTML = html;
if (location.hash) document.getElementById(location.hash.slice(1))?.setAttribute("open", "");
</script></body></html>`;

docsRoutes.get("/", (c) => c.html(page));
