/**
 * The pre-send estimate (rule T11; issue 13, item 6; B3, B4, B6, T7): what a campaign would cost, by category
 * (recipients already in an open conversation of the category cost nothing more, B3)
 * and for unique visitors beyond the month's quota, against the WhatsApp balance; and its unique
 * recipients against the number's daily messaging limit. Create refuses what the estimate says does
 * not fit (422 `balance_short`, `messaging_limit_exceeded`) unless the request says allowPartial.
 */
import type { Db } from "../../db/client";
import { visitorScope, WHATSAPP_POLICY } from "../../domain/channel-policy";
import { messagingLimitCheck } from "../../domain/messaging-limit";
import { Problem } from "../../lib/problem";
import type { CampaignEstimate } from "../../schemas/campaigns";
import { campaignContactId, openConversationsAmong } from "../billing/conversations-repo";
import { visitorsAmong } from "../billing/repo";
import { currentAccount } from "../billing/service";
import { reachedAmong, tierOf, usedLast24h } from "./limits";
import type { PreparedCampaign } from "./prepare";

export async function estimateCampaign(
  db: Db,
  org: string,
  p: PreparedCampaign,
  now: number,
): Promise<CampaignEstimate> {
  const channelId = p.template.channelId;
  const phones = p.recipients.map((r) => r.phone);
  const [account, tier, used, reached] = await Promise.all([
    currentAccount(db, org, now),
    tierOf(db, channelId),
    usedLast24h(db, channelId, now),
    reachedAmong(db, org, channelId, phones, now),
  ]);
  const category = p.template.category;
  const costs: CampaignEstimate["costs"] = [];
  if (account) {
    const digits = phones.map((p) => p.replace(/^\+/, ""));
    // B3: a recipient with an open conversation of the template's category costs nothing more.
    const { recipients: covered } = await openConversationsAmong(db, {
      organizationId: org,
      channelId,
      recipients: digits.map((d) => ({ contactId: campaignContactId(d), externalId: d })),
      ownIds: [],
      now,
      category,
    });
    const charged = digits.filter((d) => !covered.has(d)).length;
    const unitPrice = account.prices[category];
    costs.push({ item: category, count: charged, unitPrice, amount: unitPrice * charged });
    // B6: a recipient not yet counted this month is a unique visitor; beyond the quota it is paid.
    // Campaigns are WhatsApp's: a number is one visitor across the organization's numbers.
    const known = await visitorsAmong(db, visitorScope(WHATSAPP_POLICY, org, channelId), account.period, digits);
    const newVisitors = digits.filter((d) => !known.has(d)).length;
    const paid = Math.max(0, newVisitors - account.wallets.muvQuota);
    if (paid > 0) {
      costs.push({
        item: "unique_visitor",
        count: paid,
        unitPrice: account.prices.muv,
        amount: paid * account.prices.muv,
      });
    }
  }
  const total = costs.reduce((sum, c) => sum + c.amount, 0);
  const balance = account ? account.wallets.packageBalance + account.wallets.topupBalance : 0;
  return {
    recipients: p.rows,
    uniqueRecipients: p.uniqueRows,
    skipped: p.skipped,
    toSend: phones.length,
    category,
    billed: account !== null,
    costs,
    total,
    balance,
    shortfall: account ? Math.max(0, total - balance) : 0,
    messagingLimit: messagingLimitCheck(tier, used, phones.filter((p) => !reached.has(p)).length),
  };
}

/** T7 and the daily messaging limit: a create the estimate says does not fit is refused, unless allowPartial. */
export function refuseWhatDoesNotFit(e: CampaignEstimate, allowPartial: boolean): void {
  if (allowPartial) return;
  if (e.shortfall > 0) {
    throw new Problem(
      422,
      "balance_short",
      `The campaign is estimated at Rp ${e.total}; the WhatsApp balance is Rp ${e.balance}. Top up, or send with allowPartial: true to send while the money lasts.`,
    );
  }
  const limit = e.messagingLimit;
  if (limit.exceedsBy > 0) {
    throw new Problem(
      422,
      "messaging_limit_exceeded",
      `The campaign reaches ${limit.newRecipients} new customers; the number may reach ${limit.remaining} more in the next 24 h (${limit.tier}: ${limit.limit} unique customers per 24 h, ${limit.usedLast24h} used). Send to fewer, or with allowPartial: true to send until the limit is reached.`,
    );
  }
}
