import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { callObjectName } from "../../worker/calls/call-record";
import { startedMinutes } from "../../worker/domain/call-billing";
import { holdStartedMinutes, releaseVoiceHold } from "../../worker/features/calls/voice-billing";
import { type CallJson, CHANNEL_ID, sdp, setCalling, simulator } from "./calls-helpers";
import { call, db, json, seed, signIn, withClock } from "./helpers";
import { customerWrites, roomOfContact } from "./rooms-helpers";

/**
 * Rule B8 with calls at the same time: "Outbound calls ... are billed per started minute at the
 * destination country's rate, and are cut off when the balance runs out." Two calls of one
 * organization share its voice balance: together they talk no longer than it pays for.
 */
let agents: string[];
let supervisor: string;

beforeAll(async () => {
  await seed();
  const admin = await signIn("admin@demo.test");
  supervisor = await signIn("supervisor@demo.test");
  agents = await Promise.all([signIn("agent@demo.test"), signIn("agent2@demo.test")]);
  await setCalling(admin, true, true);
});

const MINUTE = 60_000;
const RATE = 1_000; // Indonesia (+62), per started minute
const voiceBalance = async () =>
  (
    await env.DB.prepare("SELECT voice_balance AS v FROM wallets WHERE organization_id = 'org_demo'").first<{
      v: number;
    }>()
  )?.v ?? 0;
const setVoiceBalance = (rupiah: number) =>
  env.DB.prepare("UPDATE wallets SET voice_balance = ? WHERE organization_id = 'org_demo'").bind(rupiah).run();

/** Each agent calls their own customer (who allowed calls); both customers pick up at once. */
async function twoConnectedCalls(waIds: [string, string]) {
  const placed = await Promise.all(
    waIds.map(async (waId, i) => {
      await customerWrites({ waId, text: "call me" });
      const room = await roomOfContact(supervisor, waId);
      await simulator(`/api/customers/${waId}/call-permission`, { response: "accept", permanent: true });
      const res = await call(`/api/rooms/${room.id}/calls`, { cookie: agents[i], body: { sdp: sdp("offer", "biz") } });
      if (res.status !== 201) throw new Error(`placing answered ${res.status}: ${await res.text()}`);
      const view = await json<CallJson>(res);
      const row = await env.DB.prepare("SELECT provider_call_id AS p FROM calls WHERE id = ?")
        .bind(view.id)
        .first<{ p: string }>();
      return { id: view.id, providerCallId: row?.p ?? "" };
    }),
  );
  await Promise.all(
    placed.map((c, i) => simulator(`/api/calls/${c.providerCallId}/answer`, { sdp: sdp("answer", `cust${i}`) })),
  );
  const stubs = placed.map((c) => env.CALL.getByName(callObjectName(CHANNEL_ID, c.providerCallId)));
  for (const stub of stubs) expect((await stub.view())?.state).toBe("active");
  return { placed, stubs };
}

type CallStub = ReturnType<typeof env.CALL.getByName>;

/** Time passes minute by minute: each live call's alarm (its next minute, or its cut-off) runs. */
async function talk(stubs: CallStub[], minutes: number, from = 1) {
  for (let m = from; m <= minutes; m++) {
    await withClock(m * MINUTE + 1_000, async () => {
      for (const stub of stubs) if ((await stub.view())?.state === "active") await runDurableObjectAlarm(stub);
    });
  }
}

describe("outbound calls at the same time share the voice balance (B8)", () => {
  it("cuts two calls connected at once off when the balance they share runs out: 50 minutes in all for Rp 50,000", async () => {
    await setVoiceBalance(50 * RATE);
    const { stubs } = await twoConnectedCalls(["6281700000001", "6281700000002"]);
    await talk(stubs, 60);
    const ended = await Promise.all(stubs.map(async (s) => (await s.view()) as CallJson));
    for (const c of ended) expect(c).toMatchObject({ state: "ended", endReason: "voice_balance_exhausted" });
    const billed = ended.map((c) => startedMinutes(c.durationSeconds));
    // Together no longer than the balance pays for, and every minute talked is paid in full.
    expect(billed.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(50);
    expect(ended.map((c) => c.cost)).toEqual(billed.map((m) => m * RATE));
    expect(billed).toEqual([25, 25]);
    expect(await voiceBalance()).toBe(0);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM voice_holds").first<{ n: number }>()).toEqual({ n: 0 });
  });

  it("gives what a call that ends early held back to the call still talking: 50 minutes in all again", async () => {
    await setVoiceBalance(50 * RATE);
    const { placed, stubs } = await twoConnectedCalls(["6281700000003", "6281700000004"]);
    await talk(stubs, 5);
    // The first agent hangs up 5 min 30 s in: six started minutes, charged, and its hold is free again.
    const first = await withClock(5 * MINUTE + 30_000, async () =>
      json<CallJson>(await call(`/api/calls/${placed[0]?.id}/hangup`, { cookie: agents[0], body: {} })),
    );
    expect(first).toMatchObject({ state: "ended", durationSeconds: 330, cost: 6 * RATE });
    await talk(stubs.slice(1), 60, 6);
    const second = (await stubs[1]?.view()) as CallJson;
    expect(second).toMatchObject({ state: "ended", endReason: "voice_balance_exhausted", cost: 44 * RATE });
    expect(startedMinutes(second.durationSeconds)).toBe(44);
    expect(await voiceBalance()).toBe(0);
  });

  it("never lets two holds written at once share the same rupiah: the database decides which one pays", async () => {
    await setVoiceBalance(RATE + RATE / 2);
    const now = Date.now();
    const holding = (id: string) => ({
      id,
      organizationId: "org_demo",
      direction: "outbound" as const,
      connectedAt: now,
      rate: RATE,
    });
    const holds = await Promise.all([
      holdStartedMinutes(db(), holding("race-a"), now),
      holdStartedMinutes(db(), holding("race-b"), now),
    ]);
    // One holds its first minute; the other has nothing left for it and is cut off at once.
    expect(holds.map((h) => h?.held).sort()).toEqual([0, RATE]);
    expect(holds.find((h) => h?.held === 0)?.cutOffAt).toBe(now);
    await Promise.all([releaseVoiceHold(db(), "race-a"), releaseVoiceHold(db(), "race-b")]);
  });
});
