// Issue 13 (T8, item 5, item 6): the sandbox paces a MARKETING template (first sends out, the rest
// held); the campaign waits for held messages before it ends; a GREEN rating releases them, a RED
// one drops them (template paused) and the campaign stops. A customer who writes STOP is skipped by
// later MARKETING campaigns, with the count shown, until they write START or MULAI (T10).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { addOptIn, addOptOut, optedOutAmong } from "../../worker/features/campaigns/opt-outs";
import { PACING_FIRST } from "../../worker/sandbox/pacing";
import { sandboxStub } from "../../worker/sandbox/routes";
import {
  type CampaignJson,
  createCampaign,
  insertList,
  marketingTemplate,
  ORG,
  phones,
  readyToBroadcast,
  received,
  sleep,
  waitFor,
} from "./campaigns-helpers";
import { call, json } from "./helpers";

let admin: string;

beforeAll(async () => {
  [admin] = await readyToBroadcast(1_000_000, "admin@demo.test");
});

const sendsSettled = (c: CampaignJson) => c.counts.queued === 0 && c.counts.sending === 0;

describe("pacing (T8)", () => {
  it("holds part of a MARKETING campaign; the campaign waits, and a GREEN rating releases them", async () => {
    const { id: templateId, providerId } = await marketingTemplate("promo_green");
    const numbers = phones(PACING_FIRST + 3);
    const listId = await insertList(numbers);
    const res = await createCampaign(admin, { listId, templateId, variables: [{ column: "name" }] });
    expect(res.status).toBe(201);
    const { id } = await json<CampaignJson>(res);
    const waiting = await waitFor(admin, id, (c) => sendsSettled(c) && c.counts.held === 3);
    expect(waiting.counts.held).toBe(3);
    await sleep(1_500);
    expect((await waitFor(admin, id, () => true)).status).toBe("running");
    await sandboxStub(env).rateTemplate(providerId, "GREEN");
    const done = await waitFor(admin, id, (c) => c.status === "completed");
    expect(done.status).toBe("completed");
    expect(done.counts.held).toBe(0);
    for (const phone of numbers) expect(await received(phone)).toBe(1);
  }, 40_000);

  it("fails held messages when the rating is RED (template paused) and the campaign stops", async () => {
    const { id: templateId, providerId } = await marketingTemplate("promo_red");
    const listId = await insertList(phones(PACING_FIRST + 3));
    const { id } = await json<CampaignJson>(
      await createCampaign(admin, { listId, templateId, variables: [{ value: "you" }] }),
    );
    await waitFor(admin, id, (c) => sendsSettled(c) && c.counts.held === 3);
    await sandboxStub(env).rateTemplate(providerId, "RED");
    const done = await waitFor(admin, id, (c) => c.status !== "running");
    expect(done.status).toBe("partially_completed");
    expect(done.counts.failed).toBe(3);
    expect(done.stopReason).toBe("template_paused");
    const failed = await json<{ recipients: { reason: string }[] }>(
      await call(`/api/campaigns/${id}/recipients?status=failed`, { cookie: admin }),
    );
    expect(failed.recipients.map((r) => r.reason)).toEqual(["template_paused", "template_paused", "template_paused"]);
  }, 40_000);
});

describe("pacing without a rating (T8)", () => {
  it("releases held messages by itself after the hold (about 30 minutes at Meta; short here)", async () => {
    const pacing = (holdMs: number) => call("/sandbox/api/pacing", { method: "PUT", body: { holdMs } });
    expect((await pacing(-1)).status).toBe(400);
    // Long enough that the two held messages are seen held, even by a slow poll.
    expect((await pacing(5_000)).status).toBe(200);
    try {
      const { id: templateId } = await marketingTemplate("promo_unrated");
      const numbers = phones(PACING_FIRST + 2);
      const { id } = await json<CampaignJson>(
        await createCampaign(admin, { listId: await insertList(numbers), templateId, variables: [{ value: "you" }] }),
      );
      const waiting = await waitFor(admin, id, (c) => sendsSettled(c) && c.counts.held === 2, 15_000);
      expect(waiting.counts.held).toBe(2);
      expect(waiting.status).toBe("running");
      const done = await waitFor(admin, id, (c) => c.status === "completed", 20_000);
      expect(done.status).toBe("completed");
      expect(done.counts.held).toBe(0);
      for (const phone of numbers) expect(await received(phone)).toBe(1);
    } finally {
      await pacing(30 * 60_000);
    }
  }, 40_000);
});

const customerWrites = (phone: string, text: string) =>
  call(`/sandbox/api/customers/${phone.slice(1)}/messages`, { body: { type: "text", text } });
const isOptedOut = async (phone: string) => (await optedOutAmong(createDb(env.DB), ORG, [phone])).has(phone);
async function untilOptedOut(phone: string, out: boolean) {
  for (let i = 0; i < 50 && (await isOptedOut(phone)) !== out; i++) await sleep(200);
  expect(await isOptedOut(phone)).toBe(out);
}

describe("opt-out (T10)", () => {
  it("skips a customer who wrote STOP in later MARKETING campaigns, with the count shown", async () => {
    const { id: templateId } = await marketingTemplate("promo_optout");
    const numbers = phones(3);
    const quitter = numbers[1] as string;
    expect((await customerWrites(quitter, "  stop ")).status).toBe(201);
    await untilOptedOut(quitter, true);
    const listId = await insertList(numbers);
    const created = await json<CampaignJson>(
      await createCampaign(admin, { listId, templateId, variables: [{ value: "you" }] }),
    );
    expect(created.total).toBe(2);
    expect(created.counts.skipped).toBe(1);
    await waitFor(admin, created.id, (c) => c.status === "completed");
    expect(await received(quitter)).toBe(0);
    expect(await received(numbers[0] as string)).toBe(1);
  }, 30_000);

  it("sends to the customer again once they write MULAI, and only to them once", async () => {
    const { id: templateId } = await marketingTemplate("promo_optin");
    const numbers = phones(2);
    const returning = numbers[0] as string;
    expect((await customerWrites(returning, "BERHENTI")).status).toBe(201);
    await untilOptedOut(returning, true);
    expect((await customerWrites(returning, "Mulai")).status).toBe(201);
    await untilOptedOut(returning, false);
    const created = await json<CampaignJson>(
      await createCampaign(admin, { listId: await insertList(numbers), templateId, variables: [{ value: "you" }] }),
    );
    expect(created.total).toBe(2);
    expect(created.counts.skipped).toBe(0);
    await waitFor(admin, created.id, (c) => c.status === "completed");
    expect(await received(returning)).toBe(1);
  }, 30_000);

  it("ends on the later of a STOP and a START, whatever order they are applied in", async () => {
    const db = createDb(env.DB);
    const [late, early] = phones(2) as [string, string];
    // The START (t=2000) is applied before the STOP it followed (t=1000): the customer stays in.
    await addOptIn(db, ORG, late, 2_000);
    await addOptOut(db, ORG, late, "keyword", 1_000);
    expect(await isOptedOut(late)).toBe(false);
    // A STOP after that START counts, also when Meta's 131050 reports it.
    await addOptOut(db, ORG, late, "provider", 3_000);
    expect(await isOptedOut(late)).toBe(true);
    // A START older than the STOP changes nothing.
    await addOptOut(db, ORG, early, "keyword", 5_000);
    await addOptIn(db, ORG, early, 4_000);
    expect(await isOptedOut(early)).toBe(true);
  });
});
