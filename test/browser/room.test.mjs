// Inside a room: media both ways, reply-to, a failure reason, scrolling back through history,
// reading, typing, blocking.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  customerConversation,
  customerSays,
  customerSendsFile,
  eventually,
  inboxTab,
  roomItem,
  signIn,
  tinyPng,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";
import { openRoom } from "./helpers-inbox.mjs";

useBrowser();

test("a customer's photo shows as a preview; the agent sends a photo back with a caption", async (t) => {
  const waId = uniquePhone();
  const name = "Lina Photo";
  await customerSays(waId, "Here is the damaged box", name);
  await customerSendsFile(waId, {
    bytes: tinyPng(24),
    filename: "box.png",
    mimeType: "image/png",
    caption: "Damaged box",
  });
  await withPage(t, async (page) => {
    const log = await openRoom(page, "agent@demo.test", name);
    const photo = log.getByRole("img", { name: "Photo: Damaged box" });
    await photo.waitFor();
    await eventually(() => photo.evaluate((img) => img.complete && img.naturalWidth === 24), "the photo to load");

    await page.getByLabel("Attach a file").setInputFiles({
      name: "replacement.png",
      mimeType: "image/png",
      buffer: tinyPng(16, [18, 183, 106]),
    });
    await page.getByText("replacement.png").waitFor();
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.fill("A replacement is on its way");
    await composer.press("Enter");
    const sent = page
      .locator('[data-testid="message"][data-direction="out"]')
      .filter({ hasText: "replacement is on its way" });
    const sentPhoto = sent.getByRole("img", { name: "Photo: A replacement is on its way" });
    await sentPhoto.waitFor({ timeout: 10_000 });
    await eventually(() => sentPhoto.evaluate((img) => img.complete && img.naturalWidth === 16), "our photo to load");
    await sent.and(page.locator('[data-status="delivered"], [data-status="read"]')).waitFor({ timeout: 10_000 });
    const phone = await eventually(
      async () => (await customerConversation(waId)).find((m) => m.direction === "out" && m.type === "image"),
      "the photo on the customer's phone",
    );
    assert.equal(phone.text, "A replacement is on its way");
  });
});

test("the agent replies to a specific message; the quote shows in the room and on the phone", async (t) => {
  const waId = uniquePhone();
  const name = "Joko Quote";
  await customerSays(waId, "Question one: do you have red?", name);
  await customerSays(waId, "Question two: and in size L?");
  await withPage(t, async (page) => {
    const log = await openRoom(page, "agent@demo.test", name);
    await log.getByText("Question two: and in size L?").waitFor();
    // Opening the room reads it: the unread badge goes away.
    await roomItem(page, name).getByText("unread").waitFor({ state: "detached" });

    await page.getByRole("button", { name: "Reply to Joko Quote: Question one: do you have red?" }).click();
    await page.getByText("Replying to").waitFor();
    const composer = page.getByRole("textbox", { name: "Message" });
    assert.ok(await composer.evaluate((el) => el === document.activeElement), "focus moves to the composer");
    await composer.fill("Yes, red is in stock.");
    await composer.press("Enter");
    const sent = page
      .locator('[data-testid="message"][data-direction="out"]')
      .filter({ hasText: "Yes, red is in stock." });
    await sent.locator(".quote").getByText("Question one: do you have red?").waitFor();
    assert.equal(await page.getByText("Replying to").count(), 0, "the reply chip is gone after sending");
    const phone = await eventually(async () => {
      const messages = await customerConversation(waId);
      const question = messages.find((m) => m.text === "Question one: do you have red?");
      const answer = messages.find((m) => m.text === "Yes, red is in stock.");
      return question && answer ? { question, answer } : null;
    }, "the answer on the phone");
    assert.equal(phone.answer.contextId, phone.question.id, "the phone shows it as a reply");
  });
});

test("a reply WhatsApp refuses shows as not delivered, with the reason", async (t) => {
  // The sandbox cannot deliver to numbers starting 62800 (Meta's error 131026).
  const waId = `62800${uniquePhone().slice(-8)}`;
  const name = "Nina Unreachable";
  await customerSays(waId, "Can you hear me?", name);
  await withPage(t, async (page) => {
    await openRoom(page, "agent@demo.test", name);
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.fill("Yes, we can!");
    await composer.press("Enter");
    const sent = page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: "Yes, we can!" });
    await sent.and(page.locator('[data-status="failed"]')).waitFor({ timeout: 10_000 });
    const reason = (await sent.locator(".msg-error").textContent()) ?? "";
    assert.match(reason, /^Not delivered: \S/, `a reason in words: ${reason}`);
    t.diagnostic(reason);
  });
});

test("scrolling up loads earlier messages, keeping the reader's place", async (t) => {
  const waId = uniquePhone();
  const name = "Oka History";
  for (let i = 1; i <= 60; i++) await customerSays(waId, `History line ${i}`, i === 1 ? name : undefined);
  await withPage(t, async (page) => {
    const log = await openRoom(page, "agent@demo.test", name);
    await log.getByText("History line 60").waitFor();
    assert.equal(await log.getByText("History line 1", { exact: true }).count(), 0, "only the latest page at first");
    const bubbles = page.locator('[data-testid="message"]');
    assert.equal(await bubbles.count(), 50);

    const anchor = log.getByText("History line 11", { exact: true });
    await page.locator(".messages-scroll").evaluate((el) => {
      el.scrollTop = 0;
    });
    await log.getByText("History line 1", { exact: true }).waitFor();
    assert.equal(await bubbles.count(), 60);
    await page.getByText("This is the start of the conversation.").waitFor();
    // The message that was at the top stays where the reader left it, give or take the loader.
    const afterTop = await anchor.evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(afterTop > 0, "older messages were added above, not in place of what was read");
    const texts = await page
      .locator('[data-testid="message"] .bubble-text')
      .evaluateAll((els) => els.map((e) => e.textContent));
    assert.deepEqual(
      texts,
      Array.from({ length: 60 }, (_, i) => `History line ${i + 1}`),
      "in order, no gaps, no doubles",
    );
  });
});

