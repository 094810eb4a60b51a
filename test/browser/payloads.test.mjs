// Issue 12: what a real WhatsApp payload carries is shown in the room (payloads from the corpus,
// test/fixtures/whatsapp/README.md): the ad a customer came from, an order card, shared contact cards
// with a button to write to them, a flow's answers, and why a message cannot be shown.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { BASE_URL, inboxTab, roomItem, signIn, uniquePhone, useBrowser, withPage } from "./helpers.mjs";

useBrowser();

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "whatsapp", "pywa");
const fixture = (file, key) =>
  JSON.parse(readFileSync(join(FIXTURES, `${file}.json`), "utf8"))[key].entry[0].changes[0].value.messages[0];

let serial = 0;
/** A corpus message, refreshed for this customer, posted as Meta's signed webhook. */
async function customerSends(waId, name, message) {
  const { context: _, ...rest } = message;
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "200000000000001",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "6281100000001", phone_number_id: "100000000000001" },
              contacts: [{ profile: { name }, wa_id: waId }],
              messages: [
                {
                  ...rest,
                  from: waId,
                  id: `wamid.PAYLOADS${Date.now()}${++serial}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode("sandbox-app-secret"),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  const response = await fetch(`${BASE_URL}/webhooks/whatsapp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-Hub-Signature-256": `sha256=${Buffer.from(mac).toString("hex")}`,
    },
    body,
  });
  assert.equal(response.status, 200, await response.text());
}

test("the room shows the ad, the order, contact cards, flow answers and why a message can't be shown", async (t) => {
  const waId = uniquePhone();
  const name = "Rina Payloads";
  await customerSends(waId, name, fixture("message", "referral"));
  await customerSends(waId, name, fixture("message", "order"));
  await customerSends(waId, name, fixture("message", "contacts"));
  await customerSends(waId, name, fixture("flow_completion", "completion"));
  await customerSends(waId, name, fixture("message", "unsupported_with_type"));
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await roomItem(page, name).click();
    await page.getByRole("heading", { level: 2, name }).waitFor();
    const log = page.getByRole("log", { name: "Messages" });

    await log.getByTestId("referral").filter({ hasText: "Came from ad AD_TITLE" }).waitFor();

    const order = log.getByTestId("order");
    await order.waitFor();
    assert.match(await order.textContent(), /3 × HAMBURGER · 30 ILS/);
    assert.match(await order.textContent(), /Total 180 ILS/);

    const cards = log.getByTestId("contact-card");
    await cards.first().waitFor();
    assert.equal(await cards.count(), 3);
    assert.match(await cards.first().textContent(), /Chandler Bing[\s\S]*\+1 555-555-5555/);
    await cards.first().getByRole("button", { name: "Start a conversation" }).click();
    await cards.first().getByText("A conversation with Chandler Bing starts with an approved template.").waitFor();

    const flow = log.getByTestId("reply-details");
    await flow.getByText("delivery rating").waitFor();
    assert.match(await flow.textContent(), /comment text: Comment Text/i);
    assert.doesNotMatch(await flow.textContent(), /flow_token|flow token/i);

    const unsupported = log.getByTestId("unsupported");
    await unsupported.waitFor();
    assert.match(await unsupported.textContent(), /\(pool\)/);
    assert.match(
      await unsupported.textContent(),
      /WhatsApp: Message type unknown — Message type is currently not supported\./,
    );
  });
});
