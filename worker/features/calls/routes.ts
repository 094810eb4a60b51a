import { createRoute } from "@hono/zod-openapi";
import { authorized, requires } from "../../lib/auth";
import { authed, createRouter, errors, json, jsonBody } from "../../lib/router";
import {
  CallIdParamSchema,
  CallingSettingsBodySchema,
  CallingSettingsSchema,
  CallPermissionSchema,
  CallSchema,
  IceServersSchema,
  PermissionRequestBodySchema,
  RingingCallsSchema,
  SdpBodySchema,
} from "../../schemas/calls";
import { RoomIdParamSchema } from "../../schemas/rooms";
import { iceServers } from "./ice";
import {
  acceptCall,
  callingSettings,
  callsRingingMe,
  declineCall,
  hangUp,
  placeCall,
  requestPermission,
  roomPermission,
  setCalling,
  showCall,
} from "./service";

/** WhatsApp calls (rules C1-C7, C11): mounted at /api/calls, plus room and channel routes beside theirs. */
export const callRoutes = createRouter();
export const callRoomRoutes = createRouter();
export const callChannelRoutes = createRouter();

const base = { tags: ["calls"], security: authed, ...requires("inbox.use") };
const refused = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] };
const problem = (description: string) => ({ ...errors[409], description });

callRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/ice-servers",
    summary: "STUN/TURN servers for the browser's RTCPeerConnection (TURN credentials are short-lived)",
    responses: { 200: json(IceServersSchema), 401: errors[401], 403: errors[403] },
  }),
  async (c) => {
    authorized(c, "inbox.use");
    return c.json({ iceServers: await iceServers(c.env) }, 200);
  },
);

// Before `/{id}`, which would take "ringing" for a call id.
callRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/ringing",
    summary:
      "The calls ringing me now, with the customer's offer: a browser that reloads during the ring finds them (C5)",
    responses: { 200: json(RingingCallsSchema), ...refused },
  }),
  async (c) => {
    const actor = authorized(c, "inbox.use");
    return c.json({ calls: await callsRingingMe(c.env, c.get("db"), actor) }, 200);
  },
);

callRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}",
    request: { params: CallIdParamSchema },
    summary: "One call (an agent who missed the ring reads the customer's offer here)",
    responses: { 200: json(CallSchema), ...refused },
  }),
  async (c) => {
    const actor = authorized(c, "inbox.use");
    return c.json(await showCall(c.env, c.get("db"), actor, c.req.valid("param").id), 200);
  },
);

callRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/accept",
    request: { params: CallIdParamSchema, body: jsonBody(SdpBodySchema) },
    summary: "Answer a ringing call with the browser's SDP answer: pre_accept then accept (C11); first accept wins",
    responses: {
      200: json(CallSchema),
      ...refused,
      409: problem("call_taken, call_ended, or agent_on_call (C7)"),
      502: problem("The provider refused the call action"),
    },
  }),
  async (c) => {
    const actor = authorized(c, "inbox.use");
    const { id } = c.req.valid("param");
    return c.json(await acceptCall(c.env, c.get("db"), actor, id, c.req.valid("json").sdp), 200);
  },
);

callRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/decline",
    request: { params: CallIdParamSchema },
    summary: "Stop ringing for me; when everyone rung declined, the call is rejected and voicemail follows (C9)",
    responses: { 200: json(CallSchema), ...refused, 409: problem("call_taken or call_ended") },
  }),
  async (c) => {
    const actor = authorized(c, "inbox.use");
    return c.json(await declineCall(c.env, c.get("db"), actor, c.req.valid("param").id), 200);
  },
);

callRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/hangup",
    request: { params: CallIdParamSchema },
    summary: "End my call (or cancel the call I placed)",
    responses: { 200: json(CallSchema), ...refused, 409: problem("call_ended") },
  }),
  async (c) => {
    const actor = authorized(c, "inbox.use");
    return c.json(await hangUp(c.env, c.get("db"), actor, c.req.valid("param").id), 200);
  },
);

callRoomRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}/call-permission",
    request: { params: RoomIdParamSchema },
    summary: "The contact's call permission (C3) and when the next request may be sent (C2)",
    responses: { 200: json(CallPermissionSchema), ...refused },
  }),
  async (c) => {
    const actor = authorized(c, "inbox.use");
    return c.json(await roomPermission(c.get("db"), actor, c.req.valid("param").id), 200);
  },
);

callRoomRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/call-permission-requests",
    request: { params: RoomIdParamSchema, body: jsonBody(PermissionRequestBodySchema) },
    summary: "Send the call permission request (C2: open window, 1 per 24 h, 2 per 7 days)",
    responses: {
      201: json(CallPermissionSchema),
      ...refused,
      422: errors[422],
      429: errors[429],
      502: problem("The provider refused the request"),
    },
  }),
  async (c) => {
    const actor = authorized(c, "inbox.use");
    const { id } = c.req.valid("param");
    return c.json(await requestPermission(c.env, c.get("db"), actor, id, c.req.valid("json").text ?? null), 201);
  },
);

callRoomRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/calls",
    request: { params: RoomIdParamSchema, body: jsonBody(SdpBodySchema) },
    summary: "Call the customer with the browser's SDP offer (C4, B8); the answer comes as call.answer",
    responses: {
      201: json(CallSchema),
      ...refused,
      402: problem("voice_balance_low"),
      409: problem("agent_on_call"),
      422: errors[422],
      429: errors[429],
      502: problem("The provider refused the call"),
    },
  }),
  async (c) => {
    const actor = authorized(c, "inbox.use");
    const { id } = c.req.valid("param");
    return c.json(await placeCall(c.env, c.get("db"), actor, id, c.req.valid("json").sdp), 201);
  },
);

const channelBase = { tags: ["calls"], security: authed, ...requires("integrations.manage") };

callChannelRoutes.openapi(
  createRoute({
    ...channelBase,
    method: "get",
    path: "/{id}/calling",
    request: { params: CallIdParamSchema },
    summary: "A WhatsApp number's inbound and outbound call switches (C1)",
    responses: { 200: json(CallingSettingsSchema), ...refused },
  }),
  async (c) => {
    const actor = authorized(c, "integrations.manage");
    return c.json(await callingSettings(c.get("db"), actor, c.req.valid("param").id), 200);
  },
);

callChannelRoutes.openapi(
  createRoute({
    ...channelBase,
    method: "put",
    path: "/{id}/calling",
    request: { params: CallIdParamSchema, body: jsonBody(CallingSettingsBodySchema) },
    summary: "Turn inbound and outbound calls on or off (C1); pushed to the provider's call settings",
    responses: { 200: json(CallingSettingsSchema), ...refused, 422: errors[422], 502: problem("The provider refused") },
  }),
  async (c) => {
    const actor = authorized(c, "integrations.manage");
    const { id } = c.req.valid("param");
    return c.json(await setCalling(c.env, c.get("db"), actor, id, c.req.valid("json")), 200);
  },
);
