// Issue 17, item 2: the composer of an agent's day. A template can be sent inside the window too and
// the picker collapses once it is sent; a variable field says what it is (the template's sample) and
// starts as the contact's name where it stands for one; quick replies fill {{contact.name}} and
// {{agent.name}} as they are inserted.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apiAs, customerSays, inboxTab, roomItem, signIn, uniquePhone, useBrowser, withPage } from "./helpers.mjs";

useBrowser();

let quickReplyId;
const title = `greet${Date.now().toString(36)}`;

before(async () => {
  const admin = await apiAs("admin@demo.test");
  const created = await admin.post("/api/quick-replies", {
    title,
    text: "Halo {{contact.name}}, saya {{agent.name}} dari Demo Store.",
  });
  quickReplyId = created.id;
});

after(async () => {
  const admin = await apiAs("admin@demo.test");
  if (quickReplyId) await admin.delete(`/api/quick-replies/${quickReplyId}`);
});

async function openFreshRoom(page, name) {
  const waId = uniquePhone();
  await customerSays(waId, "Is my parcel on its way?", name);
  await signIn(page, "agent@demo.test");
  await inboxTab(page, "Unassigned").click();
  await roomItem(page, name).click();
  await page.getByRole("textbox", { name: "Message" }).waitFor();
  return waId;
}

test("inside the window an agent sends a template, with its sample shown and the name filled, and the picker collapses", async (t) => {
  await withPage(t, async (page) => {
    await openFreshRoom(page, "Sari Window");
    await page.getByRole("button", { name: "Template", exact: true }).click();
    const picker = page.getByLabel("Template", { exact: true });
    await picker.selectOption({ label: "order_update (en) · utility" });
    const first = page.getByLabel("Value for {{1}}");
    assert.equal(await first.inputValue(), "Sari Window", "the name variable starts as the contact's name");
    const second = page.getByLabel("Value for {{2}}");
    assert.equal(await second.inputValue(), "");
    assert.equal(await second.getAttribute("placeholder"), "e.g. A-1001");
    await page.getByText("Sample: A-1001").waitFor();
    await second.fill("Z-9");
    await page.getByRole("button", { name: "Send template" }).click();
    await page
      .getByRole("log", { name: "Messages" })
      .getByText("Hi Sari Window, your order Z-9 has shipped.")
      .waitFor();
    // Collapsed: back to the reply box, no template fields left open.
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    assert.equal(await page.getByLabel("Value for {{2}}").count(), 0);
  });
});

test("a quick reply fills the contact's and the agent's names as it is inserted", async (t) => {
  await withPage(t, async (page) => {
    await openFreshRoom(page, "Yoga Quick");
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill(`/${title}`);
    await page.getByRole("listbox", { name: "Quick replies" }).getByText(`/${title}`).waitFor();
    await box.press("Enter");
    assert.equal(await box.inputValue(), "Halo Yoga Quick, saya Budi Agent dari Demo Store.");
  });
});

// Issue 17, item 2: an agent keeps personal quick replies beside the team's, under Settings › My quick
// replies; they show as "Mine" while typing and fill the names too.
test("an agent adds a personal quick reply and inserts it, marked as theirs", async (t) => {
  const mine = `mine${Date.now().toString(36)}`;
  await withPage(t, async (page) => {
    await openFreshRoom(page, "Wulan Personal");
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { level: 1, name: "My quick replies" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Users" }).count(), 0, "an agent sees no admin pages");
    await page.getByRole("button", { name: "Add quick reply" }).click();
    await page.getByLabel("Title").fill(mine);
    await page.getByLabel("Message").fill("Terima kasih {{contact.name}}, salam dari {{agent.name}}.");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText(`/${mine} was added.`).waitFor();

    await page.getByRole("link", { name: "Inbox", exact: true }).click();
    await inboxTab(page, "Unassigned").click();
    await roomItem(page, "Wulan Personal").click();
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill(`/${mine}`);
    const option = page
      .getByRole("listbox", { name: "Quick replies" })
      .getByRole("option")
      .filter({ hasText: `/${mine}` });
    await option.getByText("Mine").waitFor();
    await box.press("Enter");
    assert.equal(await box.inputValue(), "Terima kasih Wulan Personal, salam dari Budi Agent.");
  });
  // Only its owner sees it: the admin's list does not have it.
  const admin = await apiAs("admin@demo.test");
  const { quickReplies } = await admin.get("/api/quick-replies");
  assert.equal(quickReplies.filter((q) => q.title === mine).length, 0);
});
