import { createRoute, z } from "@hono/zod-openapi";
import { isConstraintViolation } from "../db/errors";
import { createSession, deleteOtherSessions, describeActor, identityByEmail, organizationsOf } from "../db/identity";
import {
  applyEmailChange,
  claimResetToken,
  createResetToken,
  emailChangeByToken,
  recentResetLinks,
  resetPassword,
} from "../db/identity-links";
import { acceptInvitation, invitationByToken } from "../db/invitations";
import { mayMailResetLink, normalizeEmail, RESET_TOKEN_TTL_MS, SESSION_TTL_MS } from "../domain/sign-in";
import { saveAvailability } from "../features/assignment/repo";
import { isSameOrigin, setSessionCookie } from "../lib/auth";
import { clock } from "../lib/clock";
import { hashPassword, sha256Hex, UNUSABLE_PASSWORD_HASH, verifyPassword } from "../lib/crypto";
import { clearWrongPasswords, clientAddress, recordWrongPassword, refuseWhileLockedOut } from "../lib/lockout";
import { errorForLog, log } from "../lib/log";
import { Problem, problems } from "../lib/problem";
import { createRouter, errors, json, jsonBody } from "../lib/router";
import { resetPasswordMail } from "../mail/identity-mail";
import { mailerFor } from "../mail/mailer";
import { endSessionSockets } from "../rooms/socket-sessions";
import {
  AcceptInvitationBodySchema,
  ConfirmEmailBodySchema,
  ConfirmedEmailSchema,
  ForgotPasswordBodySchema,
  InvitationPreviewSchema,
  LoginBodySchema,
  MeSchema,
  ResetPasswordBodySchema,
  TokenBodySchema,
} from "../schemas/identity";

/** Public routes: signing in, recovering a password, and the links mailed to a person (rules A1, A2, A4). */
export const authRoutes = createRouter();

const login = createRoute({
  method: "post",
  path: "/login",
  tags: ["auth"],
  summary: "Sign in with email and password; sets the `sid` session cookie",
  request: { body: jsonBody(LoginBodySchema) },
  responses: { 200: json(MeSchema), 400: errors[400], 401: errors[401], 403: errors[403], 429: errors[429] },
});

authRoutes.openapi(login, async (c) => {
  // A login from another site's page is refused (login CSRF); clients without Origin (curl) are fine.
  if (c.req.header("Origin") !== undefined && !isSameOrigin(c)) throw problems.csrf();
  const db = c.get("db");
  const body = c.req.valid("json");
  const email = normalizeEmail(body.email);
  const now = clock.now();
  const client = clientAddress(c);
  await refuseWhileLockedOut(db, email, client, now);
  const identity = await identityByEmail(db, email);
  const passwordOk = await verifyPassword(body.password, identity?.passwordHash ?? UNUSABLE_PASSWORD_HASH);
  // Rule A1: an address nobody has proven (no password chosen by its owner) never signs in.
  if (!identity || !passwordOk || identity.emailVerifiedAt === null) {
    await recordWrongPassword(db, email, client, now);
    throw new Problem(401, "invalid_credentials", "The email or password is not right.");
  }
  const organizations = await organizationsOf(db, identity.id);
  const organization = organizations[0];
  if (!organization) {
    throw problems.forbidden(
      "This account does not belong to any organization yet. Accept an invitation from its email to join one.",
    );
  }
  const token = await createSession(db, identity.id, organization.id, now + SESSION_TTL_MS);
  await clearWrongPasswords(db, email, client);
  setSessionCookie(c, token);
  // Rule I12: signing in starts a shift online (domain/assignment.ts).
  await saveAvailability(db, organization.id, identity.id, "online", now);
  const me = await describeActor(db, {
    kind: "session",
    identityId: identity.id,
    organizationId: organization.id,
    role: organization.role,
    sessionHash: "",
  });
  if (!me) throw problems.unauthenticated();
  return c.json(me, 200);
});

const forgot = createRoute({
  method: "post",
  path: "/password/forgot",
  tags: ["auth"],
  summary: "Email a password reset link (always 202: whether the email exists is not revealed)",
  request: { body: jsonBody(ForgotPasswordBodySchema) },
  responses: { 202: json(z.object({}), "Accepted"), 400: errors[400] },
});

authRoutes.openapi(forgot, async (c) => {
  const db = c.get("db");
  const identity = await identityByEmail(db, normalizeEmail(c.req.valid("json").email));
  const now = clock.now();
  if (identity && mayMailResetLink(await recentResetLinks(db, identity.id, now, RESET_TOKEN_TTL_MS), now)) {
    const token = await createResetToken(db, identity.id, identity.email, now + RESET_TOKEN_TTL_MS);
    try {
      await mailerFor(c.env, db).send(resetPasswordMail(c.env.APP_URL, identity.email, token));
    } catch (err) {
      // Still 202: a failure only for existing emails would tell who has an account.
      log("error", "reset_mail_failed", { requestId: c.get("requestId"), error: errorForLog(err) });
    }
  }
  return c.json({}, 202);
});

