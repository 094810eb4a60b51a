// Issue 16 in the browser (rules G3, G4, I1, I5): an admin connects a Telegram bot in Admin ›
// Channels (the platform checks the token with getMe and registers its webhook itself), a Telegram
// customer writes from the sandbox, the agent sees the room with the Telegram mark, replies, and the
// sandbox Bot API receives the reply. The channel is disconnected again at the end (rooms are kept, G4).
// And a WhatsApp number connected with a wrong access token is refused in the form with the reason (G3).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  BASE_URL,
  eventually,
  inboxTab,
  roomItem,
  sandboxPost,
  signIn,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";
import { connectChannelForm, sendReply } from "./helpers-inbox.mjs";

useBrowser();

const sentByBot = async (botId, chatId) => {
  const response = await fetch(`${BASE_URL}/sandbox/api/channels/telegram/bots/${botId}/sent?chat=${chatId}`);
  return (await response.json()).sent;
};

test("an admin connects a Telegram bot; a Telegram customer writes; the agent sees the Telegram mark and replies; the bot sends it (G3)", async (t) => {
  const stamp = `${Date.now() % 1_000_000}`.padStart(6, "0");
  const channelName = `Telegram shop ${stamp}`;
  const customer = `Tari Telegram ${stamp}`;
  const chatId = `61${stamp}`;
  const bot = await sandboxPost("/channels/telegram/bots", {});
  let channelId = null;
  try {
    await withPage(t, async (admin) => {
      const form = await connectChannelForm(admin, "Connect a Telegram bot", "Telegram");
      await form.getByLabel("Name", { exact: true }).fill(channelName);
      await form.getByLabel("Bot token").fill(bot.token);
      await form.getByRole("button", { name: "Connect", exact: true }).click();
      await admin
        .getByRole("status")
        .filter({ hasText: `${channelName} is connected; its webhook is set.` })
        .waitFor();
      const row = admin.getByRole("list", { name: "Channels" }).getByRole("listitem").filter({ hasText: channelName });
      await row.getByText(`@${bot.username}`, { exact: false }).waitFor();
      await row.getByText(`/webhooks/telegram/${bot.botId}`).waitFor();
      await row.locator('svg[data-channel-kind="telegram"]').waitFor();
      assert.equal((await admin.content()).includes(bot.token), false, "the bot token is shown back");
    });
    const api = await apiAs("admin@demo.test");
    channelId = (await api.get("/api/channels")).channels.find((c) => c.name === channelName)?.id ?? null;
    assert.ok(channelId, "the channel is listed");

    const delivered = await sandboxPost("/channels/telegram/updates", {
      botId: bot.botId,
      chatId,
      firstName: customer,
      text: "Halo, paket saya belum sampai 📦",
    });
    assert.equal(delivered.status, 200, `the platform took the update: ${delivered.answer}`);

    await withPage(
      t,
      async (agent) => {
        await signIn(agent, "agent@demo.test");
        await inboxTab(agent, "Unassigned").click();
        const item = roomItem(agent, customer);
        await item.locator('svg[data-channel-kind="telegram"]').waitFor();
        await item.getByText("Channel: Telegram").waitFor({ state: "attached" });
        await item.click();
        await agent.getByRole("heading", { level: 2, name: customer }).waitFor();
        await agent.locator('.room-subtitle svg[data-channel-kind="telegram"]').waitFor();
        await agent.getByRole("log", { name: "Messages" }).getByText("Halo, paket saya belum sampai 📦").waitFor();
        // Telegram has no reply window: the reply box is there and no countdown is shown.
        assert.equal(await agent.getByTestId("window-countdown").count(), 0, "no window countdown on Telegram");
        // Calls are WhatsApp's (C1-C11): a Telegram room has no call strip.
        assert.equal(await agent.getByTestId("room-call-bar").count(), 0, "no call strip on Telegram");
        await sendReply(agent, "Kami cek sekarang ya 🙏");
      },
      { viewport: VIEWPORTS.desktop },
    );
    const sent = await eventually(async () => {
      const list = await sentByBot(bot.botId, chatId);
      return list.length > 0 ? list : null;
    }, "the sandbox bot to receive the reply");
    assert.deepEqual(
      sent.map((s) => [s.method, s.text]),
      [["sendMessage", "Kami cek sekarang ya 🙏"]],
    );
  } finally {
    // Leave the demo tenant as found: the bot is disconnected (its rooms are kept, G4).
    if (channelId) await (await apiAs("admin@demo.test")).patch(`/api/channels/${channelId}`, { connected: false });
  }
});

test("a WhatsApp number with a wrong access token is refused in the form with the reason, and not connected (G3)", async (t) => {
  const stamp = `${Date.now() % 1_000_000}`.padStart(6, "0");
  const name = `Wrong token ${stamp}`;
  const phoneNumberId = `1777${stamp}01`;
  await sandboxPost("/channels/whatsapp/numbers", { phoneNumberId, accessToken: `EAAG-right-token-${stamp}` });
  await withPage(t, async (admin) => {
    const form = await connectChannelForm(admin, "Connect a WhatsApp number");
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Display phone number").fill(`+62 811 17${stamp}`);
    await form.getByLabel("Phone number id").fill(phoneNumberId);
    await form.getByLabel("WhatsApp Business account id").fill(`2777${stamp}01`);
    await form.getByLabel("Access token").fill(`EAAG-mistyped-token-${stamp}`);
    await form.getByLabel("App secret").fill(`app-secret-${stamp}`);
    await form.getByLabel("Webhook verify token").fill(`verify-token-${stamp}`);
    await form.getByRole("button", { name: "Connect", exact: true }).click();
    await form
      .getByRole("alert")
      .filter({ hasText: "The access token was not accepted: it may be expired, revoked or mistyped." })
      .waitFor();
    // The form stays open with what was typed, and no channel was made.
    assert.equal(await form.getByLabel("Phone number id").inputValue(), phoneNumberId);
    const api = await apiAs("admin@demo.test");
    assert.equal(
      (await api.get("/api/channels")).channels.some((c) => c.name === name),
      false,
      "a channel was made",
    );
  });
});
