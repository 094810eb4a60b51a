// WhatsApp calls in two real browsers (issue 14, items 8-10; rules C3-C5, C7, C10, C11): the customer
// simulator page and the agent's inbox each hold a real RTCPeerConnection with Chromium's fake
// microphone. Audio must flow both ways (bytes received per getStats on both sides). The demo
// number's calling switches are turned on for the test and put back as they were.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  apiAs,
  customerSays,
  eventually,
  overflowsHorizontally,
  screenshot,
  signIn,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";
import { openSimulator } from "./helpers-inbox.mjs";

useBrowser({ media: true });

let admin;
let channelId;
let switchesBefore;
before(async () => {
  admin = await apiAs("admin@demo.test");
  // The demo tenant's sandbox number (other tests connect more numbers, with tokens Meta would refuse).
  channelId = (await admin.get("/api/channels")).channels.find((c) => c.phoneNumberId === "100000000000001").id;
  const { inbound, outbound } = await admin.get(`/api/channels/${channelId}/calling`);
  switchesBefore = { inbound, outbound };
  await admin.put(`/api/channels/${channelId}/calling`, { inbound: true, outbound: true });
});
after(async () => {
  if (switchesBefore) await admin.put(`/api/channels/${channelId}/calling`, switchesBefore);
});

/** A customer who wrote just now, and their room. */
async function customerWithRoom(label) {
  const waId = uniquePhone();
  const name = `${label} ${waId.slice(-4)}`;
  await customerSays(waId, "Boleh telepon?", name);
  const room = await eventually(
    async () => (await admin.get(`/api/rooms?view=all&q=${waId}`)).rooms[0],
    "the customer's room",
  );
  return { waId, name, room };
}

const bytes = async (locator, side) => Number(await locator.getAttribute(`data-${side}`));

/** Both peers received and sent audio: bytes per getStats, as each page shows them. */
async function audioFlowsBothWays(agentAudio, simFlow) {
  await eventually(
    async () =>
      (await bytes(agentAudio, "received")) > 0 &&
      (await bytes(agentAudio, "sent")) > 0 &&
      (await bytes(simFlow, "received")) > 0 &&
      (await bytes(simFlow, "sent")) > 0,
    "audio both ways",
    20_000,
  );
}

const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());

test("a customer calls, the assigned agent accepts in the widget, they hear each other, and the call is logged (C5, C10, C11)", async (t) => {
  const { waId, name, room } = await customerWithRoom("Caller");
  const agentId = (await apiAs("agent@demo.test")).me.user.id;
  await admin.post(`/api/rooms/${room.id}/assign`, { userId: agentId });

  await withPage(t, async (page, context) => {
    await signIn(page, "agent@demo.test");
    await page.locator(".live-dot").waitFor();
    const sim = await openSimulator(context, waId, name);
    await sim.getByTestId("sim-call").click();
    await eventually(
      async () => (await sim.getByTestId("sim-call-state").getAttribute("data-state")) === "ringing",
      "the phone ringing",
    );

    // C5 (a): the room's assignee rings.
    const widget = page.getByTestId("call-widget");
    await widget.and(page.locator("[data-phase=ringing]")).waitFor();
    assert.match(await widget.textContent(), new RegExp(`Incoming WhatsApp call.*${name}`));
    await page.setViewportSize(VIEWPORTS.narrow);
    assert.equal(await overflowsHorizontally(page), false, "the ringing widget fits 360 px");
    await screenshot(page, "call-ringing-360", { fullPage: false });
    await page.setViewportSize(VIEWPORTS.desktop);

    // C5: the agent reloads during the ring; the call rings again in the new page, offer and all.
    await page.reload();
    await widget.and(page.locator("[data-phase=ringing]")).waitFor();
    assert.match(await widget.textContent(), new RegExp(`Incoming WhatsApp call.*${name}`));

    await widget.getByRole("button", { name: "Accept" }).click();
    await widget.and(page.locator("[data-phase=active]")).waitFor({ timeout: 15_000 });
    await eventually(
      async () => (await sim.getByTestId("sim-call-state").getAttribute("data-state")) === "active",
      "the customer's phone in the call",
    );
    await audioFlowsBothWays(widget.getByTestId("call-audio"), sim.getByTestId("sim-call-flow"));
    await widget.getByText("Audio is flowing both ways.").waitFor();
    await widget
      .getByTestId("call-duration")
      .getByText(/^0:0[1-9]|^0:[1-5]\d/)
      .waitFor();

    // Mute keeps the call (silence still flows); the widget says so.
    await widget.getByRole("button", { name: "Mute" }).click();
    assert.equal(await widget.getByRole("button", { name: "Unmute" }).getAttribute("aria-pressed"), "true");
    await widget.getByRole("button", { name: "Unmute" }).click();

    // Movable by keyboard: the arrow keys move it.
    const before = await widget.boundingBox();
    await widget.getByRole("button", { name: /Move the call window/ }).focus();
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowUp");
    const moved = await widget.boundingBox();
    assert.ok(moved.x < before.x && moved.y < before.y, "the arrow keys move the widget");
    await screenshot(page, "call-active", { fullPage: false });

    await widget.getByRole("button", { name: "Hang up" }).click();
    await widget.and(page.locator("[data-phase=ended]")).waitFor();
    await eventually(
      async () => (await sim.getByTestId("sim-call-state").getAttribute("data-state")) === "ended",
      "the customer's phone hung up",
    );
  });

  // C10: the call is in Call activity, Answered, with the agent who took it.
  const supervisor = await apiAs("supervisor@demo.test");
  const logged = await eventually(async () => {
    const { calls } = await supervisor.get(`/api/reports/calls?from=${today()}&to=${today()}`);
    return calls.find((c) => c.contact === name && c.status === "Answered");
  }, "the answered call in Call activity");
  assert.equal(logged.agent, "Budi Agent");
  assert.equal(logged.direction, "inbound");
  assert.ok(logged.durationSeconds >= 1, "the call lasted");
});

