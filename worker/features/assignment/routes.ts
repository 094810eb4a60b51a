import { createRoute } from "@hono/zod-openapi";
import { authorized, requireSessionActor, requires } from "../../lib/auth";
import { authed, createRouter, errors, json, jsonBody } from "../../lib/router";
import {
  AssignmentSettingsSchema,
  AvailabilityBodySchema,
  MyAvailabilitySchema,
  TeamLoadSchema,
} from "../../schemas/assignment";
import { readAssignmentSettings } from "./repo";
import { changeAssignmentSettings, setAvailability, teamLoad } from "./service";

/** Rule I12: `PUT /api/me/availability`, everyone signed in. */
export const myAvailabilityRoutes = createRouter();

const putAvailability = createRoute({
  method: "put",
  path: "/",
  tags: ["me"],
  summary:
    "Set your availability (I12): online, away or offline; automatic assignment gives rooms only to online agents",
  security: [{ session: [] }],
  ...requires("inbox.use"),
  request: { body: jsonBody(AvailabilityBodySchema) },
  responses: { 200: json(MyAvailabilitySchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});
myAvailabilityRoutes.openapi(putAvailability, async (c) => {
  const actor = requireSessionActor(authorized(c, "inbox.use"));
  const { availability } = c.req.valid("json");
  return c.json(await setAvailability(c.env, c.get("db"), actor.organizationId, actor.identityId, availability), 200);
});

/** Rule I12: Settings > Assignment. Read by supervisors and admins, changed by admins (A3). */
export const assignmentSettingsRoutes = createRouter();

const readSettings = createRoute({
  method: "get",
  path: "/",
  tags: ["settings"],
  summary: "Automatic assignment of new rooms (I12): on or off, and the open rooms an agent may hold",
  security: authed,
  ...requires("rooms.supervise"),
  responses: { 200: json(AssignmentSettingsSchema), 401: errors[401], 403: errors[403] },
});
assignmentSettingsRoutes.openapi(readSettings, async (c) => {
  const actor = authorized(c, "rooms.supervise");
  return c.json(await readAssignmentSettings(c.get("db"), actor.organizationId), 200);
});

const writeSettings = createRoute({
  method: "put",
  path: "/",
  tags: ["settings"],
  summary: "Turn automatic assignment on or off and set the per-agent cap of open rooms (admin, I12)",
  security: authed,
  ...requires("settings.manage"),
  request: { body: jsonBody(AssignmentSettingsSchema) },
  responses: { 200: json(AssignmentSettingsSchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});
assignmentSettingsRoutes.openapi(writeSettings, async (c) => {
  const actor = authorized(c, "settings.manage");
  return c.json(await changeAssignmentSettings(c.get("db"), actor.organizationId, c.req.valid("json")), 200);
});

/** Rule I12: who is available and how loaded (supervisors and admins; agents see only who is online). */
export const teamLoadRoutes = createRouter();

const readTeamLoad = createRoute({
  method: "get",
  path: "/",
  tags: ["team"],
  summary: "Each member's availability as others see it and their open rooms (supervisors, admins; I12)",
  security: authed,
  ...requires("rooms.supervise"),
  responses: { 200: json(TeamLoadSchema), 401: errors[401], 403: errors[403] },
});
teamLoadRoutes.openapi(readTeamLoad, async (c) => {
  const actor = authorized(c, "rooms.supervise");
  return c.json(await teamLoad(c.env, c.get("db"), actor.organizationId), 200);
});
