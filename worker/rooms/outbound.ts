import { and, eq } from "drizzle-orm";
import type { ChannelAdapter } from "../channels/adapter";
import type { ChannelAccount } from "../channels/config";
import { adapterFor } from "../channels/registry";
import type { TemplateHeaderParameter } from "../channels/template-types";
import type { OutboundPayload, ProviderError } from "../channels/types";
import { channelById, openChannel } from "../db/channels";
import { createDb } from "../db/client";
import { templates } from "../db/schema-templates";
import { type ChannelPolicy, WHATSAPP_POLICY } from "../domain/channel-policy";
import { kindOf, overMediaLimit } from "../domain/media";
import { checkTemplateForSend, type TemplateSendExtras } from "../domain/template-send";
import { humanAgentTagApplies } from "../domain/window";
import { clock } from "../lib/clock";
import { Problem } from "../lib/problem";
import type { ChoiceBody, MediaInfo, OutboundBody, RoomIdentity, TemplateSend } from "./types";

export type OutboundResult = ({ ok: true; providerMessageId: string } | { ok: false; error: ProviderError }) & {
  media?: MediaInfo;
};

const failure = (code: string, title: string, detail: string | null = null): OutboundResult => ({
  ok: false,
  error: { code, title, detail },
});

/** R2 key of a file an agent uploaded through POST /api/media. */
export const uploadKey = (organizationId: string, mediaId: string) => `uploads/${organizationId}/${mediaId}`;

type StoredFile = { size: number; httpMetadata?: { contentType?: string }; customMetadata?: Record<string, string> };

/**
 * Rule I10: a stored file may go out as a message only if it was uploaded as an attachment (a
 * template sample, purpose `template_sample`, has T2's larger limits: a 6 MB image) and is within
 * the channel's limit for its kind. Null when it may.
 */
export function outboundFileProblem(object: StoredFile, policy: ChannelPolicy = WHATSAPP_POLICY): Problem | null {
  if ((object.customMetadata?.purpose ?? "attachment") !== "attachment") {
    return new Problem(
      422,
      "media_not_attachment",
      "This file was uploaded as a template sample; upload it as an attachment to send it.",
    );
  }
  return overLimitProblem(object.httpMetadata?.contentType ?? "application/octet-stream", object.size, policy);
}

/** Rule I10: the channel kind's size limit for a file's kind (WhatsApp: image 5 MB ...). Null within it. */
function overLimitProblem(contentType: string, size: number, policy: ChannelPolicy): Problem | null {
  const tooLarge = overMediaLimit(kindOf(contentType), size, policy);
  return tooLarge ? new Problem(422, tooLarge.code, tooLarge.detail) : null;
}

/**
 * For the route, before anything is charged or sent (rule I10): 422 `media_missing`,
 * `media_not_attachment` or `media_too_large` when the file may not be sent; null when it may.
 */
export async function outboundMediaProblem(env: Env, organizationId: string, mediaId: string): Promise<Problem | null> {
  const object = await env.MEDIA.head(uploadKey(organizationId, mediaId));
  if (!object) return new Problem(422, "media_missing", "The attached file was not found. Upload it again.");
  return outboundFileProblem(object);
}

const MEDIA_FORMATS = { IMAGE: "image", VIDEO: "video", DOCUMENT: "document" } as const;

/**
 * Rule T3: the header and URL-button parameters of a template send, read from the stored template
 * (`template-send.ts` checked them before the charge). A media header shows `headerMediaId`, or the
 * template's own sample, uploaded to the provider like an attachment (I10 limits apply).
 */
async function templateParameters(
  env: Env,
  adapter: ChannelAdapter,
  channel: ChannelAccount,
  room: RoomIdentity,
  send: TemplateSend & TemplateSendExtras,
): Promise<
  | { ok: true; header: TemplateHeaderParameter | null; urlButtons: { index: number; text: string }[] }
  | { ok: false; result: OutboundResult }
