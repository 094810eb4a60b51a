import { createRoute, z } from "@hono/zod-openapi";
import { recentMail } from "../db/mail-outbox";
import { DEMO_PASSWORD, seedDemoTenant, seedDemoWidget } from "../db/seed";
import { isDevelopment } from "../lib/env";
import { problems } from "../lib/problem";
import { createRouter, errors, json } from "../lib/router";
import { EmailSchema, OutboxSchema } from "../schemas/identity";

/**
 * Development-only helpers: the mail outbox and the demo seed. Outside `ENVIRONMENT=development`
 * every route here answers 404, exactly like a route that does not exist.
 */
export const devRoutes = createRouter();

devRoutes.use("*", async (c, next) => {
  if (!isDevelopment(c.env)) throw problems.notFound("route");
  await next();
});

const outbox = createRoute({
  method: "get",
  path: "/outbox",
  tags: ["development"],
  summary: "Mail the development Mailer sent, newest first (development only)",
  request: { query: z.object({ to: EmailSchema.optional() }) },
  responses: { 200: json(OutboxSchema), 400: errors[400], 404: errors[404] },
});

devRoutes.openapi(outbox, async (c) => {
  const { to } = c.req.valid("query");
  const rows = await recentMail(c.get("db"), to?.toLowerCase());
  return c.json({ messages: rows }, 200);
});

const seed = createRoute({
  method: "post",
  path: "/seed",
  tags: ["development"],
  summary: "Create the demo tenant if missing (development only, idempotent)",
  responses: {
    200: json(z.object({ organization: z.string(), users: z.array(z.string()), password: z.string() })),
    404: errors[404],
  },
});

devRoutes.openapi(seed, async (c) => {
  const result = await seedDemoTenant(c.get("db"));
  // Issue 16, item 7: the demo webchat widget, for the sandbox page on http://localhost:<port> (G2).
  await seedDemoWidget(c.get("db"), `http://localhost:${new URL(c.req.url).port || "80"}`);
  return c.json({ ...result, password: DEMO_PASSWORD }, 200);
});
