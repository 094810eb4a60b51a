import { createRoute } from "@hono/zod-openapi";
import { userOf } from "../db/identity";
import { authorOf, roomView, templateToSend } from "../db/rooms";
import { markUnread } from "../features/inbox/marks";
import { listRooms } from "../features/inbox/room-list";
import { decorateRooms } from "../features/inbox/room-marks";
import { authorize, authorized, requires } from "../lib/auth";
import { clock } from "../lib/clock";
import { fileResponse } from "../lib/file-response";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { resolveExpiredRooms } from "../rooms/expiry";
import { messageView } from "../rooms/message-view";
import { outboundMediaProblem } from "../rooms/outbound";
import { roomStub } from "../rooms/room-stub";
import {
  AssignBodySchema,
  MessageListQuerySchema,
  MessageListSchema,
  MessageSchema,
  NoteBodySchema,
  ResolveExpiredSchema,
  RoomIdParamSchema,
  RoomListQuerySchema,
  RoomListSchema,
  RoomMessageParamSchema,
  RoomSchema,
  SendMessageBodySchema,
  SendTemplateBodySchema,
} from "../schemas/rooms";

/** The inbox (rules I1-I6): rooms of the actor's organization; another tenant's room is a 404. */
export const roomRoutes = createRouter();

const roomErrors = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] };

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["rooms"],
  summary:
    "The inbox: mine, unassigned, resolved, snoozed or all (supervisors and admins), newest activity first; filters (I11) and search through the message history",
  security: authed,
  request: { query: RoomListQuerySchema },
  responses: { 200: json(RoomListSchema), ...roomErrors },
});

roomRoutes.openapi(list, async (c) => {
  const actor = authorized(c, "inbox.use");
  const asked = c.req.valid("query");
  // The default view follows the role: supervisors and admins see `all`, an agent `mine` (rule A3:
  // a plain GET /api/rooms is never a 403 for an agent; asking for `all` still is).
  const view = asked.view ?? (actor.role === "agent" ? "mine" : "all");
  if (view === "all") authorize(actor, "rooms.supervise");
  return c.json(await listRooms(c.get("db"), actor, { ...asked, view }), 200);
});

const resolveExpired = createRoute({
  method: "post",
  path: "/resolve-expired",
  tags: ["rooms"],
  summary: "Resolve every room whose 24-hour window has expired (rule I4)",
  security: authed,
  ...requires("rooms.supervise"),
  responses: { 200: json(ResolveExpiredSchema), 401: errors[401], 403: errors[403] },
});

roomRoutes.openapi(resolveExpired, async (c) => {
  const actor = authorized(c, "rooms.supervise");
  const resolved = await resolveExpiredRooms(c.env, c.get("db"), [actor.organizationId]);
  return c.json({ resolved }, 200);
});

const getRoom = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["rooms"],
  summary: "One room",
  security: authed,
  request: { params: RoomIdParamSchema },
  responses: { 200: json(RoomSchema), ...roomErrors },
});

roomRoutes.openapi(getRoom, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const room = await roomView(db, actor.organizationId, c.req.valid("param").id);
  // Issue 17: the room header shows its labels (I11) and whether it is snoozed.
  const [view] = await decorateRooms(db, actor, [room], clock.now());
  return c.json(view ?? room, 200);
});

const listMessages = createRoute({
  method: "get",
  path: "/{id}/messages",
  tags: ["rooms"],
  summary:
    "A page of the room's messages by seq: the newest, then older ones by `cursor` (or `before` / `after` a seq)",
  security: authed,
  request: { params: RoomIdParamSchema, query: MessageListQuerySchema },
  responses: { 200: json(MessageListSchema), ...roomErrors },
});

roomRoutes.openapi(listMessages, async (c) => {
  const actor = authorized(c, "inbox.use");
  const room = await roomView(c.get("db"), actor.organizationId, c.req.valid("param").id);
  const { cursor, ...query } = c.req.valid("query");
  const before = cursor !== undefined ? Number(cursor) : query.before;
  const messages = await roomStub(c.env, room.id).listMessages({ ...query, before });
  // Issue 18: the same cursor paging as every list (older pages; `after` reads forward and has none).
  const oldest = messages[0];
  const nextCursor = query.after === undefined && messages.length === query.limit && oldest ? String(oldest.seq) : null;
  return c.json({ messages: messages.map((m) => messageView(room.id, m)), nextCursor }, 200);
});

const sendMessage = createRoute({
  method: "post",
  path: "/{id}/messages",
  tags: ["rooms"],
  summary: "Reply inside the 24-hour window (I2); outside it: 422 window_expired and nothing is sent",
  security: authed,
  request: { params: RoomIdParamSchema, body: jsonBody(SendMessageBodySchema) },
  responses: { 201: json(MessageSchema, "Sent (or failed at the provider)"), ...roomErrors, 422: errors[422] },
});

