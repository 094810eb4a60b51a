/**
 * The one media session of this browser (rule C7: an agent is on at most one call): the microphone
 * stream, the RTCPeerConnection, the remote audio, the audio counters every second, mute and a
 * microphone change mid-call, and an outbound answer that arrives before its call is known here.
 */
import { signal } from "@preact/signals";
import { type AudioFlow, audioFlow, fixAnswer, newPeer, openMicrophone } from "./call-media";

export const muted = signal(false);
/** Audio bytes both ways while on a call (getStats, every second). */
export const flow = signal<AudioFlow | null>(null);

interface Session {
  /** The call's id; `placing:<room>` until the API answered the outbound call. */
  callId: string;
  pc: RTCPeerConnection;
  stream: MediaStream;
  audio: HTMLAudioElement;
  stats: ReturnType<typeof setInterval>;
}
let session: Session | null = null;
/** Outbound answers that came before the POST that placed the call returned (keyed by call id). */
const earlyAnswers = new Map<string, string>();

export const sessionCallId = () => session?.callId ?? null;

export async function startSession(callId: string): Promise<RTCPeerConnection> {
  endSession();
  const stream = await openMicrophone();
  const audio = new Audio();
  audio.autoplay = true;
  const pc = await newPeer(stream, (remote) => {
    audio.srcObject = remote;
    void audio.play().catch(() => {});
  });
  const stats = setInterval(() => {
    void audioFlow(pc)
      .then((f) => {
        if (session?.pc === pc) flow.value = f;
      })
      .catch(() => {});
  }, 1_000);
  session = { callId, pc, stream, audio, stats };
  muted.value = false;
  return pc;
}

/** The outbound call placed with this session now has its id; an answer that came first is applied. */
export async function nameSession(pc: RTCPeerConnection, callId: string, answer: string | null) {
  if (session?.pc !== pc) return;
  session.callId = callId;
  const early = earlyAnswers.get(callId) ?? answer;
  earlyAnswers.delete(callId);
  if (early) await applyAnswer(callId, early);
}

/** Ends the session (of this call only, when given). */
export function endSession(callId?: string) {
  if (!session || (callId && session.callId !== callId)) return;
  clearInterval(session.stats);
  for (const track of session.stream.getTracks()) track.stop();
  session.pc.close();
  session.audio.srcObject = null;
  session = null;
  flow.value = null;
  muted.value = false;
}

export function toggleMute() {
  if (!session) return;
  muted.value = !muted.value;
  // A muted track keeps RTP flowing (silence), so WhatsApp's no-media timers do not end the call.
  for (const track of session.stream.getAudioTracks()) track.enabled = !muted.value;
}

/** Changes the microphone in the middle of a call (the new track replaces the old one). */
export async function switchMicrophone(deviceId: string) {
  if (!session) return;
  const current = session;
  const stream = await openMicrophone(deviceId);
  const track = stream.getAudioTracks()[0];
  if (!track || session !== current) {
    for (const t of stream.getTracks()) t.stop();
    return;
  }
  track.enabled = !muted.value;
  const sender = current.pc.getSenders().find((s) => s.track?.kind === "audio");
  await sender?.replaceTrack(track);
  for (const t of current.stream.getTracks()) t.stop();
  current.stream = stream;
}

/** Outbound (C11): the provider's SDP answer for the offer this browser sent. */
export async function applyAnswer(callId: string, sdp: string) {
  if (!session || session.callId !== callId) {
    earlyAnswers.set(callId, sdp);
    return;
  }
  if (session.pc.signalingState !== "have-local-offer") return;
  await session.pc.setRemoteDescription({ type: "answer", sdp: fixAnswer(sdp) });
}

// Closing the tab mid-call hangs up (keepalive), so the customer is not left in silence.
window.addEventListener("pagehide", () => {
  const live = session?.callId;
  if (!live || live.startsWith("placing:")) return;
  void fetch(`/api/calls/${encodeURIComponent(live)}/hangup`, {
    method: "POST",
    credentials: "same-origin",
    keepalive: true,
  }).catch(() => {});
});
