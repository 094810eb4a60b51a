import { beforeAll, describe, expect, it } from "vitest";
import {
  buildCallConnect,
  buildCallStatus,
  buildCallTerminate,
  buildPermissionReply,
} from "../../worker/channels/whatsapp/call-webhook-builders";
import { parseWhatsAppWebhook } from "../../worker/channels/whatsapp/webhook";
import { SANDBOX_PHONE_NUMBER_ID } from "../../worker/sandbox/config";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { CHANNEL_ID, customerCalls, sandboxCall, sdp, setCalling } from "./calls-helpers";
import { call, expectProblem, json, seed, seedOtherTenant, signIn } from "./helpers";
import { graph } from "./sandbox-helpers";

const account = { phoneNumberId: "106540352242922", displayPhoneNumber: "15550783881", wabaId: "102290129340398" };
const at = Date.parse("2026-12-07T03:00:00Z");

describe("the calls webhook field, parsed (C11)", () => {
  it("reads a customer's connect with its offer, a terminate with and without timing, and call statuses", () => {
    const connect = parseWhatsAppWebhook(
      buildCallConnect(account, { id: "wacid.A", waId: "6281234567890", name: "Siti", sdp: "v=0\r\nx", at }),
      at,
    );
    expect(connect.messages).toEqual([]);
    expect(connect.calls).toEqual([
      {
        providerCallId: "wacid.A",
        channelKey: account.phoneNumberId,
        contact: { externalId: "6281234567890", name: "Siti", phone: "6281234567890", userId: null, username: null },
        event: "connect",
        direction: "inbound",
        at,
        sdp: { type: "offer", sdp: "v=0\r\nx" },
        durationSeconds: null,
        callbackData: null,
        errorCode: null,
      },
    ]);
    const unanswered = parseWhatsAppWebhook(
      buildCallTerminate(account, { id: "wacid.B", waId: "628", direction: "BUSINESS_INITIATED", at }),
      at,
    );
    expect(unanswered.calls?.[0]).toMatchObject({ event: "terminate", direction: "outbound", durationSeconds: null });
    const talked = parseWhatsAppWebhook(
      buildCallTerminate(account, {
        id: "wacid.B",
        waId: "628",
        direction: "USER_INITIATED",
        at,
        startedAt: at - 42_000,
        durationSeconds: 42,
      }),
      at,
    );
    expect(talked.calls?.[0]).toMatchObject({ event: "terminate", durationSeconds: 42 });
    const accepted = parseWhatsAppWebhook(
      buildCallStatus(account, { id: "wacid.C", waId: "628", status: "ACCEPTED", at, callbackData: "ours" }),
      at,
    );
    expect(accepted.statuses).toEqual([]);
    expect(accepted.calls?.[0]).toMatchObject({ event: "accepted", direction: "outbound", callbackData: "ours" });
  });

  it("reads a call permission reply and keeps it in the room as a system message (C3)", () => {
    const parsed = parseWhatsAppWebhook(
      buildPermissionReply(account, {
        id: "wamid.R",
        waId: "628",
        accept: true,
        permanent: false,
        at,
        contextId: "wamid.Q",
      }),
      at,
    );
    expect(parsed.callPermissionReplies).toEqual([
      expect.objectContaining({
        accepted: true,
        permanent: false,
        expiresAt: at + 7 * 86_400_000,
        automatic: false,
        contextId: "wamid.Q",
      }),
    ]);
    expect(parsed.messages[0]).toMatchObject({ kind: "system", text: "Call permission granted (7 days)" });
  });
});

