import { DurableObject } from "cloudflare:workers";
import { callCost } from "../domain/call-billing";
import { fixAnswerSetup, STALE_CONNECT_MS } from "../domain/calls";
import { claimAgent, releaseAgent } from "../features/calls/repo";
import { holdStartedMinutes, releaseVoiceHold } from "../features/calls/voice-billing";
import { clock } from "../lib/clock";
import { errorForLog, log } from "../lib/log";
import type { CallView } from "../schemas/calls";
import { act, dbOf, onConnected, publishCall, saveLog, settle, tell } from "./call-effects";
import type { CallActionOutcome, CallRecord, InboundStart, OutboundStart, ProviderCallEvent } from "./call-record";
import { callView, newCall } from "./call-record";
import { planRinging } from "./call-routing";

/** How long a settlement that failed part-way waits before its alarm tries again. */
export const SETTLE_RETRY_MS = 30_000;

/**
 * One WhatsApp call (rules C5-C7, C11, B8), named `<channel id>/<provider call id>`: the single
 * writer of the call's state. States: ringing -> accepting -> active -> ended (sticky). The first
 * accept wins (the state changes before any await, so a second accept sees it); the ring timeout
 * (C6) and the balance cut-off (B8) are alarms; provider events that come twice or out of order
 * (a terminate before its connect, an ACCEPTED before the POST that placed the call returned) are
 * kept until the call they belong to exists, and a terminal state never changes.
 */
export class CallDO extends DurableObject<Env> {
  private cached: CallRecord | null = null;
  private settling: Promise<CallRecord> | null = null;

  private async load(): Promise<CallRecord | null> {
    this.cached ??= (await this.ctx.storage.get<CallRecord>("call")) ?? null;
    return this.cached;
  }

  private async save(r: CallRecord): Promise<CallRecord> {
    this.cached = r;
    await this.ctx.storage.put("call", r);
    return r;
  }

  async view(): Promise<CallView | null> {
    const r = await this.load();
    return r ? callView(r) : null;
  }

  /** Rule C5: the call while it still rings this agent, who may have reloaded since the ring; else null. */
  async ringingFor(agentId: string): Promise<CallView | null> {
    const r = await this.load();
    if (r?.state !== "ringing" || r.direction !== "inbound" || !r.targets.includes(agentId)) return null;
    const declined = (await this.ctx.storage.get<string[]>("declined")) ?? [];
    return declined.includes(agentId) ? null : callView(r);
  }

  /** A customer calls (C5, C11): ring the agents the rule picks, or log the call Unanswered. */
  async inbound(input: InboundStart): Promise<CallView> {
    const existing = await this.load();
    if (existing) return callView(existing); // a repeated connect rings nobody twice
    const now = clock.now();
    const early = (await this.ctx.storage.get<ProviderCallEvent[]>("early")) ?? [];
    const { assigneeId, inboundEnabled, blocked, at, sdp, ...party } = input;
    let r = await this.save(
      newCall({ ...party, id: crypto.randomUUID() }, { direction: "inbound", startedAt: at, remoteSdp: sdp }),
    );
    if (early.some((e) => e.event === "terminate"))
      return callView(await this.end(r, "unanswered", "ended_before_connect", 0));
    if (!inboundEnabled) return callView(await this.refuse(r, "inbound_disabled")); // C1
    if (blocked) return callView(await this.refuse(r, "contact_blocked")); // I6
    if (now - at > STALE_CONNECT_MS) return callView(await this.end(r, "unanswered", "stale_connect", 0));
    const plan = await planRinging(this.env, r.organizationId, r.channelId, assigneeId);
    r = (await this.load()) as CallRecord;
    if (r.state !== "ringing") return callView(r); // ended while routing
    if (plan.agents.length === 0) return callView(await this.refuse(r, "no_agent")); // C5 (d)
    r = await this.save({ ...r, targets: plan.agents, ringDeadline: now + plan.ringTimeoutSeconds * 1000 });
    await this.ctx.storage.setAlarm(r.ringDeadline as number);
    await saveLog(this.env, r);
    await publishCall(this.env, r, "call.started", now);
    await tell(this.env, r, r.targets, {
      type: "call.ringing",
      call: callView(r),
      contact: { id: r.contactId, name: r.contactName, externalId: r.contactExternalId },
      roomId: r.roomId,
      sdp,
    });
    return callView(r);
  }

