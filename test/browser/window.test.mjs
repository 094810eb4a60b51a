// Rule I2 in the browser: once the 24-hour window has closed, the composer offers only approved
// templates, with a field per variable and a live preview, and sending one works.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  customerConversation,
  customerSaidLongAgo,
  customerSays,
  eventually,
  findRoomItem,
  inboxTab,
  roomItem,
  screenshot,
  signIn,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";
import { openRoom, templateComponents } from "./helpers-inbox.mjs";

useBrowser();

/**
 * Waits for a sent template as an agent and a customer see it: in the room marked as a template,
 * "Template sent." said, delivered (or read), and on the customer's phone. Answers the phone's copy.
 */
async function templateArrives(page, waId, text) {
  const sent = page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: text });
  await sent.getByText("Template").waitFor();
  await page.getByRole("status").filter({ hasText: "Template sent." }).waitFor();
  await sent.and(page.locator('[data-status="delivered"], [data-status="read"]')).waitFor({ timeout: 10_000 });
  return eventually(
    async () => (await customerConversation(waId)).find((m) => m.direction === "out" && m.type === "template"),
    "the template on the customer's phone",
  );
}

test("in a room whose window has expired the composer offers only templates, and sending one works", async (t) => {
  const waId = uniquePhone();
  const name = "Agus Expired";
  await customerSaidLongAgo(waId, name, "Is my refund done?", 25);
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    const item = await findRoomItem(page, name);
    await item.getByText("Window expired").waitFor();
    await item.click();
    await page.getByRole("log", { name: "Messages" }).getByText("Is my refund done?").waitFor();

    // Only templates: no free-form message box, no attachment.
    await page.getByText("The 24-hour window has closed.").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Message" }).count(), 0, "no free-form reply box");
    assert.equal(await page.getByText("Attach a file").count(), 0, "no attachments");
    // The countdown in the conversation's header (the details panel has its own).
    await page.locator(".room-header-status").getByTestId("window-countdown").getByText("Window expired").waitFor();

    const picker = page.getByLabel("Template", { exact: true });
    // Other tests may have added approved templates: pick this one by name.
    await picker.selectOption({ label: "order_update (en) · utility" });
    assert.match(await picker.locator("option:checked").textContent(), /order_update \(en\)/);
    const preview = page.getByTestId("template-preview");
    // Issue 17: {{1}} follows "Hi" and its sample is a name, so it starts as the contact's name.
    assert.equal((await preview.textContent())?.trim(), "Hi Agus Expired, your order {{2}} has shipped.");
    const send = page.getByRole("button", { name: "Send template" });
    assert.equal(await send.isDisabled(), true, "sending waits until every variable is filled");

    await page.getByLabel("Value for {{1}}").fill("Agus");
    assert.equal(
      (await preview.textContent())?.trim(),
      "Hi Agus, your order {{2}} has shipped.",
      "the preview is live",
    );
    await page.getByLabel("Value for {{2}}").fill("A-2042");
    assert.equal((await preview.textContent())?.trim(), "Hi Agus, your order A-2042 has shipped.");
    await send.click();

    const phone = await templateArrives(page, waId, "Hi Agus, your order A-2042 has shipped.");
    assert.ok(phone);
    // Still outside the window: the composer stays a template picker.
    assert.equal(await page.getByRole("textbox", { name: "Message" }).count(), 0);
  });
});

