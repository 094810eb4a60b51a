// Issue 13, item 9 (B7, item 3): the sender's batch paths. A queue batch is taken with one call and
// reported with one; a batch delivered again after part of it was sent and reported, and with a
// recipient another consumer took and never reported, sends nothing twice and charges nothing twice;
// the charges of a batch land in one D1 batch, and charging the same sends again charges nothing more.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { WHATSAPP_POLICY } from "../../worker/domain/channel-policy";
import { chargeSends, type SendToCharge } from "../../worker/features/billing/service";
import type { CampaignDO } from "../../worker/features/campaigns/campaign-do";
import { runCampaignBatch } from "../../worker/features/campaigns/sender";
import { campaignStub } from "../../worker/features/campaigns/service";
import type { SendBatchMessage } from "../../worker/features/campaigns/types";
import {
  type CampaignJson,
  createCampaign,
  insertList,
  netChargesPerRecipient,
  ORG,
  phones,
  readyToBroadcast,
  received,
  setBalance,
} from "./campaigns-helpers";
import { db, json } from "./helpers";

let admin: string;

beforeAll(async () => {
  [admin] = await readyToBroadcast(100_000, "admin@demo.test");
});

/** A queue batch as the runtime hands it to the consumer, answering which messages were acked or retried. */
function queueBatch(bodies: SendBatchMessage[]) {
  const acked: number[] = [];
  const retried: number[] = [];
  const messages = bodies.map((body, i) => ({
    id: `m${i}`,
    timestamp: new Date(),
    attempts: 1,
    body,
    ack: () => acked.push(i),
    retry: () => retried.push(i),
  }));
  const batch = { queue: "edge-inbox-campaigns", messages, ackAll() {}, retryAll() {} };
  return { batch: batch as unknown as MessageBatch<unknown>, acked, retried };
}

/** A campaign scheduled an hour ahead (its own ticks claim nothing), with `count` recipients claimed by hand. */
async function claimedCampaign(count: number) {
  const numbers = phones(count);
  const listId = await insertList(numbers);
  const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
  const { id } = await json<CampaignJson>(await createCampaign(admin, { listId, scheduledAt }));
  const stub = campaignStub(env, id);
  const items = await runInDurableObject(stub, (instance: CampaignDO) =>
    (
      instance as unknown as { store: { claim(limit: number, now: number): { id: number; attempt: number }[] } }
    ).store.claim(count, Date.now()),
  );
  expect(items).toHaveLength(count);
  return { id, stub, numbers, items };
}

describe("the sender's batches (item 9, item 3, B7)", () => {
  it("sends nothing twice when a batch is delivered again after part of it was sent and reported", async () => {
    const { id, stub, numbers, items } = await claimedCampaign(6);
    const firstThree = { campaignId: id, items: items.slice(0, 3) };
    const rest = { campaignId: id, items: items.slice(3) };

    const first = queueBatch([firstThree]);
    await runCampaignBatch(first.batch, env);
    expect(first.acked).toEqual([0]);
    // Another consumer took the last recipient and was evicted before it sent or reported.
    expect(await stub.take([items[5] as { id: number; attempt: number }])).toHaveLength(1);

    // The whole batch again (at-least-once delivery), twice.
    for (let round = 0; round < 2; round++) {
      const again = queueBatch([firstThree, rest]);
      await runCampaignBatch(again.batch, env);
      expect(again.acked).toEqual([0, 1]);
      expect(again.retried).toEqual([]);
    }
    const sends = await Promise.all(numbers.map(received));
    expect(sends).toEqual([1, 1, 1, 1, 1, 0]);
    const charges = await netChargesPerRecipient(id);
    expect([...charges.keys()].sort()).toEqual(["1", "2", "3", "4", "5"]);
    expect([...charges.values()].every((net) => net === 460)).toBe(true);
    const page = await stub.recipients({ after: 0, limit: 10 });
    expect(page.map((r) => r.state === "sending")).toEqual([false, false, false, false, false, true]);
    expect(page.slice(0, 5).every((r) => r.providerMessageId !== null && r.attempt === 1)).toBe(true);
  }, 30_000);

  it("sends a batch of three messages (60 recipients) taken together, each once and charged once", async () => {
    const { id, numbers, items } = await claimedCampaign(60);
    const bodies = [0, 1, 2].map((k) => ({ campaignId: id, items: items.slice(k * 20, k * 20 + 20) }));
    const { batch, acked } = queueBatch(bodies);
    await runCampaignBatch(batch, env);
    expect(acked).toEqual([0, 1, 2]);
    expect((await Promise.all(numbers.map(received))).every((n) => n === 1)).toBe(true);
    const charges = await netChargesPerRecipient(id);
    expect(charges.size).toBe(60);
    expect([...charges.values()].every((net) => net === 460)).toBe(true);
  }, 30_000);
});

describe("a batch's charges (B7)", () => {
  const sendsOf = (numbers: string[], run: string): SendToCharge[] =>
    numbers.map((phone, i) => {
      const digits = phone.slice(1);
      return {
        organizationId: ORG,
        channelId: "ch_demo_whatsapp",
        contactId: `wa:${digits}`,
        contactExternalId: digits,
        roomId: `campaign:${run}`,
        messageId: `cmp:${run}:${i + 1}:1`,
        send: "UTILITY",
        now: Date.now(),
        policy: WHATSAPP_POLICY,
      };
    });
  const balance = async () =>
    (
      await env.DB.prepare("SELECT package_balance + topup_balance AS b FROM wallets WHERE organization_id = ?")
        .bind(ORG)
        .first<{ b: number }>()
    )?.b ?? 0;
  const entries = async (run: string) =>
    (
      await env.DB.prepare("SELECT count(*) AS n FROM ledger_entries WHERE room_id = ?")
        .bind(`campaign:${run}`)
        .first<{ n: number }>()
    )?.n ?? 0;

  it("charges each send once; the same sends again charge nothing more", async () => {
    await setBalance(100_000);
    const run = `batch_${crypto.randomUUID().slice(0, 8)}`;
    const sends = sendsOf(phones(12), run);
    const before = await balance();
    const first = await chargeSends(db(), sends);
    expect(first.every((c) => "receipt" in c && c.receipt !== null && c.receipt.conversationId !== null)).toBe(true);
    const paid = before - (await balance());
    expect(paid).toBe(12 * 460);
    const written = await entries(run);
    const again = await chargeSends(db(), sends);
    expect(again.every((c) => "receipt" in c)).toBe(true);
    expect(await balance()).toBe(before - paid);
    expect(await entries(run)).toBe(written);
  });

  it("charges until the money ends and refuses the rest (T7), nothing below zero", async () => {
    await setBalance(460 * 3 + 100);
    const run = `batch_${crypto.randomUUID().slice(0, 8)}`;
    const results = await chargeSends(db(), sendsOf(phones(5), run));
    expect(results.map((c) => ("refused" in c ? c.refused : "paid"))).toEqual([
      "paid",
      "paid",
      "paid",
      "insufficient_balance",
      "insufficient_balance",
    ]);
    expect(await balance()).toBe(100);
    await setBalance(100_000);
  });
});
