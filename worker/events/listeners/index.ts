import type { DomainEvent } from "../types";
import { eventLog } from "./event-log";

/**
 * A listener of domain events: one file in this folder plus one line in `LISTENERS`. It is given
 * each event it wants once (the consumer keeps a receipt per listener and event id), in the order a
 * room recorded them; a listener that throws has the event retried, later, for it alone.
 */
export interface Listener {
  /** Stable: receipts are kept under it. */
  name: string;
  wants(event: DomainEvent): boolean;
  apply(env: Env, event: DomainEvent): Promise<void>;
}

export const LISTENERS: Listener[] = [eventLog];
