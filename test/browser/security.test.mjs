// Issue 11, finding 6: the web app runs under a Content-Security-Policy that forbids framing, and
// still works: signing in, the inbox, a room with a customer's photo served from our origin.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BASE_URL,
  customerSays,
  customerSendsFile,
  eventually,
  tinyPng,
  uniquePhone,
  useBrowser,
  withPage,
} from "./helpers.mjs";
import { openRoom } from "./helpers-inbox.mjs";

useBrowser();

test("the app's pages and assets carry a CSP with frame-ancestors 'none' and nosniff", async () => {
  for (const path of ["/", "/login", "/rooms/anything"]) {
    const response = await fetch(`${BASE_URL}${path}`);
    assert.equal(response.status, 200, path);
    const csp = response.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/, `${path}: ${csp}`);
    assert.match(csp, /script-src 'self'(;|$)/, `${path}: ${csp}`);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
    await response.arrayBuffer();
  }
  const api = await fetch(`${BASE_URL}/api/me`);
  assert.match(api.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
  await api.arrayBuffer();
});

test("the app works under its CSP: no violation while signing in and opening a room with a photo", async (t) => {
  const waId = uniquePhone();
  const name = "Csp Photo";
  await customerSays(waId, "A photo follows", name);
  await customerSendsFile(waId, { bytes: tinyPng(20), filename: "p.png", mimeType: "image/png", caption: "Csp shot" });
  await withPage(t, async (page) => {
    const violations = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const log = await openRoom(page, "agent@demo.test", name);
    const photo = log.getByRole("img", { name: "Photo: Csp shot" });
    await photo.waitFor();
    await eventually(() => photo.evaluate((img) => img.complete && img.naturalWidth === 20), "the photo to load");
    const src = await photo.getAttribute("src");
    assert.match(src ?? "", /^\/api\/rooms\/[^/]+\/messages\/[^/]+\/media$/);
    const file = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return {
        csp: response.headers.get("content-security-policy"),
        disposition: response.headers.get("content-disposition"),
      };
    }, src);
    assert.match(file.csp ?? "", /sandbox/);
    assert.match(file.disposition ?? "", /^inline/);
    assert.deepEqual(violations, []);
  });
});
