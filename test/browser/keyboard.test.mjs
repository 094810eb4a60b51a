// A room worked from the keyboard alone: the composer (reply, private note) and the contact panel
// (assign / block) are reached with Tab and used with Enter and Space. Private notes look unlike a
// reply to the customer.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  customerConversation,
  customerSays,
  eventually,
  inboxTab,
  roomItem,
  signIn,
  uniquePhone,
  useBrowser,
  withPage,
} from "./helpers.mjs";
import { openRoom } from "./helpers-inbox.mjs";

useBrowser();

/** What the focused element is called: its aria-label, else its own text. */
const focusedName = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return (el?.getAttribute("aria-label") ?? el?.textContent ?? "").trim();
  });

/**
 * Presses Tab (Shift+Tab with `back`) until the focused element is `target`: an element called
 * that (aria-label, else its text), or a locator's element. Fails after `max` presses.
 */
async function tabTo(page, target, { max = 40, back = false } = {}) {
  const reached = async () =>
    typeof target === "string"
      ? (await focusedName(page)) === target
      : target.evaluate((el) => el === document.activeElement);
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    if (await reached()) return;
  }
  throw new Error(`Tab never reached ${target} in ${max} presses (last: "${await focusedName(page)}")`);
}

/** Opens a room from the list with the keyboard: focus lands on the conversation's name. */
async function openRoomByKeyboard(page, name) {
  await inboxTab(page, "Unassigned").click();
  await roomItem(page, name).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 2, name }).waitFor();
  await page.getByRole("textbox", { name: "Message" }).waitFor();
}

test("the composer by keyboard: Tab to the message box, Enter sends, Shift+Enter breaks a line; a note with Space and Enter", async (t) => {
  const waId = uniquePhone();
  const name = "Ketut Keyboard";
  await customerSays(waId, "Can you hear me?", name);
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await openRoomByKeyboard(page, name);
    const log = page.getByRole("log", { name: "Messages" });

    await tabTo(page, "Message");
    await page.keyboard.type("Loud and clear.");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("How can I help?");
    assert.equal(await page.getByRole("textbox", { name: "Message" }).inputValue(), "Loud and clear.\nHow can I help?");
    await page.keyboard.press("Enter");
    await log.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: "How can I help?" }).waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Message" }).inputValue(), "", "sent and emptied");
    await eventually(
      async () =>
        (await customerConversation(waId)).some(
          (m) => m.direction === "out" && m.text === "Loud and clear.\nHow can I help?",
        ),
      "the customer to get both lines in one message",
    );

    // Private note: back to the mode button with Shift+Tab, Space to switch, type, Tab to Add note, Enter.
    await tabTo(page, "Private note", { back: true, max: 5 });
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), "BUTTON");
    await page.keyboard.press("Space");
    await page.getByRole("textbox", { name: "Private note" }).waitFor();
    await tabTo(page, "Private note", { max: 3 });
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), "TEXTAREA");
    await page.keyboard.type("Asked twice already; be patient.");
    await tabTo(page, "Add note", { max: 3 });
    await page.keyboard.press("Enter");
    await log.locator('[data-testid="message"][data-direction="note"]').filter({ hasText: "be patient" }).waitFor();
    assert.equal(
      (await customerConversation(waId)).some((m) => m.text?.includes("be patient")),
      false,
      "a note never reaches the customer",
    );
  });
});

test("the contact panel by keyboard: a supervisor assigns with the select and Enter; blocking is confirmed by keyboard", async (t) => {
  const waId = uniquePhone();
  const name = "Gede Panel";
  await customerSays(waId, "Please pass me to someone", name);
  await withPage(t, async (page) => {
    await signIn(page, "supervisor@demo.test");
    await openRoomByKeyboard(page, name);
    const panel = page.getByRole("complementary", { name: "Contact and conversation details" });
    await panel.getByLabel("Assign to").locator('option[value="usr_demo_agent"]').waitFor({ state: "attached" });

    await tabTo(page, panel.getByLabel("Assign to"));
    // Pick Budi Agent with the keyboard: type-ahead on the focused select.
    await page.keyboard.type("Budi");
    assert.equal(await panel.getByLabel("Assign to").inputValue(), "usr_demo_agent");
    await page.keyboard.press("Tab");
    assert.equal(await focusedName(page), "Assign");
    await page.keyboard.press("Enter");
    await panel.getByText("Assigned to Budi Agent.").waitFor();
    await panel.getByText("Budi Agent", { exact: true }).waitFor();

    await tabTo(page, "Block contact");
    await page.keyboard.press("Enter");
    await tabTo(page, "Yes, block", { max: 3 });
    await page.keyboard.press("Enter");
    await page.getByText("This contact is blocked: their messages don't reach the inbox").waitFor();
    // The keyboard keeps its place: focus is on the button that undoes it (not back at the top of the page).
    await eventually(async () => (await focusedName(page)) === "Unblock contact", "focus on Unblock contact");
    await page.keyboard.press("Space");
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    await eventually(async () => (await focusedName(page)) === "Block contact", "focus on Block contact");
  });
});

