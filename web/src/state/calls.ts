/**
 * WhatsApp calls in the browser (rules C5-C7, C11): what the call widget shows, fed by the `call.*`
 * messages of the inbox socket, and the agent's actions: accept (first accept wins; the others see
 * who took it), decline (silences it for this agent only), hang up, place a call from a room (C4),
 * mute and change microphone. An agent has at most one call (C7), so there is one media session.
 * The cards themselves live in ./call-cards.ts.
 */
import { batch } from "@preact/signals";
import { ApiError } from "../api";
import { type CallSocketMessage, callsApi } from "../api-calls";
import { describeError } from "../errors";
import { t } from "../i18n";
import { calls, cardOf, dismiss, nameOf, onCall, patch, put } from "./call-cards";
import { gatheredSdp, MicrophoneError, stopRing, withoutCandidates } from "./call-media";
import { notePermission, resetPermissions } from "./call-permissions";
import { applyAnswer, endSession, nameSession, sessionCallId, startSession } from "./call-session";
import { onInboxMessage, onInboxOpen } from "./realtime";
import { me } from "./session";
import { memberName } from "./team";

function words(error: unknown): string {
  if (error instanceof MicrophoneError) return error.message;
  return describeError(error);
}

// ---- the agent's actions -------------------------------------------------------------------------

