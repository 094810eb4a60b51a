import { createRoute } from "@hono/zod-openapi";
import { authorized, requires } from "../../lib/auth";
import { csvContent, csvResponse } from "../../lib/csv";
import { authed, createRouter, errors, json } from "../../lib/router";
import { CallReportQuerySchema, CallReportSchema } from "../../schemas/calls";
import { allCallActivity, callActivity, callActivityCsv } from "./report";

/** Rule C10: call activity (supervisors and admins), mounted beside the reports at /api/reports. */
export const callReportRoutes = createRouter();

const base = {
  tags: ["reports"],
  security: authed,
  ...requires("reports.view"),
  request: { query: CallReportQuerySchema },
};
const refused = { 400: errors[400], 401: errors[401], 403: errors[403] };

callReportRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/calls",
    summary:
      "Call activity, a page at a time: direction, Answered/Unanswered, agent (N/A when none), start, duration, cost (C10)",
    responses: { 200: json(CallReportSchema), ...refused },
  }),
  async (c) => {
    const actor = authorized(c, "reports.view");
    return c.json(await callActivity(c.get("db"), actor.organizationId, c.req.valid("query")), 200);
  },
);

callReportRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/calls.csv",
    summary: "Call activity as CSV: every call of the filter (cursor and limit are ignored)",
    responses: { 200: csvContent, ...refused },
  }),
  async (c) => {
    const actor = authorized(c, "reports.view");
    const q = c.req.valid("query");
    return csvResponse(
      callActivityCsv(await allCallActivity(c.get("db"), actor.organizationId, q)),
      `calls-${q.from}-${q.to}.csv`,
    );
  },
);
