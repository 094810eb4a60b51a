import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { callObjectName } from "../../worker/calls/call-record";
import { clock } from "../../worker/lib/clock";
import { type CallJson, CHANNEL_ID, customerCalls, sandboxCall, sdp, setCalling, simulator } from "./calls-helpers";
import { call, expectProblem, json, seed, signIn } from "./helpers";
import { customerWrites, openSocket, roomOfContact } from "./rooms-helpers";

let admin: string;
let supervisor: string;
let agent: string;
let agent2: string;

beforeAll(async () => {
  await seed();
  [admin, supervisor, agent, agent2] = await Promise.all([
    signIn("admin@demo.test"),
    signIn("supervisor@demo.test"),
    signIn("agent@demo.test"),
    signIn("agent2@demo.test"),
  ]);
  await setCalling(admin, true, true);
});

type Ringing = { type: string; call: CallJson; sdp: string; roomId: string | null };

async function ringGroup(body: Record<string, unknown>) {
  const res = await call("/api/ring-groups", { cookie: supervisor, body: { channelId: CHANNEL_ID, ...body } });
  expect(res.status).toBe(201);
  return json<{ id: string }>(res);
}

const accept = (cookie: string, id: string, tag = "a") =>
  call(`/api/calls/${id}/accept`, { cookie, body: { sdp: sdp("answer", tag) } });

