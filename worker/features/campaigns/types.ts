import type { TemplateHeaderParameter } from "../../channels/template-types";
import type { CampaignStatus, RecipientCounts } from "../../db/schema-campaigns";
import type { RecipientState } from "../../domain/campaign";
import type { Receipt } from "../billing/service";

/** What a campaign's object is given at create: everything it needs to send without reading D1. */
export interface CampaignConfig {
  id: string;
  organizationId: string;
  channelId: string;
  templateName: string;
  language: string;
  category: "MARKETING" | "UTILITY" | "AUTHENTICATION";
  /** ms since the epoch when to start; null: now. */
  scheduledAt: number | null;
  /** The channel's messages per second (80 by default, `channel_throughput`). */
  messagesPerSecond: number;
  /** Recipients left out at create because they opted out (MARKETING only). */
  skipped: number;
  /** Rule T3: the template's URL buttons with a `{{1}}` suffix, by button index. */
  urlButtonIndexes: number[];
  /** The campaign's name, for the rooms its messages show in (rule I3; absent in campaigns created before). */
  name?: string;
  /** The template's body, to show each recipient's message in its room (rule I3; absent before). */
  bodyText?: string;
  /** Rule T3: a media header's file, the same for every recipient (absent in campaigns created before it). */
  headerMedia?: TemplateHeaderParameter | null;
}

/** A recipient's frozen template parameters (T6: mapped when the campaign was created). */
export interface RecipientParams {
  body: string[];
  header: string[];
  buttons: string[];
}

export interface NewRecipient {
  phone: string;
  params: RecipientParams;
}

/** One recipient handed to a send (the queue message carries only ids; `take` gives the rest). */
export interface SendJob {
  campaignId: string;
  recipientId: number;
  attempt: number;
  phone: string;
  params: RecipientParams;
  organizationId: string;
  channelId: string;
  templateName: string;
  language: string;
  category: CampaignConfig["category"];
  urlButtonIndexes: number[];
  headerMedia: TemplateHeaderParameter | null;
  /** The campaign's sends per second now (its share of the number's, halved after a deferral). */
  perSecond: number;
}

/** The queue message: a few claimed recipients of one campaign. */
export interface SendBatchMessage {
  campaignId: string;
  items: { id: number; attempt: number }[];
}

/** What the sender reports back for one recipient. */
export type SendOutcome =
  | { kind: "sent"; providerMessageId: string; held: boolean; receipt: Receipt | null }
  | { kind: "failed"; code: string; httpStatus: number | null; receipt: Receipt | null }
  | { kind: "no_balance" }
  /** Not sent: the number's throughput has no time for it soon (other batches or campaigns); claimed again later. */
  | { kind: "deferred" }
  /** The number's daily messaging limit has no place for this recipient (issue 13, item 6). */
  | { kind: "limit_reached" }
  /** Not sent: the campaign was cancelled while its batch was sending; its charge was given back. */
  | { kind: "cancelled" };

/** One recipient's outcome as the sender reports it (`report`). */
export interface SendReport {
  id: number;
  attempt: number;
  outcome: SendOutcome;
}

export interface RecipientView {
  id: number;
  phone: string;
  state: RecipientState;
  reason: string | null;
  providerMessageId: string | null;
  attempt: number;
  updatedAt: number;
}

export interface CampaignProgress {
  status: CampaignStatus;
  stopReason: string | null;
  counts: RecipientCounts;
  total: number;
  cost: number;
}

/** A recipient's status from a status webhook (via the `campaign.status` event). */
export interface RecipientStatus {
  recipientId: number;
  /** The send the status is of (its callback data); absent for sends from before attempts were named. */
  attempt?: number | null;
  status: "sent" | "delivered" | "read" | "failed";
  errorCode: string | null;
  providerMessageId: string;
}
