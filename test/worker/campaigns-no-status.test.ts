// Issue 13 item 3/4 (T7, B7): a recipient failed `unknown_outcome` that Meta sends no status for within
// 48 hours of its attempt never reached Meta: its charge is given back once, its reason becomes
// `no_status`, and Retry sends it again. A campaign otherwise ended keeps an alarm for that 48 h mark.
// A status before then settles it as before (no refund); one after the refund counts, never paying
// or refunding twice.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  NO_STATUS,
  NO_STATUS_MS,
  nextState,
  noStatusAt,
  noStatusDue,
  reasonWhenSent,
  SENT_AFTER_REFUND,
  UNKNOWN_OUTCOME,
} from "../../worker/domain/campaign";
import type { CampaignDO } from "../../worker/features/campaigns/campaign-do";
import type { RecipientStore } from "../../worker/features/campaigns/recipient-store";
import { campaignStub } from "../../worker/features/campaigns/service";
import {
  type CampaignJson,
  campaign,
  createCampaign,
  netChargesPerRecipient,
  phones,
  readyToBroadcast,
  received,
  waitFor,
} from "./campaigns-helpers";
import { call, json, withClock } from "./helpers";

const HOUR = 3_600_000;
/** Issue 13 item 4: the wait for a status, written out (NO_STATUS_MS). */
const DAYS_2 = 48 * HOUR;

describe("the 48 h rule (issue 13 item 4, pure)", () => {
  it("settles an unknown outcome 48 h after its attempt, not a moment before", () => {
    expect(NO_STATUS_MS).toBe(48 * HOUR);
    expect(noStatusAt(1_000)).toBe(1_000 + 48 * HOUR);
    expect(noStatusDue(1_000, 1_000 + 48 * HOUR - 1)).toBe(false);
    expect(noStatusDue(1_000, 1_000 + 48 * HOUR)).toBe(true);
  });

  it("keeps a refunded recipient open to late statuses, marked sent after its refund", () => {
    expect(nextState("failed", "delivered", NO_STATUS)).toBe("delivered");
    expect(nextState("failed", "failed", NO_STATUS)).toBe("failed");
    expect(nextState("failed", "delivered", "undeliverable")).toBeNull();
    expect(reasonWhenSent(NO_STATUS)).toBe(SENT_AFTER_REFUND);
    expect(reasonWhenSent(SENT_AFTER_REFUND)).toBe(SENT_AFTER_REFUND);
    expect(reasonWhenSent(UNKNOWN_OUTCOME)).toBeNull();
  });
});

