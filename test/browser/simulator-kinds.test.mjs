// The customer simulator page (issue 12 item 5, issue 13 item 8): a customer sends an order and an
// ad referral from "More kinds" and the agent's room shows them as the customer sent them; the
// customer's "Broadcasts received" lists the campaign message they got.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, roomItem, screenshot, uniquePhone, useBrowser, withPage } from "./helpers.mjs";
import { openRoom, openSimulator } from "./helpers-inbox.mjs";

useBrowser();

test("the simulator sends an order and an ad referral, and shows the broadcasts the customer received", async (t) => {
  const waId = uniquePhone();
  const name = `Kinds ${waId.slice(-4)}`;
  await withPage(t, async (page, context) => {
    const sim = await openSimulator(context, waId, name);
    await sim.getByTestId("sim-broadcasts").waitFor({ state: "attached" });

    await sim.getByTestId("sim-kind").selectOption("order");
    await sim.getByTestId("sim-send-kind").click();
    await sim.getByTestId("sim-message").filter({ hasText: "Order: 2 × SKU-KAOS-01" }).waitFor();
    await sim.getByTestId("sim-kind").selectOption("ad_referral");
    await sim.getByTestId("sim-kind-text").fill("Promo masih ada?");
    await sim.getByTestId("sim-send-kind").click();
    await sim.getByTestId("sim-message").filter({ hasText: "Promo masih ada?" }).waitFor();

    const log = await openRoom(page, "agent@demo.test", name);
    await log.getByText("SKU-KAOS-01").first().waitFor();
    await log.getByText("Promo masih ada?").waitFor();
    await log
      .getByText(/Ramadan sale/)
      .first()
      .waitFor();

    // A campaign to this customer shows under "Broadcasts received".
    const admin = await apiAs("admin@demo.test");
    const campaign = await admin.post("/api/campaigns", {
      name: "Simulator check",
      templateId: "tpl_demo_order_update",
      phone: `+${waId}`,
      variables: [{ value: name }, { value: "A-9" }],
    });
    const item = sim.getByTestId("sim-broadcast");
    await item.first().waitFor({ timeout: 20_000 });
    assert.equal(await item.first().getAttribute("data-campaign-id"), campaign.id);
    assert.match((await item.first().textContent()) ?? "", /order_update/);
    await screenshot(sim, "simulator-kinds-and-broadcasts");
  });
});

// Issue 17, item 1: a customer who shares a location keeps their name; the place's name is the
// location's, in the simulator and in the agent's room.
test("sending a location from the simulator does not rename the customer to the place", async (t) => {
  const waId = uniquePhone();
  const name = `Lokasi ${waId.slice(-4)}`;
  await withPage(t, async (page, context) => {
    const sim = await openSimulator(context, waId, name);
    await sim.locator("#sim-latitude").fill("-6.1754");
    await sim.locator("#sim-longitude").fill("106.8272");
    await sim.getByTestId("sim-place").fill("Monas, Jakarta");
    await sim.getByTestId("sim-send-location").click();
    await sim.getByTestId("sim-message").filter({ hasText: "Monas, Jakarta" }).waitFor();
    await sim.getByTestId("sim-customer").filter({ hasText: name }).waitFor();

    await openRoom(page, "agent@demo.test", name);
    await page.getByRole("log", { name: "Messages" }).getByText("Monas, Jakarta").first().waitFor();
    assert.equal(await roomItem(page, "Monas, Jakarta").count(), 0, "no customer named after the place");
  });
});
