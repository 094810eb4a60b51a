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
h2{margin-top:2rem;text-transform:capitalize}details{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0}
summary{cursor:pointer;padding:.5rem;display:flex;gap:.6rem;align-items:baseline}
.m{font:600 12px monospace;padding:.1rem .4rem;border-radius:4px;color:#fff;min-width:3.5rem;text-align:center}
.get{background:#0969da}.post{background:#1a7f37}.put{background:#9a6700}.patch{background:#8250df}.delete{background:#cf222e}
code{font-family:ui-monospace,monospace}pre{background:#f6f8fa;padding:.6rem;overflow:auto;margin:.4rem}
</style></head><body><h1>Edge Inbox API</h1>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are
<code>application/problem+json</code> with a stable <code>code</code>.</p><main id="ops">Loading…</main>
<script type="module">
const doc = await (await fetch("/api/openapi.json")).json();
const ref = (s) => (s && s.$ref ? doc.components.schemas[s.$ref.split("/").pop()] : s);
const esc = (t) => String(t).replace(/[&<>]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[ch]);
const byTag = {};
for (const [path, ops] of Object.entries(doc.paths))
  for (const [method, op] of Object.entries(ops)) (byTag[(op.tags || ["other"])[0]] ||= []).push({ path, method, op });
let html = "";
for (const [tag, list] of Object.entries(byTag)) {
  html += "<h2>" + esc(tag) + "</h2>";
  for (const { path, method, op } of list) {
    const body = op.requestBody && ref(op.requestBody.content["application/json"].schema);
    html += '<details><summary><span class="m ' + method + '">' + method.toUpperCase() + "</span><code>" + esc(path) +
      "</code> " + esc(op.summary || "") + "</summary>" +
      (body ? "<pre>" + esc(JSON.stringify(body, null, 2)) + "</pre>" : "") +
      "<pre>" + esc(Object.entries(op.responses).map(([s, r]) => s + " " + r.description).join("\\n")) + "</pre></details>";
  }
}
document.getElementById("ops").innerHTML = html;
</script></body></html>`;

docsRoutes.get("/", (c) => c.html(page));
