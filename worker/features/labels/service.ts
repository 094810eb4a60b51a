import type { Db } from "../../db/client";
import { isConstraintViolation } from "../../db/errors";
import { authorOf, type RoomView } from "../../db/rooms";
import type { Actor } from "../../domain/actor";
import { clock } from "../../lib/clock";
import { problems } from "../../lib/problem";
import { roomStub } from "../../rooms/room-stub";
import {
  addRoomLabel,
  deleteLabel,
  findLabel,
  findLabels,
  insertLabel,
  type LabelRow,
  labelsOfRoom,
  listLabels,
  openRoomsPerLabel,
  replaceRoomLabels,
  updateLabel,
} from "./repo";

/** The tenant's labels; with `counts`, each with its number of open rooms (Admin › Labels). */
export async function labelsOf(db: Db, organizationId: string, counts: boolean) {
  const [list, open] = await Promise.all([
    listLabels(db, organizationId),
    counts ? openRoomsPerLabel(db, organizationId) : null,
  ]);
  return open ? list.map((l) => ({ ...l, openRooms: open.get(l.id) ?? 0 })) : list;
}

/**
 * Rule I11 (labels on rooms): admins and supervisors manage the tenant's labels (A3), everyone in
 * the inbox puts them on rooms. A name is unique in the tenant (409 `label_exists`); another tenant's
 * label is a 404. A change of a room's labels is written in the room's history: a note by whoever
 * made it, as the room's other changes are seen in its conversation.
 */
const taken = () => problems.conflict("label_exists", "A label with this name exists already.");

export async function createLabel(env: Env, db: Db, organizationId: string, body: { name: string; colour: string }) {
  const label: LabelRow = { id: crypto.randomUUID(), name: body.name, colour: body.colour };
  try {
    await insertLabel(db, organizationId, label, clock.now());
  } catch (err) {
    if (isConstraintViolation(err)) throw taken();
    throw err;
  }
  await env.INBOX.getByName(organizationId).publish({ type: "label.updated", label });
  return label;
}

export async function changeLabel(
  env: Env,
  db: Db,
  organizationId: string,
  id: string,
  change: { name?: string | undefined; colour?: string | undefined },
) {
  if (!(await findLabel(db, organizationId, id))) throw problems.notFound("label");
  try {
    await updateLabel(db, organizationId, id, change, clock.now());
  } catch (err) {
    if (isConstraintViolation(err)) throw taken();
    throw err;
  }
  const label = (await findLabel(db, organizationId, id)) as LabelRow;
  // Every open inbox shows the new name and colour on the filter and on each room's chip at once.
  await env.INBOX.getByName(organizationId).publish({ type: "label.updated", label });
  return label;
}

export async function removeLabel(env: Env, db: Db, organizationId: string, id: string) {
  if (!(await deleteLabel(db, organizationId, id))) throw problems.notFound("label");
  await env.INBOX.getByName(organizationId).publish({ type: "label.deleted", labelId: id });
}

/** Sets the room's labels to exactly `labelIds`; answers them. Unknown ids (or another tenant's) are a 404. */
export async function setRoomLabels(env: Env, db: Db, actor: Actor, room: RoomView, labelIds: string[]) {
  const wanted = [...new Set(labelIds)];
  // By name, so that the answer and the history note list them in one order whatever D1 returns.
  const found = (await findLabels(db, actor.organizationId, wanted)).sort((a, b) => a.name.localeCompare(b.name));
  if (found.length !== wanted.length) throw problems.notFound("label");
  const before = (await labelsOfRoom(db, room.id)).map((l) => l.id);
  await replaceRoomLabels(db, actor.organizationId, room.id, wanted);
  const added = found.filter((l) => !before.includes(l.id)).map((l) => l.name);
  const removedIds = before.filter((id) => !wanted.includes(id));
  const removed = (await findLabels(db, actor.organizationId, removedIds)).map((l) => l.name).sort();
  await recordLabelChange(env, db, actor, room.id, added, removed);
  return found;
}

/** Puts one label on the room (the bulk action); the history says so when it was not there yet. */
export async function addLabelToRoom(env: Env, db: Db, actor: Actor, roomId: string, label: LabelRow) {
  if (await addRoomLabel(db, actor.organizationId, roomId, label.id)) {
    await recordLabelChange(env, db, actor, roomId, [label.name], []);
  }
}

async function recordLabelChange(env: Env, db: Db, actor: Actor, roomId: string, added: string[], removed: string[]) {
  if (added.length === 0 && removed.length === 0) return;
  // The room's `room.updated` (domain event and feed) now carries its labels: every open inbox sees them.
  await roomStub(env, roomId).republish();
  const parts = [
    added.length ? `Label added: ${added.join(", ")}` : null,
    removed.length ? `Label removed: ${removed.join(", ")}` : null,
  ].filter(Boolean);
  await roomStub(env, roomId).addNote(await authorOf(db, actor), parts.join(". "));
}