> {
  const row = await createDb(env.DB).query.templates.findFirst({
    where: and(
      eq(templates.channelId, room.channelId),
      eq(templates.name, send.name),
      eq(templates.language, send.language),
    ),
  });
  if (!row) return { ok: false, result: failure("template_missing", "The template no longer exists.") };
  const check = checkTemplateForSend(row, send.variables, send);
  if (!check.ok) return { ok: false, result: failure(check.code, check.detail) };
  const { needs } = check;
  const urlButtons = needs.urlButtonIndexes.map((index, i) => ({ index, text: send.buttonVariables?.[i] ?? "" }));
  if (needs.headerText !== null && needs.headerVariables > 0) {
    // Meta takes the variable's value ("Rina"), not the filled header ("Halo Rina").
    return { ok: true, header: { kind: "text", text: send.headerVariables?.[0] ?? "" }, urlButtons };
  }
  if (!needs.headerMedia) return { ok: true, header: null, urlButtons };
  const kind = MEDIA_FORMATS[needs.headerMedia];
  const mediaId = send.headerMediaId ?? needs.headerSampleId;
  const object = mediaId ? await env.MEDIA.get(uploadKey(room.organizationId, mediaId)) : null;
  if (!object) {
    return {
      ok: false,
      result: failure("media_missing", "The template header's file was not found. Upload it again."),
    };
  }
  const contentType = object.httpMetadata?.contentType ?? "application/octet-stream";
  if (kindOf(contentType) !== kind) {
    await object.body.cancel();
    return {
      ok: false,
      result: failure("template_header_media_invalid", `The template's header shows a ${kind}; this file is not one.`),
    };
  }
  const tooLarge = overLimitProblem(contentType, object.size, adapter.policy);
  if (tooLarge) {
    await object.body.cancel();
    return { ok: false, result: failure(tooLarge.code, tooLarge.detail) };
  }
  const filename = object.customMetadata?.filename ?? null;
  const file = { bytes: await object.arrayBuffer(), mimeType: contentType, filename: filename ?? "file" };
  const uploaded = await adapter.uploadMedia(env, channel, file);
  if (!uploaded.ok) {
    return {
      ok: false,
      result: failure(
        "media_upload_failed",
        "The header file could not be uploaded to the provider.",
        detailOf(uploaded.error),
      ),
    };
  }
  return { ok: true, header: { kind, mediaId: uploaded.providerMediaId, filename }, urlButtons };
}

const detailOf = (error: ProviderError) => `${error.code}: ${error.title}`;

/**
 * Sends one message of a room through its channel kind's adapter. Never throws for a provider
 * failure: the message is marked failed with the provider's code and text.
 */
export async function sendFromRoom(
  env: Env,
  room: RoomIdentity & { lastCustomerMessageAt?: number | null },
  body: OutboundBody | ChoiceBody | { type: "template"; template: TemplateSend },
  replyToProviderId: string | null,
): Promise<OutboundResult> {
  const stored = await channelById(createDb(env.DB), room.channelId);
  if (!stored) return failure("channel_missing", "The channel of this room no longer exists.");
  if (!stored.connected) return failure("channel_disconnected", "The channel is disconnected.");
  const channel = await openChannel(stored); // rule G7: secrets opened only for the provider call
  const adapter = adapterFor(channel.kind);
  const to = room.contactExternalId;
  // Rule I2 (Messenger, Instagram): a human's reply past 24 h is tagged HUMAN_AGENT (checked by the room).
  const tag = humanAgentTagApplies(room.lastCustomerMessageAt ?? null, clock.now(), adapter.policy)
    ? ("human_agent" as const)
    : undefined;
  if (body.type === "template") {
    const { name, language, variables } = body.template;
    const params = await templateParameters(env, adapter, channel, room, body.template);
    if (!params.ok) return params.result;
    const { header, urlButtons } = params;
    const payload: OutboundPayload = {
      kind: "template",
      to,
      name,
      language,
      bodyVariables: variables,
      header,
      urlButtons,
    };
    return adapter.send(env, channel, payload);
  }
  if (body.type === "choice") {
    const { text, button, options } = body;
    return adapter.send(env, channel, { kind: "choice", to, text, button, options });
  }
  if (body.type === "text") {
    return adapter.send(env, channel, { kind: "text", to, text: body.text, replyToProviderId, tag });
  }
  const object = await env.MEDIA.get(uploadKey(room.organizationId, body.mediaId));
  if (!object) return failure("media_missing", "The attached file was not found. Upload it again.");
  // rule I10: a template sample (or anything over the kind's limit) is not sent as an attachment.
  const refused = outboundFileProblem(object, adapter.policy);
  if (refused) {
    await object.body.cancel();
    return failure(refused.code, refused.detail);
  }
  const mimeType = object.httpMetadata?.contentType ?? "application/octet-stream";
  const filename = object.customMetadata?.filename ?? null;
  const media: MediaInfo = { key: object.key, providerMediaId: null, mimeType, filename, size: object.size };
  const file = { bytes: await object.arrayBuffer(), mimeType, filename: filename ?? "file", key: object.key };
  const uploaded = await adapter.uploadMedia(env, channel, file);
  if (!uploaded.ok) {
    const detail = detailOf(uploaded.error);
    return { ...failure("media_upload_failed", "The file could not be uploaded to the provider.", detail), media };
  }
  const { providerMediaId } = uploaded;
  const payload: OutboundPayload = {
    kind: body.type,
    to,
    providerMediaId,
    caption: body.text ?? null,
    filename,
    replyToProviderId,
    tag,
  };
  const result = await adapter.send(env, channel, payload);
  return { ...result, media: { ...media, providerMediaId } };
}
