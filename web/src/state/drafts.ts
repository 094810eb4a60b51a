import { signal } from "@preact/signals";
import { me } from "./session";

/**
 * Unsent replies, per person and room, kept in this browser across reloads (issue 17): a half-typed
 * reply survives moving between rooms, a reload, and the window closing under it. `version` bumps on
 * every change so components that show a kept draft re-read it.
 *
 * The person is the identity (the same in each of their organizations) and room ids are UUIDs, unique
 * across organizations: a room's draft thus belongs to the room's organization, and is shown only
 * there. `userId` names the person when it is not the one signed in now (a send that failed after a
 * sign-out, state/send-notices.ts); by default it is the one signed in.
 */
const version = signal(0);
type Person = string | null | undefined;
const keyOf = (roomId: string, userId: Person) =>
  `edge-inbox:draft:${(userId === undefined ? me.value?.user?.id : userId) ?? "anyone"}:${roomId}`;

export function readDraft(roomId: string, userId?: Person): string {
  void version.value;
  try {
    return localStorage.getItem(keyOf(roomId, userId)) ?? "";
  } catch {
    return "";
  }
}

export function saveDraft(roomId: string, text: string, userId?: Person): void {
  try {
    if (text.trim() === "") localStorage.removeItem(keyOf(roomId, userId));
    else localStorage.setItem(keyOf(roomId, userId), text);
  } catch {
    // storage off or full: the draft lives as long as the page
  }
  version.value += 1;
}

export const discardDraft = (roomId: string) => saveDraft(roomId, "");
