/** Finance > Billing usage (B1-B5 as they were paid): read-only figures for one month. */
import type { Db } from "../../db/client";
import type { ConversationCategory } from "../../domain/pricing";
import { conversationCountsByDay, sendSpendByDay, visitorCount } from "./repo";

export interface UsageDay {
  day: string;
  conversations: Record<ConversationCategory, number>;
  spend: number;
}

const emptyCounts = (): Record<ConversationCategory, number> => ({
  service: 0,
  MARKETING: 0,
  UTILITY: 0,
  AUTHENTICATION: 0,
});

/** Finance > Billing usage for one month: conversations by category, unique visitors, rupiah spent, by day. */
export async function usageOf(db: Db, organizationId: string, month: string) {
  const [byCategory, visitors, spendRows] = await Promise.all([
    conversationCountsByDay(db, organizationId, month),
    visitorCount(db, organizationId, month),
    sendSpendByDay(db, organizationId, month),
  ]);
  const days = new Map<string, UsageDay>();
  const dayRow = (day: string) => {
    const known = days.get(day);
    if (known) return known;
    const fresh: UsageDay = { day, conversations: emptyCounts(), spend: 0 };
    days.set(day, fresh);
    return fresh;
  };
  const totals = emptyCounts();
  for (const row of byCategory) {
    dayRow(row.day).conversations[row.category] += row.n;
    totals[row.category] += row.n;
  }
  let spend = 0;
  let creditUsed = 0;
  let muvQuotaUsed = 0;
  for (const row of spendRows) {
    const used = -Number(row.total);
    if (row.wallet === "package_balance" || row.wallet === "topup_balance") {
      spend += used;
      dayRow(row.day).spend += used;
    }
    if (row.wallet === "conversation_credit") creditUsed += used;
    if (row.wallet === "muv_quota") muvQuotaUsed += used;
  }
  return {
    conversations: { ...totals, total: totals.service + totals.MARKETING + totals.UTILITY + totals.AUTHENTICATION },
    uniqueVisitors: visitors,
    spend: { rupiah: spend, conversationCreditUsed: creditUsed, muvQuotaUsed },
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
