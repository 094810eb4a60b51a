/**
 * The fake Calling API (development only; research: shared/research/calling.md sections 1, 3, 4):
 * `POST /{phone_number_id}/calls` (pre_accept, accept, reject, terminate, connect),
 * `POST /{phone_number_id}/settings`, and the interactive call permission request on
 * `POST /{phone_number_id}/messages` (other messages go on to the sandbox's messages route).
 * It checks what Meta checks and answers with Meta's error codes: 100 for a bad parameter or SDP
 * (answer type, same SDP for pre_accept and accept, a sha-256 fingerprint), 138000 calling not
 * enabled, 138003 a call already going on with the user, 138006 no call permission.
 */
import { type Context, Hono } from "hono";
import { buildCallStatus, buildCallTerminate } from "../channels/whatsapp/call-webhook-builders";
import type { AppEnv } from "../lib/router";
import {
  CALL_ACCOUNT,
  callById,
  callSettings,
  deliverCallWebhook,
  liveCallOf,
  newCallId,
  permissionOf,
  type SandboxCall,
  saveCall,
  saveCallSettings,
  sdpProblem,
} from "./calls-state";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_PHONE_NUMBER_ID } from "./config";
import { type MetaGraphError, metaErrorResponse, metaErrors, newWamid } from "./graph";
import { sandboxStub } from "./instance";

export const callGraphRoutes = new Hono<AppEnv>();

const err = (code: number, message: string, details?: string): MetaGraphError => ({
  message: `(#${code}) ${message}`,
  type: "OAuthException",
  code,
  ...(details ? { error_data: { messaging_product: "whatsapp", details } } : {}),
});
const bad = (details: string) => metaErrorResponse(400, err(100, "Invalid parameter", details));

function guard(c: Context<AppEnv>): Response | null {
  const token = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  if (token !== SANDBOX_ACCESS_TOKEN) return metaErrorResponse(401, metaErrors.invalidToken());
  if (c.req.param("phoneNumberId") !== SANDBOX_PHONE_NUMBER_ID) {
    return metaErrorResponse(400, metaErrors.unknownObject("post", c.req.param("phoneNumberId") ?? ""));
  }
  return null;
}

