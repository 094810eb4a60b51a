/**
 * Rule B8 on the ledger: a call's charge to the voice balance, one ledger entry per call with the
 * key `voice_call:<call id>`, so a retried charge is a no-op (B7); never more than the balance. Calls
 * at the same time share the balance through what each holds of it (`voice_holds`): the charge ends
 * the call's hold in the same batch.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { wallets } from "../../db/schema-billing";
import { voiceHolds } from "../../db/schema-calls";
import { chargeable, parseRates, ratePerMinute, type VoiceHold, voiceHold } from "../../domain/call-billing";
import { dayOf } from "../../domain/pricing";
import { COLUMN, changedRows, commit, ledgerAmountOf, ledgerInsert, walletUpdate } from "../billing/repo";
import { currentAccount } from "../billing/service";

/** The rupiah per started minute for a destination, from the configured table (`CALL_RATES`). */
export function rateFor(env: Env, phoneDigits: string): number {
  return ratePerMinute(phoneDigits, parseRates((env as Env & { CALL_RATES?: string }).CALL_RATES));
}

/** The tenant's voice balance now; 0 when it has no package (such a tenant cannot call out). */
export async function voiceBalance(db: Db, organizationId: string, now: number): Promise<number> {
  return (await currentAccount(db, organizationId, now))?.wallets.voiceBalance ?? 0;
}

/** What the organization's active outbound calls hold of its voice balance (B8), but `except`'s. */
const heldBy = (db: Db, organizationId: string, except = "") =>
  db
    .select({ held: sql<number>`coalesce(sum(${voiceHolds.amount}), 0)` })
    .from(voiceHolds)
    .where(and(eq(voiceHolds.organizationId, organizationId), ne(voiceHolds.callId, except)));

/** Rule B8: the voice balance no active call holds, what a call starting now may use. */
export async function freeVoiceBalance(db: Db, organizationId: string, now: number): Promise<number> {
  const [balance, [held]] = await Promise.all([voiceBalance(db, organizationId, now), heldBy(db, organizationId)]);
  return balance - Number(held?.held ?? 0);
}

/** A call as its hold sees it: only a connected outbound call holds. */
export interface HoldingCall {
  id: string;
  organizationId: string;
  direction: "inbound" | "outbound";
  connectedAt: number | null;
  rate: number;
  /** Rupiah it holds now (0, or absent, before its first minute is held). */
  held?: number;
}

/**
 * Rule B8: holds every minute the call has started by `now` that the balance the other calls leave
 * pays for, and answers the hold it keeps (null at rate 0: never cut off). The write is a
 * compare-and-set the database decides: it lands only while the call's hold is still `held` and the
 * balance less every other call's hold pays for the new one, so two calls connecting at once never
 * hold the same rupiah; the loser reads again and holds what is left.
 */
export async function holdStartedMinutes(db: Db, call: HoldingCall, now: number): Promise<VoiceHold | null> {
  const { connectedAt, rate, held = 0 } = call;
  if (call.direction !== "outbound" || connectedAt === null) return null;
  for (let pass = 0; pass < HOLD_PASSES; pass++) {
    const next = voiceHold(connectedAt, rate, held, await freeVoiceBalance(db, call.organizationId, now), now);
    if (next === null || next.held === held) return next;
    if (await setHold(db, { ...call, held }, next.held, now)) return next;
  }
  return voiceHold(connectedAt, rate, held, 0, now); // kept as it was: cut off where its minutes end
}

async function setHold(db: Db, call: HoldingCall & { held: number }, amount: number, now: number) {
  const balance = db
    .select({ v: wallets.voiceBalance })
    .from(wallets)
    .where(eq(wallets.organizationId, call.organizationId));
  const pays = sql`${balance} - ${heldBy(db, call.organizationId, call.id)} >= ${amount}`;
  if (call.held === 0) {
    const inserted = await db
      .insert(voiceHolds)
      .select(sql`SELECT ${call.id}, ${call.organizationId}, ${amount}, ${now} WHERE ${pays}`)
      .onConflictDoNothing();
    return changedRows(inserted) === 1;
  }
  const updated = await db
    .update(voiceHolds)
    .set({ amount, updatedAt: now })
    .where(and(eq(voiceHolds.callId, call.id), eq(voiceHolds.amount, call.held), pays));
  return changedRows(updated) === 1;
}

const releaseWrite = (db: Db, callId: string) => db.delete(voiceHolds).where(eq(voiceHolds.callId, callId));

/** Rule B8: the call holds nothing any more (after its charge; a no-op when it held nothing). */
export async function releaseVoiceHold(db: Db, callId: string): Promise<void> {
  await releaseWrite(db, callId);
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
      releaseWrite(db, call.id),
    ]);
    if (results !== null) return amount;
  }
  const charged = await ledgerAmountOf(db, idempotencyKey); // by another try meanwhile
  if (charged !== null) return -charged;
  throw new Error("the voice balance kept changing while the call was charged"); // the settlement retries
}

const CHARGE_PASSES = 4;
/** Holds that lost a race to another call's (each pass reads again what is left). */
const HOLD_PASSES = 4;
