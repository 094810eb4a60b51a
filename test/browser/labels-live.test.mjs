// Issue 17, rules I11 and I5: two agents, each in their own browser. Agent A labels a room and
// snoozes it; agent B's list follows without a reload: the chip appears, then the room leaves B's
// open list and shows under Snoozed. The label and the snooze are taken away again afterwards.
import { test } from "node:test";
import {
  apiAs,
  customerSays,
  eventually,
  inboxTab,
  roomItem,
  signIn,
  uniquePhone,
  useBrowser,
  withPage,
} from "./helpers.mjs";
import { openRoom } from "./helpers-inbox.mjs";

useBrowser();

test("agent A labels and snoozes a room; agent B's list shows it live", async (t) => {
  const supervisor = await apiAs("supervisor@demo.test");
  const label = await supervisor.post("/api/labels", {
    name: `Live ${Date.now().toString(36)}`,
    colour: "#0891b2",
  });
  const waId = uniquePhone();
  await customerSays(waId, "Tolong dicek", "Lukas Live");
  try {
    await withPage(t, async (pageB) => {
      await signIn(pageB, "agent2@demo.test");
      await inboxTab(pageB, "Unassigned").click();
      const itemB = roomItem(pageB, "Lukas Live");
      await itemB.waitFor();

      await withPage(t, async (pageA) => {
        await openRoom(pageA, "agent@demo.test", "Lukas Live");
        await pageA.getByRole("button", { name: "Labels" }).click();
        await pageA.getByRole("checkbox", { name: label.name }).check();

        // B: the chip appears on the room, with no reload.
        await itemB.locator(".label-chip", { hasText: label.name }).waitFor();

        await pageA.getByRole("button", { name: "Snooze", exact: true }).click();
        await pageA.getByLabel("Snooze until").selectOption("1h");
        await pageA.locator(".snooze-form").getByRole("button", { name: "Snooze" }).click();
        // A's page goes back to the list once the snooze is saved: only then may A's page close.
        await pageA.waitForURL((url) => !url.pathname.startsWith("/rooms/"));
      });

      // B: the room leaves the open list and is under Snoozed, its chip with it.
      await eventually(async () => (await itemB.count()) === 0, "the snoozed room to leave B's list");
      await inboxTab(pageB, "Snoozed").click();
      await roomItem(pageB, "Lukas Live").locator(".label-chip", { hasText: label.name }).waitFor();
    });
  } finally {
    const [room] = (await supervisor.get(`/api/rooms?view=snoozed&q=${waId}`)).rooms;
    if (room) await supervisor.delete(`/api/rooms/${room.id}/snooze`).catch(() => {});
    await supervisor.delete(`/api/labels/${label.id}`);
  }
});