async function bodyOf(c: Context<AppEnv>): Promise<Record<string, unknown> | null> {
  try {
    const body = await c.req.json();
    return body && typeof body === "object" ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

callGraphRoutes.post("/graph/:version/:phoneNumberId/calls", async (c) => {
  const refused = guard(c);
  if (refused) return refused;
  const body = await bodyOf(c);
  if (!body) return bad("The request body is not valid JSON.");
  if (body.messaging_product !== "whatsapp") return bad("messaging_product must be 'whatsapp'.");
  const session = (body.session ?? null) as { sdp_type?: unknown; sdp?: unknown } | null;
  const action = body.action;
  if (action === "connect") return connect(c, body, session);
  if (action !== "pre_accept" && action !== "accept" && action !== "reject" && action !== "terminate") {
    return bad("action must be one of connect, pre_accept, accept, reject, terminate.");
  }
  const callId = typeof body.call_id === "string" ? body.call_id : null;
  if (!callId) return bad("call_id is required.");
  const call = await callById(c.env, callId);
  if (!call) return bad(`Unknown call_id ${callId}.`);
  if (call.state === "ended") return bad("The call has ended.");
  const now = Date.now();
  if (action === "pre_accept" || action === "accept") {
    if (call.direction !== "USER_INITIATED") return bad("Only a user-initiated call is accepted.");
    if (session?.sdp_type !== "answer") return bad("session.sdp_type must be 'answer'.");
    const problem = sdpProblem(session.sdp);
    if (problem) return bad(problem);
    if (call.state === "accepted") return bad("The call was already accepted.");
    if (call.answer !== null && call.answer !== session.sdp)
      return bad("The SDP of accept must be the SDP of pre_accept.");
    const accepted = action === "accept";
    await saveCall(c.env, {
      ...call,
      answer: session.sdp as string,
      state: accepted ? "accepted" : "pre_accepted",
      acceptedAt: accepted ? now : null,
    });
    return c.json({ messaging_product: "whatsapp", success: true });
  }
  // reject (a ringing user-initiated call) or terminate: Meta ends the call and says so by webhook.
  if (action === "reject" && call.state === "accepted") return bad("An accepted call is terminated, not rejected.");
  const ended: SandboxCall = { ...call, state: "ended", endedAt: now };
  await saveCall(c.env, ended);
  // Meta says so by webhook; delivered before answering (the platform ends its call first, see CallDO).
  await deliverCallWebhook(c.env, terminateOf(ended));
  return c.json({ messaging_product: "whatsapp", success: true });
});

/** Meta's terminate webhook: timing only when the call was picked up. */
export function terminateOf(call: SandboxCall) {
  const at = call.endedAt ?? Date.now();
  const talked = call.acceptedAt === null ? null : Math.max(0, Math.round((at - call.acceptedAt) / 1000));
  return buildCallTerminate(CALL_ACCOUNT, {
    id: call.id,
    waId: call.waId,
    direction: call.direction,
    at,
    startedAt: call.acceptedAt,
    durationSeconds: talked,
  });
}

async function connect(
  c: Context<AppEnv>,
  body: Record<string, unknown>,
  session: { sdp_type?: unknown; sdp?: unknown } | null,
) {
  const to = typeof body.to === "string" ? body.to.replace(/\D/g, "") : "";
  if (!to) return bad("to is required.");
  if (session?.sdp_type !== "offer") return bad("session.sdp_type must be 'offer'.");
  const problem = sdpProblem(session.sdp);
  if (problem) return bad(problem);
  if ((await callSettings(c.env)).status !== "ENABLED") {
    return metaErrorResponse(401, err(138000, "Calling is not enabled for this phone number"));
  }
  if ((await permissionOf(c.env, to)).state === "none") {
    return metaErrorResponse(401, err(138006, "No approved call permission from the recipient"));
  }
  if (await liveCallOf(c.env, to)) return metaErrorResponse(400, err(138003, "Duplicate call: one is already ongoing"));
  const now = Date.now();
  const callbackData = typeof body.biz_opaque_callback_data === "string" ? body.biz_opaque_callback_data : null;
  const call: SandboxCall = {
    id: newCallId(),
    waId: to,
    direction: "BUSINESS_INITIATED",
    state: "ringing",
    offer: session.sdp as string,
    answer: null,
    callbackData,
    startedAt: now,
    acceptedAt: null,
    endedAt: null,
  };
  await saveCall(c.env, call);
  // RINGING reaches the platform before this answer does: it keeps it until the call is known there.
  await deliverCallWebhook(
    c.env,
    buildCallStatus(CALL_ACCOUNT, { id: call.id, waId: to, status: "RINGING", at: now, callbackData }),
  );
  return c.json({ messaging_product: "whatsapp", calls: [{ id: call.id }] });
}

callGraphRoutes.post("/graph/:version/:phoneNumberId/settings", async (c) => {
  const refused = guard(c);
  if (refused) return refused;
  const body = await bodyOf(c);
  const calling = (body?.calling ?? null) as Record<string, unknown> | null;
  if (!calling) return bad("calling is required.");
  const current = await callSettings(c.env);
  const status = calling.status ?? current.status;
  if (status !== "ENABLED" && status !== "DISABLED") return bad("calling.status must be ENABLED or DISABLED.");
  const voicemail = calling.voicemail as { status?: unknown } | undefined;
  await saveCallSettings(c.env, {
    status,
    iconVisibility:
      typeof calling.call_icon_visibility === "string" ? calling.call_icon_visibility : current.iconVisibility,
    voicemail: voicemail ? voicemail.status === "ENABLED" : current.voicemail,
  });
  return c.json({ success: true });
});

/** The interactive call permission request; every other message goes on to the messages route. */
callGraphRoutes.post("/graph/:version/:phoneNumberId/messages", async (c, next) => {
  const body = await bodyOf(c);
  const interactive = body?.interactive as { type?: unknown } | undefined;
  if (body?.type !== "interactive" || interactive?.type !== "call_permission_request") return next();
  const refused = guard(c);
  if (refused) return refused;
  const to = typeof body.to === "string" ? body.to.replace(/\D/g, "") : "";
  if (!to) return metaErrorResponse(400, metaErrors.requiredParameter("to"));
  if ((await permissionOf(c.env, to)).state === "permanent") {
    return metaErrorResponse(400, err(138017, "Permission request not needed: permanent permission exists"));
  }
  const id = newWamid();
  await sandboxStub(c.env).saveCallRecord(`request:${to}`, id);
  return c.json({ messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id }] });
});
