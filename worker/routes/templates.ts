import { createRoute } from "@hono/zod-openapi";
import { desc, eq } from "drizzle-orm";
import { channelOf } from "../db/channels";
import { templates } from "../db/schema";
import { authorize } from "../domain/actor";
import { actorOf } from "../lib/auth";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { CreateTemplateBodySchema, TemplateListSchema, TemplateSchema } from "../schemas/rooms";

/**
 * Message templates (rule T1), minimal: a template starts PENDING; provider review, validation (T2)
 * and OTP (T4) arrive with template management.
 */
export const templateRoutes = createRouter();

type Row = typeof templates.$inferSelect;
const view = (t: Row) => ({ ...t, components: t.components as { type: string; text?: string }[] });

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["templates"],
  summary: "The organization's templates",
  security: authed,
  responses: { 200: json(TemplateListSchema), 401: errors[401], 403: errors[403] },
});

templateRoutes.openapi(list, async (c) => {
  const actor = actorOf(c);
  authorize(actor, "inbox.use");
  const rows = await c
    .get("db")
    .select()
    .from(templates)
    .where(eq(templates.organizationId, actor.organizationId))
    .orderBy(desc(templates.createdAt));
  return c.json({ templates: rows.map(view) }, 200);
});

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["templates"],
  summary: "Create a template (admin); it starts PENDING",
  security: authed,
  request: { body: jsonBody(CreateTemplateBodySchema) },
  responses: {
    201: json(TemplateSchema, "Created"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

templateRoutes.openapi(create, async (c) => {
  const actor = actorOf(c);
  authorize(actor, "integrations.manage");
  const db = c.get("db");
  const body = c.req.valid("json");
  if (!(await channelOf(db, actor.organizationId, body.channelId))) throw problems.notFound("channel");
  const [row] = await db
    .insert(templates)
    .values({ id: crypto.randomUUID(), organizationId: actor.organizationId, ...body, status: "PENDING" })
    .onConflictDoNothing()
    .returning();
  if (!row) throw problems.conflict("name_taken", "This channel already has a template with this name and language.");
  return c.json(view(row), 201);
});
