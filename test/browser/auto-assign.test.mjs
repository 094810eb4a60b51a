// Rule I12 in real browsers: an admin turns automatic assignment on; two agents are online in two
// browsers; two new customers write; each agent gets one conversation live, whose history says it
// was assigned automatically; a supervisor sees both agents online with one open conversation each.
// The organization's setting is put back as it was.
import assert from "node:assert/strict";
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

useBrowser();

const AGENTS = { usr_demo_agent: "Budi Agent", usr_demo_agent2: "Dewi Agent" };

/**
 * Resolves whatever the two demo agents hold, so each starts with no open conversation, and the
 * conversations other files left waiting: an agent coming online takes waiting ones first (I12).
 */
async function clearLoads(admin) {
  for (;;) {
    const page = await admin.get("/api/rooms?view=unassigned&limit=100");
    for (const r of page.rooms) await admin.post(`/api/rooms/${r.id}/resolve`);
    if (!page.nextCursor) break;
  }
  for (const id of Object.keys(AGENTS)) {
    let cursor = "";
    do {
      const page = await admin.get(`/api/rooms?view=all&agent=${id}&limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      for (const r of page.rooms) if (r.status === "assigned") await admin.post(`/api/rooms/${r.id}/resolve`);
      cursor = page.nextCursor ? encodeURIComponent(page.nextCursor) : "";
    } while (cursor);
  }
}

test("an admin turns automatic assignment on; two new conversations go to the two online agents, one each, live", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const before = await admin.get("/api/settings/assignment");
  try {
    await clearLoads(admin);
    await withPage(t, async (adminPage) => {
      await signIn(adminPage, "admin@demo.test");
      await adminPage.goto("/admin/settings");
      const card = adminPage.getByRole("region", { name: "Automatic assignment" });
      await card.getByLabel("Open conversations per agent, at most").fill("5");
      const toggle = card.getByRole("switch", { name: /Assign new conversations automatically/ });
      if (!(await toggle.isChecked())) await toggle.check();
      await card.getByRole("button", { name: "Save assignment" }).click();
      await card.getByText(/Saved\. New conversations go to online agents in turn/).waitFor();
    });
    assert.deepEqual(await admin.get("/api/settings/assignment"), { enabled: true, maxOpenPerAgent: 5 });

    await withPage(t, async (budi) => {
      await withPage(t, async (dewi) => {
        await signIn(budi, "agent@demo.test");
        await signIn(dewi, "agent2@demo.test");
        for (const page of [budi, dewi]) await inboxTab(page, "Assigned to me").click();
        // Only these two agents are online (another file's agent may still be within its reload grace).
        const supervisor = await apiAs("supervisor@demo.test");
        await eventually(
          async () => {
            const { members } = await supervisor.get("/api/team/availability");
            const online = members.filter((m) => m.role === "agent" && m.availability === "online").map((m) => m.id);
            return online.sort().join() === "usr_demo_agent,usr_demo_agent2";
          },
          "only Budi and Dewi online",
          70_000,
        );

        const names = ["Gita Auto", "Hadi Auto"];
        await customerSays(uniquePhone(), "Is my order shipped?", names[0]);
        await customerSays(uniquePhone(), "Can I change my address?", names[1]);

        // Each agent's "Assigned to me" gets one of them without a reload.
        const holder = {};
        await eventually(
          async () => {
            for (const [who, page] of [
              ["usr_demo_agent", budi],
              ["usr_demo_agent2", dewi],
            ]) {
              for (const name of names) if ((await roomItem(page, name).count()) > 0) holder[name] = who;
            }
            return Object.keys(holder).length === 2;
          },
          "both conversations in an agent's list",
          20_000,
        );
        assert.notEqual(holder[names[0]], holder[names[1]], "one each");

        const page = holder[names[0]] === "usr_demo_agent" ? budi : dewi;
        await roomItem(page, names[0]).click();
        await page
          .getByRole("log", { name: "Messages" })
          .getByText(`Assigned to ${AGENTS[holder[names[0]]]} automatically`)
          .waitFor();
      });
    });
  } finally {
    await admin.put("/api/settings/assignment", before);
  }
});

test("a supervisor sees who is online and how many open conversations each holds", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const before = await admin.get("/api/settings/assignment");
  try {
    await clearLoads(admin);
    await admin.put("/api/settings/assignment", { enabled: true, maxOpenPerAgent: 5 });
    await withPage(t, async (budi) => {
      await withPage(t, async (dewi) => {
        await signIn(budi, "agent@demo.test");
        await signIn(dewi, "agent2@demo.test");
        const supervisor = await apiAs("supervisor@demo.test");
        await eventually(
          async () => {
            const { members } = await supervisor.get("/api/team/availability");
            const online = members.filter((m) => m.role === "agent" && m.availability === "online").map((m) => m.id);
            return online.sort().join() === "usr_demo_agent,usr_demo_agent2";
          },
          "only Budi and Dewi online",
          70_000,
        );
        await customerSays(uniquePhone(), "Hello there", "Indra Load");
        await customerSays(uniquePhone(), "Hello again", "Joko Load");
        await eventually(
          async () => {
            const { members } = await supervisor.get("/api/team/availability");
            return members.filter((m) => m.id in AGENTS && m.openRooms === 1).length === 2;
          },
          "one open conversation each",
          20_000,
        );

        await withPage(t, async (page) => {
          await signIn(page, "supervisor@demo.test");
          await page.goto("/admin/team");
          const list = page.getByRole("list", { name: "Team availability" });
          for (const [id, name] of Object.entries(AGENTS)) {
            const row = list.getByTestId(`team-${id}`);
            await row.getByText(name, { exact: true }).waitFor();
            await row.getByText("Online", { exact: true }).waitFor();
            await row.getByText("1 open conversation", { exact: true }).waitFor();
          }
          // Budi steps away from his own header menu, by keyboard: the supervisor's page follows.
          const menu = budi.getByRole("button", { name: /^Account: Budi Agent/ });
          await menu.focus();
          await budi.keyboard.press("Enter");
          await budi.getByRole("radio", { name: /Away/ }).check();
          await budi.getByRole("button", { name: "Account: Budi Agent, Away" }).waitFor();
          // The menu shows the pick at once; the refresh must come after the server has it.
          await eventually(async () => {
            const { members } = await supervisor.get("/api/team/availability");
            return members.find((m) => m.id === "usr_demo_agent")?.availability === "away";
          }, "Budi's away saved");
          await page.getByRole("button", { name: "Refresh" }).click();
          await list.getByTestId("team-usr_demo_agent").getByText("Away", { exact: true }).waitFor();
        });
      });
    });
  } finally {
    await admin.put("/api/settings/assignment", before);
  }
});
