import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { isConstraintViolation } from "../db/errors";
import { deleteQuickReply, insertQuickReply, quickRepliesOf, TEAM, updateQuickReply } from "../db/quick-replies";
import type { Permission } from "../domain/access";
import type { Actor } from "../domain/actor";
import { authorized, requireSessionActor, requires } from "../lib/auth";
import { clock } from "../lib/clock";
import { problems } from "../lib/problem";
import { type AppEnv, authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { IdParamSchema } from "../schemas/identity";
import {
  CreateQuickReplyBodySchema,
  QuickReplyListSchema,
  QuickReplySchema,
  UpdateQuickReplyBodySchema,
} from "../schemas/quick-replies";

/**
 * Rule I8: quick replies (title + message). The team's (`/api/quick-replies`) are managed by admins
 * and used by everyone; issue 17: each person keeps their own beside them (`/api/me/quick-replies`),
 * which only they see and change. Listing gives both, each with its `scope`.
 */
export const quickReplyRoutes = createRouter();
export const myQuickReplyRoutes = createRouter();

const titleTaken = () => problems.conflict("title_taken", "A quick reply with this title exists already.");

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["quick-replies"],
  summary: "Quick replies by title: the team's and your own (`scope`)",
  security: authed,
  responses: { 200: json(QuickReplyListSchema), 401: errors[401], 403: errors[403] },
});

quickReplyRoutes.openapi(list, async (c) => {
  const actor = authorized(c, "inbox.use");
  const person = actor.kind === "api_key" ? null : actor.identityId;
  return c.json({ quickReplies: await quickRepliesOf(c.get("db"), actor.organizationId, person) }, 200);
});

/** Add, change and delete for one kind of owner: the team's (admins) or the caller's own. */
function writeRoutes(
  router: OpenAPIHono<AppEnv>,
  o: { whose: string; permission: Permission; ownerOf: (actor: Actor) => string },
) {
  const tags = ["quick-replies"];
  const add = createRoute({
    method: "post",
    path: "/",
    tags,
    summary: `Add ${o.whose} quick reply`,
    security: authed,
    ...requires(o.permission),
    request: { body: jsonBody(CreateQuickReplyBodySchema) },
    responses: {
      201: json(QuickReplySchema, "Added"),
      400: errors[400],
      401: errors[401],
      403: errors[403],
      409: errors[409],
    },
  });
  router.openapi(add, async (c) => {
    const actor = authorized(c, o.permission);
    const row = await insertQuickReply(
      c.get("db"),
      actor.organizationId,
      c.req.valid("json"),
      o.ownerOf(actor),
      clock.now(),
    );
    if (!row) throw titleTaken();
    return c.json(row, 201);
  });

  const change = createRoute({
    method: "patch",
    path: "/{id}",
    tags,
    summary: `Change ${o.whose} quick reply`,
    security: authed,
    ...requires(o.permission),
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
  router.openapi(change, async (c) => {
    const actor = authorized(c, o.permission);
    const { id } = c.req.valid("param");
    try {
      const row = await updateQuickReply(
        c.get("db"),
        actor.organizationId,
        id,
        o.ownerOf(actor),
        c.req.valid("json"),
        clock.now(),
      );
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
    tags,
    summary: `Delete ${o.whose} quick reply`,
    security: authed,
    ...requires(o.permission),
    request: { params: IdParamSchema },
    responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
  });
  router.openapi(remove, async (c) => {
    const actor = authorized(c, o.permission);
    const deleted = await deleteQuickReply(
      c.get("db"),
      actor.organizationId,
      c.req.valid("param").id,
      o.ownerOf(actor),
    );
    if (!deleted) throw problems.notFound("quick reply");
    return c.body(null, 204);
  });
}

writeRoutes(quickReplyRoutes, { whose: "a team", permission: "quick_replies.manage", ownerOf: () => TEAM });
// An API key is no person: it has no quick replies of its own (403).
writeRoutes(myQuickReplyRoutes, {
  whose: "one of your own",
  permission: "inbox.use",
  ownerOf: (actor) => requireSessionActor(actor).identityId,
});
