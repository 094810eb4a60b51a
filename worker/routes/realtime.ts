import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { sessionByHash } from "../db/identity";
import { insertTicket } from "../db/realtime-tickets";
import { authorOf, roomView } from "../db/rooms";
import { actorOf, authorized } from "../lib/auth";
import { clock } from "../lib/clock";
import { randomToken, sha256Hex } from "../lib/crypto";
import { problems } from "../lib/problem";
import { type AppEnv, authed, createRouter, errors, json } from "../lib/router";
import { type Member, memberHeaders, socketOwner } from "../rooms/member";
import { roomStub } from "../rooms/room-stub";
import { RoomIdParamSchema, TicketSchema } from "../schemas/rooms";

/** Real time (rule I5): WebSockets to a room and to the organization's inbox feed. */
export const realtimeRoutes = createRouter();
const TICKET_TTL_MS = 60_000;

const ticket = createRoute({
  method: "post",
  path: "/realtime/tickets",
  tags: ["realtime"],
  summary: "A single-use ticket, valid 60 s, to open a WebSocket without cookies (`?ticket=`)",
  security: authed,
  responses: { 201: json(TicketSchema, "Issued"), 401: errors[401], 403: errors[403] },
});

realtimeRoutes.openapi(ticket, async (c) => {
  const actor = authorized(c, "inbox.use");
  const value = randomToken(32);
  const expiresAt = clock.now() + TICKET_TTL_MS;
  await insertTicket(c.get("db"), {
    ticketHash: await sha256Hex(value),
    organizationId: actor.organizationId,
    identityId: actor.kind === "api_key" ? null : actor.identityId,
    role: actor.role,
    sessionHash: actor.kind === "session" ? actor.sessionHash : null,
    apiKeyId: actor.kind === "api_key" ? actor.apiKeyId : null,
    expiresAt,
  });
  return c.json({ ticket: value, expiresAt }, 201);
});

const upgradeOnly = (c: { req: { header(name: string): string | undefined } }) => {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw problems.unprocessable("websocket_required", "Open this URL as a WebSocket.");
  }
};

/** Who is connecting and the session the socket belongs to (rule G7: it ends with that session). */
async function socketMember(c: Context<AppEnv>): Promise<Member> {
  const db = c.get("db");
  const actor = actorOf(c);
  const { userId, name } = await authorOf(db, actor);
  const sessionHash = actor.kind === "api_key" ? null : actor.sessionHash;
  const session = sessionHash ? await sessionByHash(db, sessionHash) : undefined;
  const apiKeyId = actor.kind === "api_key" || actor.kind === "ticket" ? actor.apiKeyId : null;
  return { userId, name, sessionHash, sessionExpiresAt: session?.expiresAt ?? null, apiKeyId };
}

/** Forwards the upgrade to a Durable Object with who is connecting. */
function forward(target: { fetch(r: Request): Promise<Response> }, path: string, member: Member) {
  return target.fetch(new Request(`https://do${path}`, { headers: memberHeaders(member) }));
}

const roomSocket = createRoute({
  method: "get",
  path: "/rooms/{id}/ws",
  tags: ["realtime"],
  summary:
    "WebSocket: replays every event after `after=<seq>`, then streams message.created, message.updated, room.updated, typing",
  security: authed,
  request: {
    params: RoomIdParamSchema,
    query: z.object({ ticket: z.string().max(100).optional(), after: z.coerce.number().int().min(0).default(0) }),
  },
  responses: {
    101: { description: "Switching protocols" },
    401: errors[401],
    404: errors[404],
    422: errors[422],
    503: errors[503],
  },
});

realtimeRoutes.openapi(roomSocket, async (c) => {
  const actor = authorized(c, "inbox.use");
  upgradeOnly(c);
  const room = await roomView(c.get("db"), actor.organizationId, c.req.valid("param").id);
  const member = await socketMember(c);
  // The organization's inbox keeps where each person has a room open, so their sockets there end with them.
  const owner = socketOwner(member);
  if (owner) await c.env.INBOX.getByName(actor.organizationId).noteRoomSocket(owner, room.id);
  return forward(roomStub(c.env, room.id), `/ws?after=${c.req.valid("query").after}`, member) as never;
});

const inboxSocket = createRoute({
  method: "get",
  path: "/inbox/ws",
  tags: ["realtime"],
  summary: "WebSocket: the organization's room summaries as they change (room.created, room.updated) and presence",
  security: authed,
  request: { query: z.object({ ticket: z.string().max(100).optional() }) },
  responses: { 101: { description: "Switching protocols" }, 401: errors[401], 422: errors[422] },
});

realtimeRoutes.openapi(inboxSocket, async (c) => {
  const actor = authorized(c, "inbox.use");
  upgradeOnly(c);
  return forward(c.env.INBOX.getByName(actor.organizationId), "/ws", await socketMember(c)) as never;
});
