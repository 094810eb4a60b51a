/**
 * A campaign batch's charges (B3, B5-B7, issue 13 item 9) in one D1 batch: every send planned from one
 * reading of the account, each still with its own conversation and its own idempotent ledger entries
 * (keys from its message, exactly as `chargeSend` writes them). A send the batch does not plan alone
 * is charged one by one through `chargeSend`: a contact twice in the batch, a contact with an open
 * conversation, a message charged before (a retry), the sends after the one the balance could not
 * pay, and every send of a batch the database refused (a concurrent charge took a visitor or the
 * money first: its UNIQUE and CHECK constraints keep B7, and nothing of the batch landed).
 */
import type { Db } from "../../db/client";
import { isPriced } from "../../domain/channel-policy";
import { applyDebits, type Wallets } from "../../domain/pricing";
import { errorForLog, log } from "../../lib/log";
import { Problem } from "../../lib/problem";
import { currentAccount } from "./account";
import { commit } from "./batch";
import {
  type ChargeRows,
  chargeRows,
  chargeSend,
  conversationIdOf,
  planCharge,
  type Receipt,
  rowWrites,
  type SendToCharge,
  visitorScopeOf,
} from "./charge";
import { openConversationsAmong } from "./conversations-repo";
import { visitedAmong } from "./visitors-repo";

/** A send's charge: its receipt (null: not billed), refused (nothing charged), or an error (nothing known charged). */
export type BatchCharge =
  | { receipt: Receipt | null }
  | { refused: "insufficient_balance" | "billing_busy" }
  | { error: unknown };

/** Charges `sends` (B7: once each, whatever is retried); the answers in the order of `sends`. */
export async function chargeSends(db: Db, sends: readonly SendToCharge[]): Promise<BatchCharge[]> {
  const results: BatchCharge[] = new Array(sends.length);
  const groups = new Map<string, number[]>();
  sends.forEach((s, i) => {
    if (!isPriced(s.policy)) {
      results[i] = { receipt: null };
      return;
    }
    const key = `${s.organizationId}\n${s.channelId}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const indexes of groups.values()) {
    const oneByOne = await chargeTogether(db, sends, indexes, results);
    await chargeOneByOne(db, sends, oneByOne, results);
  }
  return results;
}

/** The sends of one organization and channel in one D1 batch; answers the indexes left to charge one by one. */
async function chargeTogether(
  db: Db,
  sends: readonly SendToCharge[],
  indexes: number[],
  results: BatchCharge[],
): Promise<number[]> {
  const first = sends[indexes[0] ?? -1];
  if (!first || indexes.length < 2) return indexes;
  const account = await currentAccount(db, first.organizationId, first.now);
  if (!account) {
    for (const i of indexes) results[i] = { receipt: null };
    return [];
  }
  const group = indexes.map((i) => sends[i] as SendToCharge);
  const [open, counted] = await Promise.all([
    openConversationsAmong(db, {
      organizationId: first.organizationId,
      channelId: first.channelId,
      recipients: group.map((s) => ({ contactId: s.contactId, externalId: s.contactExternalId })),
      ownIds: group.map((s) => conversationIdOf(s.messageId)),
      now: first.now,
    }),
    visitedAmong(
      db,
      { organizationId: first.organizationId, channelId: visitorScopeOf(first), month: account.period },
      group.map((s) => s.contactExternalId),
    ),
  ]);
  const together: { index: number; receipt: Receipt }[] = [];
  const oneByOne: number[] = [];
  const rows: ChargeRows = { visitors: [], conversations: [], ledger: [], debits: [] };
  const seen = new Set<string>();
  let wallets: Wallets = account.wallets;
  let short = false;
  for (const i of indexes) {
    const s = sends[i] as SendToCharge;
    const alone: boolean =
      short ||
      seen.has(s.contactExternalId) ||
      open.recipients.has(s.contactExternalId) ||
      open.own.has(conversationIdOf(s.messageId));
    seen.add(s.contactExternalId);
    const receipt = alone
      ? null
      : planCharge(s, account, wallets, { visitorCounted: counted.has(s.contactExternalId), covering: null });
    if (!receipt) {
      // T7: once the balance cannot pay one, the rest are charged one by one (and refused there).
      short ||= !alone;
      oneByOne.push(i);
      continue;
    }
    wallets = applyDebits(wallets, receipt.entries);
    const category = receipt.conversationId ? receipt.category : null;
    const own = chargeRows(s, receipt, receipt.entries, {
      newVisitor: !counted.has(s.contactExternalId),
      category,
      month: account.period,
    });
    rows.visitors.push(...own.visitors);
    rows.conversations.push(...own.conversations);
    rows.ledger.push(...own.ledger);
    rows.debits.push(...own.debits);
    together.push({ index: i, receipt });
  }
  if (together.length === 0) return oneByOne;
  const committed = await commit(db, [...rowWrites(db, first.organizationId, rows, first.now)]);
  if (!committed) return indexes;
  for (const t of together) results[t.index] = { receipt: t.receipt };
  return oneByOne;
}

/** `chargeSend` for each, in order; after the first the balance cannot pay, the rest are refused too (T7). */
async function chargeOneByOne(db: Db, sends: readonly SendToCharge[], indexes: number[], results: BatchCharge[]) {
  let noMoney = false;
  for (const i of indexes) {
    const s = sends[i] as SendToCharge;
    if (noMoney) {
      results[i] = { refused: "insufficient_balance" };
      continue;
    }
    try {
      results[i] = { receipt: await chargeSend(db, s) };
    } catch (err) {
      if (err instanceof Problem && (err.code === "insufficient_balance" || err.code === "billing_busy")) {
        noMoney = err.code === "insufficient_balance";
        results[i] = { refused: err.code };
      } else {
        log("error", "billing.charge_failed", {
          organizationId: s.organizationId,
          messageId: s.messageId,
          error: errorForLog(err),
        });
        results[i] = { error: err };
      }
    }
  }
}
