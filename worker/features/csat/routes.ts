import { createRoute } from "@hono/zod-openapi";
import { authorized, requires } from "../../lib/auth";
import { clock } from "../../lib/clock";
import { csvContent, csvResponse } from "../../lib/csv";
import { authed, createRouter, errors, json, jsonBody } from "../../lib/router";
import { CsatQuerySchema, CsatReportSchema, CsatSettingsSchema } from "../../schemas/csat";
import { csatCsv, csatReport } from "./report";
import { readCsatSettings, writeCsatSettings } from "./service";

/** Rule R3: `GET /api/reports/csat` and its CSV (supervisors and admins, A3). Mounted by the reports routes. */
export const csatReportRoutes = createRouter();

const base = {
  tags: ["reports"],
  security: authed,
  ...requires("reports.view"),
  request: { query: CsatQuerySchema },
};
const refused = { 400: errors[400], 401: errors[401], 403: errors[403] };

const report = createRoute({
  ...base,
  method: "get",
  path: "/csat",
  summary: "CSAT (R3): satisfaction, response rate, the 1-5 distribution and the responses (paged)",
  responses: { 200: json(CsatReportSchema), ...refused },
});
csatReportRoutes.openapi(report, async (c) => {
  const actor = authorized(c, "reports.view");
  return c.json(await csatReport(c.get("db"), actor.organizationId, c.req.valid("query")), 200);
});

const reportExport = createRoute({
  ...base,
  method: "get",
  path: "/csat.csv",
  summary: "The CSAT report as CSV, with every response of the period",
  responses: { 200: csvContent, ...refused },
});
csatReportRoutes.openapi(reportExport, async (c) => {
  const actor = authorized(c, "reports.view");
  const q = c.req.valid("query");
  return csvResponse(await csatCsv(c.get("db"), actor.organizationId, q), `csat-${q.from}-${q.to}.csv`);
});

/** Rule R3: Settings > CSAT. Read by everyone in the organization, changed by admins. */
export const csatSettingsRoutes = createRouter();

const readSettings = createRoute({
  method: "get",
  path: "/",
  tags: ["settings"],
  summary: "The CSAT survey setting (R3)",
  security: authed,
  responses: { 200: json(CsatSettingsSchema), 401: errors[401], 403: errors[403] },
});
csatSettingsRoutes.openapi(readSettings, async (c) => {
  const actor = authorized(c, "inbox.use");
  return c.json(await readCsatSettings(c.get("db"), actor.organizationId), 200);
});

const writeSettings = createRoute({
  method: "put",
  path: "/",
  tags: ["settings"],
  summary: "Set the CSAT survey (admin): on/off, the question, the approved template for after the window",
  security: authed,
  ...requires("settings.manage"),
  request: { body: jsonBody(CsatSettingsSchema) },
  responses: {
    200: json(CsatSettingsSchema),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    422: errors[422],
  },
});
csatSettingsRoutes.openapi(writeSettings, async (c) => {
  const actor = authorized(c, "settings.manage");
  return c.json(await writeCsatSettings(c.get("db"), actor.organizationId, c.req.valid("json"), clock.now()), 200);
});
