/**
 * The call cards the widget shows (rules C5-C7): one per call this agent sees, in its phase, with the
 * live one first. Adding or changing a card starts or stops the ring.
 */
import { computed, signal } from "@preact/signals";
import type { CallView } from "../api-calls";
import { startRing, stopRing } from "./call-media";

export type CallPhase =
  /** Ringing for this agent: Accept or Decline. */
  | "ringing"
  /** Accepting, or placing: microphone, SDP, the API. */
  | "connecting"
  /** Outbound: placed, ringing on the customer's phone. */
  | "calling"
  | "active"
  /** Another agent answered (C5). */
  | "taken"
  | "ended";

export interface CallCard {
  id: string;
  direction: CallView["direction"];
  phase: CallPhase;
  contactName: string;
  roomId: string | null;
  /** Inbound: the customer's SDP offer. */
  offer: string | null;
  connectedAt: number | null;
  durationSeconds: number;
  /** Who answered, when another agent did. */
  takenBy: string | null;
  /** What went wrong, in words. */
  error: string | null;
  endReason: string | null;
  /** Ringing that this agent never answered. */
  missed: boolean;
}

export const calls = signal<ReadonlyMap<string, CallCard>>(new Map());

const ORDER: Record<CallPhase, number> = { active: 0, connecting: 1, calling: 2, ringing: 3, taken: 4, ended: 5 };
/** The call the widget shows: the live one first, then the newest ringing one, then the last ended. */
export const shownCall = computed<CallCard | null>(() => {
  const list = [...calls.value.values()];
  list.sort((a, b) => ORDER[a.phase] - ORDER[b.phase]);
  return list[0] ?? null;
});
/** Ringing calls besides the one shown. */
export const alsoRinging = computed(
  () => [...calls.value.values()].filter((c) => c.phase === "ringing" && c !== shownCall.value).length,
);
export const onCall = computed(() =>
  [...calls.value.values()].some((c) => c.phase === "active" || c.phase === "connecting" || c.phase === "calling"),
);

export function put(card: CallCard) {
  const next = new Map(calls.value);
  next.set(card.id, card);
  calls.value = next;
  const ringing = [...next.values()].some((c) => c.phase === "ringing");
  if (ringing && !onCall.value) startRing();
  else stopRing();
}

export function patch(id: string, changes: Partial<CallCard>) {
  const card = calls.value.get(id);
  if (card) put({ ...card, ...changes });
}

export function dismiss(id: string) {
  const next = new Map(calls.value);
  next.delete(id);
  calls.value = next;
  if (![...next.values()].some((c) => c.phase === "ringing")) stopRing();
}

export const nameOf = (call: Pick<CallView, "contactName" | "contactExternalId">) =>
  call.contactName ?? `+${call.contactExternalId}`;

export function cardOf(call: CallView, phase: CallPhase, offer: string | null = null): CallCard {
  return {
    id: call.id,
    direction: call.direction,
    phase,
    contactName: nameOf(call),
    roomId: call.roomId,
    offer,
    connectedAt: call.connectedAt,
    durationSeconds: call.durationSeconds,
    takenBy: null,
    error: null,
    endReason: call.endReason,
    missed: false,
  };
}
