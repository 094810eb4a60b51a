/**
 * What a call's state changes do outside its Durable Object: the provider's call actions through
 * the channel's adapter, the call log row, the agents' sockets, the domain events, the voice
 * charge (B8) and the permission bookkeeping (C2-C4).
 */
import type { CallAction, CallActionResult, CallingCapability } from "../channels/adapter";
import type { ChannelAccount } from "../channels/config";
import { adapterFor } from "../channels/registry";
import { channelById, openChannel } from "../db/channels";
import { createDb } from "../db/client";
import { afterOutboundCall } from "../domain/call-permission";
import { publishEvents, stamp } from "../events/publish";
import { permissionView } from "../features/calls/permissions";
import { changePermission, closePendingRequests, permissionOf } from "../features/calls/permissions-repo";
import { releaseCall, saveCall } from "../features/calls/repo";
import { chargeCall, releaseVoiceHold } from "../features/calls/voice-billing";
import { errorForLog, log } from "../lib/log";
import type { CallSocketMessage } from "../schemas/calls";
import { type CallRecord, callView, logRow } from "./call-record";

export const dbOf = (env: Env) => createDb(env.DB);

/** The channel's account (secrets opened for the provider call) and its calling capability. */
export async function callingOf(
  env: Env,
  channelId: string,
): Promise<{ calling: CallingCapability; account: ChannelAccount } | null> {
  const stored = await channelById(dbOf(env), channelId);
  if (!stored) return null;
  const calling = adapterFor(stored.kind).calling as CallingCapability | undefined;
  if (!calling) return null;
  const channel = await openChannel(stored); // rule G7: secrets opened only for the provider call
  return { calling, account: channel as unknown as ChannelAccount };
}

export async function act(env: Env, r: CallRecord, action: CallAction): Promise<CallActionResult> {
  const found = await callingOf(env, r.channelId);
  if (!found) return { ok: false, error: { code: "channel_gone", title: "The channel is gone", detail: null } };
  const result = await found.calling.act(env, found.account, action);
  if (!result.ok)
    log("warn", "call.provider_refused", { callId: r.id, action: action.action, code: result.error.code });
  return result;
}

export const saveLog = (env: Env, r: CallRecord) => saveCall(dbOf(env), logRow(r));

/** Says something to these agents' inbox sockets; a failure is logged (the API still has the call). */
export async function tell(env: Env, r: CallRecord, agents: string[], message: CallSocketMessage) {
  if (agents.length === 0) return;
  try {
    await env.INBOX.getByName(r.organizationId).notify(agents, message);
  } catch (err) {
    log("error", "call.notify_failed", { callId: r.id, error: errorForLog(err) });
  }
}

const statusOf = (r: CallRecord): "ringing" | "answered" | "unanswered" =>
  r.state === "ended" ? (r.outcome ?? "unanswered") : r.state === "active" ? "answered" : "ringing";

/** Rule G6 / issue 14: call.started, call.answered, call.ended on the domain event stream. */
export async function publishCall(
  env: Env,
  r: CallRecord,
  type: "call.started" | "call.answered" | "call.ended",
  at: number,
) {
  // One id per call and type: a settlement retried after an eviction publishes the same event again,
  // and every listener (the tenant's webhook too) takes it once.
  const event = {
    ...stamp(
      {
        type,
        organizationId: r.organizationId,
        callId: r.id,
        channelId: r.channelId,
        roomId: r.roomId,
        contactId: r.contactId,
        direction: r.direction,
        status: statusOf(r),
        agentId: r.agentId,
        durationSeconds: r.durationSeconds,
        cost: r.cost,
      },
      at,
    ),
    id: `${r.id}:${type}`,
  };
  try {
    await publishEvents(env, [event]);
  } catch (err) {
    log("error", "call.publish_failed", { callId: r.id, type, error: errorForLog(err) });
  }
}

/** Rules C2, C3: a connected call resets the request limits and ends pending requests. */
export async function onConnected(env: Env, r: CallRecord, now: number) {
  if (!r.contactId) return;
  const db = dbOf(env);
  const key = { organizationId: r.organizationId, channelId: r.channelId, contactId: r.contactId };
  await changePermission(
    db,
    key,
    { lastConnectedAt: now, ...(r.direction === "outbound" ? { unansweredInARow: 0 } : {}) },
    now,
  );
  await closePendingRequests(db, r.channelId, r.contactId, "expired");
}

/** Rule C4: an outbound call that was not answered: the second in a row warns, the fourth revokes. */
export async function afterOutbound(env: Env, r: CallRecord, now: number) {
  if (r.direction !== "outbound" || !r.contactId || r.outcome === "answered") return;
  const db = dbOf(env);
  const current = await permissionOf(db, r.channelId, r.contactId);
  const next = afterOutboundCall(current?.unansweredInARow ?? 0, false);
  const key = { organizationId: r.organizationId, channelId: r.channelId, contactId: r.contactId };
  await changePermission(
    db,
    key,
    { unansweredInARow: next.unansweredInARow, ...(next.revoke ? { state: "none", expiresAt: null } : {}) },
    now,
  );
  if (r.roomId && r.agentId) {
    // Counted: a failure to show it must not fail the settlement, whose retry would count it again.
    try {
      const permission = await permissionView(db, { ...r, roomId: r.roomId, contactId: r.contactId }, now);
      await tell(env, r, [r.agentId], { type: "call.permission", permission });
    } catch (err) {
      log("error", "call.permission_notify_failed", { callId: r.id, error: errorForLog(err) });
    }
  }
}

/**
 * Ends the agents' claim (C7), charges an outbound call (B8), writes the log, counts an unanswered
 * outbound call (C4) and tells everyone. Safe to run again after a failure part-way: each step
 * before the count is idempotent, the count is done once (`counted`, kept by `keep` at once), and
 * nothing after it throws.
 */
export async function settle(
  env: Env,
  r: CallRecord,
  cost: number,
  now: number,
  keep: (progress: CallRecord) => Promise<unknown>,
): Promise<CallRecord> {
  const db = dbOf(env);
  // The agent is free first: a charge that fails must not keep them "on a call" for every later one.
  await releaseCall(db, r.organizationId, r.id);
  const charged = cost > 0 ? await chargeCall(db, r, cost, now) : 0;
  // B8: what it held is given back to the other calls once charged (the charge's batch did it, unless
  // it charged nothing: no cost, no package, or charged by an earlier try).
  if (r.direction === "outbound") await releaseVoiceHold(db, r.id);
  let done = { ...r, cost: charged };
  await saveLog(env, done);
  if (!done.counted) {
    await afterOutbound(env, done, now);
    done = { ...done, counted: true };
    await keep(done);
  }
  const agents = [...new Set([...done.targets, ...(done.agentId ? [done.agentId] : [])])];
  await tell(env, done, agents, { type: "call.ended", call: callView(done) });
  await publishCall(env, done, "call.ended", now);
  return done;
}
