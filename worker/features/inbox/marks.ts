import type { Db } from "../../db/client";
import { userOf } from "../../db/identity";
import { authorOf, type RoomView, roomView } from "../../db/rooms";
import type { Actor } from "../../domain/actor";
import { clock } from "../../lib/clock";
import { errorForLog, log } from "../../lib/log";
import { Problem, problems } from "../../lib/problem";
import { roomStub } from "../../rooms/room-stub";
import { findLabel } from "../labels/repo";
import { addLabelToRoom } from "../labels/service";
import { deleteSnooze, deleteUnreadMark, putSnooze, putUnreadMark, takeDueSnoozes } from "./marks-repo";

/** A snooze is at most this far ahead. */
const MAX_SNOOZE_MS = 30 * 86_400_000;

/**
 * Issue 17: snooze until a time. The room leaves every tab but `snoozed` and comes back by itself at
 * that time (the list reads the time; the every-minute cron tells the open inboxes), or at once when
 * the customer writes (the inbox index takes the snooze away, `rooms/index-writer.ts`).
 */
export async function snoozeRoom(env: Env, db: Db, actor: Actor, room: RoomView, until: number) {
  const now = clock.now();
  if (room.status === "resolved") throw problems.unprocessable("room_resolved", "A resolved room cannot be snoozed.");
  if (until <= now || until > now + MAX_SNOOZE_MS) {
    throw problems.unprocessable("snooze_time", "Snooze until a time in the next 30 days.");
  }
  await putSnooze(db, actor.organizationId, room.id, until, actorId(actor));
  // The room's `room.updated` carries its snooze: it leaves every other open inbox's list at once.
  await roomStub(env, room.id).republish();
}

export async function wakeRoom(env: Env, db: Db, roomId: string) {
  await deleteSnooze(db, roomId);
  await roomStub(env, roomId).republish();
}

/** Every minute: the snoozes whose time has come end, and each room shows again in the open inboxes. */
export async function wakeDueSnoozes(env: Env, db: Db, now: number): Promise<number> {
  const rooms = await takeDueSnoozes(db, now, 200);
  for (const roomId of rooms) await roomStub(env, roomId).republish();
  if (rooms.length > 0) log("info", "cron.snoozes_woken", { rooms: rooms.length });
  return rooms.length;
}

/** Issue 17: one agent marks a room unread for themself; reading it again clears the mark. */
export async function markUnread(db: Db, actor: Actor, roomId: string, unread: boolean) {
  const userId = actorId(actor);
  if (!userId) throw problems.forbidden("Only a person marks a room unread.");
  if (unread) await putUnreadMark(db, actor.organizationId, roomId, userId);
  else await deleteUnreadMark(db, roomId, userId);
}

function actorId(actor: Actor): string | null {
  return actor.kind === "api_key" ? null : (actor.identityId ?? null);
}

export type BulkAction =
  | { action: "resolve"; roomIds: string[] }
  | { action: "assign"; roomIds: string[]; userId: string }
  | { action: "label"; roomIds: string[]; labelId: string };

/**
 * Issue 17: a bulk action from the list, applied room by room through each room's Durable Object (so
 * its rules, events and sockets are those of the single action); one room refused does not stop the
 * others, and each room's outcome is answered. What the whole action names (the user, the label)
 * must exist first: else the request is a 404 and nothing is done.
 */
export async function bulkAction(env: Env, db: Db, actor: Actor, body: BulkAction) {
  if (body.action === "assign" && !(await userOf(db, actor.organizationId, body.userId))) {
    throw problems.notFound("user");
  }
  const label = body.action === "label" ? await findLabel(db, actor.organizationId, body.labelId) : null;
  if (body.action === "label" && !label) throw problems.notFound("label");
  const author = await authorOf(db, actor);
  const results = [];
  for (const roomId of [...new Set(body.roomIds)]) {
    try {
      const room = await roomView(db, actor.organizationId, roomId);
      const stub = roomStub(env, room.id);
      if (body.action === "resolve") await stub.resolve(author);
      else if (body.action === "assign") await stub.assign(author, body.userId);
      else if (label) await addLabelToRoom(env, db, actor, room.id, label);
      results.push({ roomId, ok: true, code: null, detail: null });
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        results.push({ roomId, ok: false, code: err.code, detail: err.detail });
      } else {
        log("warn", "rooms.bulk_room_failed", { roomId, action: body.action, error: errorForLog(err) });
        results.push({
          roomId,
          ok: false,
          code: "room_unavailable",
          detail: "The room could not be reached; try again.",
        });
      }
    }
  }
  return { results };
}
