/** Rule I2 per channel kind (issue 16): each kind's reply window, and HUMAN_AGENT for Messenger and Instagram. */
import { describe, expect, it } from "vitest";
import {
  INSTAGRAM_POLICY,
  LINE_POLICY,
  MESSENGER_POLICY,
  policyOf,
  TELEGRAM_POLICY,
} from "../../worker/domain/channel-policy";
import { checkFreeFormSend } from "../../worker/domain/room";
import { humanAgentTagApplies, windowState } from "../../worker/domain/window";

const HOUR = 3_600_000;
const now = Date.UTC(2026, 11, 4, 12);
const person = { userId: "u1", role: "agent" as const };
const automation = { userId: null, role: "admin" as const };
const room = (hoursAgo: number, policy = MESSENGER_POLICY) => ({
  status: "assigned" as const,
  assigneeId: "u1",
  lastCustomerMessageAt: now - hoursAgo * HOUR,
  policy,
});

describe("reply windows by kind (I2)", () => {
  it("Telegram and LINE are always open", () => {
    for (const policy of [TELEGRAM_POLICY, LINE_POLICY]) {
      expect(windowState(now - 1000 * HOUR, now, policy).state).toBe("open");
      expect(checkFreeFormSend(room(1000, policy), false, automation, now)).toBeNull();
    }
    expect(policyOf("telegram")).toBe(TELEGRAM_POLICY);
  });

  it("Messenger and Instagram: 24 h for everyone, then HUMAN_AGENT for a person until 7 days", () => {
    for (const policy of [MESSENGER_POLICY, INSTAGRAM_POLICY]) {
      expect(checkFreeFormSend(room(23.9, policy), false, automation, now)).toBeNull();
      expect(humanAgentTagApplies(now - 23.9 * HOUR, now, policy)).toBe(false);
      expect(checkFreeFormSend(room(24, policy), false, person, now)).toBeNull();
      expect(humanAgentTagApplies(now - 24 * HOUR, now, policy)).toBe(true);
      expect(checkFreeFormSend(room(24, policy), false, automation, now)).toMatchObject({ code: "window_expired" });
      expect(humanAgentTagApplies(now - 167.9 * HOUR, now, policy)).toBe(true);
      expect(checkFreeFormSend(room(168, policy), false, person, now)).toMatchObject({ code: "window_expired" });
      expect(humanAgentTagApplies(now - 168 * HOUR, now, policy)).toBe(false);
    }
  });

  it("WhatsApp has no HUMAN_AGENT tag: a person past 24 h is refused too", () => {
    const whatsapp = policyOf("whatsapp");
    expect(humanAgentTagApplies(now - 30 * HOUR, now, whatsapp)).toBe(false);
    expect(checkFreeFormSend(room(30, whatsapp), false, person, now)).toMatchObject({ code: "window_expired" });
  });
});
