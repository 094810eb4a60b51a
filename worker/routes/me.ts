import { createRoute } from "@hono/zod-openapi";
import { deleteOtherSessions, describeActor, identityById, setPasswordHash } from "../db/identity";
import { actorOf, requireSessionActor } from "../lib/auth";
import { clock } from "../lib/clock";
import { hashPassword, verifyPassword } from "../lib/crypto";
import { recordWrongPassword, refuseWhileLockedOut } from "../lib/lockout";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { endSessionSockets } from "../rooms/socket-sessions";
import { ChangePasswordBodySchema, MeSchema } from "../schemas/identity";

/** The caller's own identity. */
export const meRoutes = createRouter();

const getMe = createRoute({
  method: "get",
  path: "/",
  tags: ["me"],
  summary: "Who am I: user, current organization and role, every organization",
  security: authed,
  responses: { 200: json(MeSchema), 401: errors[401] },
});

meRoutes.openapi(getMe, async (c) => {
  const me = await describeActor(c.get("db"), actorOf(c));
  if (!me) throw problems.unauthenticated();
  return c.json(me, 200);
});

const changePassword = createRoute({
  method: "put",
  path: "/password",
  tags: ["me"],
  summary: "Change your password everywhere (rule A1); signs out your other sessions",
  security: authed,
  request: { body: jsonBody(ChangePasswordBodySchema) },
  responses: {
    204: { description: "Changed" },
    400: errors[400],
    401: errors[401],
    403: errors[403],
    422: errors[422],
    429: errors[429],
  },
});

meRoutes.openapi(changePassword, async (c) => {
  const actor = requireSessionActor(actorOf(c));
  const db = c.get("db");
  const body = c.req.valid("json");
  const identity = await identityById(db, actor.identityId);
  if (!identity) throw problems.unauthenticated();
  const now = clock.now();
  await refuseWhileLockedOut(db, identity.email, now);
  if (!(await verifyPassword(body.currentPassword, identity.passwordHash))) {
    await recordWrongPassword(db, identity.email, now);
    throw problems.unprocessable("current_password_wrong", "The current password is not right.");
  }
  const passwordHash = await hashPassword(body.newPassword);
  await setPasswordHash(db, identity.id, passwordHash, now);
  await deleteOtherSessions(db, identity.id, actor.sessionHash);
  await endSessionSockets(c.env, {
    userId: identity.id,
    exceptSessionHash: actor.sessionHash,
    reason: "password_changed",
  });
  return c.body(null, 204);
});
