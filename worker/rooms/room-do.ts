import { DurableObject } from "cloudflare:workers";

/**
 * One conversation room (rules I1-I6): message log, 24-hour window, WebSocket fan-out.
 * The binding exists from the foundation on; the room's behaviour is issue "Conversation rooms".
 */
export class RoomDO extends DurableObject<Env> {}
