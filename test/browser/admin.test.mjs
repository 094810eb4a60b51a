// Administration in the browser: users (invite, rename, email and role, remove; rules A1, A3, A4, I7),
// API keys (secret shown once), settings (auto-resolve, I4), quick replies (I8) used by an agent.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  customerSays,
  inboxTab,
  mailedLink,
  roomItem,
  sandboxPost,
  screenshot,
  signIn,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";
import { connectChannelForm } from "./helpers-inbox.mjs";

useBrowser();

test("an admin invites an agent who chooses their own password; renaming shows at once, a new email waits for its owner (A1, A4, I7)", async (t) => {
  const stamp = Date.now();
  const email = `rename-${stamp}@demo.test`;
  const renamed = `renamed-${stamp}@demo.test`;
  const password = "a-long-enough-password";
  await withPage(t, async (admin) => {
    await signIn(admin, "admin@demo.test");
    await admin.getByRole("link", { name: "Admin" }).click();
    await admin.getByRole("heading", { level: 1, name: "Users" }).waitFor();
    await admin.getByRole("list", { name: "Users" }).getByText("Budi Agent").waitFor();

    // Invite the agent through the page: there is no password to set (issue 11, finding 1).
    await admin.getByRole("button", { name: "Invite user" }).click();
    const form = admin.getByRole("form", { name: "Invite a user" });
    assert.equal(await form.locator("input[type=password]").count(), 0, "an admin never sets a password");
    await form.getByLabel("Name").fill("Fajar Baru");
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Role").selectOption("agent");
    await form.getByRole("button", { name: "Send invitation" }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `An invitation to join as agent was emailed to ${email}.` })
      .waitFor();
    const invitedRow = admin.getByRole("listitem").filter({ hasText: "Fajar Baru" });
    await invitedRow.getByText("Invited", { exact: true }).waitFor();

    await withPage(t, async (agent) => {
      // The person opens the mailed link and chooses their own password there.
      await agent.goto(await mailedLink(email, "invitation"));
      await agent.getByRole("heading", { name: "Join Demo Store" }).waitFor();
      await agent.getByText("as an agent").waitFor();
      await agent.getByLabel("Choose a password").fill(password);
      await agent.getByLabel("Repeat the password").fill(password);
      await agent.getByRole("button", { name: "Join Demo Store" }).click();
      await agent.waitForURL("**/login");
      await agent.getByRole("status").filter({ hasText: "You joined Demo Store." }).waitFor();
      await signIn(agent, email, password);
      const banner = agent.getByRole("banner");
      await banner.getByText("Fajar Baru").waitFor();

      await admin.reload();
      await admin.getByRole("button", { name: "Edit Fajar Baru" }).click();
      const edit = admin.getByRole("form", { name: "Edit Fajar Baru" });
      await edit.getByLabel("Name").fill("Fajar Nugroho");
      await edit.getByLabel("Email").fill(renamed);
      await edit.getByRole("button", { name: "Save changes" }).click();
      await admin.getByRole("status").filter({ hasText: "Fajar Nugroho was updated." }).waitFor();
      await admin.getByText(`New email waiting for its owner's confirmation: ${renamed}`).waitFor();

      // The agent's page was never reloaded: it learns its new name by itself.
      await banner.getByText("Fajar Nugroho").waitFor({ timeout: 15_000 });
      // The old address works until the owner of the new one confirms it.
      assert.equal((await (await agent.request.get("/api/me")).json()).user.email, email);
      await agent.goto(await mailedLink(renamed, "confirm-email"));
      await agent.getByLabel("Your current password").fill(password);
      await agent.getByRole("button", { name: "Confirm my new email" }).click();
      await agent.getByText(`Your email is now ${renamed}.`).waitFor();
      assert.equal((await (await agent.request.get("/api/me")).json()).user.email, renamed);
    });

    // Role change, then removal.
    await admin.reload();
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

test("an organization appears in the switcher only once its invitation is accepted; an invitation can be withdrawn (A4)", async (t) => {
  const admin = await apiAs("admin@demo.test");
  // The Bali store's admin (Sari) invites Budi, who already has an account: he keeps his password.
  const bali = await apiAs("supervisor@demo.test");
  await bali.post("/api/auth/switch", { organizationId: "org_demo_bali" });
  const invited = await bali.post("/api/users", { email: "agent@demo.test", name: "Ignored", role: "agent" });
  assert.equal(invited.status, "invited");
  try {
    await withPage(t, async (page) => {
      await signIn(page, "agent@demo.test");
      // Not a member yet: no switcher, only the invitation.
      assert.equal(await page.getByLabel("Organization").count(), 0, "one organization: no switcher");
      const invitations = page.getByRole("region", { name: "Invitations" });
      await invitations.getByText("Demo Store Bali invited you to join as an agent.").waitFor();
      await invitations.getByRole("button", { name: "Join Demo Store Bali" }).click();
      await invitations.waitFor({ state: "detached" });
      const switcher = page.getByLabel("Organization");
      await switcher.waitFor();
      await switcher.selectOption({ label: "Demo Store Bali" });
      await page.getByRole("status").filter({ hasText: "Switched to Demo Store Bali." }).waitFor();
    });
  } finally {
    await bali.delete("/api/users/usr_demo_agent").catch(() => {});
  }
  // Withdrawn before it is accepted: the link stops working.
  await bali.post("/api/users", { email: "agent@demo.test", name: "Ignored", role: "agent" });
  const link = await mailedLink("agent@demo.test", "invitation");
  await bali.delete("/api/users/usr_demo_agent");
  await withPage(t, async (page) => {
    await page.goto(link);
    await page
      .getByRole("alert")
      .getByText("This invitation is invalid, already accepted, withdrawn or expired.")
      .waitFor();
  });
  assert.ok(admin.me.user, "the demo admin is untouched");
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

test("an admin cannot rename a person who also belongs to an organization they do not administer: refused in words", async (t) => {
  await withPage(t, async (admin) => {
    await signIn(admin, "admin@demo.test");
    await admin.goto("/admin/users");
    // Sari Supervisor is also the admin of Demo Store Bali, which Ayu Admin does not administer.
    await admin.getByRole("button", { name: "Edit Sari Supervisor" }).click();
    const edit = admin.getByRole("form", { name: "Edit Sari Supervisor" });
    await edit.getByLabel("Name").fill("Sari Renamed");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await edit
      .getByRole("alert")
      .getByText(
        "This person also belongs to an organization you do not administer, so their name and email can't be changed here.",
      )
      .waitFor();
    const { users } = await (await admin.request.get("/api/users")).json();
    const sari = users.find((u) => u.email === "supervisor@demo.test");
    assert.equal(sari?.name, "Sari Supervisor", "the name is unchanged");
  });
});

test("an API key's secret is shown once; revoking it is confirmed", async (t) => {
  await withPage(t, async (admin) => {
    await signIn(admin, "admin@demo.test");
    await admin.goto("/admin/api-keys");
    await admin.getByRole("heading", { level: 1, name: "API keys" }).waitFor();
    // A name of its own: earlier runs of this test may have left a "CRM sync" key.
    const keyName = `CRM sync ${Date.now() % 1_000_000}`;
    await admin.getByRole("button", { name: "Create key" }).click();
    const form = admin.getByRole("form", { name: "Create an API key" });
    await form.getByLabel("Name").fill(keyName);
    await form.getByLabel("Acts as").selectOption("supervisor");
    await form.getByRole("button", { name: "Create key" }).click();
    const secret = (await admin.getByTestId("api-key-secret").textContent())?.trim() ?? "";
    assert.ok(secret.length > 20, "the secret is shown");

    const check = await fetch(new URL("/api/me", admin.url()), { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(check.status, 200, "the secret works");

    await admin.getByRole("button", { name: "I have stored it" }).click();
    assert.equal(await admin.getByTestId("api-key-secret").count(), 0);
    await admin.reload();
    const row = admin.getByRole("list", { name: "API keys" }).getByRole("listitem").filter({ hasText: keyName });
    await row.waitFor();
    assert.equal(await admin.getByText(secret).count(), 0, "the secret is never shown again");

    await row.getByRole("button", { name: `Revoke ${keyName}` }).click();
    await row.getByRole("button", { name: "Revoke", exact: true }).click();
    await row.getByText("Revoked", { exact: true }).waitFor();
    const after = await fetch(new URL("/api/me", admin.url()), { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(after.status, 401, "a revoked key stops working");
  });
});

test("an API key made read-only with its own rate limit reads, is refused writes, and says so in the list", async (t) => {
  await withPage(t, async (admin) => {
    await signIn(admin, "admin@demo.test");
    await admin.goto("/admin/api-keys");
    const keyName = `Reporting ${Date.now() % 1_000_000}`;
    await admin.getByRole("button", { name: "Create key" }).click();
    const form = admin.getByRole("form", { name: "Create an API key" });
    await form.getByLabel("Name").fill(keyName);
    await form.getByLabel("Acts as").selectOption("admin");
    // Issue 18: an admin key gets every scope by default; this one only reads.
    assert.equal(await form.getByRole("checkbox", { name: /Admin/ }).isChecked(), true);
    await form.getByRole("checkbox", { name: /Write/ }).uncheck();
    await form.getByRole("checkbox", { name: /Admin/ }).uncheck();
    await form.getByLabel("Requests per minute").fill("5");
    await form.getByRole("button", { name: "Create key" }).click();
    const secret = (await admin.getByTestId("api-key-secret").textContent())?.trim() ?? "";
    const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
    const read = await fetch(new URL("/api/rooms", admin.url()), { headers });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get("ratelimit-limit"), "5");
    const write = await fetch(new URL("/api/contacts", admin.url()), {
      method: "POST",
      headers,
      body: JSON.stringify({ phone: "+6281299995555" }),
    });
    assert.equal(write.status, 403);
    assert.equal((await write.json()).code, "insufficient_scope");
    await admin.getByRole("button", { name: "I have stored it" }).click();
    const row = admin.getByRole("list", { name: "API keys" }).getByRole("listitem").filter({ hasText: keyName });
    await row.getByText(/may read · 5\/min/).waitFor();
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

    // From the team's list to the admin's own, by the menu: another list, not the team's shown again.
    await admin.getByRole("link", { name: "My quick replies" }).click();
    await admin.getByRole("heading", { level: 1, name: "My quick replies" }).waitFor();
    const mine = `${title}me`;
    await admin.getByRole("button", { name: "Add quick reply" }).click();
    await admin.getByLabel("Title").fill(mine);
    await admin.getByLabel("Message").fill("Personal thanks");
    await admin.getByRole("button", { name: "Save" }).click();
    const list = admin.getByRole("list", { name: "Quick replies" });
    await list.getByText(`/${mine}`).waitFor();
    assert.equal(await list.getByText(`/${title}`, { exact: true }).count(), 0, "the team's reply is not mine");
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

test("Channels: an admin connects a number with its Meta app id, it is listed, its secrets are never shown back; edit the app id; disconnect and reconnect", async (t) => {
  const stamp = `${Date.now() % 1_000_000}`.padStart(6, "0");
  const name = `Outlet WhatsApp ${stamp}`;
  const phoneNumberId = `1999${stamp}01`;
  const metaAppId = `3999${stamp}01`;
  const newMetaAppId = `4999${stamp}02`;
  const secrets = {
    accessToken: `EAAG-access-token-${stamp}`,
    appSecret: `app-secret-${stamp}`,
    verifyToken: `verify-token-${stamp}`,
  };
  // Rule G3: Meta is asked about the number on connect; the sandbox knows it with this token.
  await sandboxPost("/channels/whatsapp/numbers", { phoneNumberId, accessToken: secrets.accessToken });
  await withPage(t, async (admin) => {
    const form = await connectChannelForm(admin, "Connect a WhatsApp number");
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Display phone number").fill(`+62 811 19${stamp}`);
    await form.getByLabel("Phone number id").fill(phoneNumberId);
    await form.getByLabel("WhatsApp Business account id").fill(`2999${stamp}01`);
    await form.getByLabel("Meta app id (optional)").fill(metaAppId);
    await form.getByLabel("Access token").fill(secrets.accessToken);
    await form.getByLabel("App secret").fill(secrets.appSecret);
    await form.getByLabel("Webhook verify token").fill(secrets.verifyToken);
    await form.getByRole("button", { name: "Connect", exact: true }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `${name} is connected. Point its webhook at` })
      .waitFor();
    await form.waitFor({ state: "detached" });

    const row = admin.getByRole("list", { name: "Channels" }).getByRole("listitem").filter({ hasText: name });
    await row.getByText("Connected", { exact: true }).waitFor();
    await row.getByText(`phone number id ${phoneNumberId}`).waitFor();
    await row.getByText(`Meta app id ${metaAppId}`, { exact: true }).waitFor();

    // Write-only: neither the page nor the API shows a secret again, and a new form starts empty.
    const page = (await admin.content()) + JSON.stringify(await (await admin.request.get("/api/channels")).json());
    for (const [field, value] of Object.entries(secrets)) {
      assert.equal(page.includes(value), false, `the ${field} is shown back`);
    }
    await admin.reload();
    await row.waitFor();
    assert.equal((await admin.content()).includes(secrets.appSecret), false, "the app secret is shown after a reload");
    await admin.getByRole("button", { name: "Connect a channel" }).click();
    for (const label of ["Access token", "App secret", "Webhook verify token"]) {
      assert.equal(await form.getByLabel(label).inputValue(), "", `${label} is empty in a new form`);
    }
    await form.getByRole("button", { name: "Cancel" }).click();
    await form.waitFor({ state: "detached" });

    // The Meta app id (not a secret) is shown in the edit form and can be changed there.
    await row.getByRole("button", { name: `Edit ${name}` }).click();
    const edit = admin.getByRole("form", { name: `Edit ${name}` });
    const appIdField = edit.getByLabel("Meta app id (optional)");
    assert.equal(await appIdField.inputValue(), metaAppId);
    await appIdField.fill(newMetaAppId);
    await edit.getByRole("button", { name: "Save", exact: true }).click();
    await edit.waitFor({ state: "detached" });
    await admin
      .getByRole("status")
      .filter({ hasText: `${name} was saved.` })
      .waitFor();
    await row.getByText(`Meta app id ${newMetaAppId}`, { exact: true }).waitFor();
    assert.equal(
      (await (await admin.request.get("/api/channels")).json()).channels.find((c) => c.name === name).metaAppId,
      newMetaAppId,
    );

    await row.getByRole("button", { name: `Disconnect ${name}` }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `${name} is disconnected; its conversations are kept.` })
      .waitFor();
    await row.getByText("Disconnected", { exact: true }).waitFor();
    const listed = async () =>
      (await (await admin.request.get("/api/channels")).json()).channels.find((c) => c.name === name);
    assert.equal((await listed()).connected, false);

    await row.getByRole("button", { name: `Reconnect ${name}` }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `${name} is connected again.` })
      .waitFor();
    await row.getByText("Connected", { exact: true }).waitFor();
    assert.equal((await listed()).connected, true);

    // Leave the demo tenant with its one connected number (channel pickers elsewhere).
    const api = await apiAs("admin@demo.test");
    await api.patch(`/api/channels/${(await listed()).id}`, { connected: false });
  });
});

test("every admin page fits 360 px: nothing scrolls sideways", async (t) => {
  await withPage(
    t,
    async (admin) => {
      await signIn(admin, "admin@demo.test");
      const pages = [
        ["/admin/users", "Users", "Invite user"],
        ["/admin/channels", "Channels", "Connect a channel"],
        ["/admin/api-keys", "API keys", "Create key"],
        ["/admin/quick-replies", "Quick replies", "Add quick reply"],
        ["/admin/settings", "Settings", null],
        ["/admin/security", "Security", null],
        ["/admin/team", "Team", null],
      ];
      const width = () => admin.evaluate(() => document.documentElement.scrollWidth);
      for (const [path, heading, open] of pages) {
        await admin.goto(path);
        await admin.getByRole("heading", { level: 1, name: heading }).waitFor();
        // Every loading state gone (Settings has two cards that load).
        await admin.waitForFunction(() => !document.querySelector(".state-loading"));
        assert.ok((await width()) <= 360, `${path} is ${await width()} px wide at 360`);
        if (open) {
          await admin.getByRole("button", { name: open }).first().click();
          await admin.getByRole("form").first().waitFor();
          assert.ok((await width()) <= 360, `${path} with its form open is ${await width()} px wide at 360`);
        }
        await screenshot(admin, `admin${path.replaceAll("/", "-")}-360`);
      }
    },
    { viewport: VIEWPORTS.narrow },
  );
});