  /** An agent placed a call (C4) and the provider took it: events that came first are applied now. */
  async outbound(input: OutboundStart): Promise<CallView> {
    const existing = await this.load();
    if (existing) return callView(existing);
    const now = clock.now();
    const { agentId, rate, ...party } = input;
    const r = await this.save(
      newCall(party, { direction: "outbound", startedAt: now, agentId, targets: [agentId], rate }),
    );
    await saveLog(this.env, r);
    await publishCall(this.env, r, "call.started", now);
    const early = (await this.ctx.storage.get<ProviderCallEvent[]>("early")) ?? [];
    await this.ctx.storage.delete("early");
    for (const event of early.sort((a, b) => a.at - b.at)) await this.provider(event);
    return callView((await this.load()) as CallRecord);
  }

  /** A provider webhook about this call (C11). Repeats change nothing; a terminal state is kept. */
  async provider(event: ProviderCallEvent): Promise<void> {
    const r = await this.load();
    if (!r) {
      // Before the call exists here (a terminate before its connect; an outbound event before the POST answered).
      const early = (await this.ctx.storage.get<ProviderCallEvent[]>("early")) ?? [];
      if (!early.some((e) => e.event === event.event)) await this.ctx.storage.put("early", [...early, event]);
      return;
    }
    if (r.state === "ended") return;
    const now = clock.now();
    switch (event.event) {
      case "terminate": {
        const picked = r.state === "active";
        const talked = event.durationSeconds ?? (r.connectedAt ? Math.round((now - r.connectedAt) / 1000) : 0);
        await this.end(
          r,
          picked ? "answered" : "unanswered",
          event.errorCode ? `provider_${event.errorCode}` : "terminated",
          picked ? talked : 0,
        );
        return;
      }
      case "connect":
        // Outbound: the provider's SDP answer (media setup, not the pickup).
        if (r.direction === "outbound" && event.sdp?.type === "answer" && !r.remoteSdp) {
          const sdp = fixAnswerSetup(event.sdp.sdp);
          await this.save({ ...r, remoteSdp: sdp });
          await tell(this.env, r, r.targets, { type: "call.answer", callId: r.id, sdp });
        }
        return;
      case "accepted":
        if (r.direction === "outbound" && r.state === "ringing") await this.connected(r, now);
        return;
      case "rejected":
        if (r.direction === "outbound") await this.end(r, "unanswered", "rejected", 0);
        return;
      case "ringing":
        return;
    }
  }

  /** First accept wins (C5, C7): pre_accept and accept with the same SDP answer (C11). */
  async accept(agentId: string, sdp: string): Promise<CallActionOutcome> {
    const r = await this.load();
    if (!r || r.state === "ended") return { ok: false, refusal: "call_ended" };
    if (r.state !== "ringing") return { ok: false, refusal: "call_taken", detail: r.agentId ?? undefined };
    if (r.direction !== "inbound") return { ok: false, refusal: "not_your_call" };
    if (!r.targets.includes(agentId)) return { ok: false, refusal: "not_ringing_you" };
    // Claimed before the first await: a concurrent accept now sees `accepting`.
    await this.save({ ...r, state: "accepting", agentId, localSdp: sdp });
    const now = clock.now();
    const db = dbOf(this.env);
    if (!(await claimAgent(db, r.organizationId, agentId, r.id, now))) {
      await this.reopen(agentId);
      return { ok: false, refusal: "agent_on_call" };
    }
    const pre = await act(this.env, r, { action: "pre_accept", providerCallId: r.providerCallId, sdp });
    const accepted = pre.ok ? await act(this.env, r, { action: "accept", providerCallId: r.providerCallId, sdp }) : pre;
    const after = (await this.load()) as CallRecord;
    if (after.state === "ended") {
      // Ended while the claim was on its way: the ending's release may have come before the claim.
      await releaseAgent(db, r.organizationId, agentId, r.id);
      return { ok: false, refusal: "call_ended" };
    }
    if (!accepted.ok) {
      await releaseAgent(db, r.organizationId, agentId, r.id);
      await this.reopen(agentId);
      return { ok: false, refusal: "provider_error", detail: `${accepted.error.code}: ${accepted.error.title}` };
    }
    const live = await this.connected(after, clock.now());
    await tell(
      this.env,
      live,
      live.targets.filter((a) => a !== agentId),
      { type: "call.taken", callId: live.id, agentId },
    );
    return { ok: true, call: callView(live) };
  }

