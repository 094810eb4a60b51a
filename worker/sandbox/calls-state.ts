/**
 * The sandbox's WhatsApp calls (development only): each call's state as Meta would keep it, the
 * number's call settings and each customer's call permission, kept in the SandboxDO's storage.
 * Webhooks about calls go straight to the platform, signed like Meta's.
 */
import type { CallWebhookAccount } from "../channels/whatsapp/call-webhook-builders";
import { SANDBOX_DISPLAY_PHONE_NUMBER, SANDBOX_PHONE_NUMBER_ID, SANDBOX_WABA_ID } from "./config";
import { postSignedWebhook } from "./deliver";
import { sandboxStub } from "./instance";

export const CALL_ACCOUNT: CallWebhookAccount = {
  phoneNumberId: SANDBOX_PHONE_NUMBER_ID,
  displayPhoneNumber: SANDBOX_DISPLAY_PHONE_NUMBER,
  wabaId: SANDBOX_WABA_ID,
};

export interface SandboxCall {
  id: string;
  waId: string;
  direction: "USER_INITIATED" | "BUSINESS_INITIATED";
  state: "ringing" | "pre_accepted" | "accepted" | "ended";
  /** The customer's offer (inbound) or the business's offer (outbound). */
  offer: string | null;
  /** The business's answer (inbound, from pre_accept/accept) or the customer's (outbound). */
  answer: string | null;
  callbackData: string | null;
  startedAt: number;
  acceptedAt: number | null;
  endedAt: number | null;
}

export interface SandboxCallSettings {
  status: "ENABLED" | "DISABLED";
  iconVisibility: string;
  voicemail: boolean;
}

export interface SandboxPermission {
  state: "none" | "temporary" | "permanent";
  expiresAt: number | null;
}

export async function callById(env: Env, id: string): Promise<SandboxCall | null> {
  return (await sandboxStub(env).callRecord(`call:${id}`)) as SandboxCall | null;
}
export async function saveCall(env: Env, call: SandboxCall): Promise<void> {
  await sandboxStub(env).saveCallRecord(`call:${call.id}`, call);
  await sandboxStub(env).saveCallRecord(`live:${call.waId}`, call.state === "ended" ? null : call.id);
}
/** The call still going on with the customer (Meta allows one per business and user: 138003). */
export async function liveCallOf(env: Env, waId: string): Promise<SandboxCall | null> {
  const id = (await sandboxStub(env).callRecord(`live:${waId}`)) as string | null;
  const call = id ? await callById(env, id) : null;
  return call && call.state !== "ended" ? call : null;
}
export async function callSettings(env: Env): Promise<SandboxCallSettings> {
  return (
    ((await sandboxStub(env).callRecord("settings")) as SandboxCallSettings | null) ?? {
      status: "DISABLED",
      iconVisibility: "DEFAULT",
      voicemail: false,
    }
  );
}
export const saveCallSettings = (env: Env, s: SandboxCallSettings) => sandboxStub(env).saveCallRecord("settings", s);
export async function permissionOf(env: Env, waId: string): Promise<SandboxPermission> {
  const p = (await sandboxStub(env).callRecord(`permission:${waId}`)) as SandboxPermission | null;
  if (!p || (p.state === "temporary" && p.expiresAt !== null && p.expiresAt <= Date.now())) {
    return { state: "none", expiresAt: null };
  }
  return p;
}
export const savePermission = (env: Env, waId: string, p: SandboxPermission) =>
  sandboxStub(env).saveCallRecord(`permission:${waId}`, p);

/** `wacid.` + random base64url, the shape of Meta's call ids. */
export function newCallId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `wacid.${btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "")}`;
}

/** Signs a webhook body with the app secret and hands it to the platform; returns its HTTP status. */
export async function deliverCallWebhook(env: Env, body: unknown): Promise<number> {
  const res = await postSignedWebhook(env, JSON.stringify(body));
  return res.status;
}

/**
 * What Meta checks of an SDP the business sends (research section 5): a sha-256 fingerprint, an
 * audio m-line; null when it passes, else the detail of Meta's error 100.
 */
export function sdpProblem(sdp: unknown): string | null {
  if (typeof sdp !== "string" || !sdp.startsWith("v=0")) return "session.sdp must be an SDP string starting with v=0.";
  if (!/a=fingerprint:sha-256 /i.test(sdp)) return "No fingerprint found in SDP (sha-256 required).";
  if (!/^m=audio /m.test(sdp)) return "The SDP has no audio media section.";
  return null;
}
