import { createRoute, z } from "@hono/zod-openapi";
import {
  claimResetToken,
  clearFailedLogins,
  createResetToken,
  createSession,
  deleteOtherSessions,
  identityByEmail,
  organizationsOf,
  recentResetLinks,
  resetPassword,
} from "../db/identity";
import { mayMailResetLink, normalizeEmail, RESET_TOKEN_TTL_MS, SESSION_TTL_MS } from "../domain/sign-in";
import { isSameOrigin, setSessionCookie } from "../lib/auth";
import { clock } from "../lib/clock";
import { hashPassword, sha256Hex, UNUSABLE_PASSWORD_HASH, verifyPassword } from "../lib/crypto";
import { recordWrongPassword, refuseWhileLockedOut } from "../lib/lockout";
import { errorForLog, log } from "../lib/log";
import { Problem, problems } from "../lib/problem";
import { createRouter, errors, json, jsonBody } from "../lib/router";
import { mailerFor } from "../mail/mailer";
import { endSessionSockets } from "../rooms/socket-sessions";
import { ForgotPasswordBodySchema, LoginBodySchema, MeSchema, ResetPasswordBodySchema } from "../schemas/identity";

/** Public routes: signing in and recovering a password (rules A1, A2). */
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
  await refuseWhileLockedOut(db, email, now);
  const identity = await identityByEmail(db, email);
  const passwordOk = await verifyPassword(body.password, identity?.passwordHash ?? UNUSABLE_PASSWORD_HASH);
  if (!identity || !passwordOk) {
    await recordWrongPassword(db, email, now);
    throw new Problem(401, "invalid_credentials", "The email or password is not right.");
  }
  const organizations = await organizationsOf(db, identity.id);
  const organization = organizations[0];
  if (!organization) throw problems.forbidden("This account does not belong to any organization.");
  const token = await createSession(db, identity.id, organization.id, now + SESSION_TTL_MS);
  await clearFailedLogins(db, email);
  setSessionCookie(c, token);
  const user = { id: identity.id, email: identity.email, name: identity.name, role: organization.role };
  return c.json({ user, organization, organizations, via: "session" as const }, 200);
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
    const token = await createResetToken(db, identity.id, now + RESET_TOKEN_TTL_MS);
    try {
      await mailerFor(c.env, db).send({
        to: identity.email,
        subject: "Reset your password",
        text: `Someone asked to reset the password of ${identity.email}.\n\nOpen this link within 30 minutes to choose a new password:\n${c.env.APP_URL}/reset-password?token=${token}\n\nIf it was not you, ignore this email.`,
      });
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
  summary: "Set a new password with a single-use reset token; signs out every session",
  request: { body: jsonBody(ResetPasswordBodySchema) },
  responses: { 204: { description: "Password changed" }, 400: errors[400] },
});

authRoutes.openapi(reset, async (c) => {
  const db = c.get("db");
  const body = c.req.valid("json");
  const tokenHash = await sha256Hex(body.token);
  const now = clock.now();
  const identityId = await claimResetToken(db, tokenHash, now);
  if (!identityId) {
    throw new Problem(400, "reset_token_invalid", "This reset link is invalid, already used or expired.");
  }
  const passwordHash = await hashPassword(body.newPassword);
  await resetPassword(db, identityId, passwordHash, now);
  await deleteOtherSessions(db, identityId, null);
  await endSessionSockets(c.env, { userId: identityId, reason: "password_reset" });
  return c.body(null, 204);
});
