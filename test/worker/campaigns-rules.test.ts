// Issue 13, item 3 (research table 1.5): Meta's error classes, statuses forward only (duplicated or
// out of order change nothing), how a campaign ends, local schedule times in the tenant's zone; and
// through a real campaign object, statuses replayed out of order and twice.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  callbackDataOf,
  campaignOfCallback,
  failureAction,
  finalStatus,
  isOfCurrentSend,
  isOptInText,
  isOptOutText,
  nextState,
  parseScheduledAt,
  type RecipientState,
} from "../../worker/domain/campaign";
import type { CampaignDO } from "../../worker/features/campaigns/campaign-do";
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
import { call, json } from "./helpers";

describe("Meta's error classes (item 3)", () => {
  it("retries the number on 130429, the recipient on 131056 and transient errors, never an unknown outcome", () => {
    expect(failureAction("130429", 429, 1)).toEqual({ kind: "retry_number" });
    expect(failureAction("131056", 400, 1)).toEqual({ kind: "retry_recipient", delayMs: 1_000 });
    expect(failureAction("131056", 400, 3)).toEqual({ kind: "retry_recipient", delayMs: 16_000 });
    expect(failureAction("131000", 400, 1).kind).toBe("retry_recipient");
    expect(failureAction("131000", 400, 3)).toEqual({ kind: "fail_recipient", reason: "provider_error_131000" });
    expect(failureAction("timeout", null, 1)).toEqual({ kind: "unknown_outcome" });
    expect(failureAction("131000", 503, 1)).toEqual({ kind: "unknown_outcome" });
    expect(failureAction("invalid_response", 200, 1)).toEqual({ kind: "unknown_outcome" });
  });

  it("fails the recipient on a terminal answer, stops the campaign on a template or account problem", () => {
    expect(failureAction("131026", 400, 1)).toEqual({ kind: "fail_recipient", reason: "undeliverable" });
    expect(failureAction("131050", 400, 1)).toEqual({ kind: "fail_recipient", reason: "opted_out" });
    expect(failureAction("132000", 400, 1)).toEqual({ kind: "fail_recipient", reason: "template_parameters_invalid" });
    expect(failureAction("131048", 400, 1)).toEqual({ kind: "stop_campaign", reason: "spam_rate_limit" });
    expect(failureAction("132015", 400, 1)).toEqual({ kind: "stop_campaign", reason: "template_paused" });
    expect(failureAction("190", 401, 1)).toEqual({ kind: "stop_campaign", reason: "access_token_invalid" });
  });
});

