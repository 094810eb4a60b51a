import { Hono } from "hono";
import { DEMO_WIDGET_ID } from "../db/seed";
import type { AppEnv } from "../lib/router";

/**
 * Issue 16, item 7: a page on ANOTHER origin that embeds the demo tenant's webchat widget (rule G2),
 * the way a customer's website would. The worker answers on 127.0.0.1:<port>; this page is opened
 * as http://localhost:<port>/sandbox/webchat, which the browser treats as another origin (and
 * another site). The demo seed gives the widget that origin as its domain; the snippet loads the
 * loader from 127.0.0.1. Development only (mounted under /sandbox).
 */
export const webchatPageRoutes = new Hono<AppEnv>();

const page = (loaderUrl: string, origin: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Demo Store (a customer's website)</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:24px;max-width:720px;color:#1c1c28}
header{border-bottom:1px solid #ddd;margin-bottom:16px}code{background:#f3f3f7;padding:2px 4px}</style></head>
<body><header><h1>Demo Store</h1></header>
<main><p>This page plays a customer's website on <code>${origin}</code>, another origin than the inbox.
It embeds the demo webchat widget with the snippet an admin copies from Admin › Channels:</p>
<pre><code>&lt;script src="${loaderUrl}" async&gt;&lt;/script&gt;</code></pre>
<p>Open the chat with the button at the bottom right, write, and answer from the inbox.</p></main>
<script src="${loaderUrl}" async></script>
</body></html>`;

webchatPageRoutes.get("/webchat", (c) => {
  const url = new URL(c.req.url);
  if (url.hostname !== "localhost") {
    return c.redirect(`http://localhost:${url.port}/sandbox/webchat`, 302);
  }
  const loaderUrl = `http://127.0.0.1:${url.port}/widget/${DEMO_WIDGET_ID}/loader.js`;
  return c.html(page(loaderUrl, url.origin));
});
