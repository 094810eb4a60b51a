import { createRoute } from "@hono/zod-openapi";
import type { Db } from "../db/client";
import { isConstraintViolation } from "../db/errors";
import {
  adminCount,
  clearPendingEmail,
  identityByEmail,
  insertIdentity,
  organizationById,
  organizationsOf,
  removeMembership,
  updateMember,
  userOf,
  usersOf,
} from "../db/identity";
import { deleteInvitation, insertInvitation, invitationOf, invitedUsersOf, setInvitationRole } from "../db/invitations";
import { mayEditIdentity, wouldLoseLastAdmin } from "../domain/access";
import type { Actor } from "../domain/actor";
import { EMAIL_CHANGE_TOKEN_TTL_MS, INVITE_TOKEN_TTL_MS, normalizeEmail } from "../domain/sign-in";
import type { Role } from "../domain/types";
import { authorized, requires } from "../lib/auth";
import { clock } from "../lib/clock";
import { randomToken, sha256Hex } from "../lib/crypto";
import { Problem, problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { confirmEmailMail, invitationMail, sendOrUndo } from "../mail/identity-mail";
import { endSessionSockets } from "../rooms/socket-sessions";
import {
  CreateUserBodySchema,
  IdParamSchema,
  type Member,
  MemberSchema,
  UpdateUserBodySchema,
  UserListSchema,
} from "../schemas/identity";

/** Admin: the organization's users (rules A3, A4, I7). A user's id is their identity's id. */
export const userRoutes = createRouter();

const listUsers = createRoute({
  method: "get",
  path: "/",
  tags: ["users"],
  summary: "List the organization's users, and the people invited who have not accepted yet",
  security: authed,
  ...requires("users.manage"),
  responses: { 200: json(UserListSchema), 401: errors[401], 403: errors[403] },
});

userRoutes.openapi(listUsers, async (c) => {
  const actor = authorized(c, "users.manage");
  const db = c.get("db");
  const [members, invited] = await Promise.all([
    usersOf(db, actor.organizationId),
    invitedUsersOf(db, actor.organizationId),
  ]);
  const users = [...members.map(asMember), ...invited.map(asInvited)].sort((a, b) => a.name.localeCompare(b.name));
  return c.json({ users }, 200);
});

type MemberRow = Awaited<ReturnType<typeof usersOf>>[number];
type InvitedRow = Awaited<ReturnType<typeof invitedUsersOf>>[number];
// Named fields only: a row spread into an answer would carry whatever else it holds (a password hash).
const asMember = (u: MemberRow): Member => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  status: "active",
  emailVerified: u.emailVerifiedAt !== null,
  pendingEmail: u.pendingEmail,
  invitationExpiresAt: null,
});
const asInvited = (
  u: Pick<InvitedRow, "id" | "email" | "name" | "role" | "emailVerifiedAt" | "expiresAt">,
): Member => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  status: "invited",
  emailVerified: u.emailVerifiedAt !== null,
  pendingEmail: null,
  invitationExpiresAt: u.expiresAt,
});

const createUser = createRoute({
  method: "post",
  path: "/",
  tags: ["users"],
  summary:
    "Invite a person by email; they join once they accept. A new address gets an identity without a password, which only its owner chooses (A1, A4)",
  security: authed,
  ...requires("users.manage"),
  request: { body: jsonBody(CreateUserBodySchema) },
  responses: {
    201: json(MemberSchema, "Invited"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
    503: errors[503],
  },
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
    // Rule A1: nobody but the owner of the address ever sets or knows its password.
    identity = (await insertIdentity(db, { email, name: body.name }, now)) ?? (await identityByEmail(db, email));
    if (!identity) throw new Error("identity insert returned nothing");
  }
  await replaceExpiredInvitation(db, actor.organizationId, identity.id, now);
  const invitation = {
    organizationId: actor.organizationId,
    identityId: identity.id,
    email: identity.email,
    role: body.role,
    invitedBy: actor.kind === "api_key" ? null : actor.identityId,
    expiresAt: now + INVITE_TOKEN_TTL_MS,
  };
  let token: string;
  try {
    token = await insertInvitation(db, invitation);
  } catch (err) {
    // The same person invited twice at once: the second finds the first's invitation.
    if (isConstraintViolation(err)) throw alreadyInvited();
    throw err;
  }
  await mailInvitation(c.env, db, { ...invitation, needsPassword: identity.emailVerifiedAt === null }, token);
  const created = asInvited({ ...identity, role: body.role, expiresAt: invitation.expiresAt });
  return c.json(created, 201);
});

const alreadyMember = () =>
  problems.conflict("already_member", "This email already belongs to a user of this organization.");
const alreadyInvited = () =>
  problems.conflict(
    "already_invited",
    "This person has already been invited and the invitation is still open. Remove it to invite them again.",
  );
const emailTaken = () => problems.conflict("email_taken", "Another account already uses this email.");

/** An expired invitation stays listed for the admins; inviting the person again replaces it. */
async function replaceExpiredInvitation(db: Db, organizationId: string, identityId: string, now: number) {
  const existing = await invitationOf(db, organizationId, identityId);
  if (!existing) return;
  if (existing.expiresAt > now) throw alreadyInvited();
  await deleteInvitation(db, organizationId, identityId);
}

