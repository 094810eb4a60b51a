/**
 * Broadcast campaigns (rules T6-T9, admins) for the web app. Types come from the worker's zod schemas
 * (type-only imports), as in api.ts.
 */
import type { z } from "@hono/zod-openapi";
import type {
  CampaignListQuerySchema,
  CampaignListSchema,
  CampaignView,
  CreateCampaignBodySchema,
  RecipientListQuerySchema,
  RecipientListSchema,
  RetryResultSchema,
} from "../../worker/schemas/campaigns";
import { authed, enc, q } from "./http";

export type { CampaignView, RecipientViewJson as CampaignRecipient } from "../../worker/schemas/campaigns";

type In<S extends z.ZodType> = z.input<S>;
type Out<S extends z.ZodType> = z.infer<S>;
type Query<S extends z.ZodType> = Partial<z.infer<S>>;

export type CreateCampaignBody = In<typeof CreateCampaignBodySchema>;
export type CampaignVariable = NonNullable<CreateCampaignBody["variables"]>[number];
export type CampaignRecipientState = NonNullable<Query<typeof RecipientListQuerySchema>["status"]>;

export const campaignsApi = {
  campaigns: (params: Query<typeof CampaignListQuerySchema> = {}) =>
    authed<Out<typeof CampaignListSchema>>("GET", `/api/campaigns${q(params)}`),
  campaign: (id: string) => authed<CampaignView>("GET", `/api/campaigns/${enc(id)}`),
  /** The same `idempotencyKey` for a retry of the same form: one campaign is created. */
  createCampaign: (body: CreateCampaignBody, idempotencyKey: string) =>
    authed<CampaignView>("POST", "/api/campaigns", body, { "Idempotency-Key": idempotencyKey }),
  campaignRecipients: (id: string, params: Query<typeof RecipientListQuerySchema> = {}) =>
    authed<Out<typeof RecipientListSchema>>("GET", `/api/campaigns/${enc(id)}/recipients${q(params)}`),
  campaignCsvUrl: (id: string) => `/api/campaigns/${enc(id)}/recipients.csv`,
  cancelCampaign: (id: string) => authed<CampaignView>("POST", `/api/campaigns/${enc(id)}/cancel`),
  retryCampaign: (id: string) => authed<Out<typeof RetryResultSchema>>("POST", `/api/campaigns/${enc(id)}/retry`),
};
