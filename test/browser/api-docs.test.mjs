// Issue 18, item 4: /api/docs shows each operation with its example, scopes, errors and a curl line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BASE_URL, useBrowser, withPage } from "./helpers.mjs";

useBrowser();

test("the API reference shows an operation's example body, scopes, answers with their codes and a curl line", async (t) => {
  await withPage(t, async (page) => {
    await page.goto(`${BASE_URL}/api/docs#sendRoomMessage`);
    const operation = page.locator("details#sendRoomMessage");
    await operation.waitFor();
    assert.equal(await operation.getAttribute("open"), "");
    const text = await operation.textContent();
    assert.match(text, /POST\s*\/api\/rooms\/\{id\}\/messages/);
    assert.match(text, /API key scopes: write/);
    assert.match(text, /"clientMessageId": "crm-4711"/);
    assert.match(text, /429/);
    // Each problem code the operation can answer, with its meaning (worker/openapi/problem-codes.ts).
    const expired = operation.locator("li", { hasText: "window_expired" });
    assert.match(await expired.textContent(), /window_expired The reply window has closed/);
    assert.match(text, /insufficient_balance/);
    assert.match(text, /curl -X POST '.*\/api\/rooms\/<id>\/messages'/);
    assert.match(text, /Authorization: Bearer \$EDGE_INBOX_API_KEY/);
    assert.match(text, /Idempotency-Key: \$\(uuidgen\)/);
    // The tenant webhooks are listed with how they are signed.
    const webhook = page.locator("details#onMessageCreated");
    assert.match(await webhook.textContent(), /message\.created/);
  });
});
