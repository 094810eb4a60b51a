import { createRoute } from "@hono/zod-openapi";
import { deleteOtherSessions, describeActor, identityById, setPasswordHash } from "../db/identity";
import { acceptInvitation, deleteInvitation, openInvitationsOf } from "../db/invitations";
import { actorOf, requireSessionActor } from "../lib/auth";
import { clock } from "../lib/clock";
import { hashPassword, verifyPassword } from "../lib/crypto";
import { clientAddress, recordWrongPassword, refuseWhileLockedOut } from "../lib/lockout";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { endSessionSockets } from "../rooms/socket-sessions";
import {
  ChangePasswordBodySchema,
  MeSchema,
  MyInvitationListSchema,
  OrganizationParamSchema,
} from "../schemas/identity";

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
  const client = clientAddress(c);
  await refuseWhileLockedOut(db, identity.email, client, now);
  if (!(await verifyPassword(body.currentPassword, identity.passwordHash))) {
    await recordWrongPassword(db, identity.email, client, now);
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

const listInvitations = createRoute({
  method: "get",
  path: "/invitations",
  tags: ["me"],
  summary: "Organizations that invited you and that you have not joined yet (rule A4)",
  security: authed,
  responses: { 200: json(MyInvitationListSchema), 401: errors[401], 403: errors[403] },
});

meRoutes.openapi(listInvitations, async (c) => {
  const actor = requireSessionActor(actorOf(c));
  const identity = await identityById(c.get("db"), actor.identityId);
  if (!identity) throw problems.unauthenticated();
  return c.json({ invitations: await openInvitationsOf(c.get("db"), identity.id, identity.email, clock.now()) }, 200);
});

const acceptMine = createRoute({
  method: "post",
  path: "/invitations/{organizationId}/accept",
  tags: ["me"],
  summary: "Join an organization that invited you (rule A4); it then appears among your organizations",
  security: authed,
  request: { params: OrganizationParamSchema },
  responses: { 200: json(MeSchema), 401: errors[401], 403: errors[403], 404: errors[404] },
});

meRoutes.openapi(acceptMine, async (c) => {
  const actor = requireSessionActor(actorOf(c));
  const db = c.get("db");
  const { organizationId } = c.req.valid("param");
  const now = clock.now();
  const identity = await identityById(db, actor.identityId);
  if (!identity) throw problems.unauthenticated();
  // Only an invitation still addressed to this identity's current, proven email.
  const open = (await openInvitationsOf(db, identity.id, identity.email, now)).find(
    (i) => i.organizationId === organizationId,
  );
  const invitation = { organizationId, identityId: identity.id, email: identity.email };
  if (!open || !(await acceptInvitation(db, invitation, null, now))) throw problems.notFound("invitation");
  const me = await describeActor(db, actor);
  if (!me) throw problems.unauthenticated();
  return c.json(me, 200);
});

const declineMine = createRoute({
  method: "delete",
  path: "/invitations/{organizationId}",
  tags: ["me"],
  summary: "Decline an organization's invitation",
  security: authed,
  request: { params: OrganizationParamSchema },
  responses: { 204: { description: "Declined" }, 401: errors[401], 403: errors[403], 404: errors[404] },
});

meRoutes.openapi(declineMine, async (c) => {
  const actor = requireSessionActor(actorOf(c));
  const { organizationId } = c.req.valid("param");
  if (!(await deleteInvitation(c.get("db"), organizationId, actor.identityId))) throw problems.notFound("invitation");
  return c.body(null, 204);
});
