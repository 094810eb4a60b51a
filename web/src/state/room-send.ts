/**
 * Sending in the open room: a text, a file with its caption, a template or a private note. A message
 * shows at once as pending (ours, by its client id) and is replaced by the API's copy; a failed one
 * keeps its words and can be sent again with the same client id (never twice). One that fails after
 * the agent left its room goes back into that room's draft, with a notice (state/send-notices.ts).
 */
import { batch } from "@preact/signals";
import { ApiError, api, type SendBody } from "../api";
import { describeError } from "../errors";
import { t } from "../i18n";
import { refreshLowBalance } from "./billing";
import { applyRoom } from "./inbox";
import type { TemplateExtras } from "./library";
import { type ChatMessage, messagesById, removeMessage, replyTo, roomId, roomOpenings, upsertMessages } from "./room";
import { type SendOrigin, SwitchedAway, sendFailedElsewhere, sendOrigin, stillIn } from "./send-notices";
import { me } from "./session";

export function mediaKind(mimeType: string): "image" | "video" | "audio" | "document" {
  if (mimeType.startsWith("image/")) return "image";
  if (mimeType.startsWith("video/")) return "video";
  if (mimeType.startsWith("audio/")) return "audio";
  return "document";
}

function newClientId(): string {
  return crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function localMessage(clientId: string, body: SendBody | null, file: File | null, text: string | null): ChatMessage {
  const now = Date.now();
  const user = me.value?.user;
  return {
    id: `local:${clientId}`,
    seq: Number.MAX_SAFE_INTEGER,
    direction: "out",
    kind: file ? mediaKind(file.type) : "text",
    text,
    media: file
      ? { url: null, providerMediaId: null, mimeType: file.type || null, filename: file.name, size: file.size }
      : null,
    location: null,
    contacts: null,
    replyToId: body?.replyTo ?? null,
    reactionToId: null,
    details: null,
    status: "pending",
    error: null,
    authorId: user?.id ?? null,
    authorName: user?.name ?? null,
    providerMessageId: null,
    sentAt: now,
    createdAt: now,
    local: { clientId, body, file, problem: null },
  };
}

/**
 * A send failed. In its room the message shows as not sent, with Try again (brought back if the agent
 * left and opened the room again meanwhile, which emptied its list). Elsewhere the words go back into
 * the room's draft and a notice names the room, shown in the organization it was sent in (kept for
 * when the agent switches back): nothing the agent typed is lost without a word.
 */
function sendFailed(
  message: ChatMessage | undefined,
  roomIdToSend: string,
  origin: SendOrigin,
  opening: number,
  error: unknown,
) {
  // The balance and the room are the organization's it was sent in: after a switch, not this one's.
  const here = stillIn(origin);
  if (here && error instanceof ApiError && error.code === "insufficient_balance") void refreshLowBalance();
  // The room changed under us (window closed, resolved, blocked): show it as it is now.
  if (here && error instanceof ApiError && error.status === 422) api.room(roomIdToSend).then(applyRoom, () => {});
  if (!message?.local) return;
  if (roomId.value !== roomIdToSend) {
    const fileName = message.kind === "text" ? null : (message.media?.filename ?? t("file"));
    sendFailedElsewhere(origin, roomIdToSend, message.text, fileName, error);
    return;
  }
  // Gone from the list it was sent in: its copy from the API came (through the socket) in its place.
  const shown = messagesById.value.get(message.id) ?? (roomOpenings() !== opening ? message : null);
  if (!shown?.local) return;
  const next = new Map(messagesById.value);
  next.set(message.id, { ...shown, local: { ...shown.local, problem: describeError(error) } });
  messagesById.value = next;
}

async function deliver(
  localId: string,
  roomIdToSend: string,
  clientId: string,
  body: SendBody | null,
  file: File | null,
) {
  // Our own copy: the room's list is emptied when the agent opens another room before the answer.
  let message = messagesById.value.get(localId);
  const opening = roomOpenings();
  const origin = sendOrigin(roomIdToSend);
  try {
    let toSend = body;
    if (file) {
      const uploaded = await api.upload(file);
      if (!stillIn(origin)) throw new SwitchedAway();
      const caption = message?.text ?? undefined;
      toSend = {
        type: mediaKind(uploaded.mimeType),
        mediaId: uploaded.id,
        ...(caption ? { text: caption } : {}),
        ...(body?.replyTo ? { replyTo: body.replyTo } : {}),
        clientMessageId: clientId,
      };
      // A retry must not upload the file again.
      if (message?.local) {
        message = { ...message, local: { ...message.local, body: toSend, file: null } };
        if (messagesById.value.has(localId)) {
          const next = new Map(messagesById.value);
          next.set(localId, message);
          messagesById.value = next;
        }
      }
    }
    if (!toSend) return;
    const sent = await api.send(roomIdToSend, toSend);
    if (roomId.value !== roomIdToSend) return;
    batch(() => {
      removeMessage(localId);
      upsertMessages([sent]);
    });
  } catch (error) {
    sendFailed(message, roomIdToSend, origin, opening, error);
  }
}

/** Sends a text (optionally as a reply) at once, shown as pending until the API has it. */
export function sendText(text: string) {
  const id = roomId.value;
  if (!id) return;
  const clientId = newClientId();
  const reply = replyTo.value;
  const body: SendBody = { type: "text", text, clientMessageId: clientId, ...(reply ? { replyTo: reply.id } : {}) };
  const local = localMessage(clientId, body, null, text);
  batch(() => {
    replyTo.value = null;
    upsertMessages([local]);
  });
  void deliver(local.id, id, clientId, body, null);
}

/** Uploads a file, then sends it with an optional caption. */
export function sendFile(file: File, caption: string) {
  const id = roomId.value;
  if (!id) return;
  const clientId = newClientId();
  const reply = replyTo.value;
  const local = localMessage(
    clientId,
    reply ? { type: "text", text: "", replyTo: reply.id } : null,
    file,
    caption || null,
  );
  batch(() => {
    replyTo.value = null;
    upsertMessages([local]);
  });
  void deliver(local.id, id, clientId, local.local?.body ?? null, file);
}

/** Sends a failed message again (the same clientMessageId: never twice). */
export function retrySend(localId: string) {
  const id = roomId.value;
  const message = messagesById.value.get(localId);
  if (!id || !message?.local) return;
  const { clientId, body, file } = message.local;
  const next = new Map(messagesById.value);
  next.set(localId, { ...message, local: { ...message.local, problem: null } });
  messagesById.value = next;
  void deliver(localId, id, clientId, file ? (body?.type === "text" ? body : null) : body, file);
}

export function discardSend(localId: string) {
  removeMessage(localId);
}

export async function sendTemplate(
  templateName: string,
  language: string,
  variables: string[],
  extras: TemplateExtras = {},
): Promise<void> {
  const id = roomId.value;
  if (!id) return;
  try {
    const sent = await api.sendTemplate(id, { templateName, language, variables, ...extras });
    if (roomId.value === id) upsertMessages([sent]);
  } catch (error) {
    // Out of balance (B7): the inbox banner should say so now, not at its next refresh.
    if (error instanceof ApiError && error.code === "insufficient_balance") void refreshLowBalance();
    throw error;
  }
}

export async function addNote(text: string): Promise<void> {
  const id = roomId.value;
  if (!id) return;
  const note = await api.addNote(id, text);
  if (roomId.value === id) upsertMessages([note]);
}
