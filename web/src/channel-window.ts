import { policyOf } from "../../worker/domain/channel-policy";
import type { ChannelKindName } from "../../worker/domain/types";
import { type WindowInfo, windowOf } from "./format";

/**
 * A room's reply window as its channel kind has it (rule I2 per kind, issue 16): WhatsApp's 24 h then
 * templates; Telegram and LINE always open; Messenger and Instagram 24 h, then a human reply tagged
 * HUMAN_AGENT until 7 days after the customer's last message.
 */
export type RoomWindow = WindowInfo | { state: "always" } | { state: "human_agent"; msLeft: number; expiresAt: number };

export function roomWindow(
  room: {
    channelKind?: ChannelKindName | undefined;
    windowExpiresAt: number | null;
    lastCustomerMessageAt: number | null;
  },
  now: number,
): RoomWindow {
  const policy = policyOf(room.channelKind ?? "whatsapp");
  if (policy.replyWindowMs === null) return { state: "always" };
  const win = windowOf(room.windowExpiresAt, now);
  if (win.state !== "expired" || !policy.humanAgentWindowMs || room.lastCustomerMessageAt === null) return win;
  const expiresAt = room.lastCustomerMessageAt + policy.humanAgentWindowMs;
  return now < expiresAt ? { state: "human_agent", msLeft: expiresAt - now, expiresAt } : win;
}

/** Whether the agent can write free-form now. */
export const canReplyFreely = (win: RoomWindow) =>
  win.state === "open" || win.state === "always" || win.state === "human_agent";

/** An open window with less than this left is shown as urgent, in the inbox list and in the room. */
const URGENT_MS = 2 * 3_600_000;

export const closesSoon = (win: { msLeft: number }) => win.msLeft < URGENT_MS;
