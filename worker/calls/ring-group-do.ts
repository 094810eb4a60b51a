import { DurableObject } from "cloudflare:workers";

/**
 * One ring group (rule C5): round-robin state for inbound WhatsApp calls.
 * The binding exists from the foundation on; routing is built with WhatsApp calling.
 */
export class RingGroupDO extends DurableObject<Env> {}