roomRoutes.openapi(sendMessage, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const room = await roomView(db, actor.organizationId, c.req.valid("param").id);
  const body = c.req.valid("json");
  // I10: a file that may not go out (missing, a template sample, over the channel's limit) is refused
  // before anything is charged or sent.
  if (body.type !== "text") {
    const refused = await outboundMediaProblem(c.env, actor.organizationId, body.mediaId);
    if (refused) throw refused;
  }
  const message = await roomStub(c.env, room.id).sendMessage(await authorOf(db, actor), body, room.contactBlocked);
  return c.json(messageView(room.id, message), 201);
});

const sendTemplate = createRoute({
  method: "post",
  path: "/{id}/template-messages",
  tags: ["rooms"],
  summary: "Send an approved template, also after the window (I2)",
  security: authed,
  request: { params: RoomIdParamSchema, body: jsonBody(SendTemplateBodySchema) },
  responses: { 201: json(MessageSchema, "Sent (or failed at the provider)"), ...roomErrors, 422: errors[422] },
});

roomRoutes.openapi(sendTemplate, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const room = await roomView(db, actor.organizationId, c.req.valid("param").id);
  const template = await templateToSend(db, room.channelId, c.req.valid("json"));
  const message = await roomStub(c.env, room.id).sendTemplate(await authorOf(db, actor), template, room.contactBlocked);
  return c.json(messageView(room.id, message), 201);
});

const addNote = createRoute({
  method: "post",
  path: "/{id}/notes",
  tags: ["rooms"],
  summary: "A private note: agents see it, the customer never does",
  security: authed,
  request: { params: RoomIdParamSchema, body: jsonBody(NoteBodySchema) },
  responses: { 201: json(MessageSchema, "Added"), ...roomErrors },
});

roomRoutes.openapi(addNote, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const room = await roomView(db, actor.organizationId, c.req.valid("param").id);
  const note = await roomStub(c.env, room.id).addNote(await authorOf(db, actor), c.req.valid("json").text);
  return c.json(messageView(room.id, note), 201);
});

const assignRoom = createRoute({
  method: "post",
  path: "/{id}/assign",
  tags: ["rooms"],
  summary: "Assign (supervisors, admins) or transfer (the agent holding the room) to a user",
  security: authed,
  request: { params: RoomIdParamSchema, body: jsonBody(AssignBodySchema) },
  responses: { 200: json(RoomSchema), ...roomErrors, 422: errors[422] },
});

roomRoutes.openapi(assignRoom, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const room = await roomView(db, actor.organizationId, c.req.valid("param").id);
  const { userId } = c.req.valid("json");
  if (!(await userOf(db, actor.organizationId, userId))) throw problems.notFound("user");
  await roomStub(c.env, room.id).assign(await authorOf(db, actor), userId);
  return c.json(await roomView(db, actor.organizationId, room.id), 200);
});

for (const action of ["take", "resolve", "read"] as const) {
  const route = createRoute({
    method: "post",
    path: `/{id}/${action}`,
    tags: ["rooms"],
    summary: {
      take: "Take an unassigned room",
      resolve: "Resolve the room; the customer's next message opens a new one (I1)",
      read: "Mark the room's messages read (unread count 0)",
    }[action],
    security: authed,
    request: { params: RoomIdParamSchema },
    // Reading a room never conflicts: only taking and resolving can (a room already taken or resolved).
    responses:
      action === "read"
        ? { 200: json(RoomSchema), ...roomErrors }
        : { 200: json(RoomSchema), ...roomErrors, 409: errors[409], 422: errors[422] },
  });
  roomRoutes.openapi(route, async (c) => {
    const actor = authorized(c, "inbox.use");
    const db = c.get("db");
    const room = await roomView(db, actor.organizationId, c.req.valid("param").id);
    const stub = roomStub(c.env, room.id);
    if (action === "read") {
      await stub.markRead();
      await markUnread(db, actor, room.id, false);
    } else await stub[action](await authorOf(db, actor));
    return c.json(await roomView(db, actor.organizationId, room.id), 200);
  });
}

const media = createRoute({
  method: "get",
  path: "/{id}/messages/{messageId}/media",
  tags: ["rooms"],
  summary: "The file of a message (image, video, audio, document, sticker)",
  security: authed,
  request: { params: RoomMessageParamSchema },
  responses: { 200: { description: "The file" }, ...roomErrors },
});

roomRoutes.openapi(media, async (c) => {
  const actor = authorized(c, "inbox.use");
  const { id, messageId } = c.req.valid("param");
  const room = await roomView(c.get("db"), actor.organizationId, id);
  const message = await roomStub(c.env, room.id).getMessage(messageId);
  const key = message?.media?.key;
  const object = key ? await c.env.MEDIA.get(key) : null;
  if (!object) throw problems.notFound("file (it may still be on its way from the provider)");
  // Issue 11, finding 6: inline only for an allow-list of types, always sandboxed (lib/file-response.ts).
  return fileResponse(object, message?.media?.filename ?? null);
});
