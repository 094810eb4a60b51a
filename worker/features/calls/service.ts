/**
 * The calls API's use cases (rules C1-C7, B8): an agent's accept / decline / hang-up, an outbound
 * call, a call permission request, and a number's calling switches. Provider calls go through the
 * channel's adapter; a call's state lives in its CallDO.
 */

import { callingOf as callingCapabilityOf } from "../../calls/call-effects";
import { type CallActionOutcome, callObjectName } from "../../calls/call-record";
import { channelOf } from "../../db/channels";
import type { Db } from "../../db/client";
import { userOf } from "../../db/identity";
import { roomView } from "../../db/rooms";
import type { Actor } from "../../domain/actor";
import { outboundRefusal } from "../../domain/call-permission";
import { isWindowOpen } from "../../domain/window";
import { clock } from "../../lib/clock";
import { Problem, problems } from "../../lib/problem";
import type { CallPermissionView, CallView } from "../../schemas/calls";
import { type PermissionRoom, permissionView } from "./permissions";
import { changePermission, recordRequest } from "./permissions-repo";
import { callOf, claimAgent, connectedOutboundSince, releaseAgent, ringingCalls } from "./repo";
import { type CallingSwitches, callingOf, saveCalling } from "./settings-repo";
import { freeVoiceBalance, rateFor } from "./voice-billing";

const DAY = 86_400_000;

/** The person acting: calls are answered and placed by people, not API keys. */
export function agentOf(actor: Actor): string {
  if (actor.kind === "api_key" || !actor.identityId) {
    throw problems.forbidden("Calls are answered and placed by a signed-in person, not an API key.");
  }
  return actor.identityId;
}

const REFUSALS: Record<string, (detail?: string) => Problem> = {
  call_taken: (winner) =>
    problems.conflict("call_taken", winner ? `${winner} answered this call.` : "Another agent answered this call."),
  call_ended: () => problems.conflict("call_ended", "This call has ended."),
  not_ringing_you: () => problems.forbidden("This call is not ringing for you."),
  not_your_call: () => problems.forbidden("This is not your call."),
  agent_on_call: () => problems.conflict("agent_on_call", "You are on another call (one call at a time)."),
  provider_error: (detail) =>
    new Problem(502, "provider_error", `WhatsApp refused the call action: ${detail ?? "unknown"}.`),
};

function outcomeOrThrow(outcome: CallActionOutcome): CallView {
  if (outcome.ok) return outcome.call;
  throw (REFUSALS[outcome.refusal] ?? REFUSALS.call_ended)?.(outcome.detail) as Problem;
}

async function callStub(env: Env, db: Db, organizationId: string, callId: string) {
  const row = await callOf(db, organizationId, callId);
  if (!row) throw problems.notFound("call");
  return env.CALL.getByName(callObjectName(row.channelId, row.providerCallId));
}

/** No call rings longer than this (C6's longest ring timeout is well under it). */
const RING_HORIZON_MS = 10 * 60_000;

/** Rule C5: the calls ringing this agent now, for a browser that (re)connects after the ring went out. */
export async function callsRingingMe(env: Env, db: Db, actor: Actor): Promise<CallView[]> {
  const agentId = agentOf(actor);
  const rows = await ringingCalls(db, actor.organizationId, clock.now() - RING_HORIZON_MS, 20);
  const views: (CallView | null)[] = await Promise.all(
    rows.map((row) => env.CALL.getByName(callObjectName(row.channelId, row.providerCallId)).ringingFor(agentId)),
  );
  return views.filter((v): v is CallView => v !== null);
}

export async function showCall(env: Env, db: Db, actor: Actor, callId: string): Promise<CallView> {
  const view = await (await callStub(env, db, actor.organizationId, callId)).view();
  if (!view) throw problems.notFound("call");
  return view;
}

export async function acceptCall(env: Env, db: Db, actor: Actor, callId: string, sdp: string) {
  const stub = await callStub(env, db, actor.organizationId, callId);
  const outcome = await stub.accept(agentOf(actor), sdp);
  // The loser of the race is told who won (C5), by name.
  if (!outcome.ok && outcome.refusal === "call_taken" && outcome.detail) {
    const winner = await userOf(db, actor.organizationId, outcome.detail);
    return outcomeOrThrow({ ...outcome, detail: winner?.name ?? undefined });
  }
  return outcomeOrThrow(outcome);
}

export async function declineCall(env: Env, db: Db, actor: Actor, callId: string) {
  const stub = await callStub(env, db, actor.organizationId, callId);
  return outcomeOrThrow(await stub.decline(agentOf(actor)));
}

export async function hangUp(env: Env, db: Db, actor: Actor, callId: string) {
  const stub = await callStub(env, db, actor.organizationId, callId);
  return outcomeOrThrow(await stub.hangup(agentOf(actor)));
}

/** Rule C1: an admin turns a number's inbound and outbound calls on or off; the provider is told first. */
export async function setCalling(env: Env, db: Db, actor: Actor, channelId: string, switches: CallingSwitches) {
  const channel = await channelOf(db, actor.organizationId, channelId);
  if (!channel) throw problems.notFound("channel");
  const found = await callingCapabilityOf(env, channel.id);
  if (!found) throw problems.unprocessable("calls_unsupported", "This channel kind has no calls.");
  const pushed = await found.calling.settings(env, found.account, switches);
  if (!pushed.ok)
    throw new Problem(502, "provider_error", `WhatsApp refused the call settings: ${pushed.error.title}.`);
  await saveCalling(db, actor.organizationId, channel.id, switches, clock.now());
  return { channelId: channel.id, ...switches };
}

