import { createRoute } from "@hono/zod-openapi";
import { authorized, requires } from "../../lib/auth";
import { problems } from "../../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../../lib/router";
import {
  RingGroupBodySchema,
  RingGroupIdParamSchema,
  RingGroupListSchema,
  RingGroupPatchSchema,
  RingGroupSchema,
} from "../../schemas/calls";
import { createRingGroup, removeRingGroup, ringGroupView, updateRingGroup } from "./ring-groups";
import { ringGroupOf, ringGroupsOf } from "./ring-groups-repo";

/** Ring groups (rules C5, C6, C8), supervisors and admins: mounted at /api/ring-groups. */
export const ringGroupRoutes = createRouter();

const base = { tags: ["calls"], security: authed, ...requires("ring_groups.manage") };
const refused = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] };
const taken = { ...errors[409], description: "agent_in_other_group (C8)" };

ringGroupRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/",
    summary: "Every ring group",
    responses: { 200: json(RingGroupListSchema), ...refused },
  }),
  async (c) => {
    const actor = authorized(c, "ring_groups.manage");
    const groups = await ringGroupsOf(c.get("db"), actor.organizationId);
    return c.json({ ringGroups: groups.map(ringGroupView) }, 200);
  },
);

ringGroupRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/",
    request: { body: jsonBody(RingGroupBodySchema) },
    summary: "Create a ring group of a number: round_robin or ring_all, members in order, ring timeout 30-60 s",
    responses: { 201: json(RingGroupSchema), ...refused, 409: taken },
  }),
  async (c) => {
    const actor = authorized(c, "ring_groups.manage");
    return c.json(await createRingGroup(c.get("db"), actor.organizationId, c.req.valid("json")), 201);
  },
);

ringGroupRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}",
    request: { params: RingGroupIdParamSchema },
    summary: "One ring group",
    responses: { 200: json(RingGroupSchema), ...refused },
  }),
  async (c) => {
    const actor = authorized(c, "ring_groups.manage");
    const group = await ringGroupOf(c.get("db"), actor.organizationId, c.req.valid("param").id);
    if (!group) throw problems.notFound("ring group");
    return c.json(ringGroupView(group), 200);
  },
);

ringGroupRoutes.openapi(
  createRoute({
    ...base,
    method: "patch",
    path: "/{id}",
    request: { params: RingGroupIdParamSchema, body: jsonBody(RingGroupPatchSchema) },
    summary: "Change a ring group's name, mode, members or ring timeout",
    responses: { 200: json(RingGroupSchema), ...refused, 409: taken },
  }),
  async (c) => {
    const actor = authorized(c, "ring_groups.manage");
    const { id } = c.req.valid("param");
    return c.json(await updateRingGroup(c.get("db"), actor.organizationId, id, c.req.valid("json")), 200);
  },
);

ringGroupRoutes.openapi(
  createRoute({
    ...base,
    method: "delete",
    path: "/{id}",
    request: { params: RingGroupIdParamSchema },
    summary: "Delete a ring group",
    responses: { 204: { description: "Deleted" }, ...refused },
  }),
  async (c) => {
    const actor = authorized(c, "ring_groups.manage");
    await removeRingGroup(c.get("db"), actor.organizationId, c.req.valid("param").id);
    return c.body(null, 204);
  },
);