const reset = createRoute({
  method: "post",
  path: "/password/reset",
  tags: ["auth"],
  summary:
    "Set a new password with a single-use reset token; signs out every session, proves the address and lifts its lockouts",
  request: { body: jsonBody(ResetPasswordBodySchema) },
  responses: { 204: { description: "Password changed" }, 400: errors[400] },
});

authRoutes.openapi(reset, async (c) => {
  const db = c.get("db");
  const body = c.req.valid("json");
  const tokenHash = await sha256Hex(body.token);
  // Hashed before the link is spent: nothing can fail between spending it and using it but D1 itself.
  const passwordHash = await hashPassword(body.newPassword);
  const now = clock.now();
  const identityId = await claimResetToken(db, tokenHash, now);
  if (!identityId) {
    throw new Problem(400, "reset_token_invalid", "This reset link is invalid, already used or expired.");
  }
  await resetPassword(db, identityId, passwordHash, now);
  await endSessionSockets(c.env, { userId: identityId, reason: "password_reset" });
  return c.body(null, 204);
});

const previewInvitation = createRoute({
  method: "post",
  path: "/invitation",
  tags: ["auth"],
  summary: "What a mailed invitation link is for: the organization, the role, and whether a password must be chosen",
  request: { body: jsonBody(TokenBodySchema) },
  responses: { 200: json(InvitationPreviewSchema), 400: errors[400], 404: errors[404] },
});

authRoutes.openapi(previewInvitation, async (c) => {
  const invitation = await invitationByToken(c.get("db"), await sha256Hex(c.req.valid("json").token), clock.now());
  if (!invitation) throw invitationInvalid();
  const { organizationId, organizationName, role, email, emailVerifiedAt } = invitation;
  const organization = { id: organizationId, name: organizationName };
  return c.json({ organization, role, email, needsPassword: emailVerifiedAt === null }, 200);
});

const acceptByLink = createRoute({
  method: "post",
  path: "/invitation/accept",
  tags: ["auth"],
  summary: "Accept an invitation with its mailed link (rules A1, A4); a person without a password chooses it here",
  request: { body: jsonBody(AcceptInvitationBodySchema) },
  responses: { 204: { description: "Joined" }, 400: errors[400], 404: errors[404], 422: errors[422] },
});

authRoutes.openapi(acceptByLink, async (c) => {
  const db = c.get("db");
  const body = c.req.valid("json");
  const now = clock.now();
  const invitation = await invitationByToken(db, await sha256Hex(body.token), now);
  if (!invitation) throw invitationInvalid();
  // Only someone who never chose a password chooses one here; an existing password is never replaced.
  const needsPassword = invitation.emailVerifiedAt === null;
  if (needsPassword && !body.newPassword) {
    throw problems.unprocessable("password_required", "Choose a password to join.");
  }
  const passwordHash = needsPassword && body.newPassword ? await hashPassword(body.newPassword) : null;
  if (!(await acceptInvitation(db, invitation, passwordHash, now))) throw invitationInvalid();
  if (passwordHash) {
    // A password set through a mailed link ends whatever signed in before it, sockets too, as a reset
    // does (rules A2, G7). An identity that never chose a password cannot sign in, so normally there is none.
    await deleteOtherSessions(db, invitation.identityId, null);
    await endSessionSockets(c.env, { userId: invitation.identityId, reason: "password_reset" });
  }
  return c.body(null, 204);
});

const invitationInvalid = () =>
  new Problem(404, "invitation_invalid", "This invitation is invalid, already accepted, withdrawn or expired.");

const confirmEmail = createRoute({
  method: "post",
  path: "/email/confirm",
  tags: ["auth"],
  summary:
    "Confirm a new email address with its mailed link and the account's password (rule A1); the old address stops working",
  request: { body: jsonBody(ConfirmEmailBodySchema) },
  responses: {
    200: json(ConfirmedEmailSchema),
    400: errors[400],
    401: errors[401],
    409: errors[409],
    429: errors[429],
  },
});

authRoutes.openapi(confirmEmail, async (c) => {
  const db = c.get("db");
  const body = c.req.valid("json");
  const now = clock.now();
  const change = await emailChangeByToken(db, await sha256Hex(body.token), now);
  if (!change) {
    throw new Problem(400, "email_token_invalid", "This confirmation link is invalid, already used or expired.");
  }
  // Both halves, so the account's owner is the new address's owner: the mailbox alone (someone lured
  // into clicking) or the password alone (whoever set the change up) is not enough.
  const client = clientAddress(c);
  await refuseWhileLockedOut(db, change.currentEmail, client, now);
  if (!(await verifyPassword(body.password, change.passwordHash))) {
    await recordWrongPassword(db, change.currentEmail, client, now);
    throw new Problem(401, "invalid_credentials", "The password is not right.");
  }
  try {
    if (!(await applyEmailChange(db, change, now))) {
      throw new Problem(400, "email_token_invalid", "This confirmation link is invalid, already used or expired.");
    }
  } catch (err) {
    if (isConstraintViolation(err)) throw problems.conflict("email_taken", "Another account already uses this email.");
    throw err;
  }
  return c.json({ email: change.email }, 200);
});
