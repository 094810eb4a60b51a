import { createRoute } from "@hono/zod-openapi";
import { isConstraintViolation } from "../db/errors";
import {
  addMembership,
  adminCount,
  createResetToken,
  identityByEmail,
  insertIdentity,
  organizationsOf,
  removeMembership,
  updateMember,
  userOf,
  usersOf,
} from "../db/identity";
import { mayEditIdentity, wouldLoseLastAdmin } from "../domain/access";
import type { Actor } from "../domain/actor";
import { INVITE_TOKEN_TTL_MS, normalizeEmail } from "../domain/sign-in";
import { authorized } from "../lib/auth";
import { clock } from "../lib/clock";
import { hashPassword, randomToken } from "../lib/crypto";
import { Problem, problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { mailerFor } from "../mail/mailer";
import { endSessionSockets } from "../rooms/socket-sessions";
import {
  CreateUserBodySchema,
  IdParamSchema,
  UpdateUserBodySchema,
  UserListSchema,
  UserSchema,
} from "../schemas/identity";

/** Admin: the organization's users (rules A3, A4, I7). A user's id is their identity's id. */
export const userRoutes = createRouter();

const listUsers = createRoute({
  method: "get",
  path: "/",
  tags: ["users"],
  summary: "List the organization's users",
  security: authed,
  responses: { 200: json(UserListSchema), 401: errors[401], 403: errors[403] },
});

userRoutes.openapi(listUsers, async (c) => {
  const actor = authorized(c, "users.manage");
  return c.json({ users: await usersOf(c.get("db"), actor.organizationId) }, 200);
});

const createUser = createRoute({
  method: "post",
  path: "/",
  tags: ["users"],
  summary: "Add a user; an existing identity with that email is linked and keeps its password (A4)",
  security: authed,
  request: { body: jsonBody(CreateUserBodySchema) },
  responses: { 201: json(UserSchema, "Added"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409] },
});

userRoutes.openapi(createUser, async (c) => {
  const actor = authorized(c, "users.manage");
  const db = c.get("db");
  const body = c.req.valid("json");
  const email = normalizeEmail(body.email);
  const now = clock.now();
  let identity = await identityByEmail(db, email);
  if (identity && (await userOf(db, actor.organizationId, identity.id))) throw alreadyMember();
  if (!identity) {
    const passwordHash = await hashPassword(body.password ?? randomToken(24));
    const created = await insertIdentity(db, { email, name: body.name, passwordHash }, now);
    if (created && !body.password) await sendInvitation(c.env, db, created);
    // Lost a race with another add of the same email: link the identity that won (A4).
    identity = created ?? (await identityByEmail(db, email));
    if (!identity) throw new Error("identity insert returned nothing");
  }
  try {
    await addMembership(db, actor.organizationId, identity.id, body.role);
  } catch (err) {
    // The same person added twice at once: the second add finds the first's membership.
    if (isConstraintViolation(err)) throw alreadyMember();
    throw err;
  }
  return c.json({ id: identity.id, email: identity.email, name: identity.name, role: body.role }, 201);
});

const alreadyMember = () =>
  problems.conflict("already_member", "This email already belongs to a user of this organization.");
const emailTaken = () => problems.conflict("email_taken", "Another account already uses this email.");

/** The organizations the actor administers: every one for a person, only its own for an API key. */
async function administeredBy(db: Parameters<typeof organizationsOf>[0], actor: Actor): Promise<string[]> {
  if (actor.kind !== "session") return [actor.organizationId];
  const theirs = await organizationsOf(db, actor.identityId);
  return theirs.filter((o) => o.role === "admin").map((o) => o.id);
}

async function sendInvitation(env: Env, db: Parameters<typeof mailerFor>[1], identity: { id: string; email: string }) {
  const token = await createResetToken(db, identity.id, clock.now() + INVITE_TOKEN_TTL_MS);
  await mailerFor(env, db).send({
    to: identity.email,
    subject: "You have been invited to Edge Inbox",
    text: `You have been added to an organization on Edge Inbox.\n\nChoose your password within 72 hours:\n${env.APP_URL}/reset-password?token=${token}`,
  });
}

const updateUser = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["users"],
  summary: "Change a user's name, email or role (admin only, rule I7)",
  security: authed,
  request: { params: IdParamSchema, body: jsonBody(UpdateUserBodySchema) },
  responses: {
    200: json(UserSchema),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

userRoutes.openapi(updateUser, async (c) => {
  const actor = authorized(c, "users.manage");
  const db = c.get("db");
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const user = await userOf(db, actor.organizationId, id);
  if (!user) throw problems.notFound("user");
  if (body.role && wouldLoseLastAdmin(await adminCount(db, actor.organizationId), user.role, body.role)) {
    throw problems.conflict("last_admin", "An organization needs at least one admin.");
  }
  const email = body.email ? normalizeEmail(body.email) : undefined;
  const changesIdentity = (body.name && body.name !== user.name) || (email && email !== user.email);
  if (changesIdentity) {
    const memberOf = (await organizationsOf(db, id)).map((o) => o.id);
    if (!mayEditIdentity(memberOf, await administeredBy(db, actor))) {
      throw new Problem(
        403,
        "identity_shared",
        "This person also belongs to an organization you do not administer, so their name and email can't be changed here.",
      );
    }
  }
  if (email && email !== user.email && (await identityByEmail(db, email))) throw emailTaken();
  const identity = body.name || email ? { name: body.name ?? user.name, email: email ?? user.email } : undefined;
  try {
    await updateMember(db, actor.organizationId, id, { identity, role: body.role }, clock.now());
  } catch (err) {
    if (isConstraintViolation(err)) throw emailTaken(); // taken between the check and the write
    throw err;
  }
  if (body.role && body.role !== user.role)
    await endSessionSockets(c.env, { organizationId: actor.organizationId, userId: id, reason: "role_changed" });
  const updated = await userOf(db, actor.organizationId, id);
  if (!updated) throw problems.notFound("user");
  // Every open inbox of the organization learns the new name or role at once (I7).
  await c.env.INBOX.getByName(actor.organizationId).publish({
    type: "member.updated",
    member: { id: updated.id, name: updated.name, role: updated.role },
  });
  return c.json(updated, 200);
});

const removeUser = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["users"],
  summary: "Remove a user from the organization (their identity and other organizations stay)",
  security: authed,
  request: { params: IdParamSchema },
  responses: {
    204: { description: "Removed" },
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

userRoutes.openapi(removeUser, async (c) => {
  const actor = authorized(c, "users.manage");
  const db = c.get("db");
  const { id } = c.req.valid("param");
  const user = await userOf(db, actor.organizationId, id);
  if (!user) throw problems.notFound("user");
  if (wouldLoseLastAdmin(await adminCount(db, actor.organizationId), user.role, null)) {
    throw problems.conflict("last_admin", "An organization needs at least one admin.");
  }
  await removeMembership(db, actor.organizationId, id);
  await endSessionSockets(c.env, { organizationId: actor.organizationId, userId: id, reason: "removed" });
  await c.env.INBOX.getByName(actor.organizationId).publish({ type: "member.removed", memberId: id });
  return c.body(null, 204);
});
