import { autoAssignment } from "../../features/assignment/listener";
import { callPermissionExpiry } from "../../features/calls/listener";
import { campaignEvents } from "../../features/campaigns/listener";
import { broadcastRooms } from "../../features/campaigns/room-listener";
import { csat } from "../../features/csat/listener";
import { searchIndex } from "../../features/search/listener";
import type { DomainEvent } from "../types";
import { awayReply } from "./away-reply";
import { eventLog } from "./event-log";
import { reports } from "./reports";
import { tenantWebhooks } from "./tenant-webhooks";

/**
 * A listener of domain events: one file in this folder plus one line in `LISTENERS`. It is given the
 * events it wants a batch at a time, in the order each room recorded them, at least once: it applies
 * each event once by the event's id (an insert keyed by the id, an upsert), so a redelivered batch
 * changes nothing. A listener that throws has the whole batch delivered again later.
 */
export interface Listener {
  /** Stable: logs name it, and a retry for this listener alone is addressed by it. */
  name: string;
  wants(event: DomainEvent): boolean;
  /**
   * Applies the events. May answer events it could not apply this time and that only it needs again
   * (an automatic reply cut off on its way): they come back to this listener alone, later, instead of
   * the whole batch going round again for every listener.
   */
  applyAll(env: Env, events: DomainEvent[]): Promise<void | { retry: DomainEvent[] }>;
}

export const LISTENERS: Listener[] = [
  eventLog,
  reports,
  tenantWebhooks,
  campaignEvents,
  broadcastRooms,
  awayReply,
  csat,
  callPermissionExpiry,
  searchIndex,
  autoAssignment,
];
