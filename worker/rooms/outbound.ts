import { createGraphClient } from "../channels/graph-client";
import type { OutboundPayload, ProviderError } from "../channels/types";
import { channelById } from "../db/channels";
import { createDb } from "../db/client";
import { graphFetchFor } from "../sandbox/fetch";
import type { MediaInfo, OutboundBody, RoomIdentity, TemplateSend } from "./types";

export type OutboundResult = ({ ok: true; providerMessageId: string } | { ok: false; error: ProviderError }) & {
  media?: MediaInfo;
};

const failure = (code: string, title: string, detail: string | null = null): OutboundResult => ({
  ok: false,
  error: { code, title, detail },
});

/** R2 key of a file an agent uploaded through POST /api/media. */
export const uploadKey = (organizationId: string, mediaId: string) => `uploads/${organizationId}/${mediaId}`;

/**
 * Sends one message of a room through its channel's provider. Never throws for a provider failure:
 * the message is marked failed with the provider's code and text.
 */
export async function sendFromRoom(
  env: Env,
  room: RoomIdentity,
  body: OutboundBody | { type: "template"; template: TemplateSend },
  replyToProviderId: string | null,
): Promise<OutboundResult> {
  const channel = await channelById(createDb(env.DB), room.channelId);
  if (!channel) return failure("channel_missing", "The channel of this room no longer exists.");
  if (!channel.connected) return failure("channel_disconnected", "The channel is disconnected.");
  const creds = { channelKey: channel.phoneNumberId, accessToken: channel.accessToken };
  const graph = createGraphClient({ baseUrl: env.GRAPH_API_URL, fetch: graphFetchFor(env) });
  const to = room.contactExternalId;
  if (body.type === "template") {
    const { name, language, variables } = body.template;
    return graph.sendMessage(creds, { kind: "template", to, name, language, bodyVariables: variables });
  }
  if (body.type === "text") {
    return graph.sendMessage(creds, { kind: "text", to, text: body.text, replyToProviderId });
  }
  const object = await env.MEDIA.get(uploadKey(room.organizationId, body.mediaId));
  if (!object) return failure("media_missing", "The attached file was not found. Upload it again.");
  const mimeType = object.httpMetadata?.contentType ?? "application/octet-stream";
  const filename = object.customMetadata?.filename ?? null;
  const media: MediaInfo = { key: object.key, providerMediaId: null, mimeType, filename, size: object.size };
  try {
    const providerMediaId = await graph.uploadMedia(creds, await object.arrayBuffer(), mimeType, filename ?? "file");
    const payload: OutboundPayload = {
      kind: body.type,
      to,
      providerMediaId,
      caption: body.text ?? null,
      filename,
      replyToProviderId,
    };
    const result = await graph.sendMessage(creds, payload);
    return { ...result, media: { ...media, providerMediaId } };
  } catch (err) {
    return { ...failure("media_upload_failed", "The file could not be uploaded to the provider.", String(err)), media };
  }
}