/** Mails the invitation; if mail can't be sent the invitation is withdrawn. */
async function mailInvitation(
  env: Env,
  db: Db,
  invitation: { organizationId: string; identityId: string; email: string; needsPassword: boolean },
  token: string,
) {
  const { organizationId, identityId, email, needsPassword } = invitation;
  const organizationName = (await organizationById(db, organizationId))?.name ?? "an organization";
  const mail = invitationMail(env.APP_URL, { to: email, organizationName, needsPassword }, token);
  await sendOrUndo(env, db, mail, () => deleteInvitation(db, organizationId, identityId).then(() => undefined));
}

/** The organizations the actor administers: every one for a person, only its own for an API key. */
async function administeredBy(db: Db, actor: Actor): Promise<string[]> {
  if (actor.kind !== "session") return [actor.organizationId];
  const theirs = await organizationsOf(db, actor.identityId);
  return theirs.filter((o) => o.role === "admin").map((o) => o.id);
}

const updateUser = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["users"],
  summary:
    "Change a user's name, email or role (admin only, rule I7); a new email works once its owner confirms it (A1)",
  security: authed,
  ...requires("users.manage"),
  request: { params: IdParamSchema, body: jsonBody(UpdateUserBodySchema) },
  responses: {
    200: json(MemberSchema),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    503: errors[503],
  },
});

userRoutes.openapi(updateUser, async (c) => {
  const actor = authorized(c, "users.manage");
  const db = c.get("db");
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const user = await userOf(db, actor.organizationId, id);
  if (!user) return c.json(await updateInvited(db, actor.organizationId, id, body), 200);
  if (body.role && wouldLoseLastAdmin(await adminCount(db, actor.organizationId), user.role, body.role)) {
    throw problems.conflict("last_admin", "An organization needs at least one admin.");
  }
  const email = body.email ? normalizeEmail(body.email) : undefined;
  const newEmail = email && email !== user.email && email !== user.pendingEmail ? email : undefined;
  const name = body.name && body.name !== user.name ? body.name : undefined;
  if (name || newEmail) {
    const memberOf = (await organizationsOf(db, id)).map((o) => o.id);
    if (!mayEditIdentity(memberOf, await administeredBy(db, actor))) {
      throw new Problem(
        403,
        "identity_shared",
        "This person also belongs to an organization you do not administer, so their name and email can't be changed here.",
      );
    }
  }
  if (newEmail && (await identityByEmail(db, newEmail))) throw emailTaken();
  const now = clock.now();
  // Rule A1: the new address waits for its owner; the current one keeps working until then.
  const token = newEmail ? randomToken(32) : undefined;
  const pendingEmail =
    newEmail && token
      ? { email: newEmail, tokenHash: await sha256Hex(token), expiresAt: now + EMAIL_CHANGE_TOKEN_TTL_MS }
      : undefined;
  await updateMember(db, actor.organizationId, id, { name, pendingEmail, role: body.role }, now);
  if (email === user.email && user.pendingEmail) await clearPendingEmail(db, id); // changed back: nothing to confirm
  if (newEmail && token) {
    const mail = confirmEmailMail(c.env.APP_URL, newEmail, token);
    await sendOrUndo(c.env, db, mail, () => clearPendingEmail(db, id));
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
  return c.json(asMember(updated), 200);
});

/** Someone invited who has not accepted: only the role they are invited with changes. */
async function updateInvited(
  db: Db,
  organizationId: string,
  identityId: string,
  body: { name?: string | undefined; email?: string | undefined; role?: Role | undefined },
): Promise<Member> {
  if (!(await invitationOf(db, organizationId, identityId))) throw problems.notFound("user");
  if (body.name !== undefined || body.email !== undefined) {
    throw problems.conflict(
      "invitation_pending",
      "This person has not accepted the invitation yet, so only the role can change. To use another address, remove the invitation and invite that address.",
    );
  }
  if (body.role) await setInvitationRole(db, organizationId, identityId, body.role);
  const invited = (await invitedUsersOf(db, organizationId)).find((u) => u.id === identityId);
  if (!invited) throw problems.notFound("user");
  return asInvited(invited);
}

const removeUser = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["users"],
  summary:
    "Remove a user from the organization, or withdraw their invitation (their identity and other organizations stay)",
  security: authed,
  ...requires("users.manage"),
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
  if (!user) {
    if (await deleteInvitation(db, actor.organizationId, id)) return c.body(null, 204);
    throw problems.notFound("user");
  }
  if (wouldLoseLastAdmin(await adminCount(db, actor.organizationId), user.role, null)) {
    throw problems.conflict("last_admin", "An organization needs at least one admin.");
  }
  await removeMembership(db, actor.organizationId, id);
  await endSessionSockets(c.env, { organizationId: actor.organizationId, userId: id, reason: "removed" });
  await c.env.INBOX.getByName(actor.organizationId).publish({ type: "member.removed", memberId: id });
  return c.body(null, 204);
});
