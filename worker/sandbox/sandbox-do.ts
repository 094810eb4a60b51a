import { DurableObject } from "cloudflare:workers";

/** The sandbox WhatsApp provider (development only). Built in worker/sandbox/. */
export class SandboxDO extends DurableObject<Env> {}
