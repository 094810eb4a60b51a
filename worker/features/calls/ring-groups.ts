/** Ring groups (rules C5, C6, C8): supervisors and admins shape who rings for a number's calls. */
import { channelOf } from "../../db/channels";
import type { Db } from "../../db/client";
import { usersOf } from "../../db/identity";
import { clock } from "../../lib/clock";
import { problems } from "../../lib/problem";
import { deleteRingGroup, type RingGroup, ringGroupOf, saveRingGroup } from "./ring-groups-repo";

export interface RingGroupInput {
  name: string;
  channelId: string;
  mode: RingGroup["mode"];
  members: string[];
  ringTimeoutSeconds: number;
}

const view = ({ organizationId, ...g }: RingGroup) => g;

async function checkMembers(db: Db, organizationId: string, members: string[]) {
  const known = new Set((await usersOf(db, organizationId)).map((u) => u.id));
  const unknown = members.filter((m) => !known.has(m));
  if (unknown.length > 0) {
    throw problems.validation(
      unknown.map((id) => ({
        path: "members",
        code: "unknown_member",
        message: `${id} is not a member of this organization.`,
      })),
    );
  }
}

const otherGroup = () =>
  problems.conflict(
    "agent_in_other_group",
    "An agent is already in another ring group of this number (one group per number).",
  );

export async function createRingGroup(db: Db, organizationId: string, input: RingGroupInput) {
  const channel = await channelOf(db, organizationId, input.channelId);
  if (!channel) throw problems.notFound("channel");
  const members = [...new Set(input.members)];
  await checkMembers(db, organizationId, members);
  const id = crypto.randomUUID();
  const group = { id, organizationId, ...input, members };
  if (!(await saveRingGroup(db, group, clock.now(), true))) throw otherGroup(); // C8
  return view((await ringGroupOf(db, organizationId, id)) as RingGroup);
}

export async function updateRingGroup(db: Db, organizationId: string, id: string, patch: Partial<RingGroupInput>) {
  const current = await ringGroupOf(db, organizationId, id);
  if (!current) throw problems.notFound("ring group");
  const members = patch.members ? [...new Set(patch.members)] : current.members;
  await checkMembers(db, organizationId, members);
  const next = { ...current, ...patch, channelId: current.channelId, members };
  if (!(await saveRingGroup(db, next, clock.now(), false))) throw otherGroup(); // C8
  return view((await ringGroupOf(db, organizationId, id)) as RingGroup);
}

export async function removeRingGroup(db: Db, organizationId: string, id: string) {
  if (!(await ringGroupOf(db, organizationId, id))) throw problems.notFound("ring group");
  await deleteRingGroup(db, organizationId, id);
}

export { view as ringGroupView };
