// Issue 13 (T6, T7, T9): campaigns are refused before anything is queued when they cannot be sent,
// an Idempotency-Key makes a retried create the same campaign, and a list campaign runs to
// `completed` with each sandbox customer receiving the template exactly once.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type CampaignJson,
  campaign,
  createCampaign,
  insertList,
  ORG,
  phones,
  readyToBroadcast,
  received,
  setBalance,
  waitFor,
} from "./campaigns-helpers";
import { call, expectProblem, json } from "./helpers";
import { expectDocumented } from "./openapi-helpers";

let admin: string;
let agent: string;

beforeAll(async () => {
  [admin, agent] = await readyToBroadcast(100_000, "admin@demo.test", "agent@demo.test");
});

const queuedSends = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM campaigns").first<{ n: number }>())?.n ?? 0;

describe("creating a campaign (T6, T7)", () => {
  it("refuses a template that is not APPROVED, before anything is queued", async () => {
    await env.DB.prepare(
      "INSERT OR IGNORE INTO templates (id, organization_id, channel_id, name, language, category, status, components) VALUES ('tpl_pending', ?, 'ch_demo_whatsapp', 'pending_one', 'en', 'UTILITY', 'PENDING', ?)",
    )
      .bind(ORG, JSON.stringify([{ type: "BODY", text: "Hello" }]))
      .run();
    const before = await queuedSends();
    const res = await createCampaign(admin, { templateId: "tpl_pending", phone: "08123456789", variables: [] });
    await expectProblem(res, 422, "template_not_approved");
    expect(await queuedSends()).toBe(before);
  });

  it("refuses a variable that is not mapped, or mapped to a column the list lacks", async () => {
    const listId = await insertList(phones(2));
    await expectProblem(
      await createCampaign(admin, { listId, variables: [{ column: "name" }] }),
      422,
      "variable_unmapped",
    );
    await expectProblem(
      await createCampaign(admin, { listId, variables: [{ column: "name" }, { column: "nope" }] }),
      422,
      "variable_unmapped",
    );
    await expectProblem(
      await createCampaign(admin, { phone: "08123456789", variables: [{ column: "name" }, { value: "x" }] }),
      422,
      "variable_unmapped",
    );
  });

  it("refuses balance_short when the estimate exceeds the balance, unless allowPartial (T7)", async () => {
    await setBalance(500);
    const listId = await insertList(phones(3));
    const res = await createCampaign(admin, { listId });
    expectDocumented("createCampaign", await expectProblem(res, 422, "balance_short"));
    await setBalance(100_000);
  });

  it("is for admins only (A3), and works with a tenant API key (T9)", async () => {
    expect((await createCampaign(agent, { phone: "08123456789" })).status).toBe(403);
    const key = await json<{ secret: string }>(
      await call("/api/api-keys", { cookie: admin, body: { name: "broadcasts", role: "admin" } }),
    );
    const [phone] = phones(1);
    const res = await call("/api/campaigns", {
      bearer: key.secret,
      origin: null,
      body: {
        name: "API",
        templateId: "tpl_demo_order_update",
        phone,
        variables: [{ value: "Ayu" }, { value: "A-1" }],
      },
    });
    expect(res.status).toBe(201);
    const created = await json<CampaignJson>(res);
    const listed = await json<{ campaigns: CampaignJson[] }>(await call("/api/campaigns", { bearer: key.secret }));
    expect(listed.campaigns.map((c) => c.id)).toContain(created.id);
    const done = await waitFor(admin, created.id, (c) => c.status === "completed");
    expect(done.counts.sent + done.counts.delivered + done.counts.read).toBe(1);
    expect(await received(phone as string)).toBe(1);
  }, 20_000);

  it("answers the same campaign for a retried create with the same Idempotency-Key", async () => {
    const [phone] = phones(1);
    const body = { phone, variables: [{ value: "Ayu" }, { value: "A-1" }] };
    const headers = { "idempotency-key": "create-once-1" };
    const first = await createCampaign(admin, body, headers);
    const second = await createCampaign(admin, body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const [a, b] = [await json<CampaignJson>(first), await json<CampaignJson>(second)];
    expect(b.id).toBe(a.id);
    await waitFor(admin, a.id, (c) => c.status === "completed");
    expect(await received(phone as string)).toBe(1);
  }, 20_000);
});

describe("a list campaign (T6)", () => {
  it("completes, each customer receives the template once, statuses move recipients to read", async () => {
    const numbers = phones(12);
    const listId = await insertList(numbers);
    const res = await createCampaign(admin, { listId, name: "Twelve" });
    expect(res.status).toBe(201);
    const created = await json<CampaignJson>(res);
    expect(created.total).toBe(12);
    expect(created.estimate).toBe(12 * 460);
    const done = await waitFor(admin, created.id, (c) => c.status === "completed" && c.counts.read === 12);
    expect(done.status).toBe("completed");
    expect(done.counts.read).toBe(12);
    expect(done.cost).toBe(12 * 460);
    for (const phone of numbers) expect(await received(phone)).toBe(1);
    const page = await json<{ recipients: { phone: string; state: string }[]; nextCursor: string | null }>(
      await call(`/api/campaigns/${created.id}/recipients?limit=5`, { cookie: admin }),
    );
    expect(page.recipients.map((r) => r.phone)).toEqual(numbers.slice(0, 5));
    expect(page.nextCursor).not.toBeNull();
    const csv = await (await call(`/api/campaigns/${created.id}/recipients.csv`, { cookie: admin })).text();
    expect(csv.trim().split("\r\n")).toHaveLength(13);
    const list = await json<{ campaigns: CampaignJson[] }>(await call("/api/campaigns", { cookie: admin }));
    expect(list.campaigns.find((c) => c.id === created.id)?.status).toBe("completed");
    expect((await campaign(admin, created.id)).counts.read).toBe(12);
  }, 40_000);
});

describe("a campaign whose set-up is still on its way", () => {
  it("reads as scheduled with nothing counted, not a 500", async () => {
    // The row is written before the campaign's object is set up; a read in between finds no set-up.
    const { channel_id: channelId } = (await env.DB.prepare(
      "SELECT id AS channel_id FROM channels WHERE organization_id = 'org_demo' AND kind = 'whatsapp' LIMIT 1",
    ).first<{ channel_id: string }>()) ?? { channel_id: "" };
    const counts = JSON.stringify({ queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, cancelled: 0, skipped: 0 });
    await env.DB.prepare(
      `INSERT INTO campaigns (id, organization_id, name, channel_id, template_id, template_name, language, category,
         target, status, total, counts, estimate, updated_at, progress_at)
       VALUES ('cmp_not_set_up', 'org_demo', 'Half made', ?, 'tpl_none', 'order_update', 'en', 'UTILITY',
         '{"phone":"+6281200000999"}', 'scheduled', 1, ?, 460, 0, 0)`,
    )
      .bind(channelId, counts)
      .run();
    const res = await call("/api/campaigns/cmp_not_set_up", { cookie: admin });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: "cmp_not_set_up", status: "scheduled", counts: { queued: 0 } });
  });
});
