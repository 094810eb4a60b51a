// Issue 11, finding 2 (rules I5, G7): the server closes a person's sockets when their session ends or
// their access changes, and the web app acts on the close code (worker/schemas/realtime.ts) at once,
// without waiting for a request of its own: 4401 goes to the sign-in page, 4403 says so in the open
// room and refreshes the inbox with the new role. A demo user's password is set through the emailed
// reset link first and given back afterwards, as is a demo supervisor's role.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  BASE_URL,
  customerSays,
  DEMO_PASSWORD,
  eventually,
  inboxTab,
  latestMail,
  newestMailId,
  roomItem,
  signIn,
  useBrowser,
  withPage,
} from "./helpers.mjs";

useBrowser();

/** Gives a demo user a known password through the emailed reset link (another test may have changed it). */
async function setPassword(email, password) {
  const since = await newestMailId(email);
  const post = (path, body) =>
    fetch(`${BASE_URL}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE_URL },
      body: JSON.stringify(body),
    });
  await post("/api/auth/password/forgot", { email });
  const mail = await eventually(async () => {
    const newest = await latestMail(email);
    return newest && newest.id > since ? newest : null;
  }, `a reset link mailed to ${email}`);
  const token = /reset-password\?token=(\S+)/.exec(mail.text)?.[1];
  const res = await post("/api/auth/password/reset", { token, newPassword: password });
  assert.equal(res.status, 204, `reset of ${email} answered ${res.status}`);
}

async function openConversation(page, waId, name, tab) {
  await customerSays(waId, `Hello from ${name}`, name);
  await inboxTab(page, tab).click();
  await roomItem(page, name).click();
  await page.getByRole("log", { name: "Messages" }).getByText(`Hello from ${name}`).waitFor();
}

test("a password changed elsewhere sends this tab to the sign-in page at once (4401)", async (t) => {
  const email = "agent2@demo.test";
  const password = "session-end-password-1";
  await setPassword(email, password);
  // Dewi's demo password comes back afterwards: the files of a shard share one server, in any order.
  t.after(() => setPassword(email, DEMO_PASSWORD));
  const elsewhere = await apiAs(email, password);
  await withPage(t, async (page) => {
    await signIn(page, email, password);
    await openConversation(page, "6281355500001", "Sesi Habis", "Unassigned");
    // The room is marked read (its list item loses the unread badge); then the tab has nothing more to ask.
    const item = roomItem(page, "Sesi Habis");
    await eventually(async () => !/unread/i.test((await item.textContent()) ?? ""), "the room marked read");
    await page.waitForTimeout(1_000);
    const asked = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/")) asked.push(request.url());
    });
    await elsewhere.put("/api/me/password", { currentPassword: password, newPassword: "session-end-password-2" });
    // No click, no request from this tab: the closed socket alone takes it to the sign-in page.
    await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 3_000 });
    await page.getByText("Your session has ended. Sign in again to continue.").waitFor();
    assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 0);
    assert.deepEqual(asked, [], "the tab learnt it from its socket, not from a refused request");
  });
});

test("a role change stops the open room with a message and refreshes the inbox with the new role (4403)", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const { users } = await admin.get("/api/users");
  const supervisor = users.find((u) => u.email === "supervisor@demo.test");
  await withPage(t, async (page) => {
    await signIn(page, "supervisor@demo.test");
    await openConversation(page, "6281355500002", "Peran Berubah", "Unassigned");
    await page.getByRole("link", { name: "Templates" }).waitFor();
    try {
      await admin.patch(`/api/users/${supervisor.id}`, { role: "agent" });
      await page.getByText("Your access changed, so this conversation stopped updating.").waitFor({ timeout: 3_000 });
      // The inbox asked again who is signed in: an agent has no Templates page.
      await page.getByRole("link", { name: "Templates" }).waitFor({ state: "detached", timeout: 5_000 });
      // Reopening asks the server again; every role may still read the room, and it streams again.
      await page.getByRole("button", { name: "Reopen conversation" }).click();
      await page.getByText("Your access changed").waitFor({ state: "detached" });
      await customerSays("6281355500002", "After the reopen");
      await page.getByRole("log", { name: "Messages" }).getByText("After the reopen").waitFor({ timeout: 3_000 });
    } finally {
      await admin.patch(`/api/users/${supervisor.id}`, { role: "supervisor" });
    }
  });
});

test("signing out in one tab takes the other tabs of that session to the sign-in page at once (4401)", async (t) => {
  await withPage(t, async (page, context) => {
    await signIn(page, "agent@demo.test");
    const other = await context.newPage();
    await other.goto("/");
    await other.getByRole("button", { name: "Sign out" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await other.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 3_000 });
  });
});
