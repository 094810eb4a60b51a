// Administration in the browser: users (create, rename, email and role, remove; rules A3, I7),
// API keys (secret shown once), settings (auto-resolve, I4), quick replies (I8) used by an agent.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, customerSays, inboxTab, roomItem, signIn, uniquePhone, useBrowser, withPage } from "./helpers.mjs";

useBrowser();

test("an admin renames an agent; the agent's own session shows the new name", async (t) => {
  const stamp = Date.now();
  const email = `rename-${stamp}@demo.test`;
  const password = "a-long-enough-password";
  await withPage(t, async (admin) => {
    await signIn(admin, "admin@demo.test");
    await admin.getByRole("link", { name: "Admin" }).click();
    await admin.getByRole("heading", { level: 1, name: "Users" }).waitFor();
    await admin.getByRole("list", { name: "Users" }).getByText("Budi Agent").waitFor();

    // Create the agent through the page.
    await admin.getByRole("button", { name: "Add user" }).click();
    const form = admin.getByRole("form", { name: "Add a user" });
    await form.getByLabel("Name").fill("Fajar Baru");
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Role").selectOption("agent");
    await form.getByLabel("Password (optional)").fill(password);
    await form.getByRole("button", { name: "Add user" }).click();
    await admin.getByRole("status").filter({ hasText: "Fajar Baru was added as agent." }).waitFor();

    await withPage(t, async (agent) => {
      await signIn(agent, email, password);
      const banner = agent.getByRole("banner");
      await banner.getByText("Fajar Baru").waitFor();

      await admin.getByRole("button", { name: "Edit Fajar Baru" }).click();
      const edit = admin.getByRole("form", { name: "Edit Fajar Baru" });
      await edit.getByLabel("Name").fill("Fajar Nugroho");
      await edit.getByLabel("Email").fill(`renamed-${stamp}@demo.test`);
      await edit.getByRole("button", { name: "Save changes" }).click();
      await admin.getByRole("status").filter({ hasText: "Fajar Nugroho was updated." }).waitFor();
      await admin.getByText(`renamed-${stamp}@demo.test`).waitFor();

      // The agent's page was never reloaded: it learns its new name by itself.
      await banner.getByText("Fajar Nugroho").waitFor({ timeout: 15_000 });
      const me = await agent.request.get("/api/me");
      assert.equal((await me.json()).user.email, `renamed-${stamp}@demo.test`);
    });

    // Role change, then removal.
    await admin.getByRole("button", { name: "Edit Fajar Nugroho" }).click();
    const edit = admin.getByRole("form", { name: "Edit Fajar Nugroho" });
    await edit.getByLabel("Role").selectOption("supervisor");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await admin.getByRole("status").filter({ hasText: "Fajar Nugroho was updated." }).waitFor();
    const row = admin.getByRole("listitem").filter({ hasText: "Fajar Nugroho" });
    await row.getByText("Supervisor", { exact: true }).waitFor();
    await admin.getByRole("button", { name: "Remove Fajar Nugroho" }).click();
    await row.getByRole("button", { name: "Remove", exact: true }).click();
    await admin.getByRole("status").filter({ hasText: "Fajar Nugroho was removed" }).waitFor();
    await row.waitFor({ state: "detached" });
  });
});

test("an admin sees a refusal in words: the last admin cannot be demoted", async (t) => {
  await withPage(t, async (admin) => {
    await signIn(admin, "admin@demo.test");
    await admin.goto("/admin/users");
    await admin.getByRole("button", { name: "Edit Ayu Admin" }).click();
    const edit = admin.getByRole("form", { name: "Edit Ayu Admin" });
    await edit.getByLabel("Role").selectOption("agent");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await edit
      .getByRole("alert")
      .getByText("An organization needs at least one admin. Make someone else an admin first.")
      .waitFor();
  });
});