describe("inbound calls (C5-C7, C11)", () => {
  it("rings the assignee only; two accepts at once: exactly one wins, the other gets 409 call_taken", async () => {
    await customerWrites({ waId: "6281500000001", text: "halo" });
    const room = await roomOfContact(supervisor, "6281500000001");
    expect(
      (await call(`/api/rooms/${room.id}/assign`, { cookie: supervisor, body: { userId: "usr_demo_agent" } })).status,
    ).toBe(200);
    const a = await openSocket("/api/inbox/ws", agent);
    const b = await openSocket("/api/inbox/ws", agent2);
    const providerCallId = await customerCalls("6281500000001", sdp("offer", "cust1"));
    const ringing = (await a.waitFor((e) => e.type === "call.ringing")) as unknown as Ringing;
    expect(ringing.roomId).toBe(room.id);
    expect(ringing.sdp).toContain("a=ice-ufrag:cust1");
    expect(b.events.some((e) => e.type === "call.ringing")).toBe(false);
    // A browser that reloads during the ring finds the call again, with the customer's offer.
    type RingingList = { calls: (CallJson & { remoteSdp: string | null })[] };
    const found = await json<RingingList>(await call("/api/calls/ringing", { cookie: agent }));
    expect(found.calls.map((c) => c.id)).toEqual([ringing.call.id]);
    expect(found.calls[0]?.remoteSdp).toContain("a=ice-ufrag:cust1");
    expect((await json<RingingList>(await call("/api/calls/ringing", { cookie: agent2 }))).calls).toEqual([]);
    // Dewi was not rung: she cannot take it.
    await expectProblem(await accept(agent2, ringing.call.id), 403, "forbidden");
    const [first, second] = await Promise.all([
      accept(agent, ringing.call.id, "one"),
      accept(agent, ringing.call.id, "two"),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    const refused = await expectProblem(loser, 409, "call_taken");
    expect(refused.detail).toBe("Budi Agent answered this call.");
    expect((await json<RingingList>(await call("/api/calls/ringing", { cookie: agent }))).calls).toEqual([]);
    const winner = await json<CallJson>(first.status === 200 ? first : second);
    expect(winner).toMatchObject({ state: "active", agentId: "usr_demo_agent" });
    // The fake Graph API saw pre_accept and accept with the same answer.
    const atMeta = await sandboxCall(providerCallId);
    expect(atMeta.state).toBe("accepted");
    expect(atMeta.answer).toMatch(/a=ice-ufrag:(one|two)/);
    // The customer hangs up after a while: logged Answered with the agent, free (inbound).
    await simulator(`/api/calls/${providerCallId}/terminate`);
    const ended = (await a.waitFor((e) => e.type === "call.ended")) as unknown as { call: CallJson };
    expect(ended.call).toMatchObject({ state: "ended", outcome: "answered", agentId: "usr_demo_agent", cost: 0 });
    a.close();
    b.close();
  });

  it("a round-robin group rotates calls between two online agents; ring-to-all rings every member", async () => {
    const group = await ringGroup({
      name: "Sales",
      mode: "round_robin",
      members: ["usr_demo_agent", "usr_demo_agent2"],
    });
    const a = await openSocket("/api/inbox/ws", agent);
    const b = await openSocket("/api/inbox/ws", agent2);
    const rung: string[] = [];
    for (const waId of ["6281500000011", "6281500000012", "6281500000013"]) {
      const providerCallId = await customerCalls(waId);
      const stub = env.CALL.getByName(callObjectName(CHANNEL_ID, providerCallId));
      const view = await stub.view();
      expect(view?.state).toBe("ringing");
      rung.push(...((await runInCall(stub)) as string[]));
      await simulator(`/api/calls/${providerCallId}/terminate`);
    }
    expect(rung).toEqual(["usr_demo_agent", "usr_demo_agent2", "usr_demo_agent"]);
    // An agent busy on a call is skipped (C7).
    expect(
      (await call(`/api/ring-groups/${group.id}`, { method: "PATCH", cookie: supervisor, body: { mode: "ring_all" } }))
        .status,
    ).toBe(200);
    const providerCallId = await customerCalls("6281500000014");
    await a.waitFor((e) => e.type === "call.ringing" && (e.call as CallJson).contactId !== null && e.roomId === null);
    const ringAll = (await b.waitFor((e) => e.type === "call.ringing" && rungLast(b.events, e))) as unknown as Ringing;
    // Both agents accept at the same moment: exactly one wins (C5 c), the other hears call.taken.
    const [byBudi, byDewi] = await Promise.all([
      accept(agent, ringAll.call.id, "budi"),
      accept(agent2, ringAll.call.id, "dewi"),
    ]);
    expect([byBudi.status, byDewi.status].sort()).toEqual([200, 409]);
    const winner = (await json<CallJson>(byBudi.status === 200 ? byBudi : byDewi)).agentId as string;
    const loserSocket = winner === "usr_demo_agent" ? b : a;
    const taken = await loserSocket.waitFor((e) => e.type === "call.taken" && e.callId === ringAll.call.id);
    expect(taken.agentId).toBe(winner);
    // The winner is on a call: a second call rings the other agent only (C7).
    const second = await customerCalls("6281500000015");
    const stub = env.CALL.getByName(callObjectName(CHANNEL_ID, second));
    expect(await runInCall(stub)).toEqual([winner === "usr_demo_agent" ? "usr_demo_agent2" : "usr_demo_agent"]);
    await simulator(`/api/calls/${second}/terminate`);
    await simulator(`/api/calls/${providerCallId}/terminate`);
    expect((await call(`/api/ring-groups/${group.id}`, { method: "DELETE", cookie: supervisor })).status).toBe(204);
    a.close();
    b.close();
  });

  it("no answer within the ring timeout ends the call Unanswered and rejects it at the provider (C6)", async () => {
    const group = await ringGroup({
      name: "Timeout",
      mode: "ring_all",
      members: ["usr_demo_agent"],
      ringTimeoutSeconds: 30,
    });
    const a = await openSocket("/api/inbox/ws", agent);
    const providerCallId = await customerCalls("6281500000021");
    const stub = env.CALL.getByName(callObjectName(CHANNEL_ID, providerCallId));
    expect((await stub.view())?.state).toBe("ringing");
    // Eviction keeps the call: it is in the object's storage, and its alarm still fires.
    await evictDurableObject(stub);
    // Before the deadline the alarm changes nothing; 30 s later it ends the call.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.view())?.state).toBe("ringing");
    const realNow = clock.now;
    clock.now = () => realNow() + 31_000;
    try {
      expect(await runDurableObjectAlarm(stub)).toBe(true);
    } finally {
      clock.now = realNow;
    }
    const view = await stub.view();
    expect(view).toMatchObject({ state: "ended", outcome: "unanswered", agentId: null, endReason: "no_answer" });
    expect((await sandboxCall(providerCallId)).state).toBe("ended");
    await expectProblem(await accept(agent, view?.id ?? ""), 409, "call_ended");
    a.close();
    await call(`/api/ring-groups/${group.id}`, { method: "DELETE", cookie: supervisor });
  });

  it("declining as the only agent rung rejects the call; the customer's voicemail arrives as audio (C9)", async () => {
    await customerWrites({ waId: "6281500000031", text: "halo" });
    const room = await roomOfContact(supervisor, "6281500000031");
    await call(`/api/rooms/${room.id}/assign`, { cookie: supervisor, body: { userId: "usr_demo_agent" } });
    const a = await openSocket("/api/inbox/ws", agent);
    const providerCallId = await customerCalls("6281500000031");
    const ringing = (await a.waitFor((e) => e.type === "call.ringing")) as unknown as Ringing;
    const declined = await json<CallJson>(
      await call(`/api/calls/${ringing.call.id}/decline`, { cookie: agent, body: {} }),
    );
    expect(declined).toMatchObject({ state: "ended", outcome: "unanswered", endReason: "declined" });
    expect((await simulator(`/api/calls/${providerCallId}/voicemail`)).status).toBe(201);
    const messages = await json<{ messages: { kind: string }[] }>(
      await call(`/api/rooms/${room.id}/messages`, { cookie: agent }),
    );
    expect(messages.messages.some((m) => m.kind === "audio")).toBe(true);
    a.close();
  });

  it("a repeated connect rings once; a terminate before its connect leaves the call Unanswered, never ringing", async () => {
    const group = await ringGroup({ name: "Dupes", mode: "ring_all", members: ["usr_demo_agent"] });
    const a = await openSocket("/api/inbox/ws", agent);
    const providerCallId = await customerCalls("6281500000041");
    await a.waitFor((e) => e.type === "call.ringing");
    const stub = env.CALL.getByName(callObjectName(CHANNEL_ID, providerCallId));
    const first = await stub.view();
    const again = await stub.inbound({
      organizationId: "org_demo",
      channelId: CHANNEL_ID,
      providerCallId,
      contactId: null,
      contactName: null,
      contactExternalId: "6281500000041",
      roomId: null,
      assigneeId: null,
      inboundEnabled: true,
      at: Date.now(),
      sdp: sdp("offer"),
    });
    expect(again.id).toBe(first?.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(a.events.filter((e) => e.type === "call.ringing")).toHaveLength(1);
    await simulator(`/api/calls/${providerCallId}/terminate`);

    // Terminate first (the customer hung up at once), then the connect arrives late.
    const late = env.CALL.getByName(callObjectName(CHANNEL_ID, "wacid.LATE1"));
    await late.provider({ event: "terminate", at: Date.now(), sdp: null, durationSeconds: null, errorCode: null });
    const view = await late.inbound({
      organizationId: "org_demo",
      channelId: CHANNEL_ID,
      providerCallId: "wacid.LATE1",
      contactId: null,
      contactName: null,
      contactExternalId: "6281500000042",
      roomId: null,
      assigneeId: null,
      inboundEnabled: true,
      at: Date.now(),
      sdp: sdp("offer"),
    });
    expect(view).toMatchObject({ state: "ended", outcome: "unanswered", endReason: "ended_before_connect" });
    await late.provider({ event: "terminate", at: Date.now(), sdp: null, durationSeconds: 30, errorCode: null });
    expect((await late.view())?.outcome).toBe("unanswered");
    a.close();
    await call(`/api/ring-groups/${group.id}`, { method: "DELETE", cookie: supervisor });
  });

  it("with inbound calls off, or no group, the call is rejected and logged Unanswered (C1, C5 d)", async () => {
    const providerCallId = await customerCalls("6281500000051");
    const noGroup = await env.CALL.getByName(callObjectName(CHANNEL_ID, providerCallId)).view();
    expect(noGroup).toMatchObject({ state: "ended", outcome: "unanswered", endReason: "no_agent" });
    await setCalling(admin, false, true);
    const off = await customerCalls("6281500000052");
    expect(await env.CALL.getByName(callObjectName(CHANNEL_ID, off)).view()).toMatchObject({
      endReason: "inbound_disabled",
    });
    expect((await sandboxCall(off)).state).toBe("ended");
    await setCalling(admin, true, true);
    // A blocked contact's call rings nobody (I6), even with a group ready.
    const group = await ringGroup({ name: "Blocked", mode: "ring_all", members: ["usr_demo_agent"] });
    const a = await openSocket("/api/inbox/ws", agent);
    await customerWrites({ waId: "6281500000053", text: "halo" });
    const room = await roomOfContact(supervisor, "6281500000053");
    expect((await call(`/api/contacts/${room.contactId}/block`, { cookie: agent, body: {} })).status).toBe(200);
    const blocked = await customerCalls("6281500000053");
    expect(await env.CALL.getByName(callObjectName(CHANNEL_ID, blocked)).view()).toMatchObject({
      outcome: "unanswered",
      endReason: "contact_blocked",
    });
    expect(a.events.some((e) => e.type === "call.ringing")).toBe(false);
    a.close();
    await call(`/api/ring-groups/${group.id}`, { method: "DELETE", cookie: supervisor });
  });
});

/** Who the call rings, read inside its object. */
async function runInCall(stub: DurableObjectStub<import("../../worker/calls/call-do").CallDO>) {
  const view = await stub.view();
  const { runInDurableObject } = await import("cloudflare:test");
  return runInDurableObject(stub, async (_instance, state) => {
    const r = (await state.storage.get<{ targets: string[] }>("call")) ?? { targets: [] };
    expect(view).not.toBeNull();
    return r.targets;
  });
}

const rungLast = (events: { type: string }[], e: { type: string }) =>
  events.filter((x) => x.type === "call.ringing").at(-1) === e;
