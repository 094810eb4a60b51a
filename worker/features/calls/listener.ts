import { createDb } from "../../db/client";
import type { Listener } from "../../events/listeners/index";
import { closePendingRequests } from "./permissions-repo";

/**
 * Rule C3: a call permission request expires when its room is resolved. Applying it twice changes
 * nothing (only pending requests change).
 */
export const callPermissionExpiry: Listener = {
  name: "call-permission-expiry",
  wants: (event) => event.type === "room.resolved",
  async applyAll(env, events) {
    const db = createDb(env.DB);
    for (const event of events) {
      if (event.type !== "room.resolved") continue;
      await closePendingRequests(db, event.room.channelId, event.room.contactId, "expired");
    }
  },
};
