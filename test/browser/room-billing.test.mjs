// Issue 12 item 4 in the browser: what Meta reported it bills for a sent message (the status's
// `conversation` and `pricing`) is shown in the room, under the message, on demand.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  customerSays,
  eventually,
  inboxTab,
  overflowsHorizontally,
  providerStatus,
  roomItem,
  screenshot,
  signIn,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";

useBrowser();

test("an agent sees Meta's billing of a sent reply in the message's details", async (t) => {
  const waId = uniquePhone();
  const name = `Billing ${waId.slice(-4)}`;
  await customerSays(waId, "Is my order paid?", name);
  const agent = await apiAs("agent@demo.test");
  const room = await eventually(
    async () => (await agent.get(`/api/rooms?view=unassigned&q=${waId}`)).rooms[0],
    "the room",
  );
  await agent.post(`/api/rooms/${room.id}/take`);
  const sent = await agent.post(`/api/rooms/${room.id}/messages`, { type: "text", text: "Yes, paid on Monday." });
  const providerMessageId = await eventually(
    async () =>
      (await agent.get(`/api/rooms/${room.id}/messages`)).messages.find((m) => m.id === sent.id)?.providerMessageId,
    "the reply sent to the provider",
  );
  await providerStatus(waId, {
    id: providerMessageId,
    status: "delivered",
    conversation: {
      id: "CONV-BILLING-1",
      origin: { type: "service" },
      expiration_timestamp: String(Math.floor(Date.now() / 1000) + 86_400),
    },
    pricing: { billable: true, pricing_model: "PMP", category: "service", type: "regular" },
  });
  await withPage(
    t,
    async (page) => {
      await signIn(page, "agent@demo.test");
      await inboxTab(page, "Assigned to me").click();
      await roomItem(page, name).click();
      const bubble = page.locator(`[data-message-id="${sent.id}"]`);
      const billing = bubble.getByTestId("message-billing");
      await billing.waitFor({ timeout: 15_000 });
      await billing.getByText("Billing by Meta").click();
      await billing.getByText("CONV-BILLING-1").waitFor();
      assert.match((await billing.textContent()) ?? "", /Category\s*service/);
      assert.match((await billing.textContent()) ?? "", /Billable\s*Yes/);
      assert.match((await billing.textContent()) ?? "", /PMP · regular/);
      assert.equal(await overflowsHorizontally(page), false, "the room fits 360 px");
      await screenshot(page, "room-message-billing-360");
    },
    { viewport: VIEWPORTS.narrow },
  );
});
