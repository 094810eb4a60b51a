/**
 * A call as its CallDO keeps it (rules C5-C7, C11): the state machine's data, what the API shows of
 * it, and the row the call log keeps. Terminal states are sticky: nothing leaves `ended`.
 */
import type { CallDirection, CallOutcome, CallState } from "../domain/calls";
import type { CallView } from "../schemas/calls";

/** Who a call is with and where it belongs: what starting one, either way, names. */
export interface CallParty {
  organizationId: string;
  channelId: string;
  providerCallId: string;
  contactId: string | null;
  contactName: string | null;
  contactExternalId: string;
  roomId: string | null;
}

export interface InboundStart extends CallParty {
  assigneeId: string | null;
  inboundEnabled: boolean;
  /** Rule I6: a blocked contact's call rings nobody. */
  blocked?: boolean;
  at: number;
  sdp: string;
}

export interface OutboundStart extends CallParty {
  id: string;
  agentId: string;
  rate: number;
}

export interface CallRecord extends CallParty {
  id: string;
  direction: CallDirection;
  state: CallState;
  outcome: CallOutcome | null;
  /** Who took the call (inbound) or placed it (outbound). */
  agentId: string | null;
  /** Who is (or was) rung. */
  targets: string[];
  startedAt: number;
  connectedAt: number | null;
  endedAt: number | null;
  durationSeconds: number;
  cost: number;
  endReason: string | null;
  /** The customer's offer (inbound) or the provider's answer (outbound). */
  remoteSdp: string | null;
  /** Our answer (inbound), the same for pre_accept and accept. */
  localSdp: string | null;
  /** Alarms: the ring timeout (C6) and the balance cut-off (B8). */
  ringDeadline: number | null;
  cutOffAt: number | null;
  /** Rupiah per started minute (B8), outbound only. */
  rate: number;
  /** Rupiah of the voice balance a connected outbound call holds: its started minutes (B8). */
  held?: number;
  /** False while what follows the ending (release, charge, log) is still owed; absent before the end. */
  settled?: boolean;
  /** True once an ended call was counted for rule C4 (so a retried settlement does not count it again). */
  counted?: boolean;
}

/** A call that starts ringing now: the party's facts and the direction's own fields. */
export function newCall(
  party: Pick<
    CallRecord,
    | "id"
    | "organizationId"
    | "channelId"
    | "providerCallId"
    | "contactId"
    | "contactName"
    | "contactExternalId"
    | "roomId"
  >,
  own: Pick<CallRecord, "direction" | "startedAt"> & Partial<CallRecord>,
): CallRecord {
  return {
    ...party,
    state: "ringing",
    outcome: null,
    agentId: null,
    targets: [],
    connectedAt: null,
    endedAt: null,
    durationSeconds: 0,
    cost: 0,
    endReason: null,
    remoteSdp: null,
    localSdp: null,
    ringDeadline: null,
    cutOffAt: null,
    rate: 0,
    ...own,
  };
}

/** What a provider event carries, as the webhook route hands it to the call. */
export interface ProviderCallEvent {
  event: "connect" | "terminate" | "ringing" | "accepted" | "rejected";
  at: number;
  sdp: { type: "offer" | "answer"; sdp: string } | null;
  durationSeconds: number | null;
  errorCode: string | null;
}

export const callView = (r: CallRecord): CallView => ({
  id: r.id,
  channelId: r.channelId,
  roomId: r.roomId,
  contactId: r.contactId,
  contactName: r.contactName,
  contactExternalId: r.contactExternalId,
  direction: r.direction,
  state: r.state,
  outcome: r.outcome,
  agentId: r.agentId,
  startedAt: r.startedAt,
  connectedAt: r.connectedAt,
  endedAt: r.endedAt,
  durationSeconds: r.durationSeconds,
  cost: r.cost,
  endReason: r.endReason,
  remoteSdp: r.remoteSdp,
});

export const logRow = (r: CallRecord) => ({
  id: r.id,
  organizationId: r.organizationId,
  channelId: r.channelId,
  providerCallId: r.providerCallId,
  contactId: r.contactId,
  roomId: r.roomId,
  direction: r.direction,
  state: r.state,
  outcome: r.outcome,
  agentId: r.agentId,
  startedAt: r.startedAt,
  connectedAt: r.connectedAt,
  endedAt: r.endedAt,
  durationSeconds: r.durationSeconds,
  cost: r.cost,
  endReason: r.endReason,
});

/** The Durable Object name of a provider call on a channel: webhooks and the API find it by this. */
export const callObjectName = (channelId: string, providerCallId: string) => `${channelId}/${providerCallId}`;

/** Why an agent's action on a call was refused (the route turns it into a problem). */
export type CallRefusal =
  | "call_taken"
  | "call_ended"
  | "not_ringing_you"
  | "agent_on_call"
  | "provider_error"
  | "not_your_call";
export type CallActionOutcome = { ok: true; call: CallView } | { ok: false; refusal: CallRefusal; detail?: string };
