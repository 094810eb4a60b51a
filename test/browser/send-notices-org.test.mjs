// A send's failure notice and its restored words belong to the person and the organization it was sent
// in. One that fails after the agent switched organization is not shown in the other organization (its
// room is not there); it waits, and shows once the agent switches back, with the words back in the
// room's box. A file still uploading at the switch is not sent from the other organization. After a
// sign-out the next person is told nothing; the words wait in the sender's draft.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  customerSays,
  DEMO_PASSWORD,
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

/** A send held until `release()`, then refused: out of balance (402). */
const holdSends = (page) => holdRequests(page, isRoomSend, noBalance);

/** Opens the room of `name` in the Unassigned tab; its id. */
async function openRoomNamed(page, name) {
  await inboxTab(page, "Unassigned").click();
  await roomItem(page, name).click();
  await page.getByRole("heading", { level: 2, name }).waitFor();
  return decodeURIComponent(new URL(page.url()).pathname.split("/").pop());
}

/** Waits until the room's draft of `userId` (kept in this browser) holds `text`: the failure was taken in. */
function draftHolds(page, userId, roomId, text) {
  const key = `edge-inbox:draft:${userId}:${roomId}`;
  return eventually(
    async () => (await page.evaluate((k) => localStorage.getItem(k), key)) === text,
    `${text} back in the room's draft`,
  );
}

async function switchTo(page, name) {
  await page.getByLabel("Organization").selectOption({ label: name });
  await page
    .getByRole("status")
    .filter({ hasText: new RegExp(`^Switched to ${name}\\.$`) })
    .waitFor();
}

/** Signs the supervisor in to Demo Store (the seed makes them a member of Demo Store Bali too). */
async function supervisorInDemoStore(page) {
  await signIn(page, "supervisor@demo.test");
  if ((await page.getByLabel("Organization").inputValue()) !== "org_demo") await switchTo(page, "Demo Store");
}

/** Nothing of the failed send shows: the failure was taken in (`draftHolds`), and a moment to draw it. */
async function noNotice(page, what) {
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId("send-notices").count(), 0, what);
}

test("a reply that fails after the agent switched organization is not shown there, and its notice waits for the switch back", async (t) => {
  const name = "Citra Switch";
  const reply = "Your parcel left our Jakarta store this morning.";
  await customerSays(uniquePhone(), "Where is my parcel?", name);
  await withPage(t, async (page) => {
    const held = await holdSends(page);
    await supervisorInDemoStore(page);
    const roomId = await openRoomNamed(page, name);
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill(reply);
    await box.press("Enter");
    await eventually(() => held.count === 1, "the reply on its way");

    await switchTo(page, "Demo Store Bali");
    held.release();
    await draftHolds(page, "usr_demo_supervisor", roomId, reply);
    await noNotice(page, "no notice in the other organization");
    assert.equal(await page.getByText(`Your reply to ${name} was not sent.`).count(), 0);
    assert.equal(await roomItem(page, name).count(), 0, "the room is not this organization's");

    await switchTo(page, "Demo Store");
    const notice = page.getByTestId("send-notices").getByRole("alert");
    await notice.getByText(`Your reply to ${name} was not sent.`).waitFor();
    const words = (await notice.textContent()) ?? "";
    assert.match(words, /The WhatsApp balance cannot pay for this message\./, "the reason, in words");
    assert.match(words, /It is back in the message box\./);
    await notice.getByRole("link", { name: "Open the conversation" }).click();
    await page.getByRole("heading", { level: 2, name }).waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Message" }).inputValue(), reply);
    assert.equal(await page.getByTestId("send-notices").count(), 0, "the notice goes once its room is opened");
  });
});

// A file uploaded while the agent switched is not sent through the other organization's session (its
// room is not there): the notice, back in its own organization, says why.
test("a file still uploading when the agent switched organization is not sent from the other one, and its notice says why", async (t) => {
  const name = "Eka Upload";
  await customerSays(uniquePhone(), "Please send the receipt", name);
  await withPage(t, async (page) => {
    const uploads = await holdRequests(
      page,
      (url) => url.pathname === "/api/media",
      (route) =>
        route.fulfill({
          status: 201,
          contentType: "application/json",
          body: JSON.stringify({ id: "media_held", mimeType: "application/pdf", size: 15, filename: "receipt.pdf" }),
        }),
    );
    let sends = 0;
    await page.route(isRoomSend, (route) => {
      if (route.request().method() === "POST") sends += 1;
      return route.fallback();
    });
    await supervisorInDemoStore(page);
    const roomId = await openRoomNamed(page, name);
    await page.getByLabel("Attach a file").setInputFiles({
      name: "receipt.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
    });
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("Here is your receipt");
    await box.press("Enter");
    await eventually(() => uploads.count === 1, "the file on its way");

    await switchTo(page, "Demo Store Bali");
    uploads.release();
    await draftHolds(page, "usr_demo_supervisor", roomId, "Here is your receipt");
    await noNotice(page, "no notice in the other organization");
    assert.equal(sends, 0, "not sent through the other organization's session");

    await switchTo(page, "Demo Store");
    const notice = page.getByTestId("send-notices").getByRole("alert");
    await notice.getByText(`Your file receipt.pdf to ${name} was not sent.`).waitFor();
    const words = (await notice.textContent()) ?? "";
    assert.match(words, /It was still on its way when you switched organization\./);
    assert.match(words, /Attach the file again to send it\./);
    assert.match(words, /Its caption is back in the message box\./);
  });
});

// Signing out forgets the notices: whoever signs in next in this tab is not told of another person's
// reply. The words still go back into the sender's own draft of the room.
test("a reply that fails after its sender signed out is not shown to the next person, and waits in the sender's draft", async (t) => {
  const name = "Dodi Signout";
  const reply = "We will call you back tomorrow.";
  await customerSays(uniquePhone(), "Can someone call me?", name);
  await withPage(t, async (page) => {
    const held = await holdSends(page);
    await signIn(page, "agent@demo.test");
    const roomId = await openRoomNamed(page, name);
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill(reply);
    await box.press("Enter");
    await eventually(() => held.count === 1, "the reply on its way");

    // Signed out and in again in the same tab (no reload: the send is still on its way).
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Email").fill("agent2@demo.test");
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    held.release();
    await draftHolds(page, "usr_demo_agent", roomId, reply);
    await noNotice(page, "no notice for the next person");
    const theirs = await page.evaluate((id) => localStorage.getItem(`edge-inbox:draft:usr_demo_agent2:${id}`), roomId);
    assert.equal(theirs, null, "nor the words in their draft");
  });
});
