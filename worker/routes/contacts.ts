import { createRoute, z } from "@hono/zod-openapi";
import { channelOf } from "../db/channels";
import type { Db } from "../db/client";
import {
  authorOf,
  type ContactRow,
  contactOf,
  roomView,
  searchContacts,
  setContactBlocked,
  templateToSend,
  unresolvedRoomIdsOfContact,
  unresolvedRoomOfContact,
} from "../db/rooms";
import { checkBlock } from "../domain/room";
import { publishEvents, stamp } from "../events/publish";
import { authorized } from "../lib/auth";
import { clock } from "../lib/clock";
import { errorForLog, log } from "../lib/log";
import { Problem, problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { messageView } from "../rooms/message-view";
import { roomStub } from "../rooms/room-stub";
import { claimRoomFor, identityOf, unresolvedRoom, upsertContact } from "../rooms/routing";
import { IdParamSchema } from "../schemas/identity";
import {
  ContactListSchema,
  ContactSchema,
  CreateContactBodySchema,
  MessageSchema,
  RoomSchema,
  StartConversationBodySchema,
} from "../schemas/rooms";

/** Contacts: the customers of the organization; block / unblock (I6); start a conversation (I3). */
export const contactRoutes = createRouter();

type Row = ContactRow;
export const contactView = (c: Row) => ({
  id: c.id,
  externalId: c.externalId,
  name: c.name,
  blocked: c.blockedAt !== null,
  createdAt: c.createdAt,
  kind: c.kind,
  email: c.email,
  notes: c.notes,
  attributes: c.attributes,
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["contacts"],
  summary: "Search contacts by name or number",
  security: authed,
  request: {
    query: z.object({
      q: z.string().trim().max(100).optional(),
      cursor: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
  },
  responses: { 200: json(ContactListSchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});

contactRoutes.openapi(list, async (c) => {
  const actor = authorized(c, "inbox.use");
  const { q, cursor, limit } = c.req.valid("query");
  const rows = await searchContacts(c.get("db"), actor.organizationId, { q, cursor, limit });
  const page = rows.slice(0, limit);
  return c.json(
    { contacts: page.map(contactView), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null },
    200,
  );
});

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["contacts"],
  summary: "Add a contact by phone number (or get the existing one)",
  security: authed,
  request: { body: jsonBody(CreateContactBodySchema) },
  responses: { 201: json(ContactSchema, "Added or found"), 400: errors[400], 401: errors[401], 403: errors[403] },
});

contactRoutes.openapi(create, async (c) => {
  const actor = authorized(c, "inbox.use");
  const body = c.req.valid("json");
  const contact = await upsertContact(c.get("db"), actor.organizationId, body.phone, body.name ?? null);
  return c.json(contactView(contact), 201);
});

const getOne = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["contacts"],
  summary: "One contact",
  security: authed,
  request: { params: IdParamSchema },
  responses: { 200: json(ContactSchema), 401: errors[401], 403: errors[403], 404: errors[404] },
});

contactRoutes.openapi(getOne, async (c) => {
  const actor = authorized(c, "inbox.use");
  return c.json(contactView(await contactOf(c.get("db"), actor.organizationId, c.req.valid("param").id)), 200);
});

/** Blocking is a D1 change (no room holds it): announced after it is written; a retry announces it again. */
const announceContact = (
  env: Env,
  type: "contact.blocked" | "contact.unblocked",
  organizationId: string,
  contactId: string,
) => publishEvents(env, [stamp({ type, organizationId, contactId }, clock.now())]);

const block = createRoute({
  method: "post",
  path: "/{id}/block",
  tags: ["contacts"],
  summary: "Block: only from an unresolved room; their messages then open no room and reach no agent (I6)",
  security: authed,
  request: { params: IdParamSchema },
  responses: { 200: json(ContactSchema), 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
});

contactRoutes.openapi(block, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const contact = await contactOf(db, actor.organizationId, c.req.valid("param").id);
  const openRoom = await unresolvedRoomOfContact(db, contact.id);
  const refusal = checkBlock(
    openRoom ? { status: openRoom.status, assigneeId: null, lastCustomerMessageAt: null } : null,
  );
  if (refusal) throw new Problem(refusal.status, refusal.code, refusal.detail);
  const row = await setContactBlocked(db, contact.id, clock.now());
  await republishRoomsOf(c.env, db, contact.id);
  await announceContact(c.env, "contact.blocked", actor.organizationId, contact.id);
  return c.json(contactView(row ?? contact), 200);
});

const unblock = createRoute({
  method: "post",
  path: "/{id}/unblock",
  tags: ["contacts"],
  summary: "Unblock: their messages are handled normally again (I6)",
  security: authed,
  request: { params: IdParamSchema },
  responses: { 200: json(ContactSchema), 401: errors[401], 403: errors[403], 404: errors[404] },
});

contactRoutes.openapi(unblock, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const contact = await contactOf(db, actor.organizationId, c.req.valid("param").id);
  const row = await setContactBlocked(db, contact.id, null);
  await republishRoomsOf(c.env, db, contact.id);
  await announceContact(c.env, "contact.unblocked", actor.organizationId, contact.id);
  return c.json(contactView(row ?? contact), 200);
});

