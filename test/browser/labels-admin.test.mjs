// Rule I11, Admin › Labels: an admin adds a label, sees how many open rooms carry it, renames and
// recolours it (the new name shows at once in an open inbox's label filter and on a room's chip),
// and deletes it after a confirmation that says how many rooms lose it; at 360 px by keyboard too.
// Every label made here is deleted again, so the demo tenant's labels are left as they were.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  customerSays,
  eventually,
  inboxTab,
  overflowsHorizontally,
  roomItem,
  signIn,
  unique,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";

useBrowser();

async function labelNamed(api, name) {
  return (await api.get("/api/labels")).labels.find((l) => l.name === name);
}

test("add, count, rename (seen live in the inbox's filter and on a chip) and delete a label", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const agent = await apiAs("agent@demo.test");
  const waId = uniquePhone();
  await customerSays(waId, "Ada promo?", "Pia Promo");
  const name = `Promo ${unique()}`;
  const renamed = `Promo besar ${unique()}`;
  try {
    await withPage(t, async (page, context) => {
      await signIn(page, "admin@demo.test");
      await page.goto("/admin/labels");
      await page.getByRole("heading", { name: "Labels", level: 1 }).waitFor();
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByLabel("Colour", { exact: true }).fill("#16a34a");
      await page.getByRole("button", { name: "Add label" }).click();
      await page.getByText(`The label ${name} was added.`).waitFor();
      const row = page.getByRole("listitem").filter({ hasText: name });
      await row.getByText("0 open rooms").waitFor();

      // An agent puts it on a room: the page counts it.
      const label = await labelNamed(agent, name);
      const [room] = (await agent.get(`/api/rooms?view=unassigned&q=${waId}`)).rooms;
      await agent.put(`/api/rooms/${room.id}/labels`, { labelIds: [label.id] });
      await page.reload();
      await row.getByText("1 open room").waitFor();

      // The inbox open in another tab, filter bar out, the room's chip in the list.
      const inbox = await context.newPage();
      await inbox.goto("/");
      await inboxTab(inbox, "Unassigned").click();
      await roomItem(inbox, "Pia Promo").locator(".label-chip", { hasText: name }).waitFor();
      await inbox.getByRole("button", { name: /^Filters/ }).click();
      const filter = inbox.getByLabel("Label", { exact: true });
      await filter.locator("option", { hasText: name }).waitFor({ state: "attached" });

      // Renamed and recoloured here: the other tab's filter and chip follow without a reload.
      await page.getByRole("button", { name: `Edit the label ${name}` }).click();
      const field = page.getByLabel("Name", { exact: true }).last();
      // autofocus takes effect at the browser's next rendering update, not with the click.
      await eventually(() => field.evaluate((el) => el === document.activeElement), "the name field has the focus");
      await field.fill(renamed);
      await page.getByLabel("Colour", { exact: true }).last().fill("#7c3aed");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByText(`The label ${renamed} was saved.`).waitFor();
      await roomItem(inbox, "Pia Promo").locator(".label-chip", { hasText: renamed }).waitFor();
      await filter.locator("option", { hasText: renamed }).waitFor({ state: "attached" });
      assert.equal(
        await filter.locator("option", { hasText: name }).count(),
        0,
        "the old name is gone from the filter",
      );
      assert.equal((await labelNamed(admin, renamed)).colour, "#7c3aed");

      // Deleted after a confirmation that says what it takes away; the chip leaves the other tab.
      await page.getByRole("button", { name: `Delete the label ${renamed}` }).click();
      await page.getByText(`Delete ${renamed}? 1 open room loses it.`).waitFor();
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await page.getByText(`The label ${renamed} was deleted.`).waitFor();
      await eventually(
        async () => (await roomItem(inbox, "Pia Promo").locator(".label-chip").count()) === 0,
        "the chip to leave the open inbox",
      );
      assert.equal(await filter.locator("option", { hasText: renamed }).count(), 0);
    });
  } finally {
    for (const n of [name, renamed]) {
      const left = await labelNamed(admin, n);
      if (left) await admin.delete(`/api/labels/${left.id}`);
    }
  }
});

test("Admin › Labels fits a 360 px phone and works from the keyboard", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const name = `Kecil ${unique()}`;
  try {
    await withPage(
      t,
      async (page) => {
        await signIn(page, "admin@demo.test");
        await page.goto("/admin/labels");
        await page.getByRole("heading", { name: "Labels", level: 1 }).waitFor();
        await page.getByLabel("Name", { exact: true }).focus();
        await page.keyboard.type(name);
        await page.keyboard.press("Enter");
        await page.getByText(`The label ${name} was added.`).waitFor();
        assert.equal(await overflowsHorizontally(page), false, "nothing sticks out at 360 px");
        const remove = page.getByRole("button", { name: `Delete the label ${name}` });
        await remove.focus();
        await page.keyboard.press("Enter");
        await page.getByText(`Delete ${name}? No open room carries it.`).waitFor();
        const confirm = page.getByRole("button", { name: "Delete", exact: true });
        await confirm.focus();
        await page.keyboard.press("Enter");
        await page.getByText(`The label ${name} was deleted.`).waitFor();
        assert.equal(await labelNamed(admin, name), undefined);
      },
      { viewport: VIEWPORTS.narrow },
    );
  } finally {
    const left = await labelNamed(admin, name);
    if (left) await admin.delete(`/api/labels/${left.id}`);
  }
});
