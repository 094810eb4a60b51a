/**
 * Issue 13 item 4 (T7, B7): a recipient failed `unknown_outcome` (its send timed out, or its sender
 * was lost) waits for Meta's statuses, which say whether it went out. Meta reports an accepted
 * message at once, so one with no status 48 hours (`NO_STATUS_MS`) after its attempt never reached
 * Meta: its charge is given back once (`refundSend` with its stored receipt), its cost becomes 0 and
 * its reason `no_status`, which Retry sends again. A status later than that still counts (see
 * `nextState` and `reasonWhenSent`), and never gives back or takes the money a second time.
 */
import { createDb } from "../../db/client";
import {
  isSuccess,
  NO_STATUS,
  NO_STATUS_MS,
  noStatusAt,
  noStatusDue,
  reasonWhenSent,
  UNKNOWN_OUTCOME,
} from "../../domain/campaign";
import { errorForLog, log } from "../../lib/log";
import { refundSend } from "../billing/service";
import { type RecipientRow, type RecipientStore, receiptOf } from "./recipient-store";

/** At most this many recipients are settled a tick; the rest the next ones. */
const PER_TICK = 100;
/** After a refund failed (D1 busy, say), the next try. */
const RETRY_MS = 60_000;

/**
 * Settles the recipients whose 48 hours passed by `now`; answers when the next one is due (null when
 * none waits), so that a campaign otherwise done wakes only then.
 */
export async function settleNoStatus(env: Env, store: RecipientStore, now: number): Promise<number | null> {
  const rows = store.awaitingStatus(now - NO_STATUS_MS, PER_TICK);
  try {
    for (const row of rows) if (noStatusDue(row.claimed_at ?? now, now)) await settleOne(env, store, row, now);
  } catch (err) {
    log("warn", "campaign.no_status_retry", { error: errorForLog(err) });
    return now + RETRY_MS;
  }
  if (rows.length === PER_TICK) return now;
  const first = store.firstAwaitingStatus();
  return first === null ? null : noStatusAt(first);
}

/**
 * B7: the refund comes first and is idempotent (UNIQUE refund keys): were the object evicted before
 * the recipient is written, the next tick's refund gives back nothing more. A status that came in
 * meanwhile (the refund awaits D1) is kept: the recipient is only moved on when still unknown.
 */
async function settleOne(env: Env, store: RecipientStore, row: RecipientRow, now: number): Promise<void> {
  const receipt = receiptOf(row);
  if (receipt) await refundSend(createDb(env.DB), receipt, now);
  const current = store.row(row.id);
  if (!current || current.attempt !== row.attempt) return;
  if (current.state === "failed" && current.reason === UNKNOWN_OUTCOME) {
    store.update(row.id, { reason: NO_STATUS, receipt: null, cost: 0 }, now);
  } else {
    // A status settled it during the refund: a failure gave the same charge back (nothing more was
    // given); a success went out after all and its charge stays given back (SENT_AFTER_REFUND).
    const reason = isSuccess(current.state) ? reasonWhenSent(NO_STATUS) : current.reason;
    store.update(row.id, { reason, receipt: null, cost: 0 }, now);
  }
}
