// Two agents accept the same call at once (issue 14, item 10; rules C5 (c), C7): a ring-to-all group
// rings both; exactly one gets the call with audio, the other's widget says who answered. The ring
// group is deleted and the demo number's calling switches are put back afterwards.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apiAs, customerSays, eventually, signIn, uniquePhone, useBrowser, withPage } from "./helpers.mjs";
import { openSimulator } from "./helpers-inbox.mjs";

useBrowser({ media: true });

let admin;
let channelId;
let switchesBefore;
let group;
before(async () => {
  admin = await apiAs("admin@demo.test");
  // The demo tenant's sandbox number (other tests connect more numbers, with tokens Meta would refuse).
  channelId = (await admin.get("/api/channels")).channels.find((c) => c.phoneNumberId === "100000000000001").id;
  const { inbound, outbound } = await admin.get(`/api/channels/${channelId}/calling`);
  switchesBefore = { inbound, outbound };
  await admin.put(`/api/channels/${channelId}/calling`, { inbound: true, outbound });
});
after(async () => {
  if (group) await admin.delete(`/api/ring-groups/${group.id}`);
  if (switchesBefore) await admin.put(`/api/channels/${channelId}/calling`, switchesBefore);
});

test("two agents accept at once: exactly one gets the call, the other sees who answered (C5, C7)", async (t) => {
  const budi = await apiAs("agent@demo.test");
  const dewi = await apiAs("agent2@demo.test");
  const supervisor = await apiAs("supervisor@demo.test");
  group = await supervisor.post("/api/ring-groups", {
    name: `Race ${Date.now()}`,
    channelId,
    mode: "ring_all",
    members: [budi.me.user.id, dewi.me.user.id],
    ringTimeoutSeconds: 60,
  });
  const waId = uniquePhone();
  const name = `Race ${waId.slice(-4)}`;
  await customerSays(waId, "Halo, saya mau telepon", name);

  await withPage(t, async (budiPage, context) => {
    await withPage(t, async (dewiPage) => {
      await signIn(budiPage, "agent@demo.test");
      await signIn(dewiPage, "agent2@demo.test");
      await budiPage.locator(".live-dot").waitFor();
      await dewiPage.locator(".live-dot").waitFor();

      const sim = await openSimulator(context, waId);
      await sim.getByTestId("sim-call").click();

      const widgets = [budiPage, dewiPage].map((p) => p.getByTestId("call-widget"));
      await Promise.all(widgets.map((w) => w.and(w.page().locator("[data-phase=ringing]")).waitFor()));
      // Both press Accept in the same moment.
      await Promise.all(widgets.map((w) => w.getByRole("button", { name: "Accept" }).click()));

      const phases = await eventually(
        async () => {
          const now = await Promise.all(widgets.map((w) => w.getAttribute("data-phase")));
          return now.includes("active") && now.includes("taken") ? now : null;
        },
        "one agent on the call and the other told it was taken",
        20_000,
      );
      const winner = phases.indexOf("active");
      const loser = 1 - winner;
      const winnerName = ["Budi Agent", "Dewi Agent"][winner];
      await widgets[loser].getByTestId("call-taken-by").getByText(`Answered by ${winnerName}.`).waitFor();
      // Still one winner a moment later: the loser's browser did not take the call after all.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(await widgets[winner].getAttribute("data-phase"), "active");
      assert.equal(await widgets[loser].getAttribute("data-phase"), "taken");

      const audio = widgets[winner].getByTestId("call-audio");
      await eventually(
        async () => Number(await audio.getAttribute("data-received")) > 0,
        "audio for the winner",
        20_000,
      );
      await eventually(
        async () => Number(await sim.getByTestId("sim-call-flow").getAttribute("data-received")) > 0,
        "audio for the customer",
        20_000,
      );

      // The customer hangs up: the winner's call ends.
      await sim.getByTestId("sim-call-hangup").click();
      await widgets[winner].and(widgets[winner].page().locator("[data-phase=ended]")).waitFor();
    });
  });

  const call = await eventually(async () => {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());
    const { calls } = await supervisor.get(`/api/reports/calls?from=${today}&to=${today}`);
    return calls.find((c) => c.contact === name && c.status === "Answered");
  }, "the call logged Answered");
  assert.ok(["Budi Agent", "Dewi Agent"].includes(call.agent), `one agent took it, not ${call.agent}`);
});
