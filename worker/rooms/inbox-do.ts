import { DurableObject } from "cloudflare:workers";

/** One per organization: the live inbox feed (room summaries) and which agents are online (rule I5). */
export class InboxDO extends DurableObject<Env> {}
