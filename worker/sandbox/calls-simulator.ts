/**
 * The simulator's call routes (development only; the page's RTCPeerConnection is in page-calls.ts): a
 * customer calls the business (a signed `connect` with the given SDP offer) and hangs up; answers
 * or rejects a business call; grants, changes or denies call permission; declines leaving a
 * voicemail, which arrives as a normal audio message (rule C9).
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  buildCallAnswer,
  buildCallConnect,
  buildCallStatus,
  buildPermissionReply,
} from "../channels/whatsapp/call-webhook-builders";
import { problems, zodFieldErrors } from "../lib/problem";
import type { AppEnv } from "../lib/router";
import { terminateOf } from "./calls-graph";
import {
  CALL_ACCOUNT,
  callById,
  deliverCallWebhook,
  liveCallOf,
  newCallId,
  type SandboxCall,
  saveCall,
  savePermission,
  sdpProblem,
} from "./calls-state";
import { newWamid, toWaId } from "./graph";
import { sandboxStub } from "./instance";
import { storeMedia } from "./media";

export const callSimulatorRoutes = new Hono<AppEnv>();

const Sdp = z.string().min(10).max(20_000).startsWith("v=0");

async function body<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.infer<T>> {
  let json: unknown = {};
  try {
    const text = await c.req.text();
    json = text ? JSON.parse(text) : {};
  } catch {
    throw problems.malformedJson();
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw problems.validation(zodFieldErrors(parsed.error));
  return parsed.data;
}

function waIdOf(c: Context<AppEnv>): string {
  const waId = toWaId(c.req.param("waId") ?? "");
  if (!waId) throw problems.validation([{ path: "waId", code: "invalid_phone", message: "Not a phone number." }]);
  return waId;
}

async function callOrThrow(c: Context<AppEnv>): Promise<SandboxCall> {
  const call = await callById(c.env, c.req.param("callId") ?? "");
  if (!call) throw problems.notFound("call");
  return call;
}

/** The customer calls the business with their phone's SDP offer. */
callSimulatorRoutes.post("/api/customers/:waId/calls", async (c) => {
  const waId = waIdOf(c);
  const { sdp } = await body(c, z.object({ sdp: Sdp }));
  if (await liveCallOf(c.env, waId)) throw problems.conflict("call_in_progress", "This customer is already on a call.");
  const now = Date.now();
  const call: SandboxCall = {
    id: newCallId(),
    waId,
    direction: "USER_INITIATED",
    state: "ringing",
    offer: sdp,
    answer: null,
    callbackData: null,
    startedAt: now,
    acceptedAt: null,
    endedAt: null,
  };
  await saveCall(c.env, call);
  const name = (await sandboxStub(c.env).customer(waId))?.name ?? null;
  const status = await deliverCallWebhook(
    c.env,
    buildCallConnect(CALL_ACCOUNT, { id: call.id, waId, name, sdp, at: now }),
  );
  return c.json({ call, delivered: status }, 201);
});

/** The customer's call going on now, if any: how the simulator page hears of a business call (its SDP offer). */
callSimulatorRoutes.get("/api/customers/:waId/calls/live", async (c) =>
  c.json({ call: await liveCallOf(c.env, waIdOf(c)) }),
);

/** A call as the phone sees it: its state and the business's SDP answer once it accepted. */
callSimulatorRoutes.get("/api/calls/:callId", async (c) => c.json({ call: await callOrThrow(c) }));

/** The customer hangs up (or cancels a call still ringing). */
callSimulatorRoutes.post("/api/calls/:callId/terminate", async (c) => {
  const call = await callOrThrow(c);
  if (call.state === "ended") throw problems.conflict("call_ended", "The call has ended.");
  const ended: SandboxCall = { ...call, state: "ended", endedAt: Date.now() };
  await saveCall(c.env, ended);
  return c.json({ call: ended, delivered: await deliverCallWebhook(c.env, terminateOf(ended)) });
});

