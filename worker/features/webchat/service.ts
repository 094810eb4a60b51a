/**
 * The website widget's use cases (rule G2): who the visitor is, the conversation so far, a visitor's
 * message into the room (the same ingest as every provider's: dedupe G6, blocked I6, a new room
 * after a resolve I1), a visitor's file into R2 (I10) and the visitor's live socket to the room.
 */
import type { InboundMessage } from "../../channels/types";
import type { Channel } from "../../db/channels";
import type { Db } from "../../db/client";
import { latestRoomOfVisitor } from "../../db/rooms";
import { WEBCHAT_POLICY } from "../../domain/channel-policy";
import { checkUpload, HEAD_BYTES } from "../../domain/media";
import { clock } from "../../lib/clock";
import { errorForLog, log } from "../../lib/log";
import { Problem } from "../../lib/problem";
import { type InboundJob, ingestMessage } from "../../rooms/ingest";
import { roomStub } from "../../rooms/room-stub";
import { visitorView } from "../../rooms/room-visitors";
import type { VisitorMessage } from "../../schemas/widget";
import { identityHashValid, newVisitorId, verifiedUserId, visitorOfToken, visitorToken } from "./visitor-token";

export type WidgetChannel = Channel & {
  kind: "webchat";
  config: { domain: string; identitySecret: string; visitorKey: string };
};

const HISTORY = 100;

export interface Visitor {
  externalId: string;
  name: string | null;
}

/** The visitor a request's token names, or 401 `visitor_unknown`. */
export async function visitorOf(channel: WidgetChannel, token: string | null): Promise<Visitor> {
  const externalId = await visitorOfToken(channel.config.visitorKey, channel.providerKey, token, clock.now());
  if (!externalId) throw new Problem(401, "visitor_unknown", "Open the chat again: the visitor token is not valid.");
  return { externalId, name: null };
}

/**
 * Rule G2: the session the widget starts with. A site user with a valid HMAC is the same visitor on
 * every browser (a wrong hash is 403 `identity_invalid`); else the token kept by the widget names the
 * visitor; else a new visitor is made. Answers the token to keep and the latest room's messages.
 */
export async function startSession(
  env: Env,
  db: Db,
  channel: WidgetChannel,
  body: {
    visitorToken?: string | undefined;
    user?: { id: string; hash: string; name?: string | undefined } | undefined;
  },
) {
  let externalId: string | null = null;
  if (body.user) {
    if (!(await identityHashValid(channel.config.identitySecret, body.user.id, body.user.hash))) {
      throw new Problem(403, "identity_invalid", "The user's identity hash does not match this widget's secret.");
    }
    externalId = verifiedUserId(body.user.id);
  } else if (body.visitorToken) {
    externalId = await visitorOfToken(channel.config.visitorKey, channel.providerKey, body.visitorToken, clock.now());
    // A token made for a verified user is that user's only with its hash.
    if (externalId?.startsWith("user:")) externalId = null;
  }
  externalId ??= newVisitorId();
  const room = await latestRoomOfVisitor(db, channel, externalId);
  const messages = room ? await historyOf(env, room.id) : [];
  const online = await env.INBOX.getByName(channel.organizationId)
    .online()
    .catch(() => [] as string[]);
  return {
    visitorToken: await visitorToken(channel.config.visitorKey, channel.providerKey, externalId, clock.now()),
    verified: externalId.startsWith("user:"),
    roomId: room?.id ?? null,
    messages,
    // Offline (G2): nobody is online to answer now; the widget says a reply may take a while.
    agentsOnline: online.length > 0,
  };
}

async function historyOf(env: Env, roomId: string): Promise<VisitorMessage[]> {
  const messages = await roomStub(env, roomId).listMessages({ limit: HISTORY });
  return messages.flatMap((m) => {
    const view = visitorView(m);
    return view ? [view] : [];
  });
}

/** A visitor's name in the inbox: the site's name for a verified user, else "Visitor" and a short mark. */
function visitorName(externalId: string, given: string | null | undefined): string {
  if (given) return given;
  const mark = externalId
    .replace(/^(visitor|user):/, "")
    .replace(/-/g, "")
    .slice(0, 6);
  return `Visitor ${mark}`;
}

/**
 * A visitor's message into their room, through the same ingest as a provider's webhook: the client's
 * message id makes a retry a repeat (G6). A room that cannot be reached queues the message (G6):
 * the answer then has no room yet.
 */
