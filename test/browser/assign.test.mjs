// Assignment live across sessions: a supervisor assigns a room and the agent, without reloading,
// sees it move into "Assigned to me"; the agent can then transfer it on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, customerSays, inboxTab, roomItem, signIn, uniquePhone, useBrowser, withPage } from "./helpers.mjs";

useBrowser();

test("a supervisor assigns a room to an agent and the agent sees it move to Assigned to me", async (t) => {
  const waId = uniquePhone();
  const name = "Bayu Assigned";
  await customerSays(waId, "Who can help me with a return?", name);
  await withPage(t, async (agentPage) => {
    await signIn(agentPage, "agent@demo.test");
    await inboxTab(agentPage, "Assigned to me").click();
    assert.equal(await roomItem(agentPage, name).count(), 0, "not the agent's yet");

    await withPage(t, async (page) => {
      await signIn(page, "supervisor@demo.test");
      await inboxTab(page, "Unassigned").click();
      await roomItem(page, name).click();
      await page.getByRole("log", { name: "Messages" }).getByText("Who can help me with a return?").waitFor();
      const panel = page.getByRole("complementary", { name: "Contact and conversation details" });
      await panel.getByLabel("Assign to").selectOption("usr_demo_agent");
      await panel.getByRole("button", { name: "Assign", exact: true }).click();
      await panel.getByText("Assigned to Budi Agent.").waitFor();
      await panel.getByText("Budi Agent", { exact: true }).waitFor();
      // The room left Unassigned in the supervisor's list too.
      await roomItem(page, name).waitFor({ state: "detached" });
    });

    const item = roomItem(agentPage, name);
    await item.waitFor({ timeout: 2_000 });
    await item.locator(".room-assignee").getByText("You", { exact: true }).waitFor();
    await item.click();
    await agentPage.getByRole("textbox", { name: "Message" }).waitFor();

    // The agent holding the room transfers it to a colleague.
    const panel = agentPage.getByRole("complementary", { name: "Contact and conversation details" });
    await panel.getByLabel("Transfer to").selectOption("usr_demo_agent2");
    await panel.getByRole("button", { name: "Transfer", exact: true }).click();
    await panel.getByText("Transferred to Dewi Agent.").waitFor();
    await roomItem(agentPage, name).waitFor({ state: "detached" });
    // Now it is someone else's: the agent may only leave a note.
    await agentPage.getByText("This conversation is assigned to Dewi Agent.").waitFor();
  });
});

test("an agent takes an unassigned room, then resolves it", async (t) => {
  const waId = uniquePhone();
  const name = "Citra Take";
  await customerSays(waId, "Anyone there?", name);
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await roomItem(page, name).click();
    // Exact: each message's reply button is named "Reply to <contact>: <text>", and this contact is "Citra Take".
    await page.getByRole("button", { name: "Take", exact: true }).click();
    await inboxTab(page, "Assigned to me").click();
    await roomItem(page, name).waitFor();
    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    await page.getByText("This conversation is resolved.").waitFor();
    await roomItem(page, name).waitFor({ state: "detached" });
    await inboxTab(page, "Resolved").click();
    await roomItem(page, name).getByText("Resolved").waitFor();

    // Rule I3: after a resolve the business starts again only with a template, which opens a new room.
    const resolvedUrl = page.url();
    await page.getByRole("button", { name: "Start a new conversation" }).click();
    // Issue 17: nothing is preselected; the agent picks the template.
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "order_update (en) · utility" });
    await page.getByLabel("Value for {{1}}").fill("Citra");
    await page.getByLabel("Value for {{2}}").fill("B-7");
    await page.getByRole("button", { name: "Send template" }).click();
    await page.waitForURL((url) => url.href !== resolvedUrl && url.pathname.startsWith("/rooms/"));
    await page.getByRole("log", { name: "Messages" }).getByText("Hi Citra, your order B-7 has shipped.").waitFor();
    assert.equal(await page.getByText("This conversation is resolved.").count(), 0, "the new room is open");
  });
  const agent = await apiAs("agent@demo.test");
  const { rooms } = await agent.get("/api/rooms?view=resolved");
  assert.ok(rooms.some((r) => r.contactExternalId === waId));
});