describe("an unknown outcome with no status for 48 h (issue 13 item 4, T7, B7)", () => {
  let admin: string;
  beforeAll(async () => {
    [admin] = await readyToBroadcast(100_000, "admin@demo.test");
  });

  type Recipient = { state: string; reason: string | null; reasonText: string };
  const recipient = async (id: string) =>
    (await json<{ recipients: Recipient[] }>(await call(`/api/campaigns/${id}/recipients`, { cookie: admin })))
      .recipients[0] as Recipient;

  /**
   * A one-recipient campaign whose send, as far as the object knows, timed out: charged (its receipt
   * kept, Rp 460), no answer from Meta (no message id) and no status since. One tick follows, as after
   * the sender's report; answers the alarm it left and the attempt's time.
   */
  async function timedOut() {
    const [phone] = phones(1) as [string];
    const res = await createCampaign(admin, { phone, variables: [{ value: "Ayu" }, { value: "A-9" }] });
    const { id } = await json<CampaignJson>(res);
    await waitFor(admin, id, (c) => c.status === "completed" && c.counts.read === 1);
    const stub = campaignStub(env, id);
    const { alarm, attemptAt } = await runInDurableObject(stub, async (instance: CampaignDO, state) => {
      const store = (instance as unknown as { store: RecipientStore }).store;
      store.update(1, { state: "failed", reason: UNKNOWN_OUTCOME, wamid: null }, Date.now());
      await instance.alarm();
      return { alarm: await state.storage.getAlarm(), attemptAt: store.row(1)?.claimed_at as number };
    });
    return { id, phone, stub, alarm, attemptAt };
  }
  const alarmOf = (stub: ReturnType<typeof campaignStub>) =>
    runInDurableObject(stub, (_: CampaignDO, state) => state.storage.getAlarm());
  const status = (s: "sent" | "delivered" | "failed", errorCode: string | null = null) => ({
    recipientId: 1,
    status: s,
    errorCode,
    providerMessageId: "wamid.late",
  });

  it("refunds it at its 48 h mark (net charge 0), and Retry then sends it once", async () => {
    const { id, phone, stub, alarm, attemptAt } = await timedOut();
    // The campaign ended (failed), yet its alarm waits for the 48 h mark instead of ticking each second.
    expect((await campaign(admin, id)).status).toBe("failed");
    expect(alarm).toBe(attemptAt + DAYS_2);
    // 47 h on: still waiting for a status; the charge stays.
    await withClock(attemptAt + 47 * HOUR - Date.now(), () => runDurableObjectAlarm(stub));
    expect((await recipient(id)).reason).toBe(UNKNOWN_OUTCOME);
    expect([...(await netChargesPerRecipient(id)).values()]).toEqual([460]);
    expect(await alarmOf(stub)).toBe(attemptAt + DAYS_2);
    // 48 h on: given back once (a second tick gives back nothing more), and nothing waits any more.
    await withClock(attemptAt + DAYS_2 - Date.now(), async () => {
      expect(await runDurableObjectAlarm(stub)).toBe(true);
      await runInDurableObject(stub, (instance: CampaignDO) => instance.alarm());
    });
    expect([...(await netChargesPerRecipient(id)).values()]).toEqual([0]);
    expect(await alarmOf(stub)).toBeNull();
    const settled = await campaign(admin, id);
    expect(settled.cost).toBe(0);
    expect(settled.counts.failed).toBe(1);
    const r = await recipient(id);
    expect(r.reason).toBe("no_status");
    expect(r.reasonText).toMatch(/charge was given back\. Retry sends it again/);
    // T7: Retry sends it again, once, and charges it once.
    const retried = await call(`/api/campaigns/${id}/retry`, { method: "POST", cookie: admin });
    expect((await json<{ requeued: number }>(retried)).requeued).toBe(1);
    await waitFor(admin, id, (c) => c.status === "completed" && c.counts.read === 1);
    expect(await received(phone)).toBe(2); // the first send (the sandbox took it) and the retry
    expect([...(await netChargesPerRecipient(id)).values()]).toEqual([460]);
    expect((await campaign(admin, id)).cost).toBe(460);
  }, 30_000);

  it("does not refund one whose status arrives before the 48 h mark", async () => {
    const { id, stub, attemptAt } = await timedOut();
    await withClock(attemptAt + 47 * HOUR - Date.now(), () => stub.applyStatuses([status("delivered")]));
    await withClock(attemptAt + 49 * HOUR - Date.now(), () => runDurableObjectAlarm(stub));
    const after = await campaign(admin, id);
    expect(after.counts.delivered).toBe(1);
    expect(after.counts.failed).toBe(0);
    expect(after.cost).toBe(460);
    expect((await recipient(id)).reason).toBeNull();
    expect([...(await netChargesPerRecipient(id)).values()]).toEqual([460]);
    expect(await alarmOf(stub)).toBeNull();
  }, 30_000);

  it("counts a late delivered after the refund as sent, neither charging nor refunding again", async () => {
    const { id, phone, stub, attemptAt } = await timedOut();
    await withClock(attemptAt + DAYS_2 - Date.now(), () => runDurableObjectAlarm(stub));
    expect((await recipient(id)).reason).toBe("no_status");
    // It went out after all: sent, its charge stays given back (the recipient says so); a later
    // failed changes nothing (it was delivered), and Retry has nothing to send.
    await stub.applyStatuses([status("delivered"), status("delivered"), status("failed", "131026")]);
    const after = await campaign(admin, id);
    expect(after.counts.delivered).toBe(1);
    expect(after.counts.failed).toBe(0);
    expect(after.cost).toBe(0);
    const r = await recipient(id);
    expect(r.reason).toBe("sent_after_refund");
    expect(r.reasonText).toMatch(/not charged again/);
    expect([...(await netChargesPerRecipient(id)).values()]).toEqual([0]);
    const retried = await call(`/api/campaigns/${id}/retry`, { method: "POST", cookie: admin });
    expect((await json<{ requeued: number }>(retried)).requeued).toBe(0);
    expect(await received(phone)).toBe(1);
  }, 30_000);

  it("gives nothing back twice when a late failed follows the refund", async () => {
    const { id, stub, attemptAt } = await timedOut();
    await withClock(attemptAt + DAYS_2 - Date.now(), () => runDurableObjectAlarm(stub));
    expect((await recipient(id)).reason).toBe("no_status");
    await stub.applyStatuses([status("failed", "131026"), status("failed", "131026")]);
    expect([...(await netChargesPerRecipient(id)).values()]).toEqual([0]);
    expect((await recipient(id)).reason).toBe("undeliverable");
    expect((await campaign(admin, id)).cost).toBe(0);
  }, 30_000);
});