test("a template with a text header {{1}} and a URL button suffix: the agent fills header, body and link, sees them in the preview, and the customer gets them", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const name = `parcel_link_${Date.now().toString(36)}`;
  const template = await admin.post("/api/templates", {
    channelId: "ch_demo_whatsapp",
    name,
    language: "en",
    category: "UTILITY",
    components: [
      { type: "HEADER", format: "TEXT", text: "Parcel {{1}}", example: { header_text: ["A-1"] } },
      { type: "BODY", text: "Hi {{1}}, your parcel is on its way.", example: { body_text: [["Ayu"]] } },
      { type: "FOOTER", text: "Demo Store" },
      {
        type: "BUTTONS",
        buttons: [
          { type: "QUICK_REPLY", text: "Thanks" },
          {
            type: "URL",
            text: "Track parcel",
            url: "https://example.com/{{1}}",
            example: ["https://example.com/track/A-1"],
          },
        ],
      },
    ],
  });
  try {
    // The sandbox approves a submission in about 3 s.
    await eventually(
      async () => (await admin.get(`/api/templates/${template.id}`)).status === "APPROVED",
      "the template approved",
      20_000,
    );
    const waId = uniquePhone();
    const customer = "Citra Link";
    await customerSaidLongAgo(waId, customer, "Where is my parcel?", 26);
    await withPage(t, async (page) => {
      await openRoom(page, "agent@demo.test", customer);
      await page.getByRole("log", { name: "Messages" }).getByText("Where is my parcel?").waitFor();
      await page.getByText("The 24-hour window has closed.").waitFor();
      await page.getByLabel("Template", { exact: true }).selectOption({ label: `${name} (en) · utility` });

      const header = page.getByTestId("template-preview-header");
      const body = page.getByTestId("template-preview");
      const buttons = page.getByRole("list", { name: "Template buttons" });
      assert.equal((await header.textContent())?.trim(), "Parcel {{1}}");
      // Issue 17: "Hi {{1}}" with a name for its sample starts as the contact's name.
      assert.equal((await body.textContent())?.trim(), "Hi Citra Link, your parcel is on its way.");
      await buttons.getByRole("listitem").filter({ hasText: "Thanks" }).waitFor();
      const track = buttons.getByRole("listitem").filter({ hasText: "Track parcel" });
      assert.match((await track.textContent()) ?? "", /https:\/\/example\.com\/\{\{1\}\}/);
      const send = page.getByRole("button", { name: "Send template" });

      await page.getByLabel("Header {{1}}", { exact: true }).fill("B-77");
      await page.getByLabel("Value for {{1}}", { exact: true }).fill("Citra");
      assert.equal(await send.isDisabled(), true, "sending waits for the link suffix too");
      const suffix = page.getByLabel("Link suffix for “Track parcel”", { exact: true });
      await suffix.fill("track/B-77");
      assert.equal((await header.textContent())?.trim(), "Parcel B-77", "the header is in the live preview");
      assert.equal((await body.textContent())?.trim(), "Hi Citra, your parcel is on its way.");
      assert.match((await track.textContent()) ?? "", /https:\/\/example\.com\/track\/B-77/);
      await screenshot(page, "template-header-and-link-preview");
      await send.click();

      // The customer's phone got the header's value and the link's suffix (Meta refuses a send without them).
      const phone = await templateArrives(page, waId, "Hi Citra, your parcel is on its way.");
      const got = templateComponents(phone);
      assert.deepEqual(got.header, { type: "header", parameters: [{ type: "text", text: "B-77" }] });
      assert.deepEqual(got.button, {
        type: "button",
        sub_type: "url",
        index: "1",
        parameters: [{ type: "text", text: "track/B-77" }],
      });
    });
  } finally {
    await admin.delete(`/api/templates/${template.id}`);
  }
});

test("a room with an open window offers the reply box, with a countdown", async (t) => {
  const waId = uniquePhone();
  const name = "Wulan Open";
  await customerSaidLongAgo(waId, name, "Hello from 23 hours ago", 23);
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    const item = await findRoomItem(page, name);
    await item.getByText(/59 min left|1 h left|\d+ min left/).waitFor();
    await item.click();
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    const countdown = page.locator(".room-header").getByTestId("window-countdown");
    assert.match((await countdown.textContent()) ?? "", /(\d+ min|\d+ s|1 h) left/);
  });
});

// Issue 17, item 1: the template picker preselects nothing the agent did not choose (only the template
// this browser last sent on the channel), and a long template name is shown whole.
test("the template picker preselects nothing, shows long names whole, and then offers the last one sent", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const longName = `seasonal_clearance_reminder_for_loyal_members_${Date.now().toString(36)}`;
  const created = await admin.post("/api/templates", {
    channelId: "ch_demo_whatsapp",
    name: longName,
    language: "en",
    category: "UTILITY",
    components: [
      { type: "BODY", text: "Your saved items are still waiting, {{1}}.", example: { body_text: [["Ayu"]] } },
    ],
  });
  await eventually(
    async () => (await admin.get(`/api/templates/${created.id}`)).status === "APPROVED",
    "approval",
    20_000,
  );
  const [first, second] = [uniquePhone(), uniquePhone()];
  await customerSaidLongAgo(first, "Picker One", "Hello?", 25);
  await customerSaidLongAgo(second, "Picker Two", "Hello again?", 25);

  await withPage(t, async (page) => {
    await openRoom(page, "agent@demo.test", "Picker One");
    await page.getByText("The 24-hour window has closed.").waitFor();
    const picker = page.getByLabel("Template", { exact: true });
    assert.equal(await picker.locator("option:checked").textContent(), "Choose a template…");
    assert.equal(await page.getByRole("button", { name: "Send template" }).isDisabled(), true);
    assert.equal(await page.getByLabel("Value for {{1}}").count(), 0, "no fields before a template is chosen");

    const label = `${longName} (en) · utility`;
    await picker.selectOption({ label });
    // The whole name shows above the preview, wrapped rather than cut, at 1280 px and on a phone.
    const shown = page.locator(".preview-name");
    for (const viewport of [VIEWPORTS.desktop, VIEWPORTS.narrow]) {
      await page.setViewportSize(viewport);
      assert.equal(await shown.textContent(), `${longName} (en)`);
      assert.ok(await shown.isVisible());
      assert.ok(await shown.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), "the name is not cut");
    }
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.getByLabel("Value for {{1}}").fill("Ayu");
    await page.getByRole("button", { name: "Send template" }).click();
    await page.getByRole("status").filter({ hasText: "Template sent." }).waitFor();

    await (await findRoomItem(page, "Picker Two")).click();
    await page.getByText("The 24-hour window has closed.").waitFor();
    assert.equal(await picker.locator("option:checked").textContent(), label, "the last one sent is offered");
  });
  await admin.delete(`/api/templates/${created.id}`);
});

