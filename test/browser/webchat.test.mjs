// Issue 16, items 2, 7 and 9 (rule G2, I5): a visitor on a page of ANOTHER origin (the sandbox's
// http://localhost:<port>/sandbox/webchat, while the inbox is on 127.0.0.1:<port>) opens the webchat
// widget and writes; an agent sees the room arrive live with the webchat icon and replies; the
// visitor sees the reply live without a reload; after a reload the visitor sees the history.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  BASE_URL,
  eventually,
  inboxTab,
  overflowsHorizontally,
  roomItem,
  screenshot,
  signIn,
  useBrowser,
  withPage,
} from "./helpers.mjs";

useBrowser();

const HOST_PAGE = `${BASE_URL.replace("127.0.0.1", "localhost")}/sandbox/webchat`;

async function openWidget(site) {
  await site.getByRole("button", { name: "Chat with us" }).click();
  const chat = site.frameLocator('iframe[title="Chat"]');
  await chat.getByRole("textbox", { name: "Message" }).waitFor();
  return chat;
}

test("a visitor on another origin chats through the widget and an agent answers live", async (t) => {
  const stamp = Date.now().toString(36);
  const question = `Is the rattan bag still available? ${stamp}`;
  const answer = `Yes, we have two left ${stamp}`;
  await withPage(t, async (page, context) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();

    const site = await context.newPage();
    await site.setViewportSize({ width: 360, height: 740 });
    await site.goto(HOST_PAGE);
    assert.notEqual(new URL(site.url()).origin, new URL(BASE_URL).origin, "the host page is another origin");
    const chat = await openWidget(site);
    await chat.getByRole("textbox", { name: "Message" }).fill(question);
    await chat.getByRole("button", { name: "Send" }).click();
    await chat.getByRole("log", { name: "Conversation" }).getByText(question).waitFor();

    // The agent's open inbox shows the new room without a reload, marked as webchat.
    const item = roomItem(page, question);
    await item.waitFor();
    await item.locator('[data-channel-kind="webchat"]').first().waitFor();
    await item.click();
    const log = page.getByRole("log", { name: "Messages" });
    await log.getByText(question).waitFor();
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.fill(answer);
    await composer.press("Enter");
    await log.getByText(answer).waitFor();

    // The visitor sees the reply live, with no reload.
    await chat.getByRole("log", { name: "Conversation" }).getByText(answer).waitFor();
    await screenshot(site, "webchat-widget-live-reply", { fullPage: false });

    // After a reload the widget keeps the visitor: the conversation is still there.
    await site.reload();
    const again = await openWidget(site);
    const history = again.getByRole("log", { name: "Conversation" });
    await history.getByText(question).waitFor();
    await history.getByText(answer).waitFor();
  });
});

test("with nobody online the widget says a reply may take a while and takes an email", async (t) => {
  const stamp = Date.now().toString(36);
  await withPage(t, async (site) => {
    await site.setViewportSize({ width: 360, height: 740 });
    await site.goto(HOST_PAGE);
    const chat = await openWidget(site);
    await chat.getByText(/a reply may take a while/).waitFor();
    await chat.getByRole("textbox", { name: "Message" }).fill(`Are you open on Sunday? ${stamp}`);
    await chat.getByRole("textbox", { name: "Message" }).press("Enter");
    await chat.getByRole("textbox", { name: "Your email" }).fill(`visitor-${stamp}@example.com`);
    await chat.getByRole("button", { name: "Save" }).click();
    const log = chat.getByRole("log", { name: "Conversation" });
    await log.getByText(`My email for the reply: visitor-${stamp}@example.com`).waitFor();
    // The team finds both in the room when they come back.
    const api = await apiAs("admin@demo.test");
    await eventually(async () => {
      const { rooms } = await api.get("/api/rooms?view=all");
      return rooms.find((r) => r.channelKind === "webchat" && r.lastMessagePreview?.includes(`visitor-${stamp}`));
    }, "the visitor's room with the email in the inbox");
  });
});

test("an admin adds a webchat widget: a trailing slash is refused, then the snippet and the identity secret are shown", async (t) => {
  const stamp = Date.now().toString(36);
  const channelName = `Shop site ${stamp}`;
  let channelId = null;
  try {
    await withPage(
      t,
      async (admin) => {
        await signIn(admin, "admin@demo.test");
        await admin.goto("/admin/channels");
        await admin.getByRole("button", { name: "Connect a channel" }).click();
        await admin.getByRole("radio", { name: "Webchat" }).check();
        const form = admin.getByRole("form", { name: "Add a webchat widget to your website" });
        await form.getByLabel("Name", { exact: true }).fill(channelName);
        await form.getByLabel("Domain").fill("https://shop.example/");
        await form.getByRole("button", { name: "Connect", exact: true }).click();
        await form.getByText('Leave out the "/" at the end: https://shop.example.').first().waitFor();
        await form.getByLabel("Domain").fill("https://shop.example");
        await form.getByRole("button", { name: "Connect", exact: true }).click();
        const secret = admin.getByTestId("identity-secret");
        await secret.waitFor();
        assert.match((await secret.textContent()) ?? "", /^whs_/);
        const row = admin
          .getByRole("list", { name: "Channels" })
          .getByRole("listitem")
          .filter({ hasText: channelName });
        const snippet = row.getByTestId("embed-snippet");
        assert.match(
          (await snippet.textContent()) ?? "",
          /<script src="http:\/\/127\.0\.0\.1:\d+\/widget\/wc_[^/]+\/loader\.js" async><\/script>/,
        );
        await row.getByRole("button", { name: `Copy the snippet of ${channelName}` }).waitFor();
        await row.locator('svg[data-channel-kind="webchat"]').waitFor();
        assert.equal(await overflowsHorizontally(admin), false, "usable at 360 px: nothing overflows sideways");
        // Shown once: after "I have stored it" and a reload, the secret is nowhere on the page.
        const shown = (await secret.textContent()) ?? "";
        await admin.getByRole("button", { name: "I have stored it" }).click();
        await admin.reload();
        await row.getByTestId("embed-snippet").waitFor();
        assert.equal((await admin.content()).includes(shown), false, "the identity secret is shown again");
      },
      { viewport: { width: 360, height: 740 } },
    );
    const api = await apiAs("admin@demo.test");
    channelId = (await api.get("/api/channels")).channels.find((c) => c.name === channelName)?.id ?? null;
    assert.ok(channelId, "the channel is listed");
  } finally {
    // Leave the shared demo tenant as it was: the widget is disconnected again (G4).
    if (channelId) await (await apiAs("admin@demo.test")).delete(`/api/channels/${channelId}`);
  }
});
