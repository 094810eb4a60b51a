/**
 * The browser's side of a WhatsApp call (rule C11; research/calling.md section 5): the microphone
 * (chosen among `enumerateDevices`), one RTCPeerConnection per call with the Worker's ICE servers,
 * the SDP gathered whole (WhatsApp takes no trickled candidates), the audio counters that show
 * whether sound flows both ways, and the ring tone (WebAudio, no file).
 */
import { signal } from "@preact/signals";
import { callsApi, type IceServers } from "../api-calls";
import { t } from "../i18n";

/** WhatsApp wants every candidate in the SDP it gets: wait for gathering, at most this long. */
const GATHER_CAP_MS = 4_000;

// ---- microphones ---------------------------------------------------------------------------------

export interface Microphone {
  deviceId: string;
  label: string;
}

const MIC_KEY = "edge-inbox.microphone";
export const microphones = signal<Microphone[]>([]);
/** The chosen microphone's deviceId; "" is the browser's default. */
export const chosenMicrophone = signal<string>(localStorage.getItem(MIC_KEY) ?? "");

/** Lists the microphones (their names show once the page has had microphone access). */
export async function loadMicrophones(): Promise<void> {
  if (!navigator.mediaDevices?.enumerateDevices) return;
  const devices = await navigator.mediaDevices.enumerateDevices();
  microphones.value = devices
    .filter((d) => d.kind === "audioinput" && d.deviceId !== "default" && d.deviceId !== "communications")
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || t("Microphone {number}", { number: i + 1 }) }));
}

export function chooseMicrophone(deviceId: string) {
  chosenMicrophone.value = deviceId;
  if (deviceId) localStorage.setItem(MIC_KEY, deviceId);
  else localStorage.removeItem(MIC_KEY);
}

/** The chosen microphone (falling back to the default one when it is gone). */
export async function openMicrophone(deviceId = chosenMicrophone.value): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new MicrophoneError(t("This browser cannot use a microphone here."));
  try {
    const audio = deviceId ? { deviceId: { exact: deviceId } } : true;
    return await navigator.mediaDevices.getUserMedia({ audio, video: false });
  } catch (error) {
    if (deviceId && (error as DOMException).name === "OverconstrainedError") return openMicrophone("");
    const denied = (error as DOMException).name === "NotAllowedError";
    throw new MicrophoneError(
      denied
        ? t(
            "The browser did not allow the microphone. Allow it for this site (the icon in the address bar) and try again.",
          )
        : t("No microphone could be opened. Plug one in or choose another, and try again."),
    );
  } finally {
    void loadMicrophones().catch(() => {});
  }
}

/** A problem with the browser's media, in words for the agent. */
export class MicrophoneError extends Error {}

// ---- the peer connection -------------------------------------------------------------------------

let cachedIce: { servers: IceServers; at: number } | null = null;

/** ICE servers from the Worker (TURN credentials are short-lived: asked again after 10 minutes). */
async function iceServers(): Promise<IceServers> {
  if (cachedIce && Date.now() - cachedIce.at < 600_000) return cachedIce.servers;
  const { iceServers: servers } = await callsApi.iceServers();
  cachedIce = { servers, at: Date.now() };
  return servers;
}

export async function newPeer(stream: MediaStream, onRemote: (stream: MediaStream) => void) {
  const pc = new RTCPeerConnection({ iceServers: (await iceServers()) as RTCIceServer[] });
  for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
  pc.ontrack = (event) => onRemote(event.streams[0] ?? new MediaStream([event.track]));
  return pc;
}

/** The local SDP once every candidate is in it (or after the cap: what was gathered by then). */
export async function gatheredSdp(pc: RTCPeerConnection): Promise<string> {
  if (pc.iceGatheringState !== "complete") {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, GATHER_CAP_MS);
      pc.addEventListener("icegatheringstatechange", () => {
        if (pc.iceGatheringState === "complete") {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }
  return pc.localDescription?.sdp ?? "";
}

/**
 * The customer's offer without its ICE candidates, and the candidates apart. An agent answers the
 * bare offer and adds the candidates only once their accept won (C5): a browser that lost the race
 * never sends a connectivity check to the customer, so it cannot take over the media path.
 */
export function withoutCandidates(offer: string): { sdp: string; candidates: RTCIceCandidateInit[] } {
  const lines = offer.split(/\r?\n/);
  const mid = lines.find((l) => l.startsWith("a=mid:"))?.slice("a=mid:".length) ?? "0";
  const candidates = lines
    .filter((l) => l.startsWith("a=candidate:"))
    .map((l) => ({ candidate: l.slice(2), sdpMid: mid, sdpMLineIndex: 0 }));
  const sdp = lines.filter((l) => !l.startsWith("a=candidate:") && l !== "a=end-of-candidates").join("\r\n");
  return { sdp, candidates };
}

/** An answer that says `actpass` is invalid (Meta sometimes sends it): `active`, as Meta's sample. */
export function fixAnswer(sdp: string): string {
  return sdp.replace(/a=setup:actpass/g, "a=setup:active");
}

/** Audio bytes both ways, read from getStats: "connected but silent" is the first thing to see. */
export interface AudioFlow {
  received: number;
  sent: number;
  connection: RTCPeerConnectionState;
}

export async function audioFlow(pc: RTCPeerConnection): Promise<AudioFlow> {
  let received = 0;
  let sent = 0;
  const stats = await pc.getStats();
  stats.forEach((s: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => {
    if (s.type === "inbound-rtp" && s.kind === "audio") received += s.bytesReceived ?? 0;
    if (s.type === "outbound-rtp" && s.kind === "audio") sent += s.bytesSent ?? 0;
  });
  return { received, sent, connection: pc.connectionState };
}

// ---- the ring tone -------------------------------------------------------------------------------

const SOUND_KEY = "edge-inbox.ring-sound";
/** The agent's choice, kept in this browser: ring with a sound, or silently (the widget still shows). */
export const ringSound = signal(localStorage.getItem(SOUND_KEY) !== "off");

export function setRingSound(on: boolean) {
  ringSound.value = on;
  localStorage.setItem(SOUND_KEY, on ? "on" : "off");
  if (!on) stopRing();
}

let ringContext: AudioContext | null = null;
let ringTimer: ReturnType<typeof setInterval> | undefined;

/** Two seconds of a 440 + 480 Hz tone every four seconds, until stopped. */
export function startRing() {
  if (!ringSound.value || ringTimer !== undefined || typeof AudioContext === "undefined") return;
  try {
    ringContext ??= new AudioContext();
    void ringContext.resume().catch(() => {});
  } catch {
    return;
  }
  const burst = () => {
    const ctx = ringContext;
    if (!ctx) return;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    const t = ctx.currentTime;
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.15, t + 0.05);
    gain.gain.setValueAtTime(0.15, t + 1.9);
    gain.gain.linearRampToValueAtTime(0, t + 2);
    for (const frequency of [440, 480]) {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start(t);
      osc.stop(t + 2);
    }
  };
  burst();
  ringTimer = setInterval(burst, 4_000);
}

export function stopRing() {
  clearInterval(ringTimer);
  ringTimer = undefined;
}
