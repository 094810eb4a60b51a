import { createRoute } from "@hono/zod-openapi";
import { deleteSession, describeActor, membershipRole, switchSessionOrganization } from "../db/identity";
import { saveAvailability } from "../features/assignment/repo";
import { actorOf, clearSessionCookie, requireSessionActor, sessionActor } from "../lib/auth";
import { clock } from "../lib/clock";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { endSessionSockets } from "../rooms/socket-sessions";
import { MeSchema, SessionProbeSchema, SwitchBodySchema } from "../schemas/identity";

/**
 * Who is here, without credentials: the web app asks on every visit, and a visitor who is not signed
 * in is an ordinary answer (`me: null`), not a 401 in the browser's console (issue 17).
 */
export const sessionProbeRoutes = createRouter();

const probe = createRoute({
  method: "get",
  path: "/session",
  tags: ["auth"],
  summary: "This browser's session: who is signed in, or `me: null` (never 401)",
  responses: { 200: json(SessionProbeSchema) },
});

sessionProbeRoutes.openapi(probe, async (c) => {
  const actor = await sessionActor(c);
  const me = actor ? await describeActor(c.get("db"), actor) : null;
  return c.json({ me: me ?? null }, 200);
});

/** Signed-in session actions: sign out, switch organization. */
export const sessionRoutes = createRouter();

const logout = createRoute({
  method: "post",
  path: "/logout",
  tags: ["auth"],
  summary: "Sign out this session",
  security: authed,
  responses: { 204: { description: "Signed out" }, 401: errors[401], 403: errors[403] },
});

sessionRoutes.openapi(logout, async (c) => {
  const actor = requireSessionActor(actorOf(c));
  await deleteSession(c.get("db"), actor.sessionHash);
  // Rule I12: signing out ends the shift: offline, whatever was chosen (domain/assignment.ts).
  await saveAvailability(c.get("db"), actor.organizationId, actor.identityId, "offline", clock.now());
  await endSessionSockets(c.env, { userId: actor.identityId, sessionHash: actor.sessionHash, reason: "signed_out" });
  clearSessionCookie(c);
  return c.body(null, 204);
});

const switchOrganization = createRoute({
  method: "post",
  path: "/switch",
  tags: ["auth"],
  summary: "Make another of your organizations the current one",
  security: authed,
  request: { body: jsonBody(SwitchBodySchema) },
  responses: { 200: json(MeSchema), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});

sessionRoutes.openapi(switchOrganization, async (c) => {
  const actor = requireSessionActor(actorOf(c));
  const db = c.get("db");
  const { organizationId } = c.req.valid("json");
  const role = await membershipRole(db, organizationId, actor.identityId);
  if (!role) throw problems.notFound("organization");
  await switchSessionOrganization(db, actor.sessionHash, organizationId);
  const me = await describeActor(db, { ...actor, organizationId, role });
  if (!me) throw problems.notFound("organization");
  return c.json(me, 200);
});
