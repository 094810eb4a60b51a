/**
 * Tenant webhooks (G5, issue 15): a campaign's start and end as domain events on the events queue,
 * published by the campaign's object when its status changes (after the change is written to D1).
 * Each announcement has an id of its own (`<campaign id>:<n>`): a repeated publish is the same event,
 * which listeners apply once.
 */
import type { CampaignStatus } from "../../db/schema-campaigns";
import { publishEvents } from "../../events/publish";
import type { DomainEvent } from "../../events/types";
import type { RecipientStore } from "./recipient-store";
import type { CampaignConfig, CampaignProgress } from "./types";

const ENDED: ReadonlySet<CampaignStatus> = new Set(["completed", "partially_completed", "failed", "cancelled"]);

interface Announced {
  status: CampaignStatus;
  n: number;
}

/** The event a status change announces: entering `running` starts, entering an end status completes. */
function eventFor(before: CampaignStatus, now: CampaignStatus): "campaign.started" | "campaign.completed" | null {
  if (before === now) return null;
  if (now === "running") return "campaign.started";
  return ENDED.has(now) ? "campaign.completed" : null;
}

export async function announceStatus(
  env: Env,
  store: RecipientStore,
  config: CampaignConfig,
  p: CampaignProgress,
  at: number,
): Promise<void> {
  const last = store.get<Announced>("announced") ?? { status: "scheduled", n: 0 };
  const type = eventFor(last.status, p.status);
  if (type) {
    const { id: campaignId, organizationId, channelId, templateName, language } = config;
    const common = {
      id: `${campaignId}:${last.n + 1}`,
      at,
      organizationId,
      campaignId,
      channelId,
      templateName,
      language,
    };
    const event: DomainEvent =
      type === "campaign.started"
        ? { ...common, type, total: p.total }
        : {
            ...common,
            type,
            status: p.status,
            stopReason: p.stopReason,
            total: p.total,
            counts: p.counts,
            cost: p.cost,
          };
    await publishEvents(env, [event]);
  }
  if (last.status !== p.status) store.set("announced", { status: p.status, n: last.n + (type ? 1 : 0) });
}
