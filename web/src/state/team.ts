import { computed, signal } from "@preact/signals";
import { ApiError, api, type TeamMember } from "../api";
import { t } from "../i18n";

/** The organization's members (names for assignees, targets for assign and transfer) and who is online. */
export const members = signal<TeamMember[]>([]);
export const teamStatus = signal<"idle" | "loading" | "ready" | "error">("idle");
/** User ids with the inbox open, from the feed's presence events. */
export const onlineIds = signal<ReadonlySet<string>>(new Set());

export const membersById = computed(() => new Map(members.value.map((m) => [m.id, m])));

export async function loadTeam(): Promise<void> {
  if (teamStatus.value === "loading") return;
  teamStatus.value = "loading";
  try {
    const { members: list } = await api.team();
    members.value = list;
    const online = new Set(onlineIds.value);
    for (const m of list) if (m.online) online.add(m.id);
    onlineIds.value = online;
    teamStatus.value = "ready";
  } catch (error) {
    // Until GET /api/team exists everywhere, assignees are shown without names.
    teamStatus.value = error instanceof ApiError && error.status === 404 ? "ready" : "error";
  }
}

/** A member renamed or given another role (the feed's `member.updated`). */
export function updateMember(member: Pick<TeamMember, "id" | "name" | "role">) {
  const known = members.value.some((m) => m.id === member.id);
  members.value = known
    ? members.value.map((m) => (m.id === member.id ? { ...m, name: member.name, role: member.role } : m))
    : [...members.value, { ...member, online: onlineIds.value.has(member.id) }];
}

/** A member removed from the organization (the feed's `member.removed`). */
export function removeMember(id: string) {
  members.value = members.value.filter((m) => m.id !== id);
}

export function setOnline(ids: string[]) {
  onlineIds.value = new Set(ids);
}

export function memberName(id: string | null, meId: string | null): string | null {
  if (!id) return null;
  if (id === meId) return t("you");
  return membersById.value.get(id)?.name ?? t("another agent");
}

export function resetTeam() {
  members.value = [];
  teamStatus.value = "idle";
  onlineIds.value = new Set();
}
