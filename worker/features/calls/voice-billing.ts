/**
 * Rule B8 on the ledger: a call's charge to the voice balance, one ledger entry per call with the
 * key `voice_call:<call id>`, so a retried charge is a no-op (B7); never more than the balance.
 */
import type { Db } from "../../db/client";
import { chargeable, parseRates, ratePerMinute } from "../../domain/call-billing";
import { dayOf } from "../../domain/pricing";
import { COLUMN, commit, ledgerAmountOf, ledgerInsert, walletUpdate } from "../billing/repo";
import { currentAccount } from "../billing/service";

/** The rupiah per started minute for a destination, from the configured table (`CALL_RATES`). */
export function rateFor(env: Env, phoneDigits: string): number {
  return ratePerMinute(phoneDigits, parseRates((env as Env & { CALL_RATES?: string }).CALL_RATES));
}

/** The tenant's voice balance now; 0 when it has no package (such a tenant cannot call out). */
export async function voiceBalance(db: Db, organizationId: string, now: number): Promise<number> {
  return (await currentAccount(db, organizationId, now))?.wallets.voiceBalance ?? 0;
}

/**
 * Charges `cost` (capped at the balance) once for the call. Returns what the call was charged: the
 * earlier charge when it was charged before (a retried settlement), else 0 when the tenant has no
 * package or the cost is 0.
 */
export async function chargeCall(
  db: Db,
  call: { id: string; organizationId: string; roomId: string | null; contactId: string | null },
  cost: number,
  now: number,
): Promise<number> {
  const idempotencyKey = `voice_call:${call.id}`;
  // Two calls settling at once can read the same balance: the second's commit is then refused (the
  // balance may not go below 0) and it is charged again against what is left, a few times at most.
  for (let pass = 0; pass < CHARGE_PASSES; pass++) {
    const before = await ledgerAmountOf(db, idempotencyKey);
    if (before !== null) return -before;
    const account = await currentAccount(db, call.organizationId, now);
    if (!account) return 0;
    const amount = chargeable(cost, account.wallets.voiceBalance);
    if (amount === 0) return 0;
    const entry = ledgerInsert(db, {
      organizationId: call.organizationId,
      idempotencyKey,
      wallet: COLUMN.voiceBalance,
      amount: -amount,
      reason: "voice_call",
      roomId: call.roomId,
      contactId: call.contactId,
      month: account.period,
      day: dayOf(now, account.timeZone),
      createdAt: now,
    });
    const results = await commit(db, [
      entry,
      walletUpdate(db, call.organizationId, [{ wallet: "voiceBalance", delta: -amount }], now),
    ]);
    if (results !== null) return amount;
  }
  const charged = await ledgerAmountOf(db, idempotencyKey); // by another try meanwhile
  if (charged !== null) return -charged;
  throw new Error("the voice balance kept changing while the call was charged"); // the settlement retries
}

const CHARGE_PASSES = 4;
