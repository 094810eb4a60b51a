/**
 * Reports (rules R1-R3) for the web app: the overview, agents, call activity and CSAT. Types come from
 * the worker's zod schemas (type-only imports), as in api.ts.
 */
import type { z } from "@hono/zod-openapi";
import type { CallReportSchema } from "../../worker/schemas/calls";
import type { CsatReportSchema } from "../../worker/schemas/csat";
import type { AgentsReportSchema, OverviewReportSchema } from "../../worker/schemas/reports";
import { authed, q } from "./http";

export type OverviewReport = z.infer<typeof OverviewReportSchema>;
export type AgentsReport = z.infer<typeof AgentsReportSchema>;
export type CsatReport = z.infer<typeof CsatReportSchema>;
export type CallReport = z.infer<typeof CallReportSchema>;
export type CallReportQuery = { from: string; to: string; direction?: string; status?: string; cursor?: string };
export type ReportQuery = { from: string; to: string; channelId?: string | undefined; tz?: string | undefined };

export const reportsApi = {
  reportOverview: (query: ReportQuery) => authed<OverviewReport>("GET", `/api/reports/overview${q(query)}`),
  reportAgents: (query: ReportQuery) => authed<AgentsReport>("GET", `/api/reports/agents${q(query)}`),
  reportCalls: (query: CallReportQuery) => authed<CallReport>("GET", `/api/reports/calls${q(query)}`),
  reportCsat: (query: ReportQuery & { cursor?: string | undefined; limit?: number }) =>
    authed<CsatReport>("GET", `/api/reports/csat${q(query)}`),
};
