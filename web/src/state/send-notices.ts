/**
 * A reply or a file that failed after the agent had left its room: the reply's words go back into that
 * room's saved draft (nothing typed is lost) and a notice, shown over every page, names the room and
 * says why, until the agent dismisses it. While the agent is still in the room, the failed message
 * shows there instead, with Try again (state/room-send.ts).
 *
 * A send belongs to the person and the organization it was made in (its origin). One that fails after
 * the agent switched organization keeps its notice for when they switch back, and shows it only there:
 * its words wait in the room's draft (state/drafts.ts), and the notice is the one thing that says so.
 * Signing out, or another person signing in, forgets every notice; the words stay in the sender's
 * draft.
 */
import { computed, effect, signal } from "@preact/signals";
import { describeError } from "../errors";
import { phone } from "../format";
import { t } from "../i18n";
import { readDraft, saveDraft } from "./drafts";
import { rooms } from "./inbox-cache";
import { me } from "./session";

/** Who sent, in which organization, and to whom (the room's name as the sender saw it). */
export interface SendOrigin {
  organizationId: string | null;
  userId: string | null;
  contact: string | null;
}

export interface SendNotice {
  id: number;
  roomId: string;
  organizationId: string | null;
  text: string;
}

/** Every organization's notices, the newest last; only the last few of each are kept. */
const allNotices = signal<readonly SendNotice[]>([]);
const KEEP = 3;
let nextId = 1;

const currentOrganization = () => me.value?.organization.id ?? null;

/** The notices of the organization the agent is in now. */
export const sendNotices = computed(() => {
  const organizationId = currentOrganization();
  return allNotices.value.filter((notice) => notice.organizationId === organizationId);
});

export function dismissSendNotice(id: number): void {
  allNotices.value = allNotices.value.filter((notice) => notice.id !== id);
}

function clearSendNotices(): void {
  allNotices.value = [];
}

// Notices belong to the person signed in: a sign-out, or someone else signing in, forgets them all.
let signedInAs: string | null | undefined;
effect(() => {
  const current = me.value;
  const who = current ? (current.user?.id ?? "") : null;
  if (signedInAs !== undefined && who !== signedInAs) clearSendNotices();
  signedInAs = who;
});

function contactOf(roomId: string): string | null {
  const room = rooms.value.get(roomId);
  if (!room) return null;
  return room.contactName ?? phone(room.contactExternalId);
}

/** Taken when a send starts: the failure is told to this person, in this organization. */
export function sendOrigin(roomId: string): SendOrigin {
  const current = me.value;
  return {
    organizationId: current?.organization.id ?? null,
    userId: current?.user?.id ?? null,
    contact: contactOf(roomId),
  };
}

/**
 * A file uploaded before the agent switched organization is not sent after it: this tab's session now
 * speaks for the other organization, where its room is not.
 */
export class SwitchedAway extends Error {}

/** True while the agent is still who sent, in the organization they sent in. */
export function stillIn(origin: SendOrigin): boolean {
  const current = me.value;
  return (
    current !== null &&
    current.organization.id === origin.organizationId &&
    (current.user?.id ?? null) === origin.userId
  );
}

/**
 * Puts unsent words back as the room's draft (the sender's: `userId`, by default whoever is signed in).
 * A draft started there since is kept as it is and the words go below it, after a blank line (several
 * failed replies thus come back in the order they were sent); words the draft already holds are not
 * added twice.
 */
export function restoreDraft(roomId: string, text: string, userId?: string | null): "alone" | "below" {
  const current = readDraft(roomId, userId);
  if (current.trim() === "" || current.trim() === text.trim()) {
    saveDraft(roomId, text, userId);
    return "alone";
  }
  if (!current.includes(text)) saveDraft(roomId, `${current}\n\n${text}`, userId);
  return "below";
}

/**
 * A send of room `roomId` failed while the agent was elsewhere: `text` (the reply, or the file's
 * caption) goes back into the sender's draft of the room, and the notice says so, in the organization
 * the send was made in. Nobody else is told: the sender has signed out, or someone else signed in.
 */
export function sendFailedElsewhere(
  origin: SendOrigin,
  roomId: string,
  text: string | null,
  fileName: string | null,
  error: unknown,
) {
  const kept = text?.trim() ? restoreDraft(roomId, text, origin.userId) : null;
  const current = me.value;
  if (!current || (current.user?.id ?? null) !== origin.userId) return;
  const name = (stillIn(origin) ? contactOf(roomId) : null) ?? origin.contact ?? t("customer");
  const words = [
    fileName
      ? t("Your file {file} to {name} was not sent.", { file: fileName, name })
      : t("Your reply to {name} was not sent.", { name }),
    error instanceof SwitchedAway ? t("It was still on its way when you switched organization.") : describeError(error),
  ];
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
  const notice = { id: nextId++, roomId, organizationId: origin.organizationId, text: words.join(" ") };
  const same = (n: SendNotice) => n.organizationId === notice.organizationId;
  const others = allNotices.value.filter((n) => !same(n));
  allNotices.value = [...others, ...[...allNotices.value.filter(same), notice].slice(-KEEP)];
}
