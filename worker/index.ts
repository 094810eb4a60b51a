import { app } from "./app";
import { runQueue, runScheduled } from "./jobs";

export { CallDO } from "./calls/call-do";
export { RingGroupDO } from "./calls/ring-group-do";
export { ApiClientDO } from "./features/api-clients/api-client-do";
export { CampaignDO } from "./features/campaigns/campaign-do";
export { InboxDO } from "./rooms/inbox-do";
export { RoomDO } from "./rooms/room-do";

export default {
  fetch: app.fetch,
  queue: (batch, env) => runQueue(batch, env),
  scheduled: (controller, env) => runScheduled(controller, env),
} satisfies ExportedHandler<Env>;