test("a private note looks unlike a reply: its own label and its own colour", async (t) => {
  const waId = uniquePhone();
  const name = "Sinta Styles";
  await customerSays(waId, "Hi, quick question", name);
  await withPage(t, async (page) => {
    const log = await openRoom(page, "agent@demo.test", name);
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.fill("Sure, ask away.");
    await composer.press("Enter");
    await page.getByRole("button", { name: "Private note", exact: true }).click();
    await page.getByRole("textbox", { name: "Private note" }).fill("Customer sounds in a hurry.");
    await page.getByRole("button", { name: "Add note" }).click();

    const reply = log.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: "Sure, ask away." });
    const note = log.locator('[data-testid="message"][data-direction="note"]').filter({ hasText: "in a hurry" });
    await reply.waitFor();
    await note.waitFor();
    await note.getByText("Private note · Budi Agent").waitFor();
    assert.equal(await reply.getByText(/Private note/).count(), 0, "a reply carries no note label");

    const look = (message) =>
      message.locator(".bubble").evaluate((el) => {
        const style = getComputedStyle(el);
        return { background: style.backgroundColor, border: style.borderColor };
      });
    const [replyLook, noteLook] = [await look(reply), await look(note)];
    t.diagnostic(`reply ${JSON.stringify(replyLook)}, note ${JSON.stringify(noteLook)}`);
    assert.notEqual(noteLook.background, replyLook.background, "a note's bubble has its own background");
  });
});

// Issue 17, item 8: a shift worked from the keyboard: j/k move between conversations, r focuses the
// reply box (where j is just a letter), t the template picker, a takes, e resolves, / searches, and ?
// lists them all.
test("shortcuts move between conversations, reply, take and resolve, and ? lists them", async (t) => {
  const [first, second] = ["Keys One", "Keys Two"];
  await customerSays(uniquePhone(), "first customer", first);
  await customerSays(uniquePhone(), "second customer", second);
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await roomItem(page, first).waitFor();
    await page.locator("h1").first().click();

    // j opens the first room of the list, j again the next, k comes back.
    const names = await page.locator(".room-list .room-name").allTextContents();
    const [top, next] = names;
    await page.keyboard.press("j");
    await page.getByRole("heading", { level: 2, name: top }).waitFor();
    await page.keyboard.press("j");
    await page.getByRole("heading", { level: 2, name: next }).waitFor();
    await page.keyboard.press("k");
    await page.getByRole("heading", { level: 2, name: top }).waitFor();
    // Then to one of this test's rooms.
    await roomItem(page, second).click();
    await page.getByRole("heading", { level: 2, name: second }).waitFor();

    const box = page.getByRole("textbox", { name: "Message" });
    await box.waitFor();
    await page.keyboard.press("r");
    assert.ok(await box.evaluate((el) => el === document.activeElement), "r focuses the reply box");
    await page.keyboard.type("jk ok");
    assert.equal(await box.inputValue(), "jk ok", "letters typed in the box are not shortcuts");
    await page.getByRole("heading", { level: 2, name: second }).waitFor();
    await box.fill("");
    await box.evaluate((el) => el.blur());

    await page.keyboard.press("t");
    const picker = page.getByLabel("Template", { exact: true });
    await picker.waitFor();
    await page.waitForFunction(
      () => document.activeElement?.closest(".template-picker select, .template-picker"),
      null,
      {
        timeout: 3_000,
      },
    );
    assert.ok(await picker.evaluate((el) => el === document.activeElement), "t focuses the template picker");
    await picker.evaluate((el) => el.blur());

    await page.keyboard.press("a");
    await inboxTab(page, "Assigned to me").click();
    await roomItem(page, second).waitFor();
    // The room's header offers Resolve once the take is in (the list may show it a moment earlier).
    const resolve = page.getByRole("button", { name: "Resolve", exact: true });
    await resolve.waitFor();
    await page.waitForFunction(() => {
      const button = document.querySelector('[data-shortcut="resolve"]');
      return button instanceof HTMLButtonElement && !button.disabled;
    });
    await page.locator("h1").first().click();
    await page.keyboard.press("e");
    await page.getByText("This conversation is resolved.").waitFor();

    await page.keyboard.press("/");
    assert.ok(
      await page
        .getByRole("searchbox", { name: "Search conversations" })
        .evaluate((el) => el === document.activeElement),
    );
    await page.keyboard.press("Escape");
    await page.locator("h1").first().click();
    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await sheet.getByText("Resolve the conversation").waitFor();
    await page.keyboard.press("Escape");
    await sheet.waitFor({ state: "detached" });
  });
});
