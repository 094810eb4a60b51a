import type { ChannelPolicy } from "./channel-policy";
import type { MessageKind, Role, RoomStatus } from "./types";
import { humanAgentTagApplies, windowState } from "./window";

/** Pure rules of a room (I1-I3, I6). Each returns a refusal code or the next state; no I/O. */
export interface RoomState {
  status: RoomStatus;
  assigneeId: string | null;
  lastCustomerMessageAt: number | null;
  /** The channel kind's policy (I2: its reply window); WhatsApp's when absent. */
  policy?: ChannelPolicy;
}

export interface Refusal {
  refused: true;
  status: 403 | 409 | 422;
  code: string;
  detail: string;
}
const refuse = (status: Refusal["status"], code: string, detail: string): Refusal => ({
  refused: true,
  status,
  code,
  detail,
});
export const isRefusal = (x: unknown): x is Refusal => typeof x === "object" && x !== null && "refused" in x;

export interface RoomActor {
  userId: string | null;
  role: Role;
}
const supervises = (actor: RoomActor) => actor.role === "admin" || actor.role === "supervisor";

/** I2, I3: free-form messages only inside the window, in an unresolved room, to an unblocked contact. */
export function checkFreeFormSend(
  room: RoomState,
  contactBlocked: boolean,
  actor: RoomActor,
  now: number,
): Refusal | null {
  if (room.status === "resolved") {
    return refuse(422, "room_resolved", "This room is resolved. Start a new conversation with a template message.");
  }
  if (contactBlocked) return refuse(422, "contact_blocked", "This contact is blocked. Unblock them to reply.");
  const open = windowState(room.lastCustomerMessageAt, now, room.policy).state === "open";
  // Rule I2 (Messenger, Instagram): past 24 h a human, and only a human, replies with HUMAN_AGENT up to 7 days.
  const humanTagged =
    !open &&
    actor.userId !== null &&
    !!room.policy &&
    humanAgentTagApplies(room.lastCustomerMessageAt, now, room.policy);
  if (!open && !humanTagged) {
    return refuse(
      422,
      "window_expired",
      "The 24-hour window has closed: only an approved template message can be sent now.",
    );
  }
  return checkCanAct(room, actor);
}

/** Templates may go out after the window; a resolved room needs a new conversation (I3). */
export function checkTemplateSend(room: RoomState, contactBlocked: boolean, actor: RoomActor): Refusal | null {
  if (room.status === "resolved") {
    return refuse(422, "room_resolved", "This room is resolved. Start a new conversation from the contact.");
  }
  if (contactBlocked) return refuse(422, "contact_blocked", "This contact is blocked. Unblock them to send.");
  return checkCanAct(room, actor);
}

/** An agent works rooms assigned to them or unassigned ones; supervisors and admins any room. */
export function checkCanAct(room: RoomState, actor: RoomActor): Refusal | null {
  if (supervises(actor) || room.assigneeId === null || room.assigneeId === actor.userId) return null;
  return refuse(403, "room_assigned_elsewhere", "This room is assigned to another agent.");
}

/** Replying in an unassigned room takes it. */
export function assigneeAfterReply(room: RoomState, actor: RoomActor): string | null {
  return room.assigneeId ?? actor.userId;
}

/** Assign or transfer: supervisors and admins to anyone; an agent only a room they hold (transfer). */
export function assign(room: RoomState, actor: RoomActor, userId: string): RoomState | Refusal {
  if (room.status === "resolved") return refuse(422, "room_resolved", "A resolved room cannot be assigned.");
  // An agent transfers only a room they hold; an unassigned room is not "held" by an actor without a user (API key).
  if (!supervises(actor) && (room.assigneeId === null || room.assigneeId !== actor.userId)) {
    return refuse(403, "forbidden", "Only supervisors and admins assign rooms; agents transfer their own.");
  }
  return { ...room, status: "assigned", assigneeId: userId };
}

export function take(room: RoomState, actor: RoomActor): RoomState | Refusal {
  if (room.status === "resolved") return refuse(422, "room_resolved", "A resolved room cannot be taken.");
  if (!actor.userId) return refuse(403, "forbidden", "Only a signed-in user can take a room.");
  if (room.assigneeId && room.assigneeId !== actor.userId && !supervises(actor)) {
    return refuse(409, "room_assigned_elsewhere", "This room is already assigned to another agent.");
  }
  return { ...room, status: "assigned", assigneeId: actor.userId };
}

export function resolve(room: RoomState, actor: RoomActor): RoomState | Refusal {
  if (room.status === "resolved") return refuse(409, "room_resolved", "This room is already resolved.");
  const refusal = checkCanAct(room, actor);
  return refusal ?? { ...room, status: "resolved" };
}

/** I6: blocking is done from an unresolved room. */
export function checkBlock(room: RoomState | null): Refusal | null {
  if (!room || room.status === "resolved") {
    return refuse(422, "block_needs_open_room", "A contact can only be blocked from an unresolved room.");
  }
  return null;
}

/** The inbox line for a message. */
export function previewOf(kind: MessageKind, text: string | null): string {
  const labels: Partial<Record<MessageKind, string>> = {
    image: "📷 Photo",
    video: "🎥 Video",
    audio: "🎵 Audio",
    voice: "🎤 Voice message",
    document: "📄 Document",
    sticker: "Sticker",
    location: "📍 Location",
    contacts: "👤 Contact",
    reaction: "Reaction",
    order: "🛒 Order",
    system: "ℹ️ Notice",
    unsupported: "Unsupported message",
  };
  const body = text?.trim() ? text.trim() : (labels[kind] ?? "");
  const prefix = text?.trim() && kind !== "text" && kind !== "template" ? `${labels[kind] ?? ""}: ` : "";
  const line = `${kind === "reaction" ? "Reacted " : prefix}${body}`;
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}