/** Answers a ringing call with this browser's SDP answer (C11); first accept wins (C5). */
export async function accept(id: string) {
  const card = calls.value.get(id);
  if (card?.phase !== "ringing") return;
  patch(id, { phase: "connecting", error: null });
  try {
    const offer = card.offer ?? (await callsApi.call(id)).remoteSdp;
    if (!offer) throw new Error(t("The call has no offer."));
    const pc = await startSession(id);
    const bare = withoutCandidates(offer);
    await pc.setRemoteDescription({ type: "offer", sdp: bare.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    const answered = await callsApi.accept(id, await gatheredSdp(pc));
    // Won: now reach the customer's addresses (C5: a browser that lost never did).
    for (const candidate of bare.candidates) await pc.addIceCandidate(candidate).catch(() => {});
    if (calls.value.get(id)?.phase === "connecting") {
      patch(id, { phase: "active", connectedAt: answered.connectedAt ?? Date.now() });
    }
  } catch (error) {
    endSession(id);
    const code = error instanceof ApiError ? error.code : "";
    const now = calls.value.get(id);
    if (code === "call_taken") patch(id, { phase: "taken", takenBy: now?.takenBy ?? null });
    else if (code === "call_ended") patch(id, { phase: "ended", missed: true });
    else if (now && now.phase !== "ended" && now.phase !== "taken")
      patch(id, { phase: "ringing", error: words(error) });
  }
}

/** "Decline only silences it for you": when everyone rung declined, the customer may leave a voicemail (C9). */
export async function decline(id: string) {
  dismiss(id);
  try {
    await callsApi.decline(id);
  } catch {
    // Taken or ended meanwhile: nothing left to decline.
  }
}

export async function hangUp(id: string) {
  const card = calls.value.get(id);
  if (!card) return;
  endSession(id);
  if (id.startsWith("placing:")) {
    patch(id, { phase: "ended" });
    return;
  }
  try {
    const ended = await callsApi.hangUp(id);
    patch(id, { phase: "ended", durationSeconds: ended.durationSeconds, endReason: ended.endReason });
  } catch (error) {
    const code = error instanceof ApiError ? error.code : "";
    patch(id, code === "call_ended" ? { phase: "ended" } : { phase: "ended", error: words(error) });
  }
}

/** Calls the customer of a room (C4) with this browser's offer; the answer comes as `call.answer`. */
export async function placeCall(room: { id: string; contactName: string | null; contactExternalId: string }) {
  if (onCall.value) return;
  const temp = `placing:${room.id}`;
  put({
    id: temp,
    direction: "outbound",
    phase: "connecting",
    contactName: room.contactName ?? `+${room.contactExternalId}`,
    roomId: room.id,
    offer: null,
    connectedAt: null,
    durationSeconds: 0,
    takenBy: null,
    error: null,
    endReason: null,
    missed: false,
  });
  try {
    const pc = await startSession(temp);
    await pc.setLocalDescription(await pc.createOffer());
    const sdp = await gatheredSdp(pc);
    if (!calls.value.has(temp)) throw new Error("cancelled");
    const placed = await callsApi.place(room.id, sdp);
    batch(() => {
      dismiss(temp);
      put(cardOf(placed, placed.state === "active" ? "active" : placed.state === "ended" ? "ended" : "calling"));
    });
    await nameSession(pc, placed.id, placed.remoteSdp);
    // Ended before this browser knew its id (rejected at once): nothing to keep open.
    if (calls.value.get(placed.id)?.phase === "ended") endSession(placed.id);
  } catch (error) {
    endSession(temp);
    // Hung up while connecting: already ended, nothing to explain.
    if (calls.value.get(temp)?.phase === "connecting") patch(temp, { phase: "ended", error: words(error) });
  }
}

// ---- the inbox socket ----------------------------------------------------------------------------

/** A call rings while the tab is hidden: a browser notification too, when the agent allowed them (I5). */
function notifyRinging(callId: string, name: string) {
  if (document.visibilityState !== "hidden" || !("Notification" in window)) return;
  if (Notification.permission !== "granted") return;
  try {
    const notification = new Notification(t("Incoming WhatsApp call"), { body: name, tag: `call-${callId}` });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the widget and its ring still show.
  }
}

function onMessage(message: CallSocketMessage) {
  const myId = me.value?.user?.id ?? null;
  switch (message.type) {
    case "call.ringing":
      if (calls.value.has(message.call.id)) return;
      put(cardOf(message.call, "ringing", message.sdp));
      notifyRinging(message.call.id, nameOf(message.call));
      return;
    case "call.taken": {
      if (message.agentId === myId) return;
      const card = calls.value.get(message.callId);
      if (!card) return;
      endSession(message.callId);
      patch(message.callId, { phase: "taken", takenBy: memberName(message.agentId, myId) });
      return;
    }
    case "call.connected": {
      const card = calls.value.get(message.call.id);
      if (card && (card.phase === "calling" || card.phase === "connecting")) {
        patch(card.id, { phase: "active", connectedAt: message.call.connectedAt ?? Date.now() });
      }
      return;
    }
    case "call.answer":
      void applyAnswer(message.callId, message.sdp).catch(() => {});
      return;
    case "call.ended": {
      const card = calls.value.get(message.call.id);
      endSession(message.call.id);
      if (!card) return;
      if (card.phase === "taken") return;
      patch(card.id, {
        phase: "ended",
        missed: card.phase === "ringing",
        durationSeconds: message.call.durationSeconds,
        endReason: message.call.endReason,
      });
      return;
    }
    case "call.permission": {
      notePermission(message.permission);
      return;
    }
  }
}

/**
 * Rule C5: the ring is a socket message, so a tab that (re)connects asks what rings now: a reload
 * during the ring shows the call again, and a ring that ended while the socket was away goes.
 */
async function catchUpRinging() {
  const ringing = await callsApi.ringing();
  const now = new Set(ringing.calls.map((c) => c.id));
  for (const card of calls.value.values()) if (card.phase === "ringing" && !now.has(card.id)) dismiss(card.id);
  for (const call of ringing.calls) {
    if (calls.value.has(call.id)) continue;
    put(cardOf(call, "ringing", call.remoteSdp));
    notifyRinging(call.id, nameOf(call));
  }
}

onInboxOpen(() => {
  // An API key or a signed-out tab has no calls; a failed catch-up leaves the widget as it was.
  void catchUpRinging().catch(() => {});
});

onInboxMessage((raw) => {
  const type = (raw as { type?: unknown })?.type;
  if (typeof type === "string" && type.startsWith("call.")) onMessage(raw as CallSocketMessage);
});

/** Signed out or switched organization: hang up and forget. */
export function resetCalls() {
  const live = sessionCallId();
  endSession();
  stopRing();
  if (live && !live.startsWith("placing:")) void callsApi.hangUp(live).catch(() => {});
  calls.value = new Map();
  resetPermissions();
}

export { alsoRinging, type CallCard, type CallPhase, calls, dismiss, onCall, shownCall } from "./call-cards";