export async function callingSettings(db: Db, actor: Actor, channelId: string) {
  const channel = await channelOf(db, actor.organizationId, channelId);
  if (!channel) throw problems.notFound("channel");
  return { channelId: channel.id, ...(await callingOf(db, channel.id)) };
}

const permissionRoom = (
  room: { id: string; channelId: string; contactId: string; contactExternalId: string },
  organizationId: string,
): PermissionRoom => ({ ...room, roomId: room.id, organizationId });

export async function roomPermission(db: Db, actor: Actor, roomId: string): Promise<CallPermissionView> {
  const room = await roomView(db, actor.organizationId, roomId);
  return permissionView(db, permissionRoom(room, actor.organizationId), clock.now());
}

/**
 * Rule C2: a permission request needs an active conversation (the customer's reply window, or an open
 * conversation of any category, a template's too) and stays inside 1 per 24 h, 2 per 7 days.
 */
export async function requestPermission(env: Env, db: Db, actor: Actor, roomId: string, text: string | null) {
  const now = clock.now();
  const room = await roomView(db, actor.organizationId, roomId);
  const before = await permissionView(db, permissionRoom(room, actor.organizationId), now);
  if (!isWindowOpen(room.lastCustomerMessageAt, now) && (before.conversationOpenUntil ?? 0) <= now) {
    throw problems.unprocessable(
      "no_active_conversation",
      "A call permission request needs an active conversation: the customer's window or a template's.",
    );
  }
  if (before.nextRequestAt !== null) {
    const wait = Math.max(1, Math.ceil((before.nextRequestAt - now) / 1000));
    throw problems.tooManyRequests("call_permission_limit", "At most 1 request per 24 hours and 2 per 7 days.", wait);
  }
  const found = await callingCapabilityOf(env, room.channelId);
  if (!found) throw problems.unprocessable("calls_unsupported", "This channel kind has no calls.");
  const sent = await found.calling.requestPermission(env, found.account, room.contactExternalId, text);
  if (!sent.ok) throw new Problem(502, "provider_error", `WhatsApp refused the request: ${sent.error.title}.`);
  await recordRequest(db, {
    id: crypto.randomUUID(),
    organizationId: actor.organizationId,
    channelId: room.channelId,
    contactId: room.contactId,
    roomId: room.id,
    providerMessageId: sent.providerMessageId,
    sentAt: now,
  });
  // C3: the room shows the request pending until it is answered or expires (a grant stays a grant).
  if (before.state !== "temporary" && before.state !== "permanent") {
    const key = { organizationId: actor.organizationId, channelId: room.channelId, contactId: room.contactId };
    await changePermission(db, key, { state: "requested", expiresAt: null }, now);
  }
  return permissionView(db, permissionRoom(room, actor.organizationId), now);
}

const REFUSED: Record<string, () => Problem> = {
  call_permission_missing: () => new Problem(403, "call_permission_missing", "The customer has not allowed calls."),
  outbound_calls_disabled: () =>
    problems.unprocessable("outbound_calls_disabled", "Outbound calls are off for this number."),
  voice_balance_low: () =>
    new Problem(402, "voice_balance_low", "Outbound calls need a voice balance of at least Rp 50,000."),
  call_limit_reached: () =>
    problems.tooManyRequests("call_limit_reached", "At most 10 connected calls to this number in 24 hours.", 3600),
};

/** Rule C4: places a call with the browser's SDP offer; the answer comes by webhook (`call.answer`). */
export async function placeCall(env: Env, db: Db, actor: Actor, roomId: string, sdp: string): Promise<CallView> {
  const agentId = agentOf(actor);
  const now = clock.now();
  const room = await roomView(db, actor.organizationId, roomId);
  const [permission, switches, balance, connected] = await Promise.all([
    permissionView(db, permissionRoom(room, actor.organizationId), now),
    callingOf(db, room.channelId),
    freeVoiceBalance(db, actor.organizationId, now), // B8: what the organization's active calls hold is not free
    connectedOutboundSince(db, room.channelId, room.contactId, now - DAY),
  ]);
  const refusal = outboundRefusal({
    permission: permission.state,
    outboundEnabled: switches.outbound,
    voiceBalance: balance,
    connectedInLastDay: connected,
  });
  if (refusal) throw REFUSED[refusal]?.() as Problem; // C4, B8
  const found = await callingCapabilityOf(env, room.channelId);
  if (!found) throw problems.unprocessable("calls_unsupported", "This channel kind has no calls.");
  const id = crypto.randomUUID();
  if (!(await claimAgent(db, actor.organizationId, agentId, id, now))) {
    throw problems.conflict("agent_on_call", "You are on another call (one call at a time).");
  }
  const placed = await found.calling.place(env, found.account, room.contactExternalId, sdp, id);
  if (!placed.ok) {
    await releaseAgent(db, actor.organizationId, agentId, id);
    throw new Problem(502, "provider_error", `WhatsApp refused the call: ${placed.error.code} ${placed.error.title}.`);
  }
  return env.CALL.getByName(callObjectName(room.channelId, placed.providerCallId)).outbound({
    id,
    organizationId: actor.organizationId,
    channelId: room.channelId,
    providerCallId: placed.providerCallId,
    contactId: room.contactId,
    contactName: room.contactName,
    contactExternalId: room.contactExternalId,
    roomId: room.id,
    agentId,
    rate: rateFor(env, room.contactExternalId),
  });
}
