import { createRoute } from "@hono/zod-openapi";
import { autoResolveEnabled, saveAutoResolve } from "../db/channels";
import { readOfficeHours, writeOfficeHours } from "../features/office-hours/service";
import { verifyOtp } from "../features/templates/otp-service";
import { setTemplateOtp, templateOtpEnabled } from "../features/templates/service";
import { authorized, requireSessionActor, requires } from "../lib/auth";
import { clock } from "../lib/clock";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { OfficeHoursSchema, OfficeHoursViewSchema } from "../schemas/office-hours";
import { SettingsSchema } from "../schemas/rooms";
import { SecuritySettingsSchema, UpdateSecuritySettingsBodySchema } from "../schemas/templates";

/**
 * Organization settings. Rule I4: auto-resolve rooms whose 24-hour window expired. Rule T4
 * (`/security`): template OTP; switching it, on or off, needs the code emailed to the admin
 * (POST /api/otp {purpose: "security_settings"}).
 */
export const settingsRoutes = createRouter();

const read = createRoute({
  method: "get",
  path: "/",
  tags: ["settings"],
  summary: "The organization's settings",
  security: authed,
  responses: { 200: json(SettingsSchema), 401: errors[401], 403: errors[403] },
});

settingsRoutes.openapi(read, async (c) => {
  const actor = authorized(c, "inbox.use");
  return c.json({ autoResolveExpired: await autoResolveEnabled(c.get("db"), actor.organizationId) }, 200);
});

const write = createRoute({
  method: "put",
  path: "/",
  tags: ["settings"],
  summary: "Change settings (admin)",
  security: authed,
  ...requires("security.manage"),
  request: { body: jsonBody(SettingsSchema) },
  responses: { 200: json(SettingsSchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});

settingsRoutes.openapi(write, async (c) => {
  const actor = authorized(c, "security.manage");
  const body = c.req.valid("json");
  await saveAutoResolve(c.get("db"), actor.organizationId, body.autoResolveExpired);
  return c.json(body, 200);
});

const readSecurity = createRoute({
  method: "get",
  path: "/security",
  tags: ["settings"],
  summary: "Security settings: whether submitting MARKETING and UTILITY templates needs an emailed code (T4)",
  security: authed,
  responses: { 200: json(SecuritySettingsSchema), 401: errors[401], 403: errors[403] },
});

settingsRoutes.openapi(readSecurity, async (c) => {
  const actor = authorized(c, "inbox.use");
  return c.json({ templateOtp: await templateOtpEnabled(c.get("db"), actor.organizationId) }, 200);
});

const writeSecurity = createRoute({
  method: "put",
  path: "/security",
  tags: ["settings"],
  summary:
    "Switch template OTP on or off (admin, signed in) with the code from POST /api/otp {purpose: security_settings}; " +
    "422 otp_required / otp_invalid, 429 otp_locked",
  security: [{ session: [] }],
  ...requires("security.manage"),
  request: { body: jsonBody(UpdateSecuritySettingsBodySchema) },
  responses: {
    200: json(SecuritySettingsSchema),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    422: errors[422],
    429: errors[429],
  },
});

settingsRoutes.openapi(writeSecurity, async (c) => {
  const actor = authorized(c, "security.manage");
  const user = requireSessionActor(actor);
  const { templateOtp, otpCode } = c.req.valid("json");
  const db = c.get("db");
  await verifyOtp(
    db,
    { organizationId: user.organizationId, identityId: user.identityId, purpose: "security_settings" },
    otpCode,
    clock.now(),
  );
  await setTemplateOtp(db, user.organizationId, templateOtp, user.identityId);
  return c.json({ templateOtp }, 200);
});

const readOfficeHoursRoute = createRoute({
  method: "get",
  path: "/office-hours",
  tags: ["settings"],
  summary: "Office hours and the away reply (I9), on the wall clock of the organization's time zone",
  security: authed,
  responses: { 200: json(OfficeHoursViewSchema), 401: errors[401], 403: errors[403] },
});

settingsRoutes.openapi(readOfficeHoursRoute, async (c) => {
  const actor = authorized(c, "inbox.use");
  return c.json(await readOfficeHours(c.get("db"), actor.organizationId), 200);
});

const writeOfficeHoursRoute = createRoute({
  method: "put",
  path: "/office-hours",
  tags: ["settings"],
  summary: "Set office hours (admin): several intervals a day; a close at or before the open runs overnight (I9)",
  security: authed,
  ...requires("settings.manage"),
  request: { body: jsonBody(OfficeHoursSchema) },
  responses: {
    200: json(OfficeHoursViewSchema),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    422: errors[422],
  },
});

settingsRoutes.openapi(writeOfficeHoursRoute, async (c) => {
  const actor = authorized(c, "settings.manage");
  return c.json(await writeOfficeHours(c.get("db"), actor.organizationId, c.req.valid("json"), clock.now()), 200);
});