test("an API key's secret is shown once; revoking it is confirmed", async (t) => {
  await withPage(t, async (admin) => {
    await signIn(admin, "admin@demo.test");
    await admin.goto("/admin/api-keys");
    await admin.getByRole("heading", { level: 1, name: "API keys" }).waitFor();
    await admin.getByRole("button", { name: "Create key" }).click();
    await admin.getByLabel("Name").fill("CRM sync");
    await admin.getByLabel("Acts as").selectOption("supervisor");
    await admin.getByRole("form", { name: "Create an API key" }).getByRole("button", { name: "Create key" }).click();
    const secret = (await admin.getByTestId("api-key-secret").textContent())?.trim() ?? "";
    assert.ok(secret.length > 20, "the secret is shown");

    const check = await fetch(new URL("/api/me", admin.url()), { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(check.status, 200, "the secret works");

    await admin.getByRole("button", { name: "I have stored it" }).click();
    assert.equal(await admin.getByTestId("api-key-secret").count(), 0);
    await admin.reload();
    await admin.getByRole("list", { name: "API keys" }).getByText("CRM sync").first().waitFor();
    assert.equal(await admin.getByText(secret).count(), 0, "the secret is never shown again");

    await admin.getByRole("button", { name: "Revoke CRM sync" }).first().click();
    await admin.getByRole("button", { name: "Revoke", exact: true }).click();
    await admin.getByText("Revoked").first().waitFor();
    const after = await fetch(new URL("/api/me", admin.url()), { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(after.status, 401, "a revoked key stops working");
  });
});

test("settings: an admin switches auto-resolve on and off; a supervisor sees it read-only", async (t) => {
  await withPage(t, async (admin) => {
    await signIn(admin, "admin@demo.test");
    await admin.goto("/admin/settings");
    const toggle = admin.getByRole("switch", { name: /Resolve conversations automatically/ });
    assert.equal(await toggle.isChecked(), false);
    await toggle.check();
    await admin.getByText("Saved. Conversations are now resolved as soon as").waitFor();
    const api = await apiAs("admin@demo.test");
    assert.equal((await api.get("/api/settings")).autoResolveExpired, true);
    await toggle.uncheck();
    await admin.getByText("Saved. Expired conversations stay open").waitFor();
    assert.equal((await api.get("/api/settings")).autoResolveExpired, false);
  });
  await withPage(t, async (supervisor) => {
    await signIn(supervisor, "supervisor@demo.test");
    await supervisor.getByRole("link", { name: "Settings" }).click();
    const toggle = supervisor.getByRole("switch", { name: /Resolve conversations automatically/ });
    await toggle.waitFor();
    assert.equal(await toggle.isDisabled(), true, "only admins change it");
    assert.equal(await supervisor.getByRole("link", { name: "Users" }).count(), 0, "no user management");
    await supervisor.getByRole("button", { name: "Resolve all expired" }).click();
    await supervisor.getByText(/Resolved \d+ conversations?\.|No conversation had an expired window\./).waitFor();
    await supervisor.goto("/admin/users");
    await supervisor.getByRole("heading", { name: "Only admins can open this page" }).waitFor();
  });
});

test("an admin adds a quick reply; an agent inserts it with / while typing", async (t) => {
  const title = `thanks${Date.now() % 100000}`;
  await withPage(t, async (admin) => {
    await signIn(admin, "admin@demo.test");
    await admin.goto("/admin/quick-replies");
    await admin.getByRole("button", { name: "Add quick reply" }).click();
    const form = admin.getByRole("form", { name: "Add a quick reply" });
    await form.getByLabel("Title").fill(title);
    await form.getByLabel("Message").fill("Thank you for shopping with Demo Store! 🙏");
    await form.getByRole("button", { name: "Save" }).click();
    await admin.getByRole("list", { name: "Quick replies" }).getByText(`/${title}`).waitFor();
  });
  const waId = uniquePhone();
  const name = "Gita Quick";
  await customerSays(waId, "Got it, thanks!", name);
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await roomItem(page, name).click();
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.click();
    await composer.pressSequentially(`/${title.slice(0, 6)}`);
    const options = page.getByRole("listbox", { name: "Quick replies" });
    await options.getByRole("option", { name: new RegExp(`/${title}`) }).waitFor();
    await composer.press("Enter");
    assert.equal(await composer.inputValue(), "Thank you for shopping with Demo Store! 🙏");
    await composer.press("Enter");
    await page
      .locator('[data-testid="message"][data-direction="out"]')
      .filter({ hasText: "Thank you for shopping with Demo Store!" })
      .waitFor();
  });
});
