import { call, json } from "./helpers";
import { sandbox } from "./sandbox-helpers";

/** An SDP with what Meta checks (an audio m-line, a sha-256 fingerprint). */
export const sdp = (role: "offer" | "answer", tag = "x") =>
  [
    "v=0",
    `o=- ${tag.length}1 2 IN IP4 127.0.0.1`,
    "s=-",
    "t=0 0",
    "m=audio 9 UDP/TLS/RTP/SAVPF 111",
    "c=IN IP4 0.0.0.0",
    `a=ice-ufrag:${tag}`,
    "a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB",
    `a=setup:${role === "offer" ? "actpass" : "active"}`,
    "a=rtpmap:111 opus/48000/2",
    "",
  ].join("\r\n");

export const CHANNEL_ID = "ch_demo_whatsapp";

export interface CallJson {
  id: string;
  state: string;
  outcome: string | null;
  agentId: string | null;
  direction: string;
  roomId: string | null;
  contactId: string | null;
  durationSeconds: number;
  cost: number;
  endReason: string | null;
  remoteSdp: string | null;
}

/** An admin turns calling on or off for the demo number (C1). */
export async function setCalling(admin: string, inbound: boolean, outbound: boolean) {
  const res = await call(`/api/channels/${CHANNEL_ID}/calling`, {
    method: "PUT",
    cookie: admin,
    body: { inbound, outbound },
  });
  if (res.status !== 200) throw new Error(`calling answered ${res.status}: ${await res.text()}`);
}

/** The customer calls the business from the simulator; returns the provider's call id. */
export async function customerCalls(waId: string, offer = sdp("offer")): Promise<string> {
  const res = await sandbox(`/api/customers/${waId}/calls`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sdp: offer }),
  });
  if (res.status !== 201) throw new Error(`simulator answered ${res.status}: ${await res.text()}`);
  return (await json<{ call: { id: string } }>(res)).call.id;
}

export async function sandboxCall(providerCallId: string) {
  return (
    await json<{ call: { state: string; answer: string | null; acceptedAt: number | null } }>(
      await sandbox(`/api/calls/${providerCallId}`),
    )
  ).call;
}

export const simulator = (path: string, body: unknown = {}) =>
  sandbox(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
