// Settings › Calls (issue 14, item 8; rules C1, C5, C6, C8): a supervisor creates a ring group with its
// members in order, changes it and deletes it; an admin turns a number's calling on and off again.
// Everything the tests change is put back.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  eventually,
  overflowsHorizontally,
  screenshot,
  signIn,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";

useBrowser();

test("a supervisor creates, reorders, edits and deletes a ring group (C5, C6, C8)", async (t) => {
  const supervisor = await apiAs("supervisor@demo.test");
  const name = `Sales line ${Date.now() % 100_000}`;
  await withPage(t, async (page) => {
    await signIn(page, "supervisor@demo.test");
    await page.goto("/admin/calls");
    await page.getByRole("heading", { name: "Calls", level: 1 }).waitFor();
    assert.equal(await page.getByText("Calling on each number").count(), 0, "the switches are for admins (C1)");

    await page.getByRole("button", { name: "Add ring group" }).click();
    const form = page.getByRole("form", { name: "Add a ring group" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("How it rings").selectOption("ring_all");
    await form.getByLabel("Add a member").selectOption({ label: "Budi Agent" });
    await form.getByLabel("Add a member").selectOption({ label: "Dewi Agent" });
    await form.getByRole("button", { name: "Move Dewi Agent up" }).click();
    const order = await form.locator(".ring-members li > span").allTextContents();
    assert.deepEqual(order, ["Dewi Agent", "Budi Agent"], "members in the order chosen");
    await form.getByLabel("Ring for (seconds)").fill("90");
    await form.getByText("Between 30 and 60 seconds.").waitFor();
    await form.getByLabel("Ring for (seconds)").fill("50");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText(`${name} was added.`).waitFor();
    await screenshot(page, "settings-calls");

    const row = page.getByTestId("ring-group").filter({ hasText: name });
    await row.getByText("Dewi Agent, Budi Agent").waitFor();
    assert.match(await row.textContent(), /Ring everyone.*rings 50 s/);
    const stored = (await supervisor.get("/api/ring-groups")).ringGroups.find((g) => g.name === name);
    assert.equal(stored.mode, "ring_all");
    assert.equal(stored.ringTimeoutSeconds, 50);

    await page.setViewportSize(VIEWPORTS.narrow);
    assert.equal(await overflowsHorizontally(page), false, "Settings › Calls fits 360 px");
    await page.setViewportSize(VIEWPORTS.desktop);

    await row.getByRole("button", { name: `Edit ${name}` }).click();
    const edit = page.getByRole("form", { name: `Edit ${name}` });
    await edit.getByRole("button", { name: "Remove Budi Agent" }).click();
    await edit.getByLabel("How it rings").selectOption("round_robin");
    await edit.getByRole("button", { name: "Save" }).click();
    await page.getByText(`${name} was saved.`).waitFor();
    await row.getByText(/Round robin/).waitFor();
    assert.deepEqual((await supervisor.get(`/api/ring-groups/${stored.id}`)).members, [stored.members[0]]);

    await row.getByRole("button", { name: `Delete ${name}` }).click();
    await row.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByText(`${name} was deleted.`).waitFor();
    assert.equal(
      (await supervisor.get("/api/ring-groups")).ringGroups.some((g) => g.id === stored.id),
      false,
    );
  });
});

test("an admin turns a number's inbound calls on and off again (C1)", async (t) => {
  const admin = await apiAs("admin@demo.test");
  // The demo tenant's sandbox number (other tests connect more numbers, with tokens Meta would refuse).
  const channel = (await admin.get("/api/channels")).channels.find((c) => c.phoneNumberId === "100000000000001");
  const before = await admin.get(`/api/channels/${channel.id}/calling`);
  try {
    await withPage(t, async (page) => {
      await signIn(page, "admin@demo.test");
      await page.goto("/admin/calls");
      const inbound = page
        .getByRole("group", { name: new RegExp(`\\+${channel.displayPhoneNumber}`) })
        .getByRole("switch", { name: /Customers can call this number/ });
      await inbound.waitFor();
      assert.equal(await inbound.isChecked(), before.inbound);
      await inbound.click();
      // While it saves, the switch shows what was asked for; it does not flick back.
      assert.equal(await inbound.isChecked(), !before.inbound);
      await eventually(
        async () => (await admin.get(`/api/channels/${channel.id}/calling`)).inbound === !before.inbound,
        "the switch saved",
      );
      // The server has it; the page shows it once its own save has answered.
      await eventually(
        async () => (await inbound.isEnabled()) && (await inbound.isChecked()) === !before.inbound,
        "the switch to show the saved value",
      );
      await inbound.click();
      await eventually(
        async () => (await admin.get(`/api/channels/${channel.id}/calling`)).inbound === before.inbound,
        "the switch back as it was",
      );
      await eventually(
        async () => (await inbound.isEnabled()) && (await inbound.isChecked()) === before.inbound,
        "the switch to show it back as it was",
      );
    });
  } finally {
    await admin.put(`/api/channels/${channel.id}/calling`, { inbound: before.inbound, outbound: before.outbound });
  }
});