  /** An agent declines (rule C9): when everyone rung declined, the call is rejected (voicemail follows). */
  async decline(agentId: string): Promise<CallActionOutcome> {
    const r = await this.load();
    if (!r || r.state === "ended") return { ok: false, refusal: "call_ended" };
    if (r.state !== "ringing" || r.direction !== "inbound") return { ok: false, refusal: "call_taken" };
    if (!r.targets.includes(agentId)) return { ok: false, refusal: "not_ringing_you" };
    const declined = [...new Set([...((await this.ctx.storage.get<string[]>("declined")) ?? []), agentId])];
    await this.ctx.storage.put("declined", declined);
    if (r.targets.every((a) => declined.includes(a)))
      return { ok: true, call: callView(await this.refuse(r, "declined")) };
    return { ok: true, call: callView(r) };
  }

  /** The agent on the call (or placing it) hangs up. */
  async hangup(agentId: string): Promise<CallActionOutcome> {
    const r = await this.load();
    if (!r || r.state === "ended") return { ok: false, refusal: "call_ended" };
    if (r.agentId !== agentId) return { ok: false, refusal: "not_your_call" };
    const now = clock.now();
    const live = r.state === "active" && r.connectedAt !== null;
    const talked = live ? Math.round((now - (r.connectedAt as number)) / 1000) : 0;
    // The customer's line is closed even when what follows the ending (charge, log) fails.
    const ended = await this.end(r, live ? "answered" : "unanswered", "hung_up", talked).finally(() =>
      act(this.env, r, { action: "terminate", providerCallId: r.providerCallId }),
    );
    return { ok: true, call: callView(ended) };
  }

