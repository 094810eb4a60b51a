// Issue 17, item 2: the composer of an agent's day. A template can be sent inside the window too and
// the picker collapses once it is sent; a variable field says what it is (the template's sample) and
// starts as the contact's name where it stands for one; quick replies fill {{contact.name}} and
// {{agent.name}} as they are inserted.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  apiAs,
  customerSays,
  eventually,
  inboxTab,
  roomItem,
  signIn,
  uniquePhone,
  useBrowser,
  withPage,
} from "./helpers.mjs";
import { holdRequests, isRoomSend, noBalance } from "./helpers-inbox.mjs";

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

async function openRoomNamed(page, name) {
  await roomItem(page, name).click();
  await page.getByRole("heading", { level: 2, name }).waitFor();
  return page.getByRole("textbox", { name: "Message" });
}

// A send that fails after the agent moved to another room is not lost without a word: its words go
// back into that room's box and a notice names the room and says why.
test("a reply that fails after the agent moved on comes back into its room's box, with a notice naming the room", async (t) => {
  const first = "Tari Held";
  const second = "Umar Next";
  const reply = "Yes, we ship to Bali within three days.";
  await customerSays(uniquePhone(), "Do you ship to Bali?", first);
  await customerSays(uniquePhone(), "Hello, anyone there?", second);
  await withPage(t, async (page) => {
    const held = await holdRequests(page, isRoomSend, noBalance);
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    const box = await openRoomNamed(page, first);
    await box.fill(reply);
    await box.press("Enter");
    await eventually(() => held.count === 1, "the reply on its way");
    await openRoomNamed(page, second);
    held.release();

    const notice = page.getByTestId("send-notices").getByRole("alert");
    await notice.getByText(`Your reply to ${first} was not sent.`).waitFor();
    const words = (await notice.textContent()) ?? "";
    assert.match(words, /The WhatsApp balance cannot pay for this message\./, "the reason, in words");
    assert.match(words, /It is back in the message box\./);
    assert.equal(await box.inputValue(), "", "the other room's box is left as it was");

    await notice.getByRole("link", { name: "Open the conversation" }).click();
    await page.getByRole("heading", { level: 2, name: first }).waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Message" }).inputValue(), reply);
    assert.equal(await page.getByTestId("send-notices").count(), 0, "the notice goes once its room is opened");
  });
});

// A file can't go back into the box, but its caption can; a reply started in the room since is kept,
// the caption below it.
test("a file that fails after the agent moved on is named in a notice, its caption below the reply started since", async (t) => {
  const first = "Vina Upload";
  const second = "Wawan Other";
  await customerSays(uniquePhone(), "Can you send the invoice?", first);
  await customerSays(uniquePhone(), "Good morning", second);
  await withPage(t, async (page) => {
    const held = await holdRequests(
      page,
      (url) => url.pathname === "/api/media",
      (route) => route.abort("failed"),
    );
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    let box = await openRoomNamed(page, first);
    await page.getByLabel("Attach a file").setInputFiles({
      name: "invoice.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
    });
    await box.fill("Here is the invoice");
    await box.press("Enter");
    await eventually(() => held.count === 1, "the file on its way");
    await openRoomNamed(page, second);
    box = await openRoomNamed(page, first);
    await box.fill("One more thing: it is paid.");
    await openRoomNamed(page, second);
    held.release();

    const notice = page.getByTestId("send-notices").getByRole("alert");
    await notice.getByText(`Your file invoice.pdf to ${first} was not sent.`).waitFor();
    const words = (await notice.textContent()) ?? "";
    assert.match(words, /Can't reach the server\./, "the reason, in words");
    assert.match(words, /Attach the file again to send it\./);
    assert.match(words, /Its caption is back in the message box, below the reply you had started there since\./);
    await notice.getByRole("button", { name: "Dismiss" }).click();
    assert.equal(await page.getByTestId("send-notices").count(), 0);

    box = await openRoomNamed(page, first);
    assert.equal(await box.inputValue(), "One more thing: it is paid.\n\nHere is the invoice");
  });
});

// Back in the room before the answer came: the failed reply shows there, as when the agent never left
// (Not sent, with Try again), and no notice is needed.
test("a reply that fails after the agent left and came back shows in its room as not sent, and Try again sends it", async (t) => {
  const first = "Yanti Back";
  const second = "Zaki Between";
  const reply = "Your refund was approved this morning.";
  await customerSays(uniquePhone(), "Any news on my refund?", first);
  await customerSays(uniquePhone(), "Hi", second);
  await withPage(t, async (page) => {
    const held = await holdRequests(page, isRoomSend, noBalance);
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    let box = await openRoomNamed(page, first);
    await box.fill(reply);
    await box.press("Enter");
    await eventually(() => held.count === 1, "the reply on its way");
    await openRoomNamed(page, second);
    box = await openRoomNamed(page, first);
    held.release();

    const failed = page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: reply });
    await failed.getByText("Not sent. The WhatsApp balance cannot pay for this message.").waitFor();
    assert.equal(await page.getByTestId("send-notices").count(), 0, "no notice while the room is shown");
    assert.equal(await box.inputValue(), "", "the reply is not in the box twice");
    held.passing = true;
    await failed.getByRole("button", { name: "Try again" }).click();
    await failed.and(page.locator('[data-status="sent"], [data-status="delivered"], [data-status="read"]')).waitFor();
  });
});
