// Issue 13 (T7, item 3, item 9): the engine's guarantees. The money runs out mid-campaign and a
// retry after the top-up sends only the rest; a campaign whose object is evicted mid-send and whose
// queue batches are delivered again sends and charges each recipient once; cancel stops sending
// within 2 s; retry is refused while the campaign runs.
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { campaignStub } from "../../worker/features/campaigns/service";
import { sandboxStub } from "../../worker/sandbox/routes";
import {
  type CampaignJson,
  campaign,
  createCampaign,
  insertList,
  netChargesPerRecipient,
  phones,
  readyToBroadcast,
  received,
  setBalance,
  setThroughput,
  sleep,
  waitFor,
} from "./campaigns-helpers";
import { call, expectProblem, json } from "./helpers";

let admin: string;

beforeAll(async () => {
  [admin] = await readyToBroadcast(100_000, "admin@demo.test");
});

afterEach(async () => {
  await setThroughput(admin, 80);
  await setBalance(100_000);
});

const settled = (c: CampaignJson) => !["running", "scheduled"].includes(c.status);
const successes = (c: CampaignJson) => c.counts.sent + c.counts.delivered + c.counts.read;

describe("money (T7, B7)", () => {
  it("fails the rest insufficient_balance when the balance runs out; retry after a top-up sends only those", async () => {
    // UTILITY is Rp 460 a recipient (B4): Rp 1,000 pays for two of five.
    await setBalance(1_000);
    const numbers = phones(5);
    const listId = await insertList(numbers);
    const res = await createCampaign(admin, { listId, allowPartial: true });
    expect(res.status).toBe(201);
    const { id } = await json<CampaignJson>(res);
    const ended = await waitFor(admin, id, settled);
    expect(ended.status).toBe("partially_completed");
    expect(successes(ended)).toBe(2);
    expect(ended.counts.failed).toBe(3);
    const failed = await json<{ recipients: { reason: string; reasonText: string }[] }>(
      await call(`/api/campaigns/${id}/recipients?status=failed`, { cookie: admin }),
    );
    expect(failed.recipients.map((r) => r.reason)).toEqual(Array(3).fill("insufficient_balance"));
    expect(failed.recipients[0]?.reasonText).toMatch(/balance ran out/);

    await setBalance(100_000);
    const retried = await json<{ requeued: number }>(
      await call(`/api/campaigns/${id}/retry`, { method: "POST", cookie: admin }),
    );
    expect(retried.requeued).toBe(3);
    const done = await waitFor(admin, id, (c) => c.status === "completed");
    expect(successes(done)).toBe(5);
    for (const phone of numbers) expect(await received(phone)).toBe(1);
    const charges = await netChargesPerRecipient(id);
    expect([...charges.values()]).toEqual(Array(5).fill(460));
  }, 40_000);

  it("answers 409 campaign_running to a retry while the campaign runs", async () => {
    await setThroughput(admin, 2);
    const listId = await insertList(phones(6));
    const { id } = await json<CampaignJson>(await createCampaign(admin, { listId }));
    await expectProblem(
      await call(`/api/campaigns/${id}/retry`, { method: "POST", cookie: admin }),
      409,
      "campaign_running",
    );
    await call(`/api/campaigns/${id}/cancel`, { method: "POST", cookie: admin });
  });
});

