// Steps many browser tests take, written once: open a room as someone and reply in it, find a
// customer's room through the API, start a chat in the customer simulator, read the template the
// customer's phone got, open Admin › Channels' "Connect a channel" form, hold a send on its way.
import { customerConversation, eventually, findRoomItem, inboxTab, signIn } from "./helpers.mjs";

/** Signs `email` in, opens `name`'s room from the Unassigned tab, and answers its message log. */
export async function openRoom(page, email, name) {
  await signIn(page, email);
  await inboxTab(page, "Unassigned").click();
  await (await findRoomItem(page, name)).click();
  await page.getByRole("heading", { level: 2, name }).waitFor();
  return page.getByRole("log", { name: "Messages" });
}

/** Types `text` in the open room's composer, sends it with Enter and waits for it among the sent messages. */
export async function sendReply(page, text) {
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(text);
  await composer.press("Enter");
  await page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: text }).waitFor();
}

/** The room of the customer `waId` as someone who sees every room (`api` from apiAs) finds it. */
export function roomOf(api, waId) {
  return eventually(async () => {
    const { rooms } = await api.get("/api/rooms?view=all");
    return rooms.find((r) => r.contactExternalId === waId);
  }, "the room");
}

/** The customer simulator in a new page of `context`, chatting as `waId` (named `name` when given). */
export async function openSimulator(context, waId, name) {
  const sim = await context.newPage();
  await sim.goto("/sandbox/");
  await sim.getByTestId("sim-phone").fill(`+${waId}`);
  if (name) await sim.getByTestId("sim-name").fill(name);
  await sim.getByTestId("sim-start").click();
  await eventually(() => sim.getByTestId("sim-text").isEnabled(), "the simulator to open the chat");
  return sim;
}

/** A template message the customer's phone got: its header and button components as sent to Meta. */
export function templateComponents(message) {
  const content = typeof message.content === "string" ? JSON.parse(message.content) : message.content;
  const component = (type) => content.components.find((c) => c.type === type);
  return { header: component("header"), button: component("button") };
}

/** The first template message the customer `waId`'s phone got (waits for it). */
export function templateReceived(waId) {
  return eventually(
    async () => (await customerConversation(waId)).find((m) => m.direction === "out" && m.type === "template"),
    "the customer got the template",
  );
}

/** Signs the demo admin in at Admin › Channels, opens "Connect a channel" (picking `kind` when given) and answers the form. */
export async function connectChannelForm(page, formName, kind) {
  await signIn(page, "admin@demo.test");
  await page.goto("/admin/channels");
  await page.getByRole("heading", { level: 1, name: "Channels" }).waitFor();
  await page.getByRole("button", { name: "Connect a channel" }).click();
  if (kind) await page.getByRole("radio", { name: kind }).check();
  return page.getByRole("form", { name: formName });
}

/**
 * Holds the page's POSTs that `matches` until `release()` is called, then answers them with
 * `answer(route)`: the agent can move on while a send is still on its way. `passing = true` lets
 * later ones through.
 */
export async function holdRequests(page, matches, answer) {
  let release;
  const released = new Promise((resolve) => {
    release = resolve;
  });
  const held = { count: 0, passing: false, release };
  await page.route(matches, async (route) => {
    if (route.request().method() !== "POST" || held.passing) return route.fallback();
    held.count += 1;
    await released;
    await answer(route);
  });
  return held;
}

/** A reply or file sent into a room (`POST /api/rooms/:id/messages`). */
export const isRoomSend = (url) => /^\/api\/rooms\/[^/]+\/messages$/.test(url.pathname);

/** The API's refusal of a send the WhatsApp balance cannot pay (402 insufficient_balance). */
export const noBalance = (route) =>
  route.fulfill({
    status: 402,
    contentType: "application/problem+json",
    body: JSON.stringify({
      type: "urn:edge-inbox:problem:insufficient_balance",
      title: "Payment Required",
      status: 402,
      code: "insufficient_balance",
      detail: "The WhatsApp balance cannot pay for this message.",
    }),
  });
