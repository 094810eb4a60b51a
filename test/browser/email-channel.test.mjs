// Issue 16, email in the browser (rules G3, G4, I1, I5): an admin connects a mailbox in Admin ›
// Channels and sees the inbound address to forward to; an email customer writes from the simulator
// page (a raw RFC 5322 mail through the Worker's email() handler); the agent sees the room with the
// email mark and the mail's subject, and replies; the simulator shows the reply threaded under the
// customer's mail ("Re: <subject>", in reply to its Message-ID). The channel is disconnected at the end.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, inboxTab, roomItem, signIn, useBrowser, VIEWPORTS, withPage } from "./helpers.mjs";
import { connectChannelForm, sendReply } from "./helpers-inbox.mjs";

useBrowser();

test("an admin connects a mailbox; an email customer writes; the agent sees the email mark and subject and replies; the customer gets it threaded (G3)", async (t) => {
  const stamp = `${Date.now() % 1_000_000}`.padStart(6, "0");
  const channelName = `Support mail ${stamp}`;
  const support = `support-${stamp}@shop.example`;
  const customer = `Rina Email ${stamp}`;
  const subject = `Pesanan #${stamp} belum sampai`;
  let channelId = null;
  let inbound = "";
  try {
    await withPage(t, async (admin) => {
      const form = await connectChannelForm(admin, "Connect a mailbox", "Email");
      await form.getByLabel("Name", { exact: true }).fill(channelName);
      await form.getByLabel("Support email address").fill(support);
      await form.getByRole("button", { name: "Connect", exact: true }).click();
      await admin
        .getByRole("status")
        .filter({ hasText: `${channelName} is connected. Forward ${support} to` })
        .waitFor();
      const row = admin.getByRole("list", { name: "Channels" }).getByRole("listitem").filter({ hasText: channelName });
      await row.locator('svg[data-channel-kind="email"]').waitFor();
      inbound = (await row.getByTestId("inbound-address").textContent()) ?? "";
      assert.match(inbound, /^[0-9a-f]{20}@inbound\./, "the inbound address to forward to is shown");
    });
    const api = await apiAs("admin@demo.test");
    channelId = (await api.get("/api/channels")).channels.find((c) => c.name === channelName)?.id ?? null;
    assert.ok(channelId, "the channel is listed");

    await withPage(
      t,
      async (sim) => {
        await sim.goto("/sandbox/");
        const panel = sim.getByTestId("sim-email");
        await panel.getByLabel("Channel's inbound address").fill(inbound);
        await panel.getByLabel("Channel's support address (replies come from it)").fill(support);
        await panel.getByLabel("Customer name").fill(customer);
        await panel.getByLabel("Subject").fill(subject);
        await panel.getByLabel("Message").fill("Halo, paket saya belum sampai 📦");
        await panel.getByRole("button", { name: "Send email" }).click();
        await panel.getByTestId("em-own").filter({ hasText: subject }).waitFor();

        await withPage(
          t,
          async (agent) => {
            await signIn(agent, "agent@demo.test");
            await inboxTab(agent, "Unassigned").click();
            const item = roomItem(agent, customer);
            await item.locator('svg[data-channel-kind="email"]').waitFor();
            await item.click();
            await agent.getByRole("heading", { level: 2, name: customer }).waitFor();
            const log = agent.getByRole("log", { name: "Messages" });
            await log.getByText("Halo, paket saya belum sampai 📦").waitFor();
            await log.getByTestId("email-subject").filter({ hasText: subject }).waitFor();
            // Email has no reply window: no countdown.
            assert.equal(await agent.getByTestId("window-countdown").count(), 0, "no window countdown on email");
            await sendReply(agent, "Kami cek sekarang ya 🙏");
          },
          { viewport: VIEWPORTS.desktop },
        );

        // The simulator polls the fake's recorded sends: the reply is threaded under the customer's mail.
        const reply = panel.getByTestId("em-reply").filter({ hasText: `Re: ${subject}` });
        await reply.waitFor();
        const text = (await reply.textContent()) ?? "";
        assert.match(text, /Kami cek sekarang ya 🙏/);
        assert.match(text, /in reply to <[^>]+@customer\.example>/);
      },
      { viewport: VIEWPORTS.desktop },
    );
  } finally {
    // Leave the demo tenant as found: the mailbox is disconnected (its rooms are kept, G4).
    if (channelId) await (await apiAs("admin@demo.test")).patch(`/api/channels/${channelId}`, { connected: false });
  }
});
