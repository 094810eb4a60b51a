import { createRoute } from "@hono/zod-openapi";
import { autoResolveEnabled } from "../db/channels";
import { organizationSettings } from "../db/schema";
import { authorize } from "../domain/actor";
import { actorOf } from "../lib/auth";
import { clock } from "../lib/clock";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { SettingsSchema } from "../schemas/rooms";

/** Organization settings. Rule I4: auto-resolve rooms whose 24-hour window expired. */
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
  const actor = actorOf(c);
  authorize(actor, "inbox.use");
  return c.json({ autoResolveExpired: await autoResolveEnabled(c.get("db"), actor.organizationId) }, 200);
});

const write = createRoute({
  method: "put",
  path: "/",
  tags: ["settings"],
  summary: "Change settings (admin)",
  security: authed,
  request: { body: jsonBody(SettingsSchema) },
  responses: { 200: json(SettingsSchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});

settingsRoutes.openapi(write, async (c) => {
  const actor = actorOf(c);
  authorize(actor, "security.manage");
  const body = c.req.valid("json");
  await c
    .get("db")
    .insert(organizationSettings)
    .values({ organizationId: actor.organizationId, ...body, updatedAt: clock.now() })
    .onConflictDoUpdate({ target: organizationSettings.organizationId, set: { ...body, updatedAt: clock.now() } });
  return c.json(body, 200);
});
