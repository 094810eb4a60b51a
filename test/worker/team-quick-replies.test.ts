import { beforeAll, describe, expect, it } from "vitest";
import { call, expectProblem, json, seed, seedOtherTenant, signIn } from "./helpers";
import { openSocket } from "./rooms-helpers";

let admin: string;
let agent: string;
beforeAll(async () => {
  await seed();
  await seedOtherTenant();
  [admin, agent] = await Promise.all([signIn("admin@demo.test"), signIn("agent@demo.test")]);
});

type QuickReply = { id: string; title: string; text: string };

describe("team directory", () => {
  it("shows every member's name, role and presence to agents, without emails", async () => {
    const feed = await openSocket("/api/inbox/ws", agent);
    await feed.waitFor((e) => e.type === "hello");
    const res = await call("/api/team", { cookie: agent });
    const { members } = await json<{ members: { id: string; name: string; online: boolean }[] }>(res);
    expect(members.map((m) => m.name).sort()).toEqual(["Ayu Admin", "Budi Agent", "Dewi Agent", "Sari Supervisor"]);
    expect(members.find((m) => m.id === "usr_demo_agent")?.online).toBe(true);
    expect(members.find((m) => m.id === "usr_demo_admin")?.online).toBe(false);
    expect(JSON.stringify(members)).not.toContain("@demo.test");
    feed.close();
  });
});

describe("quick replies (I8)", () => {
  it("are managed by admins and read by everyone", async () => {
    const created = await call("/api/quick-replies", {
      cookie: admin,
      body: { title: "shipping", text: "Your order ships within 24 hours." },
    });
    expect(created.status).toBe(201);
    const qr = await json<QuickReply>(created);
    await expectProblem(
      await call("/api/quick-replies", { cookie: admin, body: { title: "shipping", text: "again" } }),
      409,
      "title_taken",
    );
    await expectProblem(
      await call("/api/quick-replies", { cookie: agent, body: { title: "mine", text: "x" } }),
      403,
      "forbidden",
    );
    const list = await json<{ quickReplies: QuickReply[] }>(await call("/api/quick-replies", { cookie: agent }));
    expect(list.quickReplies.map((q) => q.title)).toEqual(["shipping"]);
    const changed = await call(`/api/quick-replies/${qr.id}`, {
      method: "PATCH",
      cookie: admin,
      body: { text: "Ships today." },
    });
    expect(await json(changed)).toMatchObject({ title: "shipping", text: "Ships today." });
    const returns = await json<QuickReply>(
      await call("/api/quick-replies", {
        cookie: admin,
        body: { title: "returns", text: "Send it back within 7 days." },
      }),
    );
    await expectProblem(
      await call(`/api/quick-replies/${returns.id}`, { method: "PATCH", cookie: admin, body: { title: "shipping" } }),
      409,
      "title_taken",
    );
    expect((await call(`/api/quick-replies/${returns.id}`, { method: "DELETE", cookie: admin })).status).toBe(204);
    await expectProblem(
      await call("/api/quick-replies", { cookie: admin, body: { title: "two words", text: "x" } }),
      400,
      "validation_failed",
    );
    const other = await signIn("boss@other.test");
    await expectProblem(
      await call(`/api/quick-replies/${qr.id}`, { method: "DELETE", cookie: other }),
      404,
      "not_found",
    );
    expect((await call(`/api/quick-replies/${qr.id}`, { method: "DELETE", cookie: admin })).status).toBe(204);
  });
});

describe("personal quick replies beside the team's (issue 17)", () => {
  it("an agent keeps their own, which only they see and change; the team's stay the admins'", async () => {
    const team = await json<QuickReply>(
      await call("/api/quick-replies", { cookie: admin, body: { title: "hours", text: "We open at 9." } }),
    );
    const own = await call("/api/me/quick-replies", {
      cookie: agent,
      body: { title: "hours", text: "Saya di kantor sampai jam 5." },
    });
    expect(own.status).toBe(201);
    const mine = await json<QuickReply & { scope: string }>(own);
    expect(mine.scope).toBe("personal");
    await expectProblem(
      await call("/api/me/quick-replies", { cookie: agent, body: { title: "hours", text: "x" } }),
      409,
      "title_taken",
    );

    const seen = async (cookie: string) =>
      (
        await json<{ quickReplies: (QuickReply & { scope: string })[] }>(await call("/api/quick-replies", { cookie }))
      ).quickReplies
        .filter((q) => q.title === "hours")
        .map((q) => [q.scope, q.text]);
    expect(await seen(agent)).toEqual([
      ["team", "We open at 9."],
      ["personal", "Saya di kantor sampai jam 5."],
    ]);
    expect(await seen(await signIn("agent2@demo.test"))).toEqual([["team", "We open at 9."]]);
    expect(await seen(admin)).toEqual([["team", "We open at 9."]]);

    // Only its owner changes a personal one (another person gets 404); an agent still cannot touch the team's.
    const patched = await call(`/api/me/quick-replies/${mine.id}`, {
      method: "PATCH",
      cookie: agent,
      body: { text: "Sampai jam 6." },
    });
    expect(await json(patched)).toMatchObject({ text: "Sampai jam 6.", scope: "personal" });
    await expectProblem(
      await call(`/api/me/quick-replies/${mine.id}`, { method: "DELETE", cookie: admin }),
      404,
      "not_found",
    );
    await expectProblem(
      await call(`/api/quick-replies/${team.id}`, { method: "PATCH", cookie: agent, body: { text: "x" } }),
      403,
      "forbidden",
    );
    // Nor through the team's routes.
    await expectProblem(
      await call(`/api/quick-replies/${mine.id}`, { method: "DELETE", cookie: admin }),
      404,
      "not_found",
    );
    expect((await call(`/api/me/quick-replies/${mine.id}`, { method: "DELETE", cookie: agent })).status).toBe(204);
    expect((await call(`/api/quick-replies/${team.id}`, { method: "DELETE", cookie: admin })).status).toBe(204);
  });
});