test("the agent asks for call permission, the customer allows it, and the agent calls from the room header (C2-C4)", async (t) => {
  const { waId, name, room } = await customerWithRoom("Callback");
  const agent = await apiAs("agent@demo.test");
  await admin.post(`/api/rooms/${room.id}/assign`, { userId: agent.me.user.id });
  // B8: an outbound call needs Rp 50,000 of voice balance.
  const { remaining } = await admin.get("/api/billing/usage");
  if (remaining.voiceBalance < 60_000) await admin.post("/api/billing/topups", { wallet: "voice", amount: 100_000 });

  await withPage(t, async (page, context) => {
    await signIn(page, "agent@demo.test");
    await page.goto(`/rooms/${room.id}`);
    const bar = page.getByTestId("room-call-bar");
    await bar.getByText("The customer has not allowed calls yet.").waitFor();
    assert.equal(await bar.getByRole("button", { name: "Call" }).count(), 0, "no Call button without permission (C4)");

    // C2: the request goes out; a second one the same day is not possible.
    await bar.getByRole("button", { name: "Request permission" }).click();
    await bar.getByText("Call permission requested; waiting for the customer's answer.").waitFor();
    assert.equal(await bar.getByRole("button", { name: "Request permission" }).isDisabled(), true);
    await bar.getByText(/The next request can be sent/).waitFor();
    await page.setViewportSize(VIEWPORTS.narrow);
    assert.equal(await overflowsHorizontally(page), false, "the call strip fits 360 px");
    await page.setViewportSize(VIEWPORTS.desktop);

    // C3: the customer allows calls for 7 days; the room shows it live, and the Call button.
    const sim = await openSimulator(context, waId, name);
    await sim.getByTestId("sim-permission-temporary").click();
    await bar.getByText(/^Calls allowed until/).waitFor();
    assert.equal(await bar.getAttribute("data-permission"), "temporary");

    // C4, C11: the agent calls; the customer's phone rings with the business's offer and answers.
    await bar.getByRole("button", { name: "Call" }).click();
    const widget = page.getByTestId("call-widget");
    await widget.and(page.locator("[data-phase=calling]")).waitFor({ timeout: 15_000 });
    await eventually(
      async () => (await sim.getByTestId("sim-call-state").getAttribute("data-state")) === "incoming",
      "the customer's phone ringing",
    );
    await sim.getByTestId("sim-call-answer").click();
    await widget.and(page.locator("[data-phase=active]")).waitFor({ timeout: 15_000 });
    await audioFlowsBothWays(widget.getByTestId("call-audio"), sim.getByTestId("sim-call-flow"));
    assert.equal(await bar.getByRole("button", { name: "Call" }).isDisabled(), true, "one call at a time (C7)");

    await sim.getByTestId("sim-call-hangup").click();
    await widget.and(page.locator("[data-phase=ended]")).waitFor();
  });

  const supervisor = await apiAs("supervisor@demo.test");
  const logged = await eventually(async () => {
    const { calls } = await supervisor.get(`/api/reports/calls?from=${today()}&to=${today()}&direction=outbound`);
    return calls.find((c) => c.contact === name);
  }, "the outbound call in Call activity");
  assert.equal(logged.status, "Answered");
  assert.ok(logged.cost > 0, "an outbound call is billed per started minute (B8)");
});

test("the agent declines; the customer leaves a voicemail that arrives in the room as audio (C9)", async (t) => {
  const { waId, name, room } = await customerWithRoom("Voicemail");
  const agentId = (await apiAs("agent@demo.test")).me.user.id;
  await admin.post(`/api/rooms/${room.id}/assign`, { userId: agentId });

  await withPage(t, async (page, context) => {
    await signIn(page, "agent@demo.test");
    await page.locator(".live-dot").waitFor();
    const sim = await openSimulator(context, waId, name);
    await sim.getByTestId("sim-call-voice").selectOption("mic");
    await sim.getByTestId("sim-call").click();

    const widget = page.getByTestId("call-widget");
    await widget.and(page.locator("[data-phase=ringing]")).waitFor();
    await widget.getByRole("button", { name: "Decline" }).click();
    await widget.waitFor({ state: "detached" });

    // The only agent rung declined: the call is rejected, and the phone offers a voicemail.
    await sim.getByTestId("sim-call-voicemail").click();
    await sim.getByText("Voicemail sent to the business").waitFor();
    await page.goto(`/rooms/${room.id}`);
    await page.getByRole("log", { name: "Messages" }).getByLabel("Audio", { exact: true }).waitFor();
  });
});
