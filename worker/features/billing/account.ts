/** A tenant's billing account (B1): its package, prices and wallets, with the monthly reset applied first. */
import type { Db } from "../../db/client";
import { dayOf, monthOf, type Prices, resetChanges, resetDue, type Wallets } from "../../domain/pricing";
import { billedOrganizationIds } from "./packages-repo";
import { accountRow, openWallets, resetWallets, walletPeriod } from "./wallets-repo";

export interface Account {
  organizationId: string;
  timeZone: string;
  period: string;
  wallets: Wallets;
  prices: Prices;
}

/**
 * The tenant's account for `now`, with the monthly reset applied first if the package month has
 * turned (B1). Running it twice, or late, has the same effect as once on time. Null when the tenant
 * has no package: such an organization is not billed.
 */
export async function currentAccount(db: Db, organizationId: string, now: number): Promise<Account | null> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const row = await accountRow(db, organizationId);
    if (!row) return null;
    const { pkg, timeZone } = row;
    const prices: Prices = {
      service: pkg.priceService,
      MARKETING: pkg.priceMarketing,
      UTILITY: pkg.priceUtility,
      AUTHENTICATION: pkg.priceAuthentication,
      muv: pkg.priceMuv,
    };
    const month = monthOf(now, timeZone);
    if (!row.wallet) {
      await openWallets(db, organizationId, now);
      continue;
    }
    const current: Wallets = {
      conversationCredit: row.wallet.conversationCredit,
      muvQuota: row.wallet.muvQuota,
      packageBalance: row.wallet.packageBalance,
      topupBalance: row.wallet.topupBalance,
      voiceBalance: row.wallet.voiceBalance,
    };
    // Rule B1: only forward. A `now` from before the wallets' month (it waited for its turn, a late
    // cron tick) is served from the month the wallets are in and never resets them back.
    if (!resetDue(row.wallet.period, month)) {
      return { organizationId, timeZone, period: row.wallet.period, wallets: current, prices };
    }
    // Reset or not (a charge or another reset came first), the next pass reads the amounts afresh
    // and plans again from them (B7).
    await resetWallets(db, {
      organizationId,
      fromPeriod: row.wallet.period,
      month,
      day: dayOf(now, timeZone),
      asRead: current,
      changes: resetChanges(current, pkg),
      pkg,
      now,
    });
  }
  throw new Error("billing account kept changing");
}

/** B1 from the hourly cron: brings every tenant with a package into its current month. */
export async function resetDueAccounts(db: Db, now: number): Promise<number> {
  let reset = 0;
  for (const id of await billedOrganizationIds(db)) {
    const before = await walletPeriod(db, id);
    const account = await currentAccount(db, id, now);
    if (account && before !== account.period) reset++;
  }
  return reset;
}
