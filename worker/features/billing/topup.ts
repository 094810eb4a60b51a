/** Top-ups and grants (B8): money into the top-up or voice wallet, once per idempotency key. */
import type { Db } from "../../db/client";
import { dayOf } from "../../domain/pricing";
import type { Account } from "./account";
import { commit } from "./batch";
import { ledgerInsert } from "./ledger-repo";
import { COLUMN, walletUpdate } from "./wallets-repo";

/** Adds money to the top-up or voice wallet (B8), once per idempotency key. */
export async function creditTopup(
  db: Db,
  account: Account,
  wallet: "topupBalance" | "voiceBalance",
  amount: number,
  key: string,
  now: number,
  reason: "topup" | "grant" = "topup",
): Promise<boolean> {
  const entry = ledgerInsert(db, {
    organizationId: account.organizationId,
    idempotencyKey: `${reason}:${account.organizationId}:${key}`,
    wallet: COLUMN[wallet],
    amount,
    reason,
    month: account.period,
    day: dayOf(now, account.timeZone),
    createdAt: now,
  });
  const results = await commit(db, [entry, walletUpdate(db, account.organizationId, [{ wallet, delta: amount }], now)]);
  return results !== null;
}
