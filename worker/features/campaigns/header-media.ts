/**
 * A campaign's media header (rule T3, issue 13): IMAGE, VIDEO or DOCUMENT templates show one file to
 * every recipient: a public https link the provider fetches, or a file uploaded through POST
 * /api/media (the template's own sample when none is given), uploaded to the provider once, when
 * the campaign is created (I10 limits apply). The estimate checks the file without uploading it.
 */
import { adapterFor } from "../../channels/registry";
import type { TemplateHeaderParameter } from "../../channels/template-types";
import { channelById, openChannel } from "../../db/channels";
import type { Db } from "../../db/client";
import { kindOf } from "../../domain/media";
import type { HeaderMediaFormat } from "../../domain/template-send";
import { Problem } from "../../lib/problem";
import { outboundFileProblem, uploadKey } from "../../rooms/outbound";
import type { CreateCampaignBody } from "../../schemas/campaigns";

const KIND = { IMAGE: "image", VIDEO: "video", DOCUMENT: "document" } as const;
const unprocessable = (code: string, detail: string) => new Problem(422, code, detail);

export interface HeaderMediaChoice {
  format: HeaderMediaFormat;
  given: CreateCampaignBody["headerMedia"];
  sampleId: string | null;
}

/** 422 when the header's file is missing, of another kind or too large; the file's link as is. */
type Checked =
  | { kind: (typeof KIND)[HeaderMediaFormat]; link: string }
  | { kind: (typeof KIND)[HeaderMediaFormat]; object: R2ObjectBody; contentType: string };

export async function checkHeaderMedia(env: Env, organizationId: string, choice: HeaderMediaChoice): Promise<Checked> {
  const kind = KIND[choice.format];
  if (choice.given && "link" in choice.given) return { kind, link: choice.given.link };
  const mediaId = choice.given?.mediaId ?? choice.sampleId;
  const object = mediaId ? await env.MEDIA.get(uploadKey(organizationId, mediaId)) : null;
  if (!object) {
    throw unprocessable(
      "header_media_missing",
      "The template's header shows a file: give headerMedia (a link or an uploaded file).",
    );
  }
  const contentType = object.httpMetadata?.contentType ?? "application/octet-stream";
  // The template's own sample may be larger (T2); a file uploaded for the campaign is an attachment (I10).
  const problem =
    kindOf(contentType) !== kind
      ? unprocessable("template_header_media_invalid", `The template's header shows a ${kind}; this file is not one.`)
      : choice.given
        ? outboundFileProblem(object)
        : null;
  if (problem) {
    await object.body.cancel();
    throw problem;
  }
  return { kind, object, contentType };
}

/** The header every recipient gets: the link, or the file uploaded to the provider now. */
export async function headerMediaFor(
  env: Env,
  db: Db,
  organizationId: string,
  channelId: string,
  choice: HeaderMediaChoice,
): Promise<TemplateHeaderParameter> {
  const checked = await checkHeaderMedia(env, organizationId, choice);
  if ("link" in checked) return { kind: checked.kind, link: checked.link };
  const stored = await channelById(db, channelId);
  if (!stored?.connected) {
    await checked.object.body.cancel();
    throw unprocessable("channel_unavailable", "The template's channel is disconnected.");
  }
  const channel = await openChannel(stored);
  const filename = checked.object.customMetadata?.filename ?? null;
  const file = {
    bytes: await checked.object.arrayBuffer(),
    mimeType: checked.contentType,
    filename: filename ?? "file",
  };
  const uploaded = await adapterFor(channel.kind).uploadMedia(env, channel, file);
  if (!uploaded.ok) {
    throw unprocessable(
      "media_upload_failed",
      `The header file could not be uploaded to the provider (${uploaded.error.code}: ${uploaded.error.title}).`,
    );
  }
  return { kind: checked.kind, mediaId: uploaded.providerMediaId, filename };
}
