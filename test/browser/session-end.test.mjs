// Issue 11, finding 2 (rules I5, G7): the server closes a person's sockets when their session ends or
// their access changes, and the web app acts on the close code (worker/schemas/realtime.ts) at once,
// without waiting for a request of its own: 4401 goes to the sign-in page, 4403 says so in the open
// room and refreshes the inbox with the new role. Demo users are changed and put back afterwards.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, customerSays, DEMO_PASSWORD, inboxTab, roomItem, signIn, useBrowser, withPage } from "./helpers.mjs";

useBrowser();

async function openConversation(page, waId, name, tab) {
  await customerSays(waId, `Hello from ${name}`, name);
  await inboxTab(page, tab).click();
  await roomItem(page, name).click();
  await page.getByRole("log", { name: "Messages" }).getByText(`Hello from ${name}`).waitFor();
}

test("a password changed elsewhere sends this tab to the sign-in page at once (4401)", async (t) => {
  const email = "agent2@demo.test";
  const elsewhere = await apiAs(email);
  await withPage(t, async (page) => {
    await signIn(page, email);
    await openConversation(page, "6281355500001", "Sesi Habis", "Unassigned");
    try {
      await elsewhere.put("/api/me/password", { currentPassword: DEMO_PASSWORD, newPassword: "another-password-1" });
      // No click, no request from this tab: the closed socket alone takes it to the sign-in page.
      await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 3_000 });
      await page.getByText("Your session has ended. Sign in again to continue.").waitFor();
      assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 0);
    } finally {
      await elsewhere.put("/api/me/password", { currentPassword: "another-password-1", newPassword: DEMO_PASSWORD });
    }
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