/** The customer picks up a business call: Meta's SDP answer (optionally `actpass`, as Meta sometimes says), then ACCEPTED. */
callSimulatorRoutes.post("/api/calls/:callId/answer", async (c) => {
  const call = await callOrThrow(c);
  const input = await body(c, z.object({ sdp: Sdp, actpass: z.boolean().optional() }));
  if (call.direction !== "BUSINESS_INITIATED" || call.state !== "ringing") {
    throw problems.conflict("not_ringing", "Only a ringing business call can be answered.");
  }
  const problem = sdpProblem(input.sdp);
  if (problem) throw problems.unprocessable("invalid_sdp", problem);
  const now = Date.now();
  const sdp = input.actpass ? input.sdp.replace(/a=setup:\w+/g, "a=setup:actpass") : input.sdp;
  const accepted: SandboxCall = { ...call, answer: input.sdp, state: "accepted", acceptedAt: now };
  await saveCall(c.env, accepted);
  const base = { id: call.id, waId: call.waId, at: now, callbackData: call.callbackData };
  const answered = await deliverCallWebhook(c.env, buildCallAnswer(CALL_ACCOUNT, { ...base, sdp }));
  const picked = await deliverCallWebhook(c.env, buildCallStatus(CALL_ACCOUNT, { ...base, status: "ACCEPTED" }));
  return c.json({ call: accepted, delivered: [answered, picked] });
});

/** The customer declines a business call: REJECTED, then the terminate Meta always sends. */
callSimulatorRoutes.post("/api/calls/:callId/reject", async (c) => {
  const call = await callOrThrow(c);
  if (call.direction !== "BUSINESS_INITIATED" || call.state !== "ringing") {
    throw problems.conflict("not_ringing", "Only a ringing business call can be rejected.");
  }
  const now = Date.now();
  const ended: SandboxCall = { ...call, state: "ended", endedAt: now };
  await saveCall(c.env, ended);
  const base = { id: call.id, waId: call.waId, at: now, callbackData: call.callbackData };
  const rejected = await deliverCallWebhook(c.env, buildCallStatus(CALL_ACCOUNT, { ...base, status: "REJECTED" }));
  const terminated = await deliverCallWebhook(c.env, terminateOf(ended));
  return c.json({ call: ended, delivered: [rejected, terminated] });
});

/**
 * Rule C9: after the business declined (or nobody answered), the customer leaves a voicemail: an
 * audio message through the normal inbound media path.
 */
callSimulatorRoutes.post("/api/calls/:callId/voicemail", async (c) => {
  const call = await callOrThrow(c);
  if (call.direction !== "USER_INITIATED" || call.state !== "ended" || call.acceptedAt !== null) {
    throw problems.conflict("no_voicemail", "A voicemail follows a customer's call that was declined or not answered.");
  }
  const bytes = new Uint8Array([0x4f, 0x67, 0x67, 0x53, ...crypto.getRandomValues(new Uint8Array(256))]);
  const media = await storeMedia(c.env, new File([bytes], "voicemail.ogg", { type: "audio/ogg" }), "audio/ogg");
  if ("problem" in media) throw problems.unprocessable(media.problem.code, media.problem.detail);
  return c.json(
    await sandboxStub(c.env).customerSends({ waId: call.waId, type: "audio", mediaId: media.record.id }),
    201,
  );
});

/** The customer answers a call permission request, or changes their answer (rule C3). */
callSimulatorRoutes.post("/api/customers/:waId/call-permission", async (c) => {
  const waId = waIdOf(c);
  const input = await body(
    c,
    z.object({ response: z.enum(["accept", "reject"]), permanent: z.boolean().default(false) }),
  );
  const now = Date.now();
  const accept = input.response === "accept";
  await savePermission(
    c.env,
    waId,
    accept
      ? { state: input.permanent ? "permanent" : "temporary", expiresAt: input.permanent ? null : now + 7 * 86_400_000 }
      : { state: "none", expiresAt: null },
  );
  const contextId = ((await sandboxStub(c.env).callRecord(`request:${waId}`)) as string | null) ?? null;
  const name = (await sandboxStub(c.env).customer(waId))?.name ?? null;
  const reply = { id: newWamid(), waId, name, accept, permanent: input.permanent, at: now, contextId };
  return c.json({ delivered: await deliverCallWebhook(c.env, buildPermissionReply(CALL_ACCOUNT, reply)) }, 201);
});