describe("statuses move recipients forward only (item 3)", () => {
  const apply = (start: RecipientState, statuses: ("sent" | "delivered" | "read" | "failed")[]) =>
    statuses.reduce<RecipientState>((s, status) => nextState(s, status) ?? s, start);

  it("ends at read whatever the order, and a duplicate changes nothing", () => {
    expect(apply("sending", ["read", "delivered", "sent", "delivered"])).toBe("read");
    expect(apply("held", ["sent", "sent", "delivered"])).toBe("delivered");
    expect(nextState("read", "read")).toBeNull();
  });

  it("fails a message not yet delivered; a delivered one stays delivered", () => {
    expect(apply("sent", ["failed"])).toBe("failed");
    expect(apply("held", ["failed", "delivered"])).toBe("failed");
    expect(nextState("delivered", "failed")).toBeNull();
    expect(nextState("queued", "delivered")).toBeNull();
  });

  it("ends completed, partially_completed or failed (T6, T7)", () => {
    expect(finalStatus({ success: 3, failed: 0 })).toBe("completed");
    expect(finalStatus({ success: 3, failed: 2 })).toBe("partially_completed");
    expect(finalStatus({ success: 0, failed: 2 })).toBe("failed");
  });

  it("finds campaign, recipient and attempt in the callback data, and nothing in anything else", () => {
    const id = `cmp_${"a".repeat(32)}`;
    expect(campaignOfCallback(callbackDataOf(id, 42, 2))).toEqual({ campaignId: id, recipientId: 42, attempt: 2 });
    // Sent before the attempt was named: still found, of no attempt in particular.
    expect(campaignOfCallback(`cmp:${id}:42`)).toEqual({ campaignId: id, recipientId: 42, attempt: null });
    expect(campaignOfCallback(`cmp:${id}:42:`)).toBeNull();
    expect(campaignOfCallback("cmp:other:1")).toBeNull();
    expect(campaignOfCallback(null)).toBeNull();
  });

  it("takes a status for the recipient's current send only, not for a message sent before a Retry (T7)", () => {
    const retried = { attempt: 2, wamid: null };
    expect(isOfCurrentSend(retried, { attempt: 2, providerMessageId: "wamid.SECOND" })).toBe(true);
    expect(isOfCurrentSend(retried, { attempt: 1, providerMessageId: "wamid.FIRST" })).toBe(false);
    const known = { attempt: 2, wamid: "wamid.SECOND" };
    expect(isOfCurrentSend(known, { attempt: 2, providerMessageId: "wamid.SECOND" })).toBe(true);
    // Without an attempt (sent before attempts were named) the message id tells them apart.
    expect(isOfCurrentSend(known, { attempt: null, providerMessageId: "wamid.FIRST" })).toBe(false);
    expect(isOfCurrentSend(known, { providerMessageId: "wamid.SECOND" })).toBe(true);
    expect(isOfCurrentSend(retried, { providerMessageId: "wamid.ANY" })).toBe(true);
  });

  it("reads STOP and BERHENTI as opt-outs, not a sentence that contains them", () => {
    expect(isOptOutText(" Berhenti ")).toBe(true);
    expect(isOptOutText("STOP")).toBe(true);
    expect(isOptOutText("please stop the delivery")).toBe(false);
  });

  it("reads START and MULAI as opting back in (T10), and neither word as the other", () => {
    expect(isOptInText(" mulai ")).toBe(true);
    expect(isOptInText("START")).toBe(true);
    expect(isOptInText("stop")).toBe(false);
    expect(isOptOutText("mulai")).toBe(false);
    expect(isOptInText("kapan promo mulai?")).toBe(false);
  });

  it("reads a local schedule time in the tenant's time zone (T6)", () => {
    expect(parseScheduledAt("2026-12-05T09:00", "Asia/Jakarta")).toBe(Date.parse("2026-12-05T02:00:00Z"));
    expect(parseScheduledAt("2026-12-05T09:00+07:00", "UTC")).toBe(Date.parse("2026-12-05T02:00:00Z"));
    expect(parseScheduledAt("tomorrow", "Asia/Jakarta")).toBeNull();
  });
});

