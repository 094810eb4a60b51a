/**
 * Who rings for an inbound call (rule C5): gathers the facts (the contact's room and assignee, the
 * number's ring groups, who is online per the inbox sockets, who is on a call) and lets the pure rule
 * decide; a round-robin group's RingGroupDO picks the agent (rotation).
 */
import { type Routing, routeInboundCall } from "../domain/calls";
import { agentsOnCalls } from "../features/calls/repo";
import { ringGroupsOf } from "../features/calls/ring-groups-repo";
import { dbOf } from "./call-effects";

export interface RingPlan {
  kind: Routing["kind"];
  agents: string[];
  ringTimeoutSeconds: number;
}

export async function planRinging(
  env: Env,
  organizationId: string,
  channelId: string,
  assigneeId: string | null,
): Promise<RingPlan> {
  const db = dbOf(env);
  const groups = await ringGroupsOf(db, organizationId, channelId);
  const candidates = [...new Set([...(assigneeId ? [assigneeId] : []), ...groups.flatMap((g) => g.members)])];
  const [online, busy] = await Promise.all([
    env.INBOX.getByName(organizationId).online(),
    agentsOnCalls(db, organizationId, candidates),
  ]);
  const routing = routeInboundCall({ assigneeId, groups, online: new Set(online), busy });
  switch (routing.kind) {
    case "assignee":
    case "ring_all":
      return { kind: routing.kind, agents: routing.agents, ringTimeoutSeconds: routing.ringTimeoutSeconds };
    case "round_robin": {
      const agent = await env.RING_GROUP.getByName(routing.groupId).pick(routing.members, routing.eligible);
      return { kind: "round_robin", agents: agent ? [agent] : [], ringTimeoutSeconds: routing.ringTimeoutSeconds };
    }
    case "none":
      return { kind: "none", agents: [], ringTimeoutSeconds: 0 };
  }
}
