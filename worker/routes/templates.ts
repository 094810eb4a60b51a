import { createRoute } from "@hono/zod-openapi";
import { deleteTemplate, listTemplates, submitTemplate, templateOf, templateView } from "../features/templates/service";
import { authorized, requires } from "../lib/auth";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import {
  CreateTemplateBodySchema,
  TemplateIdParamSchema,
  TemplateListQuerySchema,
  TemplateViewListSchema,
  TemplateViewSchema,
} from "../schemas/templates";

/**
 * Message templates (rules T1-T4). Everyone reads them (agents pick approved ones in the composer);
 * admins submit and delete. POST validates every T2 rule at once (400 `validation_failed`, one
 * `errors[]` entry per failed rule, its `code` naming the rule), asks for the OTP when T4 says so,
 * and submits to the provider: the template starts PENDING and the provider's webhooks move it.
 * A submitted template is never edited (409 `template_immutable`): delete it and submit anew.
 */
export const templateRoutes = createRouter();

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["templates"],
  summary: "The organization's templates, newest first; filter by status, category, language, channelId",
  security: authed,
  request: { query: TemplateListQuerySchema },
  responses: { 200: json(TemplateViewListSchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});

templateRoutes.openapi(list, async (c) => {
  const actor = authorized(c, "inbox.use");
  return c.json({ templates: await listTemplates(c.get("db"), actor.organizationId, c.req.valid("query")) }, 200);
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["templates"],
  summary: "One template, with its status, quality and rejection reason",
  security: authed,
  request: { params: TemplateIdParamSchema },
  responses: { 200: json(TemplateViewSchema), 401: errors[401], 403: errors[403], 404: errors[404] },
});

templateRoutes.openapi(read, async (c) => {
  const actor = authorized(c, "inbox.use");
  return c.json(templateView(await templateOf(c.get("db"), actor.organizationId, c.req.valid("param").id)), 200);
});

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["templates"],
  summary:
    "Submit a template (admin): validated per T2 (every failed rule in errors[]), OTP per T4, then PENDING " +
    "at the provider. 422 otp_required / otp_invalid, 429 otp_locked, 422 provider_rejected, 502 provider_unavailable",
  security: authed,
  ...requires("integrations.manage"),
  request: { body: jsonBody(CreateTemplateBodySchema) },
  responses: {
    201: json(TemplateViewSchema, "Submitted: PENDING"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    422: errors[422],
    429: errors[429],
  },
});

templateRoutes.openapi(create, async (c) => {
  const actor = authorized(c, "integrations.manage");
  return c.json(await submitTemplate(c.env, c.get("db"), actor, c.req.valid("json")), 201);
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["templates"],
  summary: "Delete a template, here and at the provider (admin)",
  security: authed,
  ...requires("integrations.manage"),
  request: { params: TemplateIdParamSchema },
  responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
});

templateRoutes.openapi(remove, async (c) => {
  const actor = authorized(c, "integrations.manage");
  await deleteTemplate(c.env, c.get("db"), actor.organizationId, c.req.valid("param").id);
  return c.body(null, 204);
});

for (const method of ["patch", "put"] as const) {
  const edit = createRoute({
    method,
    path: "/{id}",
    tags: ["templates"],
    summary: "Never allowed: a submitted template is not edited (T3). Delete it and submit a new one",
    security: authed,
    ...requires("integrations.manage"),
    request: { params: TemplateIdParamSchema },
    responses: { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] },
  });
  templateRoutes.openapi(edit, async (c) => {
    const actor = authorized(c, "integrations.manage");
    await templateOf(c.get("db"), actor.organizationId, c.req.valid("param").id);
    throw problems.conflict(
      "template_immutable",
      "A submitted template cannot be edited. Delete it and submit a new one under another name.",
    );
  });
}
