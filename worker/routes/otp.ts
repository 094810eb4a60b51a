import { createRoute } from "@hono/zod-openapi";
import { identityById } from "../db/identity";
import type { Permission } from "../domain/access";
import type { OtpPurpose } from "../domain/types";
import { issueOtp } from "../features/templates/otp-service";
import { actorOf, authorize, requireSessionActor, requires } from "../lib/auth";
import { clock } from "../lib/clock";
import { problems } from "../lib/problem";
import { createRouter, errors, json, jsonBody } from "../lib/router";
import { mailerFor } from "../mail/mailer";
import { OtpRequestBodySchema, OtpSentSchema } from "../schemas/templates";

/**
 * Rule T4: one-time codes, emailed to the signed-in user (an API key has no mailbox: 403).
 * `template_submit` is for admins submitting templates, `security_settings` for admins switching
 * the template OTP setting. Codes: 6 digits, 10 minutes, single-use (see `domain/otp.ts`; the I/O is `features/templates/otp-service.ts`).
 */
export const otpRoutes = createRouter();

const PERMISSION: Record<OtpPurpose, Permission> = {
  template_submit: "integrations.manage",
  security_settings: "security.manage",
};

/** `ayu@demo.test` -> `a***@demo.test`: enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

const send = createRoute({
  method: "post",
  path: "/",
  tags: ["security"],
  summary: "Email a 6-digit code to the signed-in user for one purpose (T4); 429 otp_locked / otp_rate_limited",
  security: [{ session: [] }],
  // Every purpose is an admin's: 403 before the body is read (issue 11, finding 7); the purpose's own check follows.
  ...requires(...(Object.values(PERMISSION) as [Permission, ...Permission[]])),
  request: { body: jsonBody(OtpRequestBodySchema) },
  responses: {
    202: json(OtpSentSchema, "Sent"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    429: errors[429],
  },
});

otpRoutes.openapi(send, async (c) => {
  const actor = actorOf(c);
  const { purpose } = c.req.valid("json");
  authorize(actor, PERMISSION[purpose]);
  const user = requireSessionActor(actor);
  const db = c.get("db");
  const identity = await identityById(db, user.identityId);
  if (!identity) throw problems.unauthenticated();
  const { expiresAt } = await issueOtp(
    db,
    mailerFor(c.env, db),
    { organizationId: user.organizationId, identityId: user.identityId, purpose },
    identity.email,
    clock.now(),
  );
  return c.json({ purpose, sentTo: maskEmail(identity.email), expiresAt }, 202);
});