test("a colleague in the same room sees the agent typing", async (t) => {
  const waId = uniquePhone();
  const name = "Putu Typing";
  await customerSays(waId, "Hello?", name);
  await withPage(t, async (supervisor) => {
    await openRoom(supervisor, "supervisor@demo.test", name);
    await withPage(t, async (agent) => {
      await openRoom(agent, "agent@demo.test", name);
      await agent.getByRole("textbox", { name: "Message" }).pressSequentially("Let me check", { delay: 30 });
      await supervisor.getByText("Budi Agent is typing…").waitFor({ timeout: 5_000 });
    });
  });
});

test("blocking a contact from an open room, then unblocking", async (t) => {
  const waId = uniquePhone();
  const name = "Rudi Spam";
  await customerSays(waId, "BUY CHEAP FOLLOWERS", name);
  await withPage(t, async (page) => {
    await openRoom(page, "agent@demo.test", name);
    const panel = page.getByRole("complementary", { name: "Contact and conversation details" });
    await panel.getByRole("button", { name: "Block contact" }).click();
    await panel.getByRole("button", { name: "Yes, block" }).click();
    await page.getByText("This contact is blocked: their messages don't reach the inbox").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Message" }).count(), 0, "no reply box for a blocked contact");
    await roomItem(page, name).getByText("Blocked ·").waitFor();
    await panel.getByRole("button", { name: "Unblock contact" }).click();
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    await panel.getByRole("button", { name: "Block contact" }).waitFor();
  });
});

test("at 390 px the details panel is a modal dialog: focus moves in, Tab stays inside, Escape closes and gives focus back", async (t) => {
  const waId = uniquePhone();
  const name = "Wayan Dialog";
  await customerSays(waId, "Can I see the details?", name);
  await withPage(
    t,
    async (page) => {
      await openRoom(page, "agent@demo.test", name);
      const opener = page.getByRole("button", { name: "Contact and conversation details" });
      assert.equal(await opener.getAttribute("aria-expanded"), "false", "closed at first on a phone");
      await opener.click();
      const dialog = page.getByRole("dialog", { name: "Contact and conversation details" });
      await dialog.waitFor();
      assert.equal(await dialog.getAttribute("aria-modal"), "true");
      assert.equal(
        await page.getByRole("complementary", { name: "Contact and conversation details" }).count(),
        0,
        "over the conversation it is a dialog, not a side landmark",
      );
      const focusInside = () => dialog.evaluate((el) => el.contains(document.activeElement));
      await eventually(
        () => dialog.getByRole("button", { name: "Close details" }).evaluate((el) => el === document.activeElement),
        "focus on Close details",
      );

      // Tab and Shift+Tab go round the dialog's controls, never out to the conversation behind it.
      const seen = new Set();
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        assert.ok(await focusInside(), `Tab ${i + 1} left the dialog`);
        seen.add(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80)));
      }
      assert.ok(seen.size >= 2, "Tab moves between the dialog's controls");
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Shift+Tab");
        assert.ok(await focusInside(), `Shift+Tab ${i + 1} left the dialog`);
      }

      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
      await eventually(
        () => opener.evaluate((el) => el === document.activeElement),
        "focus back on the details button",
      );
      assert.equal(await opener.getAttribute("aria-expanded"), "false");
    },
    { viewport: VIEWPORTS.phone },
  );
});

// Issue 17, item 1: opening a room whose newest message is a photo shows that message whole above the
// composer, even though the photo loads after the room was scrolled to the end.
test("opening a room ending in a photo keeps the newest message in view once the photo loads", async (t) => {
  const waId = uniquePhone();
  const name = "Photo Last";
  // Enough history that the log scrolls.
  for (const line of ["Hello", "I ordered last week", "Order B-12", "It came today", "The box was open"]) {
    await customerSays(waId, line, name);
  }
  await customerSays(waId, "I have a problem with the parcel", name);
  await customerSendsFile(waId, {
    bytes: tinyPng(900),
    filename: "damage.png",
    mimeType: "image/png",
    caption: "this is how it arrived",
  });
  const agent = await apiAs("agent@demo.test");
  await eventually(async () => {
    const { rooms } = await agent.get("/api/rooms?view=unassigned&limit=100");
    const room = rooms.find((r) => r.contactExternalId === waId);
    if (!room) return false;
    const { messages } = await agent.get(`/api/rooms/${room.id}/messages`);
    return messages.some((m) => m.media?.url);
  }, "the photo stored");
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await roomItem(page, name).click();
    const image = page.locator("img.media-image");
    await image.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector("img.media-image");
      return img?.complete && img.naturalWidth > 0;
    });
    const caption = page.getByRole("log", { name: "Messages" }).getByText("this is how it arrived");
    await eventually(
      async () =>
        page.evaluate(() => {
          const scroller = document.querySelector(".messages-scroll").getBoundingClientRect();
          const last = [...document.querySelectorAll('[data-testid="message"]')].at(-1).getBoundingClientRect();
          return last.bottom <= scroller.bottom + 1 && last.top >= scroller.top;
        }),
      "the newest message in view",
      3_000,
    );
    assert.ok(await caption.isVisible());
  });
});
