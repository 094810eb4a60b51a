import { signal } from "@preact/signals";
import { me } from "./session";

/**
 * Unsent replies, per person and room, kept in this browser across reloads (issue 17): a half-typed
 * reply survives moving between rooms, a reload, and the window closing under it. `version` bumps on
 * every change so components that show a kept draft re-read it.
 */
const version = signal(0);
const keyOf = (roomId: string) => `edge-inbox:draft:${me.value?.user?.id ?? "anyone"}:${roomId}`;

export function readDraft(roomId: string): string {
  void version.value;
  try {
    return localStorage.getItem(keyOf(roomId)) ?? "";
  } catch {
    return "";
  }
}

export function saveDraft(roomId: string, text: string): void {
  try {
    if (text.trim() === "") localStorage.removeItem(keyOf(roomId));
    else localStorage.setItem(keyOf(roomId), text);
  } catch {
    // storage off or full: the draft lives as long as the page
  }
  version.value += 1;
}

export const discardDraft = (roomId: string) => saveDraft(roomId, "");
