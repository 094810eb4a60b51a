/**
 * Rule I11, live: the feed says when a label is created, renamed, recoloured or deleted
 * (`label.updated`, `label.deleted`). The catalogue (the filter's and the editor's list) follows, and
 * every room the inbox holds shows the label's current name and colour: a room's copy of a label,
 * from the API or from its room's feed (which may have read it before the change), is always shown
 * through the catalogue, and a deleted label never comes back on a chip.
 */
import type { Label, Room } from "../api";
import { labels } from "./filters";

const deleted = new Set<string>();

/** A room's labels as they are now: current names and colours, deleted ones gone. */
export function currentLabels(list: readonly Label[]): Label[] {
  const known = new Map(labels.value.map((l) => [l.id, l]));
  return list.filter((l) => !deleted.has(l.id)).map((l) => known.get(l.id) ?? l);
}

const byName = (a: Label, b: Label) => a.name.localeCompare(b.name);

/** A label created or changed: into the catalogue. */
export function labelUpdated(label: Label): void {
  deleted.delete(label.id);
  labels.value = [...labels.value.filter((l) => l.id !== label.id), label].sort(byName);
}

/** A label deleted: out of the catalogue, and off every room from now on. */
export function labelDeleted(labelId: string): void {
  deleted.add(labelId);
  labels.value = labels.value.filter((l) => l.id !== labelId);
}

/** The rooms that carry `labelId`, shown with the catalogue as it is now. */
export function relabelled(rooms: ReadonlyMap<string, Room>, labelId: string): Room[] {
  const changed: Room[] = [];
  for (const room of rooms.values()) {
    if (room.labels?.some((l) => l.id === labelId)) changed.push({ ...room, labels: currentLabels(room.labels) });
  }
  return changed;
}
