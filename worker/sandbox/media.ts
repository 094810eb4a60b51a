/** The sandbox's media: bytes in R2 under its own prefix, the record in the sandbox Durable Object. */

import { toHex } from "../lib/crypto";
import { MEDIA_LIMITS, type MediaType, mediaTypeOf, SANDBOX_MEDIA_PREFIX } from "./config";
import { newMediaId } from "./graph";
import { sandboxStub } from "./instance";
import type { SandboxMedia } from "./store";

export function stringField(form: FormData, name: string): string | null {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

export type StoredMedia =
  | { type: MediaType; record: SandboxMedia }
  | { problem: { code: "media_type_unsupported" | "media_too_large"; detail: string } };

/** Checks WhatsApp's type and size limits (rule I10), puts the bytes in R2 and records the media. */
export async function storeMedia(env: Env, file: File, mimeType: string): Promise<StoredMedia> {
  const mime = mimeType.split(";")[0]?.trim().toLowerCase() ?? "";
  const type = mediaTypeOf(mime);
  if (!type) return { problem: { code: "media_type_unsupported", detail: `Unsupported file type '${mime}'.` } };
  const limit = MEDIA_LIMITS[type].maxBytes;
  if (file.size > limit) {
    return {
      problem: {
        code: "media_too_large",
        detail: `A ${type} may be at most ${limit} bytes; this file is ${file.size}.`,
      },
    };
  }
  const bytes = await file.arrayBuffer();
  const id = newMediaId();
  const record: SandboxMedia = {
    id,
    mimeType: mime,
    sha256: toHex(await crypto.subtle.digest("SHA-256", bytes)),
    fileSize: bytes.byteLength,
    filename: file.name || null,
    r2Key: `${SANDBOX_MEDIA_PREFIX}${id}`,
    createdAt: Date.now(),
  };
  await env.MEDIA.put(record.r2Key, bytes, { httpMetadata: { contentType: mime } });
  await sandboxStub(env).recordMedia(record);
  return { type, record };
}

export async function mediaBytes(env: Env, mediaId: string): Promise<Response | null> {
  const media = await sandboxStub(env).media(mediaId);
  if (!media) return null;
  const object = await env.MEDIA.get(media.r2Key);
  if (!object) return null;
  return new Response(object.body, {
    headers: {
      "content-type": media.mimeType,
      "content-length": String(media.fileSize),
      ...(media.filename ? { "content-disposition": `inline; filename="${media.filename.replace(/"/g, "")}"` } : {}),
    },
  });
}