// Issue 17, item 1: the list and the open room read one clock: while the window runs out they say
// the same time left, and when it closes both say so at once (the list used to lag up to 30 s).
test("the list and the room count the window down together and close it at the same moment", async (t) => {
  const waId = uniquePhone();
  const name = "Tika Countdown";
  await withPage(t, async (page) => {
    // Signed in first: the window closes about 20 s after the customer's message, time enough to
    // find and open the room however long signing in took.
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await customerSaidLongAgo(waId, name, "Still there?", 24 - 20 / 3600);
    const item = await findRoomItem(page, name);
    await item.click();
    const header = page.locator(".room-header-status").getByTestId("window-countdown");
    const chip = item.locator(".room-meta .chip");
    await header.getByText(/ s left$/).waitFor();
    const same = await page.evaluate(
      ([h, c]) => {
        const read = (sel) => document.querySelector(sel)?.textContent?.replace("Reply window open, ", "").trim();
        return [read(h), read(c)];
      },
      [".room-header-status [data-testid='window-countdown']", `[aria-current] .room-meta .chip`],
    );
    assert.equal(same[1], same[0], "the list says what the room says");
    await header.getByText("Window expired").waitFor({ timeout: 40_000 });
    await chip.getByText("Window expired").waitFor({ timeout: 1_500 });
  });
});

// Issue 17, item 1: a half-typed reply is not lost when the window closes under it: it is kept, shown
// with the reason it cannot go out, survives a reload, and is back in the reply box when the customer
// writes again.
test("a half-typed reply survives the window closing and a reload, and returns when the customer writes", async (t) => {
  const waId = uniquePhone();
  const name = "Rina Draft";
  await withPage(t, async (page) => {
    // Signed in first: the window closes about 20 s after the customer's message, time enough to
    // open the room and type however long signing in took.
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await customerSaidLongAgo(waId, name, "Can you check my order?", 24 - 20 / 3600);
    await (await findRoomItem(page, name)).click();
    await page.getByRole("heading", { level: 2, name }).waitFor();
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("Your order A-77 left our warehouse this morning and");
    await page.getByText("The 24-hour window has closed.").waitFor({ timeout: 40_000 });
    const kept = page.getByTestId("kept-draft");
    await kept.getByText("Your order A-77 left our warehouse this morning and").waitFor();
    await kept.getByText(/cannot be sent now: the 24-hour window has closed/).waitFor();

    await page.reload();
    await page.getByTestId("kept-draft").getByText("Your order A-77 left our warehouse").waitFor();

    await customerSays(waId, "Hello again", name);
    await page.getByRole("log", { name: "Messages" }).getByText("Hello again").waitFor();
    assert.equal(await box.inputValue(), "Your order A-77 left our warehouse this morning and");
    assert.equal(await page.getByTestId("kept-draft").count(), 0);
  });
});

// Issue 17, item 1: sending a template from the Unassigned tab assigns the room to the sender, so it
// leaves that tab; the list says where it went and takes the agent there.
test("a room that leaves the tab after a template is sent says where it went", async (t) => {
  const waId = uniquePhone();
  const name = "Dewi Moved";
  await customerSaidLongAgo(waId, name, "Any news?", 25);
  await withPage(t, async (page) => {
    await openRoom(page, "agent@demo.test", name);
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "order_update (en) · utility" });
    await page.getByLabel("Value for {{1}}").fill("Dewi");
    await page.getByLabel("Value for {{2}}").fill("C-3");
    await page.getByRole("button", { name: "Send template" }).click();
    await roomItem(page, name).waitFor({ state: "detached" });
    const moved = page.locator(".room-moved");
    await moved.getByText(`${name} is in Assigned to me now.`).waitFor();
    await moved.getByRole("button", { name: "Show Assigned to me" }).click();
    assert.equal(await inboxTab(page, "Assigned to me").getAttribute("aria-selected"), "true");
    await findRoomItem(page, name);
    assert.equal(await moved.count(), 0);
  });
});
