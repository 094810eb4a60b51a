import type { Db } from "../../db/client";
import { usersOf } from "../../db/identity";
import { openRoomsByAssignee } from "../../db/rooms";
import { type Availability, DEFAULT_AVAILABILITY, effectiveAvailability } from "../../domain/assignment";
import { clock } from "../../lib/clock";
import { presenceOf } from "./assigner";
import { type AssignmentSettings, availabilitiesOf, saveAvailability, writeAssignmentSettings } from "./repo";

/** Rule I12's use cases: set one's availability, the organization's setting, the team's loads. */
export async function setAvailability(env: Env, db: Db, organizationId: string, userId: string, chosen: Availability) {
  await saveAvailability(db, organizationId, userId, chosen, clock.now());
  const inbox = env.INBOX.getByName(organizationId);
  // Rule I12: an agent who becomes available takes waiting rooms, up to the cap, in turn.
  if (chosen === "online") await inbox.requestCatchUp();
  const { online, leftAt } = await inbox.presence();
  const effective = effectiveAvailability(chosen, presenceOf(userId, online, leftAt), clock.now());
  return { availability: chosen, effective };
}

export async function changeAssignmentSettings(db: Db, organizationId: string, settings: AssignmentSettings) {
  await writeAssignmentSettings(db, organizationId, settings, clock.now());
  return settings;
}

/** Every member with what others see of their availability and their open rooms (supervisors, admins). */
export async function teamLoad(env: Env, db: Db, organizationId: string) {
  const [members, chosen, loads, presence] = await Promise.all([
    usersOf(db, organizationId),
    availabilitiesOf(db, organizationId),
    openRoomsByAssignee(db, organizationId),
    env.INBOX.getByName(organizationId).presence(),
  ]);
  const now = clock.now();
  return {
    members: members.map((m) => {
      const choice = chosen.get(m.id) ?? DEFAULT_AVAILABILITY;
      const p = presenceOf(m.id, presence.online, presence.leftAt);
      return {
        id: m.id,
        name: m.name,
        role: m.role,
        availability: effectiveAvailability(choice, p, now),
        chosen: choice,
        connected: p.connected,
        openRooms: loads.get(m.id) ?? 0,
      };
    }),
  };
}