describe("the fake Calling API checks what Meta checks (issue 14, item 9)", () => {
  it("refuses an offer as the answer, an SDP without a sha-256 fingerprint, and an accept whose SDP differs", async () => {
    await seed();
    const admin = await signIn("admin@demo.test");
    await setCalling(admin, true, false);
    // The platform does not hear of this call: the fake API alone is under test.
    setDeliveryTarget(async () => new Response("{}"));
    const id = await customerCalls("6281700000001").finally(() => setDeliveryTarget(null));
    const post = (body: Record<string, unknown>) =>
      graph(`/${SANDBOX_PHONE_NUMBER_ID}/calls`, { json: { messaging_product: "whatsapp", call_id: id, ...body } });
    const codeOf = async (res: Response) => {
      expect(res.status).toBe(400);
      return (await json<{ error: { code: number; error_data?: { details: string } } }>(res)).error;
    };
    expect(
      (await codeOf(await post({ action: "pre_accept", session: { sdp_type: "offer", sdp: sdp("answer") } }))).code,
    ).toBe(100);
    const noFingerprint = sdp("answer").replace(/a=fingerprint:.*\r\n/, "");
    const missing = await codeOf(
      await post({ action: "pre_accept", session: { sdp_type: "answer", sdp: noFingerprint } }),
    );
    expect(missing.error_data?.details).toContain("fingerprint");
    const ok = await post({ action: "pre_accept", session: { sdp_type: "answer", sdp: sdp("answer", "one") } });
    expect(await ok.json()).toEqual({ messaging_product: "whatsapp", success: true });
    const differs = await codeOf(
      await post({ action: "accept", session: { sdp_type: "answer", sdp: sdp("answer", "two") } }),
    );
    expect(differs.error_data?.details).toContain("pre_accept");
    expect((await sandboxCall(id)).state).toBe("pre_accepted");
    expect((await post({ action: "accept", session: { sdp_type: "answer", sdp: sdp("answer", "one") } })).status).toBe(
      200,
    );
    expect((await sandboxCall(id)).state).toBe("accepted");
    // A business call without calling on, or without the customer's permission: Meta's 138000 / 138006.
    const connect = (to: string) =>
      graph(`/${SANDBOX_PHONE_NUMBER_ID}/calls`, {
        json: {
          messaging_product: "whatsapp",
          to,
          action: "connect",
          session: { sdp_type: "offer", sdp: sdp("offer") },
        },
      });
    await setCalling(admin, false, false);
    expect((await json<{ error: { code: number } }>(await connect("6281700000002"))).error.code).toBe(138000);
    await setCalling(admin, true, true);
    expect((await json<{ error: { code: number } }>(await connect("6281700000002"))).error.code).toBe(138006);
  });
});

describe("ring groups (C5, C8)", () => {
  let supervisor: string;
  let agent: string;

  beforeAll(async () => {
    await seed();
    await seedOtherTenant();
    [supervisor, agent] = await Promise.all([signIn("supervisor@demo.test"), signIn("agent@demo.test")]);
  });

  it("creates, lists, changes and deletes groups; an agent in two groups of a number is refused", async () => {
    const created = await call("/api/ring-groups", {
      cookie: supervisor,
      body: {
        name: "Support",
        channelId: CHANNEL_ID,
        mode: "round_robin",
        members: ["usr_demo_agent", "usr_demo_agent2"],
      },
    });
    expect(created.status).toBe(201);
    const group = await json<{ id: string; members: string[]; ringTimeoutSeconds: number }>(created);
    expect(group).toMatchObject({ members: ["usr_demo_agent", "usr_demo_agent2"], ringTimeoutSeconds: 45 });
    const second = await call("/api/ring-groups", {
      cookie: supervisor,
      body: { name: "Sales", channelId: CHANNEL_ID, mode: "ring_all", members: ["usr_demo_agent"] },
    });
    await expectProblem(second, 409, "agent_in_other_group");
    const sales = await json<{ id: string }>(
      await call("/api/ring-groups", {
        cookie: supervisor,
        body: { name: "Sales", channelId: CHANNEL_ID, mode: "ring_all", members: ["usr_demo_supervisor"] },
      }),
    );
    await expectProblem(
      await call(`/api/ring-groups/${sales.id}`, {
        method: "PATCH",
        cookie: supervisor,
        body: { members: ["usr_demo_supervisor", "usr_demo_agent2"] },
      }),
      409,
      "agent_in_other_group",
    );
    // Nothing of the refused change was written.
    const list = await json<{ ringGroups: { id: string; members: string[] }[] }>(
      await call("/api/ring-groups", { cookie: supervisor }),
    );
    expect(list.ringGroups.find((g) => g.id === sales.id)?.members).toEqual(["usr_demo_supervisor"]);
    const changed = await call(`/api/ring-groups/${group.id}`, {
      method: "PATCH",
      cookie: supervisor,
      body: { members: ["usr_demo_agent2", "usr_demo_agent"], ringTimeoutSeconds: 60 },
    });
    expect(await json(changed)).toMatchObject({
      members: ["usr_demo_agent2", "usr_demo_agent"],
      ringTimeoutSeconds: 60,
    });
    const outOfRange = await call(`/api/ring-groups/${group.id}`, {
      method: "PATCH",
      cookie: supervisor,
      body: { ringTimeoutSeconds: 90 },
    });
    await expectProblem(outOfRange, 400, "validation_failed");
    const stranger = await call("/api/ring-groups", {
      cookie: supervisor,
      body: { name: "X", channelId: CHANNEL_ID, mode: "ring_all", members: ["usr_other_admin"] },
    });
    await expectProblem(stranger, 400, "validation_failed");
    await expectProblem(await call("/api/ring-groups", { cookie: agent }), 403, "forbidden");
    expect((await call(`/api/ring-groups/${group.id}`, { method: "DELETE", cookie: supervisor })).status).toBe(204);
    await expectProblem(await call(`/api/ring-groups/${group.id}`, { cookie: supervisor }), 404, "not_found");
  });

  it("hands the browser ICE servers (none in development: host candidates)", async () => {
    const res = await call("/api/calls/ice-servers", { cookie: agent });
    expect(await json(res)).toEqual({ iceServers: [] });
  });
});
