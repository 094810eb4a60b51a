import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { callObjectName } from "../../worker/calls/call-record";
import { creditTopup, currentAccount } from "../../worker/features/billing/service";
import { callPermissionExpiry } from "../../worker/features/calls/listener";
import { chargeCall } from "../../worker/features/calls/voice-billing";
import { type CallJson, CHANNEL_ID, sandboxCall, sdp, setCalling, simulator } from "./calls-helpers";
import { call, db, expectProblem, json, seed, signIn, withClock } from "./helpers";
import { customerWrites, openSocket, type RoomJson, roomOfContact } from "./rooms-helpers";

let admin: string;
let supervisor: string;
let agent: string;

beforeAll(async () => {
  await seed();
  [admin, supervisor, agent] = await Promise.all([
    signIn("admin@demo.test"),
    signIn("supervisor@demo.test"),
    signIn("agent@demo.test"),
  ]);
  await setCalling(admin, true, true);
});

const HOUR = 3_600_000;
const voiceBalance = async () =>
  (
    await env.DB.prepare("SELECT voice_balance AS v FROM wallets WHERE organization_id = 'org_demo'").first<{
      v: number;
    }>()
  )?.v;

async function eventually<T>(read: () => Promise<T | null>, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error("not in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const placeCall = (roomId: string) =>
  call(`/api/rooms/${roomId}/calls`, { cookie: agent, body: { sdp: sdp("offer", "biz") } });
const requestPermission = (roomId: string) =>
  call(`/api/rooms/${roomId}/call-permission-requests`, { cookie: agent, body: { text: "May we call you?" } });
const permissionOf = async (roomId: string) =>
  json<{
    state: string;
    nextRequestAt: number | null;
    unansweredInARow: number;
    warning: boolean;
    conversationOpenUntil: number | null;
  }>(await call(`/api/rooms/${roomId}/call-permission`, { cookie: agent }));
const providerIdOf = async (callId: string) =>
  (await env.DB.prepare("SELECT provider_call_id AS p FROM calls WHERE id = ?").bind(callId).first<{ p: string }>())
    ?.p ?? "";

describe("call permissions (C2, C3)", () => {
  it("needs an active conversation: the customer's window, or one a template opened (C2)", async () => {
    await customerWrites({ waId: "6281600000001", text: "old", at: Date.now() - 25 * HOUR });
    const room = await roomOfContact(supervisor, "6281600000001");
    await expectProblem(await requestPermission(room.id), 422, "no_active_conversation");
    expect((await permissionOf(room.id)).conversationOpenUntil).toBeNull();
    // A template opens a UTILITY conversation for 24 h: the request may go out inside it.
    const template = await call(`/api/rooms/${room.id}/template-messages`, {
      cookie: agent,
      body: { templateName: "order_update", language: "en", variables: ["Ayu", "A-1"] },
    });
    expect(template.status).toBe(201);
    expect((await permissionOf(room.id)).conversationOpenUntil).toBeGreaterThan(Date.now() + 23 * HOUR);
    expect((await requestPermission(room.id)).status).toBe(201);
  });

  it("sends 1 request per 24 h; the customer's answer shows in the room and live", async () => {
    await customerWrites({ waId: "6281600000002", text: "halo" });
    const room = await roomOfContact(supervisor, "6281600000002");
    await expectProblem(await placeCall(room.id), 403, "call_permission_missing");
    const sent = await requestPermission(room.id);
    expect(sent.status).toBe(201);
    const pending = await json<{ state: string; nextRequestAt: number }>(sent);
    expect(pending.state).toBe("requested");
    expect(pending.nextRequestAt).toBeGreaterThan(Date.now() + 23 * HOUR);
    await expectProblem(await requestPermission(room.id), 429, "call_permission_limit");
    const socket = await openSocket("/api/inbox/ws", agent);
    expect((await simulator("/api/customers/6281600000002/call-permission", { response: "accept" })).status).toBe(201);
    const live = await socket.waitFor((e) => e.type === "call.permission");
    expect(live.permission).toMatchObject({ roomId: room.id, state: "temporary" });
    const permission = await permissionOf(room.id);
    expect(permission.state).toBe("temporary");
    // The customer changes their mind (C3).
    await simulator("/api/customers/6281600000002/call-permission", { response: "reject" });
    expect((await permissionOf(room.id)).state).toBe("denied");
    const messages = await json<{ messages: { text: string | null }[] }>(
      await call(`/api/rooms/${room.id}/messages`, { cookie: agent }),
    );
    expect(messages.messages.map((m) => m.text)).toContain("Call permission declined");
    socket.close();
  });
});

describe("a request expires when its room is resolved (C3)", () => {
  it("shows no pending request after the room.resolved event", async () => {
    await customerWrites({ waId: "6281600000003", text: "halo" });
    const room = await roomOfContact(supervisor, "6281600000003");
    expect((await requestPermission(room.id)).status).toBe(201);
    expect((await permissionOf(room.id)).state).toBe("requested");
    const resolved = await json<RoomJson>(await call(`/api/rooms/${room.id}`, { cookie: agent }));
    await callPermissionExpiry.applyAll(env, [
      {
        id: "evt-resolved",
        organizationId: "org_demo",
        at: Date.now(),
        type: "room.resolved",
        roomId: room.id,
        room: { ...resolved, status: "resolved" } as never,
      },
    ]);
    expect((await permissionOf(room.id)).state).toBe("none");
  });
});

describe("outbound calls (C4, B8)", () => {
  let roomId: string;

  beforeAll(async () => {
    await customerWrites({ waId: "6281600000010", text: "call me" });
    roomId = (await roomOfContact(supervisor, "6281600000010")).id;
    await simulator("/api/customers/6281600000010/call-permission", { response: "accept", permanent: true });
    // The demo's Rp 50,000 would fall below the start minimum after the first call: top up (B8).
    const account = await currentAccount(db(), "org_demo", Date.now());
    if (!account) throw new Error("no billing account");
    await creditTopup(db(), account, "voiceBalance", 100_000, "calls-test", Date.now());
  });

  it("refuses when outbound calls are off", async () => {
    await setCalling(admin, true, false);
    await expectProblem(await placeCall(roomId), 422, "outbound_calls_disabled");
    await setCalling(admin, true, true);
  });

  it("places the call, hands the provider's answer to the agent (actpass fixed), bills each started minute", async () => {
    const before = await voiceBalance();
    const socket = await openSocket("/api/inbox/ws", agent);
    const placed = await placeCall(roomId);
    expect(placed.status).toBe(201);
    const view = await json<CallJson>(placed);
    expect(view).toMatchObject({ direction: "outbound", state: "ringing", agentId: "usr_demo_agent" });
    // One call at a time (C7).
    await expectProblem(await placeCall(roomId), 409, "agent_on_call");
    const providerCallId = await providerIdOf(view.id);
    await simulator(`/api/calls/${providerCallId}/answer`, { sdp: sdp("answer", "cust"), actpass: true });
    const answer = await socket.waitFor((e) => e.type === "call.answer");
    expect(answer.sdp).toContain("a=setup:active");
    expect(answer.sdp).not.toContain("actpass");
    await socket.waitFor((e) => e.type === "call.connected");
    // The agent hangs up 61 s later: two started minutes at Indonesia's Rp 1,000.
    const ended = await withClock(61_000, async () =>
      json<CallJson>(await call(`/api/calls/${view.id}/hangup`, { cookie: agent, body: {} })),
    );
    expect(ended).toMatchObject({ state: "ended", outcome: "answered", durationSeconds: 61, cost: 2_000 });
    expect(await voiceBalance()).toBe((before ?? 0) - 2_000);
    expect((await sandboxCall(providerCallId)).state).toBe("ended");
    const ledger = await env.DB.prepare("SELECT amount, reason FROM ledger_entries WHERE idempotency_key = ?")
      .bind(`voice_call:${view.id}`)
      .first<{ amount: number; reason: string }>();
    expect(ledger).toEqual({ amount: -2_000, reason: "voice_call" });
    // call.started, call.answered and call.ended reach the event stream (tenant webhooks, reports).
    const types = await eventually(async () => {
      const { results } = await env.DB.prepare(
        "SELECT id, type, payload FROM domain_events WHERE type LIKE 'call.%' AND json_extract(payload, '$.callId') = ?",
      )
        .bind(view.id)
        .all<{ id: string; type: string; payload: string }>();
      return results.length === 3 ? results : null;
    });
    expect(types.map((r) => r.type).sort()).toEqual(["call.answered", "call.ended", "call.started"]);
    // One id per call and type: a settlement retried after an eviction publishes the same event, taken once.
    for (const r of types) expect(r.id).toBe(`${view.id}:${r.type}`);
    const endedEvent = JSON.parse(types.find((r) => r.type === "call.ended")?.payload ?? "{}");
    expect(endedEvent).toMatchObject({
      direction: "outbound",
      status: "answered",
      agentId: "usr_demo_agent",
      durationSeconds: 61,
      cost: 2_000,
    });
    socket.close();
  });

  it("settles a call whose log write failed after the charge by its retry: charged once, logged with its cost (B7, B8)", async () => {
    const before = (await voiceBalance()) ?? 0;
    const view = await json<CallJson>(await placeCall(roomId));
    const providerCallId = await providerIdOf(view.id);
    await simulator(`/api/calls/${providerCallId}/answer`, { sdp: sdp("answer", "cust3") });
    const stub = env.CALL.getByName(callObjectName(CHANNEL_ID, providerCallId));
    expect((await stub.view())?.state).toBe("active");
    // D1 refuses every write to this call's log row from now on (as when the database is away).
    await env.DB.prepare(
      `CREATE TRIGGER settle_fails BEFORE UPDATE ON calls WHEN OLD.id = '${view.id}'
       BEGIN SELECT RAISE(ABORT, 'database unavailable'); END`,
    ).run();
    try {
      const hungUp = await withClock(30_000, () => call(`/api/calls/${view.id}/hangup`, { cookie: agent, body: {} }));
      expect(hungUp.status).toBe(200);
      expect(await json<CallJson>(hungUp)).toMatchObject({ state: "ended", outcome: "answered" });
      expect(await voiceBalance()).toBe(before - 1_000);
      // The agent is free at once, and the customer's line is closed.
      expect(await env.DB.prepare("SELECT agent_id FROM agent_calls WHERE call_id = ?").bind(view.id).first()).toBe(
        null,
      );
      expect((await sandboxCall(providerCallId)).state).toBe("ended");
      const log = await env.DB.prepare("SELECT state, cost FROM calls WHERE id = ?").bind(view.id).first();
      expect(log).not.toMatchObject({ state: "ended" });
    } finally {
      await env.DB.prepare("DROP TRIGGER settle_fails").run();
    }
    // The retry the call armed finishes the settlement, without a second charge.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.view()).toMatchObject({ state: "ended", cost: 1_000 });
    expect(await env.DB.prepare("SELECT state, cost FROM calls WHERE id = ?").bind(view.id).first()).toEqual({
      state: "ended",
      cost: 1_000,
    });
    expect(await voiceBalance()).toBe(before - 1_000);
    const { results } = await env.DB.prepare("SELECT amount FROM ledger_entries WHERE idempotency_key = ?")
      .bind(`voice_call:${view.id}`)
      .all();
    expect(results).toEqual([{ amount: -1_000 }]);
    // Nothing is left to retry.
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("charges two calls that settle at once against the balance both read: the second gets what is left (B8)", async () => {
    const before = await voiceBalance();
    await env.DB.prepare("UPDATE wallets SET voice_balance = 100 WHERE organization_id = 'org_demo'").run();
    try {
      const callOf = (id: string) => ({ id, organizationId: "org_demo", roomId: null, contactId: null });
      const charged = await Promise.all([
        chargeCall(db(), callOf(`race-a-${Date.now()}`), 80, Date.now()),
        chargeCall(db(), callOf(`race-b-${Date.now()}`), 80, Date.now()),
      ]);
      expect(charged.sort((a, b) => a - b)).toEqual([20, 80]);
      expect(await voiceBalance()).toBe(0);
    } finally {
      await env.DB.prepare("UPDATE wallets SET voice_balance = ? WHERE organization_id = 'org_demo'")
        .bind(before)
        .run();
    }
  });

  it("warns after 2 unanswered calls in a row and revokes the permission after 4", async () => {
    for (let i = 1; i <= 4; i++) {
      const res = await placeCall(roomId);
      if (res.status !== 201) throw new Error(await res.text());
      const view = await json<CallJson>(res);
      const providerCallId = await providerIdOf(view.id);
      expect((await simulator(`/api/calls/${providerCallId}/reject`)).status).toBe(200);
      const permission = await permissionOf(roomId);
      expect(permission.unansweredInARow).toBe(i);
      expect(permission.warning).toBe(i >= 2);
      if (i === 4) expect(permission.state).toBe("none");
    }
    await expectProblem(await placeCall(roomId), 403, "call_permission_missing");
  });

  it("cuts the call off when the voice balance runs out, then refuses below Rp 50,000", async () => {
    await simulator("/api/customers/6281600000010/call-permission", { response: "accept", permanent: true });
    const balance = (await voiceBalance()) ?? 0;
    const view = await json<CallJson>(await placeCall(roomId));
    const providerCallId = await providerIdOf(view.id);
    await simulator(`/api/calls/${providerCallId}/answer`, { sdp: sdp("answer", "cust2") });
    const stub = env.CALL.getByName(callObjectName(CHANNEL_ID, providerCallId));
    expect((await stub.view())?.state).toBe("active");
    const minutes = Math.floor(balance / 1_000);
    await withClock(minutes * 60_000 + 1_000, () => runDurableObjectAlarm(stub));
    expect(await stub.view()).toMatchObject({
      state: "ended",
      endReason: "voice_balance_exhausted",
      cost: minutes * 1_000,
    });
    expect(await voiceBalance()).toBe(balance - minutes * 1_000);
    expect((await sandboxCall(providerCallId)).state).toBe("ended");
    await expectProblem(await placeCall(roomId), 402, "voice_balance_low");
  });
});

describe("call activity (C10)", () => {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());

  it("lists direction, Answered/Unanswered, agent or N/A, start, duration and cost, as JSON and CSV", async () => {
    const q = `from=${today}&to=${today}`;
    await expectProblem(await call(`/api/reports/calls?${q}`, { cookie: agent }), 403, "forbidden");
    const report = await json<{ calls: { direction: string; status: string; agent: string; cost: number }[] }>(
      await call(`/api/reports/calls?${q}&direction=outbound`, { cookie: supervisor }),
    );
    expect(report.calls.every((c) => c.direction === "outbound")).toBe(true);
    expect(report.calls.filter((c) => c.status === "Answered").map((c) => c.cost)).toContain(2_000);
    expect(report.calls.filter((c) => c.status === "Unanswered")).toHaveLength(4);
    expect(report.calls.every((c) => c.agent === "Budi Agent")).toBe(true);
    const unanswered = await json<{ calls: { status: string }[] }>(
      await call(`/api/reports/calls?${q}&status=unanswered`, { cookie: supervisor }),
    );
    expect(unanswered.calls.every((c) => c.status === "Unanswered")).toBe(true);
    const csv = await call(`/api/reports/calls.csv?${q}`, { cookie: supervisor });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("Direction,Status,Agent,Contact,Start,Duration (s),Cost (Rp)");
    expect(text).toContain("outbound,Answered,Budi Agent");
  });

  it("pages the log newest first by cursor, with the figures of every call the filter matches (issue 18)", async () => {
    type Page = {
      calls: { id: string; startedAt: number; status: string; cost: number }[];
      nextCursor: string | null;
      totals: { calls: number; answered: number; unanswered: number; cost: number };
    };
    const q = `from=${today}&to=${today}`;
    const whole = await json<Page>(await call(`/api/reports/calls?${q}`, { cookie: supervisor }));
    expect(whole.nextCursor).toBeNull();
    expect(whole.calls.length).toBeGreaterThanOrEqual(3);
    expect(whole.totals.calls).toBe(whole.calls.length);
    expect(whole.totals.answered).toBe(whole.calls.filter((c) => c.status === "Answered").length);
    expect(whole.totals.unanswered).toBe(whole.totals.calls - whole.totals.answered);
    expect(whole.totals.cost).toBe(whole.calls.reduce((n, c) => n + c.cost, 0));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await json<Page>(
        await call(`/api/reports/calls?${q}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
          cookie: supervisor,
        }),
      );
      expect(page.calls.length).toBeLessThanOrEqual(2);
      expect(page.totals).toEqual(whole.totals);
      seen.push(...page.calls.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    // Every call once, in the same newest-first order as the whole list.
    expect(seen).toEqual(whole.calls.map((c) => c.id));
    await expectProblem(
      await call(`/api/reports/calls?${q}&limit=0`, { cookie: supervisor }),
      400,
      "validation_failed",
    );
    // A cursor the API did not give is refused, not read as "from the newest".
    await expectProblem(
      await call(`/api/reports/calls?${q}&limit=2&cursor=1733400000000.call-1`, { cookie: supervisor }),
      400,
      "validation_failed",
    );
  });
});