const start = createRoute({
  method: "post",
  path: "/{id}/template-messages",
  tags: ["contacts"],
  summary: "Start a conversation with an approved template; opens a room (I3)",
  security: authed,
  request: { params: IdParamSchema, body: jsonBody(StartConversationBodySchema) },
  responses: {
    201: json(z.object({ room: RoomSchema, message: MessageSchema }), "Room opened, template sent"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    422: errors[422],
  },
});

contactRoutes.openapi(start, async (c) => {
  const actor = authorized(c, "inbox.use");
  const db = c.get("db");
  const body = c.req.valid("json");
  const contact = await contactOf(db, actor.organizationId, c.req.valid("param").id);
  const channel = await channelOf(db, actor.organizationId, body.channelId);
  if (!channel) throw problems.notFound("channel");
  // Rule I3: the conversation starts on the contact's own kind of channel (a phone on WhatsApp, a chat on Telegram).
  if (contact.kind !== channel.kind) {
    throw problems.unprocessable(
      "channel_kind_mismatch",
      `This contact is on ${contact.kind}; start the conversation from a ${contact.kind} channel.`,
    );
  }
  if (contact.blockedAt)
    throw problems.unprocessable("contact_blocked", "This contact is blocked. Unblock them first.");
  const existing = await unresolvedRoom(db, channel.id, contact.id);
  if (existing) {
    throw problems.conflict(
      "room_open",
      `This contact already has an unresolved room (${existing.id}); send from there.`,
    );
  }
  const template = await templateToSend(db, channel.id, body);
  // Rule I3: the room is claimed through the one-open-room index, so of two concurrent starts the
  // second gets 409 room_open and nothing is sent twice.
  const room = await claimRoomFor(db, channel, contact, clock.now());
  if (!room) throw problems.conflict("room_open", "This contact already has an unresolved room; send from there.");
  const stub = roomStub(c.env, room.id);
  await stub.open(identityOf(room, contact), room.openedAt);
  let message: Awaited<ReturnType<typeof stub.sendTemplate>>;
  try {
    message = await stub.sendTemplate(await authorOf(db, actor), template, false);
  } catch (err) {
    // A refused send (402 insufficient_balance, 422) leaves no empty unresolved room behind; the
    // caller gets the refusal itself even when closing fails.
    await stub.closeEmpty().catch((closeErr: unknown) => {
      log("warn", "contact_start.close_failed", { roomId: room.id, error: errorForLog(closeErr) });
    });
    throw err;
  }
  return c.json(
    { room: await roomView(db, actor.organizationId, room.id), message: messageView(room.id, message) },
    201,
  );
});

/** Blocking changes how the contact's open rooms look in every inbox: tell them. */
async function republishRoomsOf(env: Env, db: Db, contactId: string) {
  for (const id of await unresolvedRoomIdsOfContact(db, contactId)) await roomStub(env, id).republish();
}
