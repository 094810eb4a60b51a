import { env } from "cloudflare:workers";
import { WHATSAPP_POLICY } from "../../worker/domain/channel-policy";
import type { SendToCharge } from "../../worker/features/billing/service";

export interface TestPackage {
  credit: number;
  muv: number;
  balance: number;
}

/** A fresh tenant with a package of its own, so each billing scenario starts from known amounts (B1). */
export async function billingTenant(id: string, pkg: TestPackage, timeZone = "Asia/Jakarta"): Promise<string> {
  await env.DB.batch([
    env.DB.prepare("INSERT INTO organizations (id, name, time_zone) VALUES (?, ?, ?)").bind(id, id, timeZone),
    env.DB.prepare(
      "INSERT INTO packages (organization_id, monthly_conversation_credit, muv_quota, package_balance, updated_at) VALUES (?, ?, ?, ?, 0)",
    ).bind(id, pkg.credit, pkg.muv, pkg.balance),
  ]);
  return id;
}

/** A reply to one customer of `org`, charged at `now`; any field can be given. */
export const sendFor = (org: string, over: Partial<SendToCharge> & { now: number }): SendToCharge => ({
  organizationId: org,
  channelId: `ch-wa-${org}`,
  contactId: "contact-a",
  contactExternalId: "628912345678",
  roomId: "room-1",
  messageId: crypto.randomUUID(),
  send: "reply",
  policy: WHATSAPP_POLICY,
  ...over,
});
