import type { DeliveryStatus } from "./types";

/** An outbound message's status: `pending` until the provider accepts it. */
export type OutboundStatus = "pending" | DeliveryStatus;

const RANK: Record<OutboundStatus, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Statuses never move backwards (rule G6): a late `delivered` after `read` is ignored, and `failed`
 * is final. Returns the status to store, or null when the update changes nothing.
 */
export function nextStatus(current: OutboundStatus, incoming: DeliveryStatus): OutboundStatus | null {
  if (current === "failed" || current === incoming) return null;
  if (incoming === "failed") return current === "read" ? null : "failed";
  return RANK[incoming] > RANK[current] ? incoming : null;
}
