import { createRoute } from "@hono/zod-openapi";
import { csatReportRoutes } from "../features/csat/routes";
import { agentsCsv, agentsReport, overviewCsv, overviewReport } from "../features/reports/service";
import { authorized, requires } from "../lib/auth";
import { csvContent, csvResponse } from "../lib/csv";
import { authed, createRouter, errors, json } from "../lib/router";
import { AgentsReportSchema, OverviewReportSchema, ReportQuerySchema } from "../schemas/reports";

/** Rules R1, R2 (supervisors and admins): conversations and response times, as JSON or CSV. */
export const reportRoutes = createRouter();

const base = {
  tags: ["reports"],
  security: authed,
  ...requires("reports.view"),
  request: { query: ReportQuerySchema },
};
const refused = { 400: errors[400], 401: errors[401], 403: errors[403] };

const overview = createRoute({
  ...base,
  method: "get",
  path: "/overview",
  summary: "Chats by day and channel (R1), first response and resolution times (R2), messages in and out",
  responses: { 200: json(OverviewReportSchema), ...refused },
});
reportRoutes.openapi(overview, async (c) => {
  const actor = authorized(c, "reports.view");
  return c.json(await overviewReport(c.get("db"), actor.organizationId, c.req.valid("query")), 200);
});

const overviewExport = createRoute({
  ...base,
  method: "get",
  path: "/overview.csv",
  summary: "The overview as CSV",
  responses: { 200: csvContent, ...refused },
});
reportRoutes.openapi(overviewExport, async (c) => {
  const actor = authorized(c, "reports.view");
  const q = c.req.valid("query");
  return csvResponse(
    overviewCsv(await overviewReport(c.get("db"), actor.organizationId, q)),
    `overview-${q.from}-${q.to}.csv`,
  );
});

const agents = createRoute({
  ...base,
  method: "get",
  path: "/agents",
  summary: "The same figures per agent holding the conversations",
  responses: { 200: json(AgentsReportSchema), ...refused },
});
reportRoutes.openapi(agents, async (c) => {
  const actor = authorized(c, "reports.view");
  return c.json(await agentsReport(c.get("db"), actor.organizationId, c.req.valid("query")), 200);
});

const agentsExport = createRoute({
  ...base,
  method: "get",
  path: "/agents.csv",
  summary: "The agents report as CSV",
  responses: { 200: csvContent, ...refused },
});
reportRoutes.openapi(agentsExport, async (c) => {
  const actor = authorized(c, "reports.view");
  const q = c.req.valid("query");
  return csvResponse(
    agentsCsv(await agentsReport(c.get("db"), actor.organizationId, q)),
    `agents-${q.from}-${q.to}.csv`,
  );
});

// Rule R3: the CSAT report lives with the CSAT feature.
reportRoutes.route("/", csatReportRoutes);
