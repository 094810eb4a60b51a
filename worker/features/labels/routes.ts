import { createRoute } from "@hono/zod-openapi";
import { authorized, requires } from "../../lib/auth";
import { authed, createRouter, errors, json, jsonBody } from "../../lib/router";
import {
  CreateLabelBodySchema,
  LabelIdParamSchema,
  LabelListQuerySchema,
  LabelListSchema,
  LabelSchema,
  UpdateLabelBodySchema,
} from "../../schemas/labels";
import { changeLabel, createLabel, labelsOf, removeLabel } from "./service";

/** Rule I11: `/api/labels`. Everyone in the inbox reads them; admins and supervisors manage them (A3). */
export const labelRoutes = createRouter();

const refused = { 400: errors[400], 401: errors[401], 403: errors[403] };

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["labels"],
  summary: "The organization's labels, by name (I11); `count=open` adds each one's open rooms",
  security: authed,
  request: { query: LabelListQuerySchema },
  responses: { 200: json(LabelListSchema), 401: errors[401], 403: errors[403] },
});
labelRoutes.openapi(list, async (c) => {
  const actor = authorized(c, "inbox.use");
  const counts = c.req.valid("query").count === "open";
  return c.json({ labels: await labelsOf(c.get("db"), actor.organizationId, counts) }, 200);
});

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["labels"],
  summary: "A new label (admins and supervisors); a name taken is 409 label_exists",
  security: authed,
  ...requires("labels.manage"),
  request: { body: jsonBody(CreateLabelBodySchema) },
  responses: { 201: json(LabelSchema, "Created"), ...refused, 409: errors[409] },
});
labelRoutes.openapi(create, async (c) => {
  const actor = authorized(c, "labels.manage");
  return c.json(await createLabel(c.env, c.get("db"), actor.organizationId, c.req.valid("json")), 201);
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["labels"],
  summary: "Rename or recolour a label (admins and supervisors)",
  security: authed,
  ...requires("labels.manage"),
  request: { params: LabelIdParamSchema, body: jsonBody(UpdateLabelBodySchema) },
  responses: { 200: json(LabelSchema), ...refused, 404: errors[404], 409: errors[409] },
});
labelRoutes.openapi(update, async (c) => {
  const actor = authorized(c, "labels.manage");
  const label = await changeLabel(
    c.env,
    c.get("db"),
    actor.organizationId,
    c.req.valid("param").id,
    c.req.valid("json"),
  );
  return c.json(label, 200);
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["labels"],
  summary: "Delete a label; it leaves every room (admins and supervisors)",
  security: authed,
  ...requires("labels.manage"),
  request: { params: LabelIdParamSchema },
  responses: { 204: { description: "Deleted" }, ...refused, 404: errors[404] },
});
labelRoutes.openapi(remove, async (c) => {
  const actor = authorized(c, "labels.manage");
  await removeLabel(c.env, c.get("db"), actor.organizationId, c.req.valid("param").id);
  return c.body(null, 204);
});
