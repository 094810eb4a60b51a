/** Giving back the charge of a send that did not go out (B2, B7). */
import type { Db } from "../../db/client";
import { dayOf, monthOf } from "../../domain/pricing";
import { errorForLog, log } from "../../lib/log";
import { commit, type Write } from "./batch";
import { isVisitorKey, type Receipt } from "./charge";
import { conversationUndo, conversationUseReleased, soleUse } from "./conversations-repo";
import { ledgerInsert, ledgerInsertIf } from "./ledger-repo";
import { visitorDelete } from "./visitors-repo";
import { COLUMN, walletUpdate } from "./wallets-repo";

/**
 * Gives back a charge whose message was not sent (the provider refused it, or anything failed
 * before the provider confirmed it): nothing is paid for a message not sent. A conversation the
 * message opened is undone only when no other message was charged against it (B2): a reply that went
 * out inside it keeps it, and its price, paid. Every refund entry names the room, message and
 * contact of the charge it gives back (B7). `cause` is logged when the send failed by an error.
 */
export async function refundSend(db: Db, receipt: Receipt, now: number, cause?: unknown): Promise<void> {
  const { timeZone } = receipt;
  if (cause !== undefined) {
    log("error", "billing.refund_unsent", {
      organizationId: receipt.organizationId,
      roomId: receipt.roomId,
      messageId: receipt.messageId,
      error: errorForLog(cause),
    });
  }
  const month = monthOf(now, timeZone);
  const day = dayOf(now, timeZone);
  const opened = receipt.conversationId;
  // Decided by the database when the batch runs: the conversation this send opened has no other use.
  const sole = opened ? soleUse(db, opened) : undefined;
  const entryIf = (e: Receipt["entries"][number]) => {
    const forVisitor = isVisitorKey(e.idempotencyKey);
    const entry = {
      organizationId: receipt.organizationId,
      idempotencyKey: `refund:${e.idempotencyKey}`,
      wallet: COLUMN[e.wallet],
      amount: e.amount,
      reason: "refund" as const,
      category: forVisitor ? null : receipt.category,
      conversationId: forVisitor ? null : opened,
      roomId: receipt.roomId,
      messageId: receipt.messageId,
      contactId: receipt.contactId,
      month,
      day,
      createdAt: now,
    };
    return sole ? ledgerInsertIf(db, entry, sole) : ledgerInsert(db, entry);
  };
  const writes: Write[] = receipt.entries.map(entryIf);
  const credits = receipt.entries.map((e) => ({ wallet: e.wallet, delta: e.amount }));
  if (credits.length > 0) writes.push(walletUpdate(db, receipt.organizationId, credits, now, sole));
  if (receipt.uniqueVisitor) writes.push(visitorDelete(db, receipt.uniqueVisitor, sole));
  // Last, after every condition above was read: undone when sole, otherwise one use fewer.
  if (opened) writes.push(...conversationUndo(db, opened));
  if (receipt.coveredConversationId) writes.push(conversationUseReleased(db, receipt.coveredConversationId));
  // The refund entries and the wallet credit land together, exactly once (UNIQUE refund keys).
  await commit(db, writes);
}
