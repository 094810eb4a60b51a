import { createRoute } from "@hono/zod-openapi";
import { actorOf, requireSessionActor } from "../../lib/auth";
import { createRouter, errors, json, jsonBody } from "../../lib/router";
import { MeSchema } from "../../schemas/identity";
import { UpdateProfileBodySchema } from "../../schemas/profile";
import { updateProfile } from "./service";

/** Issue 17 item 7: `PATCH /api/me`, the profile page (name per rule I7, language, notification choices). */
export const profileRoutes = createRouter();

const patchMe = createRoute({
  method: "patch",
  path: "/",
  tags: ["me"],
  summary:
    "Change your profile: name (only where you administer each of your organizations, I7), language, notification sound and desktop notifications",
  security: [{ session: [] }],
  request: { body: jsonBody(UpdateProfileBodySchema) },
  responses: { 200: json(MeSchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});
profileRoutes.openapi(patchMe, async (c) => {
  const actor = requireSessionActor(actorOf(c));
  return c.json(await updateProfile(c.env, c.get("db"), actor, c.req.valid("json")), 200);
});