describe("a campaign object given statuses out of order and twice", () => {
  let admin: string;
  beforeAll(async () => {
    [admin] = await readyToBroadcast(100_000, "admin@demo.test");
  });

  /** The message id Meta gave the campaign's one recipient, as its report shows it. */
  const wamidOf = async (id: string) => {
    const res = await call(`/api/campaigns/${id}/recipients`, { cookie: admin });
    const [first] = (await json<{ recipients: { providerMessageId: string | null }[] }>(res)).recipients;
    expect(first?.providerMessageId).toBeTruthy();
    return first?.providerMessageId as string;
  };

  it("keeps read after a late delivered, and a late failed does not undo a delivery", async () => {
    const [phone] = phones(1);
    const res = await createCampaign(admin, { phone, variables: [{ value: "Ayu" }, { value: "A-9" }] });
    const { id } = await json<CampaignJson>(res);
    await waitFor(admin, id, (c) => c.status === "completed" && c.counts.read === 1);
    const stub = campaignStub(env, id);
    const providerMessageId = await wamidOf(id);
    await stub.applyStatuses([
      { recipientId: 1, status: "delivered", errorCode: null, providerMessageId },
      { recipientId: 1, status: "sent", errorCode: null, providerMessageId },
      { recipientId: 1, status: "failed", errorCode: "131026", providerMessageId },
      { recipientId: 1, status: "read", errorCode: null, providerMessageId },
    ]);
    const after = await campaign(admin, id);
    expect(after.counts.read).toBe(1);
    expect(after.counts.failed).toBe(0);
    expect(after.cost).toBe(460);
  }, 20_000);

  it("leaves a retried recipient alone when a late status of the message sent before the Retry arrives (T7)", async () => {
    const [phone] = phones(1);
    const res = await createCampaign(admin, { phone, variables: [{ value: "Ayu" }, { value: "A-9" }] });
    const { id } = await json<CampaignJson>(res);
    await waitFor(admin, id, (c) => c.status === "completed" && c.counts.read === 1);
    const first = await wamidOf(id);
    const stub = campaignStub(env, id);
    // As after a Retry: the second attempt's message is out, Meta has only said "sent" of it so far.
    await runInDurableObject(stub, (instance: CampaignDO) => {
      const store = (instance as unknown as { store: { update(id: number, f: object, now: number): void } }).store;
      store.update(1, { state: "sent", attempt: 2, wamid: "wamid.SECOND" }, Date.now());
    });
    // The first message's failure arrives late, named by its attempt or only by its id: nothing moves,
    // nothing is given back.
    await stub.applyStatuses([
      { recipientId: 1, attempt: 1, status: "failed", errorCode: "131026", providerMessageId: first },
      { recipientId: 1, status: "failed", errorCode: "131026", providerMessageId: first },
    ]);
    let after = await campaign(admin, id);
    expect(after.counts.sent).toBe(1);
    expect(after.counts.failed).toBe(0);
    expect([...(await netChargesPerRecipient(id)).values()]).toEqual([460]);
    // The second message's own status still moves it.
    await stub.applyStatuses([
      { recipientId: 1, attempt: 2, status: "delivered", errorCode: null, providerMessageId: "wamid.SECOND" },
    ]);
    after = await campaign(admin, id);
    expect(after.counts.delivered).toBe(1);
  }, 20_000);

  /** A one-recipient campaign whose send, as far as it knows, timed out after Meta took it (item 3). */
  async function sentWithUnknownOutcome() {
    const [phone] = phones(1) as [string];
    const res = await createCampaign(admin, { phone, variables: [{ value: "Ayu" }, { value: "A-9" }] });
    const { id } = await json<CampaignJson>(res);
    await waitFor(admin, id, (c) => c.status === "completed" && c.counts.read === 1);
    const stub = campaignStub(env, id);
    await runInDurableObject(stub, (instance: CampaignDO) => {
      const store = (instance as unknown as { store: { update(id: number, f: object, now: number): void } }).store;
      // A timed-out send never learned its message id.
      store.update(1, { state: "failed", reason: "unknown_outcome", wamid: null }, Date.now());
    });
    return { id, phone, stub };
  }
  const status = (s: "sent" | "delivered" | "failed", errorCode: string | null = null) => ({
    recipientId: 1,
    status: s,
    errorCode,
    providerMessageId: "wamid.unknown-outcome",
  });

  it("never sends again a recipient whose send may have gone out, not even on Retry; a status settles it", async () => {
    const { id, phone, stub } = await sentWithUnknownOutcome();
    const retried = await call(`/api/campaigns/${id}/retry`, { method: "POST", cookie: admin });
    expect(retried.status).toBe(200);
    expect((await json<{ requeued: number }>(retried)).requeued).toBe(0);
    await stub.applyStatuses([status("delivered")]);
    const after = await campaign(admin, id);
    expect(after.counts.delivered).toBe(1);
    expect(after.counts.failed).toBe(0);
    expect(await received(phone)).toBe(1);
    expect([...(await netChargesPerRecipient(id)).values()]).toEqual([460]);
  }, 20_000);

  it("gives the money back when Meta fails such a send, and then Retry sends it once more", async () => {
    const { id, phone, stub } = await sentWithUnknownOutcome();
    await stub.applyStatuses([status("failed", "131026"), status("failed", "131026")]);
    expect([...(await netChargesPerRecipient(id)).values()]).toEqual([0]);
    const failed = await campaign(admin, id);
    expect(failed.counts.failed).toBe(1);
    expect(failed.cost).toBe(0);
    const retried = await call(`/api/campaigns/${id}/retry`, { method: "POST", cookie: admin });
    expect((await json<{ requeued: number }>(retried)).requeued).toBe(1);
    await waitFor(admin, id, (c) => c.status === "completed" && c.counts.read === 1);
    expect(await received(phone)).toBe(2);
  }, 20_000);

  it("starts a scheduled campaign at its time, not before", async () => {
    const [phone] = phones(1);
    const at = new Date(Date.now() + 6_000).toISOString(); // ahead of the two checks, even on a slow machine
    const res = await createCampaign(admin, {
      phone,
      variables: [{ value: "Ayu" }, { value: "A-9" }],
      scheduledAt: at,
    });
    const created = await json<CampaignJson>(res);
    expect(created.status).toBe("scheduled");
    expect((await campaign(admin, created.id)).status).toBe("scheduled");
    const done = await waitFor(admin, created.id, (c) => c.status === "completed");
    expect(done.status).toBe("completed");
    const listed = await json<{ campaigns: CampaignJson[] }>(await call("/api/campaigns?limit=1", { cookie: admin }));
    expect(listed.campaigns[0]?.id).toBe(created.id);
  }, 35_000);
});
