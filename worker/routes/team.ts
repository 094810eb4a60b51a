import { createRoute } from "@hono/zod-openapi";
import { usersOf } from "../db/identity";
import { authorized } from "../lib/auth";
import { authed, createRouter, errors, json } from "../lib/router";
import { TeamSchema } from "../schemas/rooms";

/** Everyone's colleagues: names and roles (no emails) and who has the inbox open, for assigning rooms. */
export const teamRoutes = createRouter();

const team = createRoute({
  method: "get",
  path: "/",
  tags: ["team"],
  summary: "The organization's members with their role and whether they are online",
  security: authed,
  responses: { 200: json(TeamSchema), 401: errors[401], 403: errors[403] },
});

teamRoutes.openapi(team, async (c) => {
  const actor = authorized(c, "inbox.use");
  const [users, online] = await Promise.all([
    usersOf(c.get("db"), actor.organizationId),
    c.env.INBOX.getByName(actor.organizationId).online(),
  ]);
  const isOnline = new Set(online);
  return c.json(
    { members: users.map((u) => ({ id: u.id, name: u.name, role: u.role, online: isOnline.has(u.id) })) },
    200,
  );
});
