/**
 * The campaigns' listener of domain events (issue 13):
 * - `campaign.recipient_status`: status webhooks of campaign messages, to their campaign's object
 *   (forward only, idempotent there), only for a campaign of the event's organization;
 * - `template.status_changed` to PAUSED or DISABLED: the template's running campaigns stop (T8);
 * - `message.created` inbound "STOP" / "BERHENTI": the customer opts out of later MARKETING
 *   campaigns; "START" / "MULAI" opts back in (T10).
 */
import { createDb } from "../../db/client";
import { isOptInText, isOptOutText } from "../../domain/campaign";
import type { Listener } from "../../events/listeners";
import type { DomainEvent, EventOf } from "../../events/types";
import { addOptIn, addOptOut, phoneOfRoom } from "./opt-outs";
import { activeCampaignsOfTemplate, campaignById } from "./repo";
import { campaignStub } from "./service";

type MessageEvent = Extract<DomainEvent, { type: "message.created" | "message.updated" }>;
const isKeyword = (e: DomainEvent): e is MessageEvent =>
  e.type === "message.created" &&
  e.message.direction === "in" &&
  (isOptOutText(e.message.text) || isOptInText(e.message.text));
const isTemplateStop = (e: DomainEvent): e is EventOf<"template.status_changed"> =>
  e.type === "template.status_changed" && (e.status === "PAUSED" || e.status === "DISABLED");

export const campaignEvents: Listener = {
  name: "campaigns",
  wants: (e) => e.type === "campaign.recipient_status" || isKeyword(e) || isTemplateStop(e),
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const byCampaign = new Map<string, EventOf<"campaign.recipient_status">[]>();
    for (const e of events) {
      if (e.type !== "campaign.recipient_status") continue;
      const key = `${e.organizationId}/${e.campaignId}`;
      byCampaign.set(key, [...(byCampaign.get(key) ?? []), e]);
    }
    for (const list of byCampaign.values()) {
      const first = list[0];
      if (!first || !(await campaignById(db, first.organizationId, first.campaignId))) continue;
      await campaignStub(env, first.campaignId).applyStatuses(
        list.map((e) => ({
          recipientId: e.recipientId,
          attempt: e.attempt ?? null,
          status: e.status,
          errorCode: e.errorCode,
          providerMessageId: e.providerMessageId,
        })),
      );
    }
    for (const e of events.filter(isTemplateStop)) {
      const reason = e.status === "PAUSED" ? "template_paused" : "template_disabled";
      for (const c of await activeCampaignsOfTemplate(db, e.templateId)) await campaignStub(env, c.id).stop(reason);
    }
    // Rule T10, by when the room stored the message: a STOP and a START applied in either order end the same.
    for (const e of events.filter(isKeyword)) {
      const phone = await phoneOfRoom(db, e.organizationId, e.roomId);
      if (!phone) continue;
      if (isOptOutText(e.message.text)) await addOptOut(db, e.organizationId, phone, "keyword", e.message.createdAt);
      else await addOptIn(db, e.organizationId, phone, e.message.createdAt);
    }
  },
};
