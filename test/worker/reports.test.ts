// Reports (rules R1, R2) from the reporting records the `reports` listener keeps as things happen: a
// scripted night and morning of conversations, read on two clocks (Jakarta and UTC cut the days apart).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { clock } from "../../worker/lib/clock";
import { call, expectProblem, json, seed, signIn } from "./helpers";
import { deliverUntilAccepted, eventually, inboundBody, quietInfoLogs } from "./resilience-helpers";
import { roomOfContact } from "./rooms-helpers";

let agent: string;
let supervisor: string;
let agentId: string;
let restoreLogs: () => void;

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  await seed();
  [agent, supervisor] = await Promise.all([signIn("agent@demo.test"), signIn("supervisor@demo.test")]);
  agentId = (await json<{ user: { id: string } }>(await call("/api/me", { cookie: agent }))).user.id;
});
afterAll(() => restoreLogs());
afterEach(() => vi.restoreAllMocks());

const jakarta = (iso: string) => Date.parse(`${iso}+07:00`);
const MIN = 60_000;
const at = (ms: number) => vi.spyOn(clock, "now").mockReturnValue(ms);

async function customerWrites(waId: string, when: number, text: string) {
  at(when);
  await deliverUntilAccepted(inboundBody({ waId, id: `wamid.REPORT-${waId}-${when}`, at: when / 1000, text }));
  return roomOfContact(supervisor, waId);
}
async function ok(res: Response) {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res;
}

interface Figures {
  chats: number;
  inbound: number;
  business: number;
  resolved: number;
  messagesIn: number;
  messagesOut: number;
  firstResponse: { count: number; averageMs: number | null; medianMs: number | null };
  resolution: { count: number; averageMs: number | null; medianMs: number | null };
}
interface Overview {
  timeZone: string;
  totals: Figures;
  days: { day: string; chats: number; inbound: number; business: number }[];
}

describe("reports (R1, R2)", () => {
  it("count chats by day on the asked clock, and time first responses and resolutions", async () => {
    // A: writes 23:30 Monday in Jakarta (16:30 UTC); the agent answers at 23:40 (and so holds it); resolved 00:10.
    const a = await customerWrites("6282990003001", jakarta("2026-12-07T23:30:00"), "late question");
    at(jakarta("2026-12-07T23:40:00"));
    await ok(await call(`/api/rooms/${a.id}/messages`, { cookie: agent, body: { type: "text", text: "answer" } }));
    at(jakarta("2026-12-08T00:10:00"));
    await ok(await call(`/api/rooms/${a.id}/resolve`, { cookie: agent, body: {} }));

    // B: writes 06:30 Tuesday in Jakarta (23:30 Monday UTC); assigned 06:35, answered 06:50, resolved 07:35.
    const b = await customerWrites("6282990003002", jakarta("2026-12-08T06:30:00"), "early question");
    at(jakarta("2026-12-08T06:35:00"));
    await ok(await call(`/api/rooms/${b.id}/assign`, { cookie: supervisor, body: { userId: agentId } }));
    at(jakarta("2026-12-08T06:50:00"));
    await ok(await call(`/api/rooms/${b.id}/messages`, { cookie: agent, body: { type: "text", text: "hi" } }));
    await ok(await call(`/api/rooms/${b.id}/messages`, { cookie: agent, body: { type: "text", text: "more" } }));
    at(jakarta("2026-12-08T07:35:00"));
    await ok(await call(`/api/rooms/${b.id}/resolve`, { cookie: agent, body: {} }));

    const query = "from=2026-12-07&to=2026-12-08";
    const report = async (tz: string) =>
      json<Overview>(await ok(await call(`/api/reports/overview?${query}&tz=${tz}`, { cookie: supervisor })));
    expect(await eventually(async () => (await report("Asia/Jakarta")).totals.resolved === 2)).toBe(true);

    const local = await report("Asia/Jakarta");
    expect(local.days.map((d) => [d.day, d.chats, d.inbound])).toEqual([
      ["2026-12-07", 1, 1],
      ["2026-12-08", 1, 1],
    ]);
    expect(local.totals).toMatchObject({
      chats: 2,
      inbound: 2,
      business: 0,
      resolved: 2,
      messagesIn: 2,
      messagesOut: 3,
    });
    expect(local.totals.firstResponse).toEqual({ count: 2, averageMs: 15 * MIN, medianMs: 15 * MIN });
    expect(local.totals.resolution).toEqual({ count: 2, averageMs: 45 * MIN, medianMs: 45 * MIN });

    const utc = await report("UTC");
    expect(utc.days.map((d) => [d.day, d.chats])).toEqual([["2026-12-07", 2]]);
    // On UTC's clock the range ends at 2026-12-09 00:00 UTC: both rooms, one day.
    expect(utc.totals.chats).toBe(2);

    // Only Tuesday in Jakarta: B alone.
    const tuesday = await json<Overview>(
      await call("/api/reports/overview?from=2026-12-08&to=2026-12-08", { cookie: supervisor }),
    );
    expect(tuesday.timeZone).toBe("Asia/Jakarta");
    expect(tuesday.totals).toMatchObject({ chats: 1, messagesOut: 2 });
    expect(tuesday.totals.firstResponse.averageMs).toBe(20 * MIN);

    const agents = await json<{ agents: (Figures & { agentId: string; name: string })[] }>(
      await call(`/api/reports/agents?${query}`, { cookie: supervisor }),
    );
    expect(agents.agents).toEqual([
      expect.objectContaining({
        agentId,
        chats: 2,
        resolved: 2,
        resolution: { count: 2, averageMs: 45 * MIN, medianMs: 45 * MIN },
      }),
    ]);

    const csv = await (await call(`/api/reports/overview.csv?${query}`, { cookie: supervisor })).text();
    expect(csv.split("\r\n")).toEqual(
      expect.arrayContaining([
        "day,channel_id,chats,inbound,business",
        "2026-12-07,ch_demo_whatsapp,1,1,0",
        "2,2,2,3,15,15,45,45",
      ]),
    );
    const agentsCsv = await call(`/api/reports/agents.csv?${query}`, { cookie: supervisor });
    expect(agentsCsv.headers.get("content-type")).toContain("text/csv");
    expect(await agentsCsv.text()).toContain(`${agentId},`);
  }, 60_000);

  it("are for supervisors and admins, and check their range", async () => {
    expect((await call("/api/reports/overview?from=2026-12-01&to=2026-12-02", { cookie: agent })).status).toBe(403);
    const backwards = await call("/api/reports/overview?from=2026-12-05&to=2026-12-01", { cookie: supervisor });
    expect(backwards.status).toBe(400);
    const badZone = await call("/api/reports/overview?from=2026-12-01&to=2026-12-02&tz=Mars/Olympus", {
      cookie: supervisor,
    });
    expect(badZone.status).toBe(400);
    // A day past 2099, a day not on the calendar, or more than a year: a clear 400, never a 500.
    for (const kind of ["overview", "agents", "csat", "calls", "overview.csv"]) {
      for (const range of [
        "from=2026-01-01&to=9999-12-31",
        "from=2026-02-30&to=2026-03-01",
        "from=2025-01-01&to=2026-12-31",
        "from=2026-13-01&to=2026-12-31",
        "from=&to=2026-12-31",
        "from=abc&to=2026-12-31",
      ]) {
        await expectProblem(
          await call(`/api/reports/${kind}?${range}`, { cookie: supervisor }),
          400,
          "validation_failed",
        );
      }
    }
    expect((await call("/api/reports/overview?from=2026-01-01&to=2026-12-31", { cookie: supervisor })).status).toBe(
      200,
    );
  });
});