  /** C6: nobody accepted in time; B8: the voice balance ran out. */
  override async alarm(): Promise<void> {
    const r = await this.load();
    if (!r) return;
    if (r.state === "ended") {
      if (r.settled === false) await this.settleEnded(r);
      return;
    }
    const now = clock.now();
    if (r.state === "ringing" && r.direction === "inbound" && r.ringDeadline !== null && r.ringDeadline <= now) {
      await this.refuse(r, "no_answer");
      return;
    }
    if (r.state === "active" && r.cutOffAt !== null && r.cutOffAt <= now) {
      // B8: the next minute is held when the balance the organization's other calls leave pays it.
      const held = await this.hold(r, now);
      if (held.state !== "active" || held.cutOffAt === null || held.cutOffAt > now) return;
      const talked = Math.round((held.cutOffAt - (held.connectedAt ?? held.cutOffAt)) / 1000);
      await this.end(held, "answered", "voice_balance_exhausted", talked).finally(() =>
        act(this.env, r, { action: "terminate", providerCallId: r.providerCallId }),
      );
      return;
    }
    const next = r.state === "active" ? r.cutOffAt : r.ringDeadline;
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(next, now + 1000));
  }

  private async reopen(agentId: string) {
    const now = (await this.load()) as CallRecord;
    if (now.state === "accepting" && now.agentId === agentId) {
      await this.save({ ...now, state: "ringing", agentId: null, localSdp: null });
    }
  }

  private async connected(given: CallRecord, now: number): Promise<CallRecord> {
    // Ended (a hang-up) or connected (a repeated event) meanwhile: nothing to connect.
    const r = (await this.load()) ?? given;
    if (r.state !== given.state) return r;
    const connected = await this.save({ ...r, state: "active", connectedAt: now, ringDeadline: null, held: 0 });
    const live = await this.hold(connected, now); // B8: its first minute, or a cut-off at once
    if (live.state !== "active") return live;
    await saveLog(this.env, live);
    await onConnected(this.env, live, now);
    if (live.agentId) await tell(this.env, live, [live.agentId], { type: "call.connected", call: callView(live) });
    await publishCall(this.env, live, "call.answered", now);
    return live;
  }

  /**
   * Rule B8: an active outbound call holds the minutes it has started, sharing the voice balance with
   * the organization's other calls, and its cut-off alarm is armed where its held minutes end.
   */
  private async hold(r: CallRecord, now: number): Promise<CallRecord> {
    const db = dbOf(this.env);
    const hold = await holdStartedMinutes(db, r, now);
    const after = (await this.load()) ?? r;
    if (after.state !== "active") {
      // Ended while the hold was written: its settlement may have released it before it landed.
      if (hold && hold.held !== (r.held ?? 0)) await releaseVoiceHold(db, r.id);
      return after;
    }
    const live = await this.save({ ...after, held: hold?.held ?? 0, cutOffAt: hold?.cutOffAt ?? null });
    if (live.cutOffAt !== null) await this.ctx.storage.setAlarm(live.cutOffAt);
    else await this.ctx.storage.deleteAlarm();
    return live;
  }

  /** Rejects a call still ringing at the provider and logs it Unanswered (C5 d, C6, C9). */
  private async refuse(r: CallRecord, reason: string): Promise<CallRecord> {
    // Ended here first: the provider's terminate webhook that follows the reject changes nothing.
    const ended = await this.end(r, "unanswered", reason, 0);
    await act(this.env, r, { action: "reject", providerCallId: r.providerCallId });
    return ended;
  }

  private async end(given: CallRecord, outcome: "answered" | "unanswered", reason: string, seconds: number) {
    const r = (await this.load()) ?? given;
    if (r.state === "ended") return r; // sticky: a second ending changes nothing
    const now = clock.now();
    const ended = await this.save({
      ...r,
      state: "ended",
      outcome,
      endReason: reason,
      endedAt: now,
      durationSeconds: Math.max(0, Math.round(seconds)),
      ringDeadline: null,
      cutOffAt: null,
      // An inbound call nobody took keeps no agent (C10: N/A).
      agentId: outcome === "unanswered" && r.direction === "inbound" ? null : r.agentId,
      settled: false,
    });
    return this.settleEnded(ended);
  }

  /**
   * What follows the ending (B8, C4, C7, C10): the release, the charge, the log. The call stays
   * ended when it fails part-way; the alarm armed first tries again until it is done, and every
   * step is safe to repeat (the charge is keyed on the call).
   */
  private settleEnded(ended: CallRecord): Promise<CallRecord> {
    // One try at a time: a slow one must not be overtaken by its own retry alarm.
    this.settling ??= this.trySettle(ended).finally(() => {
      this.settling = null;
    });
    return this.settling;
  }

  private async trySettle(ended: CallRecord): Promise<CallRecord> {
    await this.ctx.storage.setAlarm(clock.now() + SETTLE_RETRY_MS);
    const cost = ended.outcome === "answered" ? callCost(ended.direction, ended.durationSeconds, ended.rate) : 0;
    try {
      const done = await settle(this.env, ended, cost, ended.endedAt ?? clock.now(), (progress) => this.save(progress));
      await this.ctx.storage.deleteAlarm();
      return await this.save({ ...done, settled: true });
    } catch (err) {
      log("error", "call.settle_failed", { callId: ended.id, error: errorForLog(err) });
      // Armed again: the alarm that started this try may have fired (and ended) while it ran.
      await this.ctx.storage.setAlarm(clock.now() + SETTLE_RETRY_MS);
      return (await this.load()) ?? ended;
    }
  }
}
