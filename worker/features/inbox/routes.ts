import { createRoute } from "@hono/zod-openapi";
import { roomView } from "../../db/rooms";
import { authorized } from "../../lib/auth";
import { clock } from "../../lib/clock";
import { authed, createRouter, errors, json, jsonBody } from "../../lib/router";
import {
  BulkBodySchema,
  BulkResultSchema,
  RoomLabelsBodySchema,
  RoomLabelsSchema,
  SnoozeBodySchema,
} from "../../schemas/labels";
import { RoomIdParamSchema, RoomSchema } from "../../schemas/rooms";
import { setRoomLabels } from "../labels/service";
import { bulkAction, markUnread, snoozeRoom, wakeRoom } from "./marks";
import { decorateRooms } from "./room-marks";

/**
 * Issue 17 item 3, on `/api/rooms`: a room's labels (I11), snooze, mark unread, and bulk actions
 * from the list. Everyone in the inbox; another tenant's room is a 404.
 */
export const roomMarkRoutes = createRouter();

const roomErrors = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] };

const bulk = createRoute({
  method: "post",
  path: "/bulk",
  tags: ["rooms"],
  summary: "Resolve, assign or label many rooms at once: each room's outcome (a refused room does not stop the rest)",
  security: authed,
  request: { body: jsonBody(BulkBodySchema) },
  responses: { 200: json(BulkResultSchema), ...roomErrors },
});
roomMarkRoutes.openapi(bulk, async (c) => {
  const actor = authorized(c, "inbox.use");
  return c.json(await bulkAction(c.env, c.get("db"), actor, c.req.valid("json")), 200);
});

const putLabels = createRoute({
  method: "put",
  path: "/{id}/labels",
  tags: ["rooms"],
  summary: "Set the room's labels (I11); the change is noted in the room's history",
  security: authed,
  request: { params: RoomIdParamSchema, body: jsonBody(RoomLabelsBodySchema) },
  responses: { 200: json(RoomLabelsSchema), ...roomErrors },
});
roomMarkRoutes.openapi(putLabels, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const room = await roomView(db, actor.organizationId, c.req.valid("param").id);
  return c.json({ labels: await setRoomLabels(c.env, db, actor, room, c.req.valid("json").labelIds) }, 200);
});

const snooze = createRoute({
  method: "post",
  path: "/{id}/snooze",
  tags: ["rooms"],
  summary: "Snooze the room until a time: it leaves the list and comes back then, or when the customer writes",
  security: authed,
  request: { params: RoomIdParamSchema, body: jsonBody(SnoozeBodySchema) },
  responses: { 200: json(RoomSchema), ...roomErrors, 422: errors[422] },
});
roomMarkRoutes.openapi(snooze, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const room = await roomView(db, actor.organizationId, c.req.valid("param").id);
  await snoozeRoom(c.env, db, actor, room, c.req.valid("json").until);
  const [view] = await decorateRooms(db, actor, [room], clock.now());
  return c.json(view ?? room, 200);
});

const unsnooze = createRoute({
  method: "delete",
  path: "/{id}/snooze",
  tags: ["rooms"],
  summary: "Wake a snoozed room now",
  security: authed,
  request: { params: RoomIdParamSchema },
  responses: { 200: json(RoomSchema), ...roomErrors },
});
roomMarkRoutes.openapi(unsnooze, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const room = await roomView(db, actor.organizationId, c.req.valid("param").id);
  await wakeRoom(c.env, db, room.id);
  const [view] = await decorateRooms(db, actor, [room], clock.now());
  return c.json(view ?? room, 200);
});

const unread = createRoute({
  method: "post",
  path: "/{id}/unread",
  tags: ["rooms"],
  summary: "Mark the room unread for me (until I read it again)",
  security: authed,
  request: { params: RoomIdParamSchema },
  responses: { 200: json(RoomSchema), ...roomErrors },
});
roomMarkRoutes.openapi(unread, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const room = await roomView(db, actor.organizationId, c.req.valid("param").id);
  await markUnread(db, actor, room.id, true);
  const [view] = await decorateRooms(db, actor, [room], clock.now());
  return c.json(view ?? room, 200);
});
