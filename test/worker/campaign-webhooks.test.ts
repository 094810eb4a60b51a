// Campaign events for tenant webhooks (rule G5, issue 15): a campaign's start, its messages' statuses
// and its end (with counts) reach an endpoint subscribed to them, signed per Standard Webhooks
// (verified with the `standardwebhooks` library); an endpoint not subscribed hears nothing of them.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CampaignJson, createCampaign, insertList, phones, readyToBroadcast, waitFor } from "./campaigns-helpers";
import { call, json, ORIGIN } from "./helpers";
import { eventually, quietInfoLogs } from "./resilience-helpers";

let admin: string;
let restoreLogs: () => void;

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  [admin] = await readyToBroadcast(100_000, "admin@demo.test");
});
afterAll(() => restoreLogs());

interface Received {
  headers: Record<string, string>;
  body: string;
}
interface Payload {
  type: string;
  data: { campaignId: string; status?: string; total?: number; counts?: Record<string, number> };
}

async function endpoint(name: string, events: string[]) {
  const res = await call("/api/webhook-endpoints", {
    cookie: admin,
    body: { url: `${ORIGIN}/sandbox/receiver/${name}`, events },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return json<{ id: string; secret: string }>(res);
}
const receivedBy = async (name: string) =>
  (await json<{ received: Received[] }>(await call(`/sandbox/api/receivers/${name}`))).received;

describe("campaign events (G5)", () => {
  it("deliver campaign.started and campaign.completed with counts, signed, to a subscribed endpoint only", async () => {
    const subscribed = await endpoint("campaigns", ["campaign.started", "campaign.completed"]);
    await endpoint("rooms-only", ["room.created"]);
    const listId = await insertList(phones(3));
    const res = await createCampaign(admin, { listId });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = await json<CampaignJson>(res);
    const ended = await waitFor(admin, id, (c) => !["running", "scheduled"].includes(c.status));
    expect(ended.status).toBe("completed");

    let payloads: Payload[] = [];
    const both = await eventually(async () => {
      const verifier = new Webhook(subscribed.secret);
      payloads = (await receivedBy("campaigns")).map((r) => verifier.verify(r.body, r.headers) as Payload);
      return payloads.some((p) => p.type === "campaign.completed");
    }, 15_000);
    expect(both).toBe(true);
    const ofCampaign = payloads.filter((p) => p.data.campaignId === id);
    expect(ofCampaign.map((p) => p.type)).toEqual(["campaign.started", "campaign.completed"]);
    expect(ofCampaign[0]?.data.total).toBe(3);
    const completed = ofCampaign[1]?.data;
    expect(completed?.status).toBe("completed");
    const c = completed?.counts ?? {};
    expect((c.sent ?? 0) + (c.delivered ?? 0) + (c.read ?? 0)).toBe(3);
    expect(c.failed).toBe(0);
    expect((await receivedBy("rooms-only")).length).toBe(0);
  }, 40_000);

  it("are offered in the event catalogue an endpoint may subscribe to", async () => {
    const hooked = await endpoint("statuses", ["campaign.recipient_status"]);
    const read = await json<{ events: string[] }>(await call(`/api/webhook-endpoints/${hooked.id}`, { cookie: admin }));
    expect(read.events).toEqual(["campaign.recipient_status"]);
    const refused = await call("/api/webhook-endpoints", {
      cookie: admin,
      body: { url: `${ORIGIN}/sandbox/receiver/x`, events: ["campaign.exploded"] },
    });
    expect(refused.status).toBe(400);
  });
});
