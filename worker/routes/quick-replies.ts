import { createRoute } from "@hono/zod-openapi";
import { isConstraintViolation } from "../db/errors";
import {
  deleteQuickReply,
  insertQuickReply,
  quickRepliesOf,
  quickReplyExists,
  updateQuickReply,
} from "../db/quick-replies";
import { authorized, requires } from "../lib/auth";
import { clock } from "../lib/clock";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { IdParamSchema } from "../schemas/identity";
import {
  CreateQuickReplyBodySchema,
  QuickReplyListSchema,
  QuickReplySchema,
  UpdateQuickReplyBodySchema,
} from "../schemas/rooms";

/** Rule I8: quick replies (title + message), managed by admins, used by everyone. */
export const quickReplyRoutes = createRouter();

const titleTaken = () => problems.conflict("title_taken", "A quick reply with this title exists already.");

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["quick-replies"],
  summary: "Quick replies, by title",
  security: authed,
  responses: { 200: json(QuickReplyListSchema), 401: errors[401], 403: errors[403] },
});

quickReplyRoutes.openapi(list, async (c) => {
  const actor = authorized(c, "inbox.use");
  const rows = await quickRepliesOf(c.get("db"), actor.organizationId);
  return c.json({ quickReplies: rows }, 200);
});

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["quick-replies"],
  summary: "Add a quick reply (admin)",
  security: authed,
  ...requires("quick_replies.manage"),
  request: { body: jsonBody(CreateQuickReplyBodySchema) },
  responses: {
    201: json(QuickReplySchema, "Added"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
  },
});

quickReplyRoutes.openapi(create, async (c) => {
  const actor = authorized(c, "quick_replies.manage");
  const row = await insertQuickReply(c.get("db"), actor.organizationId, c.req.valid("json"), clock.now());
  if (!row) throw titleTaken();
  return c.json(row, 201);
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["quick-replies"],
  summary: "Change a quick reply (admin)",
  security: authed,
  ...requires("quick_replies.manage"),
  request: { params: IdParamSchema, body: jsonBody(UpdateQuickReplyBodySchema) },
  responses: {
    200: json(QuickReplySchema),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

quickReplyRoutes.openapi(update, async (c) => {
  const actor = authorized(c, "quick_replies.manage");
  const { id } = c.req.valid("param");
  const db = c.get("db");
  if (!(await quickReplyExists(db, actor.organizationId, id))) throw problems.notFound("quick reply");
  try {
    const row = await updateQuickReply(db, actor.organizationId, id, c.req.valid("json"), clock.now());
    if (!row) throw problems.notFound("quick reply");
    return c.json(row, 200);
  } catch (err) {
    if (isConstraintViolation(err)) throw titleTaken();
    throw err;
  }
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["quick-replies"],
  summary: "Delete a quick reply (admin)",
  security: authed,
  ...requires("quick_replies.manage"),
  request: { params: IdParamSchema },
  responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
});

quickReplyRoutes.openapi(remove, async (c) => {
  const actor = authorized(c, "quick_replies.manage");
  if (!(await deleteQuickReply(c.get("db"), actor.organizationId, c.req.valid("param").id))) {
    throw problems.notFound("quick reply");
  }
  return c.body(null, 204);
});
