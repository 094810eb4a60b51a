/**
 * A reply or a file that failed after the agent had left its room: the reply's words go back into that
 * room's saved draft (nothing typed is lost) and a notice, shown over every page, names the room and
 * says why, until the agent dismisses it. While the agent is still in the room, the failed message
 * shows there instead, with Try again (state/room-send.ts).
 */
import { signal } from "@preact/signals";
import { describeError } from "../errors";
import { phone } from "../format";
import { t } from "../i18n";
import { readDraft, saveDraft } from "./drafts";
import { rooms } from "./inbox-cache";

export interface SendNotice {
  id: number;
  roomId: string;
  text: string;
}

/** The newest last; only the last few are kept, an agent clears them with Dismiss. */
export const sendNotices = signal<readonly SendNotice[]>([]);
const KEEP = 3;
let nextId = 1;

export function dismissSendNotice(id: number): void {
  sendNotices.value = sendNotices.value.filter((notice) => notice.id !== id);
}

export function clearSendNotices(): void {
  sendNotices.value = [];
}

/**
 * Puts unsent words back as the room's draft. A draft started there since is kept as it is and the
 * words go below it, after a blank line (several failed replies thus come back in the order they were
 * sent); words the draft already holds are not added twice.
 */
export function restoreDraft(roomId: string, text: string): "alone" | "below" {
  const current = readDraft(roomId);
  if (current.trim() === "" || current.trim() === text.trim()) {
    saveDraft(roomId, text);
    return "alone";
  }
  if (!current.includes(text)) saveDraft(roomId, `${current}\n\n${text}`);
  return "below";
}

function contactOf(roomId: string): string {
  const room = rooms.value.get(roomId);
  if (!room) return t("customer");
  return room.contactName ?? phone(room.contactExternalId);
}

/**
 * A send of room `roomId` failed while the agent was elsewhere: `text` (the reply, or the file's
 * caption) goes back into the room's draft, and the notice says so.
 */
export function sendFailedElsewhere(roomId: string, text: string | null, fileName: string | null, error: unknown) {
  const name = contactOf(roomId);
  const words = [
    fileName
      ? t("Your file {file} to {name} was not sent.", { file: fileName, name })
      : t("Your reply to {name} was not sent.", { name }),
    describeError(error),
  ];
  const kept = text?.trim() ? restoreDraft(roomId, text) : null;
  if (fileName) words.push(t("Attach the file again to send it."));
  if (kept === "alone") {
    words.push(fileName ? t("Its caption is back in the message box.") : t("It is back in the message box."));
  } else if (kept === "below") {
    words.push(
      fileName
        ? t("Its caption is back in the message box, below the reply you had started there since.")
        : t("It is back in the message box, below the reply you had started there since."),
    );
  }
  const notice = { id: nextId++, roomId, text: words.join(" ") };
  sendNotices.value = [...sendNotices.value, notice].slice(-KEEP);
}
