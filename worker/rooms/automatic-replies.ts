import { checkFreeFormSend } from "../domain/room";
import { clock } from "../lib/clock";
import { AlreadyReplied, dispatchSend, type SendingRoom } from "./room-send";
import { policyOfRoom } from "./room-store";
import type { Author, Message } from "./types";

/** Who an automatic reply is from, as the room shows it: the system, no person; it acts for the organization in any room. */
export const AUTOMATIC_AUTHOR: Author = { userId: null, name: "Automatic reply", role: "admin" };

/**
 * Sends a reply the product writes by itself (I9's away reply) once per `key`: not after a resolve,
 * not outside the reply window (I2), never twice, whatever repeats the request. It is a business
 * reply like any other (B2: it opens a service conversation) but leaves the room unread and unassigned.
 * Returns the message, or null when nothing was sent.
 */
export async function sendAutomaticReply(
  room: SendingRoom,
  env: Env,
  key: string,
  text: string,
): Promise<Message | null> {
  const r = room.store.record();
  if (!r || room.store.automaticReplySent(key)) return null;
  const state = { ...r, policy: policyOfRoom(r) };
  if (checkFreeFormSend(state, false, AUTOMATIC_AUTHOR, clock.now())) return null;
  try {
    return await dispatchSend(room, env, {
      room: r,
      author: AUTOMATIC_AUTHOR,
      body: { type: "text", text },
      replyTo: null,
      automatic: key,
    });
  } catch (err) {
    if (err instanceof AlreadyReplied) return null;
    throw err;
  }
}