describe("exactly once (item 3, item 9)", () => {
  it("sends and charges each recipient once when the object is evicted mid-send and batches are re-delivered", async () => {
    await setThroughput(admin, 6);
    const numbers = phones(20);
    const listId = await insertList(numbers);
    const { id } = await json<CampaignJson>(await createCampaign(admin, { listId }));
    const stub = campaignStub(env, id);
    await waitFor(admin, id, (c) => successes(c) >= 3);
    await evictDurableObject(stub);
    // Every recipient's first attempt handed out again, as a redelivering queue would.
    const items = numbers.map((_, i) => ({ id: i + 1, attempt: 1 }));
    for (let i = 0; i < items.length; i += 10) {
      await env.CAMPAIGN_QUEUE.send({ campaignId: id, items: items.slice(i, i + 10) });
    }
    await sleep(1_500);
    await evictDurableObject(stub);
    const done = await waitFor(admin, id, settled, 30_000);
    expect(done.status).toBe("completed");
    expect(successes(done)).toBe(20);
    for (const phone of numbers) expect(await received(phone)).toBe(1);
    const charges = await netChargesPerRecipient(id);
    expect(charges.size).toBe(20);
    expect([...charges.values()].every((net) => net === 460)).toBe(true);
  }, 60_000);
});

describe("cancel (T6)", () => {
  it("stops sending within 2 s; the recipients not sent end cancelled", async () => {
    await setThroughput(admin, 3);
    const numbers = phones(20);
    const listId = await insertList(numbers);
    const { id } = await json<CampaignJson>(await createCampaign(admin, { listId }));
    await waitFor(admin, id, (c) => successes(c) >= 2);
    const res = await call(`/api/campaigns/${id}/cancel`, { method: "POST", cookie: admin });
    expect(res.status).toBe(200);
    expect((await json<CampaignJson>(res)).status).toBe("cancelled");
    await sleep(2_000);
    const countSends = async () => (await Promise.all(numbers.map(received))).reduce((a, b) => a + b, 0);
    const atTwoSeconds = await countSends();
    await sleep(3_000);
    expect(await countSends()).toBe(atTwoSeconds);
    const view = await campaign(admin, id);
    expect(view.status).toBe("cancelled");
    expect(view.counts.cancelled).toBe(20 - atTwoSeconds);
    expect(atTwoSeconds).toBeLessThan(20);
    // B7: what the cancel stopped is not paid for (a batch already charged gives it back).
    const paid = [...(await netChargesPerRecipient(id)).values()].filter((net) => net > 0);
    expect(paid).toHaveLength(atTwoSeconds);
  }, 30_000);
});

describe("throughput (item 3, item 8)", () => {
  it("slows down on 130429 and still sends everyone once", async () => {
    await sandboxStub(env).configureRate(4);
    try {
      await setThroughput(admin, 20);
      const numbers = phones(16);
      const listId = await insertList(numbers);
      const { id } = await json<CampaignJson>(await createCampaign(admin, { listId }));
      const done = await waitFor(admin, id, settled, 40_000);
      expect(done.status).toBe("completed");
      const stats = await sandboxStub(env).rateStats();
      expect(stats.rejected).toBeGreaterThan(0);
      expect(Math.max(...Object.values(stats.perSecond))).toBeLessThanOrEqual(4);
      for (const phone of numbers) expect(await received(phone)).toBe(1);
    } finally {
      await sandboxStub(env).configureRate(80);
    }
  }, 60_000);

  it("spaces the sends of two campaigns on one number over its budget: no second above it, no 130429", async () => {
    await sandboxStub(env).configureRate(10);
    try {
      await setThroughput(admin, 10);
      const [first, second] = [phones(18), phones(18)];
      const lists = [await insertList(first), await insertList(second)];
      const created = await Promise.all(lists.map((listId) => createCampaign(admin, { listId })));
      const ids = await Promise.all(created.map(async (res) => (await json<CampaignJson>(res)).id));
      for (const id of ids) expect((await waitFor(admin, id, settled, 40_000)).status).toBe("completed");
      const stats = await sandboxStub(env).rateStats();
      expect(stats.rejected).toBe(0);
      expect(stats.admitted).toBe(36);
      expect(Math.max(...Object.values(stats.perSecond))).toBeLessThanOrEqual(10);
      for (const phone of [...first, ...second]) expect(await received(phone)).toBe(1);
    } finally {
      await sandboxStub(env).configureRate(80);
    }
  }, 60_000);
});