export async function receiveVisitorMessage(
  env: Env,
  db: Db,
  channel: WidgetChannel,
  visitor: Visitor,
  body: { clientMessageId: string; text?: string | undefined; fileId?: string | undefined; name?: string | null },
) {
  const file = body.fileId ? await env.MEDIA.head(visitorFileKey(channel, visitor, body.fileId)) : null;
  if (body.fileId && !file)
    throw new Problem(422, "media_missing", "The attached file was not found. Attach it again.");
  const mimeType = file?.httpMetadata?.contentType ?? null;
  const message: InboundMessage = {
    providerMessageId: `webchat:${visitor.externalId}:${body.clientMessageId}`,
    channelKey: channel.providerKey,
    contact: { externalId: visitor.externalId, name: visitorName(visitor.externalId, body.name) },
    sentAt: clock.now(),
    kind: file ? mediaKindOf(mimeType) : "text",
    text: body.text ?? null,
    media: file
      ? { providerMediaId: file.key, mimeType, filename: file.customMetadata?.filename ?? null, sha256: null }
      : null,
    location: null,
    contacts: null,
    replyToProviderId: null,
    reactionToProviderId: null,
  };
  try {
    const stored = await ingestMessage(env, db, channel, message);
    if (stored) return { roomId: stored.roomId, message: visitorView(stored.message as never) };
  } catch (err) {
    log("warn", "webchat.queued", { reason: errorForLog(err) });
    const job: InboundJob = { kind: "message", channelId: channel.id, message };
    await env.INBOUND_QUEUE.send(job);
    return { roomId: null, message: null };
  }
  // A repeat (or a blocked visitor, I6): the room as it is.
  const room = await latestRoomOfVisitor(db, channel, visitor.externalId);
  return { roomId: room?.id ?? null, message: null };
}

function mediaKindOf(mimeType: string | null): InboundMessage["kind"] {
  if (mimeType === "image/jpeg" || mimeType === "image/png") return "image";
  if (mimeType?.startsWith("video/")) return "video";
  if (mimeType?.startsWith("audio/")) return "audio";
  return "document";
}

const visitorFileKey = (channel: WidgetChannel, visitor: Visitor, fileId: string) =>
  `webchat/${channel.id}/${encodeURIComponent(visitor.externalId)}/${fileId}`;

/** Rule I10: a visitor's file, judged from its bytes, within the widget's limit; kept in R2 until sent. */
export async function keepVisitorFile(
  env: Env,
  channel: WidgetChannel,
  visitor: Visitor,
  bytes: ArrayBuffer,
  filename: string | null,
): Promise<{ fileId: string }> {
  const head = new Uint8Array(bytes.slice(0, HEAD_BYTES));
  const check = checkUpload(head, bytes.byteLength, WEBCHAT_POLICY, { name: filename });
  if (!check.ok) {
    throw new Problem(check.code === "media_too_large" ? 413 : 415, check.code, check.detail);
  }
  const fileId = crypto.randomUUID();
  await env.MEDIA.put(visitorFileKey(channel, visitor, fileId), bytes, {
    httpMetadata: { contentType: check.contentType },
    customMetadata: { filename: (filename ?? "file").slice(0, 200), purpose: "attachment" },
  });
  return { fileId };
}

/** The visitor's own room's file (only a message of their latest room), or null. */
export async function visitorFile(env: Env, db: Db, channel: WidgetChannel, visitor: Visitor, messageId: string) {
  const room = await latestRoomOfVisitor(db, channel, visitor.externalId);
  if (!room) return null;
  const message = await roomStub(env, room.id).getMessage(messageId);
  if (!message?.media?.key || message.direction === "note") return null;
  const object = await env.MEDIA.get(message.media.key);
  return object ? { object, filename: message.media.filename } : null;
}

/** The visitor's socket to their latest room (rule G2): the upgrade goes to the room with the visitor tag. */
export async function visitorSocket(env: Env, db: Db, channel: WidgetChannel, visitor: Visitor, request: Request) {
  const room = await latestRoomOfVisitor(db, channel, visitor.externalId);
  if (!room) throw new Problem(409, "no_conversation_yet", "Write a first message, then open the live connection.");
  const after = Number(new URL(request.url).searchParams.get("after") ?? "0") || 0;
  const headers = new Headers({ Upgrade: "websocket" });
  const protocol = request.headers.get("Sec-WebSocket-Protocol");
  if (protocol) headers.set("Sec-WebSocket-Protocol", protocol);
  return roomStub(env, room.id).fetch(new Request(`https://do/visitor-ws?after=${after}`, { headers }));
}
