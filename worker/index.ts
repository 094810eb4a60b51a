import { app } from "./app";
import { receiveEmail } from "./features/email/receive";
import { runQueue, runScheduled } from "./jobs";

export { CallDO } from "./calls/call-do";
export { RingGroupDO } from "./calls/ring-group-do";
export { ApiClientDO } from "./features/api-clients/api-client-do";
export { CampaignDO } from "./features/campaigns/campaign-do";
export { ThroughputDO } from "./features/campaigns/throughput-do";
export { InboxDO } from "./rooms/inbox-do";
export { RoomDO } from "./rooms/room-do";

export default {
  fetch: app.fetch,
  queue: (batch, env) => runQueue(batch, env),
  scheduled: (controller, env) => runScheduled(controller, env),
  // Issue 16: mail forwarded to an email channel's inbound address (Email Routing).
  email: async (message, env) => {
    await receiveEmail(message, env);
  },
} satisfies ExportedHandler<Env>;
