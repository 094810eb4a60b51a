/**
 * Rule I10 (and T2 for samples): what a file is, judged from its bytes rather than its name, and the
 * channel kind's size limit for that kind (`channel-policy.ts`; WhatsApp: image 5 MB (jpeg, png),
 * video 16 MB (mp4, 3gpp), audio 16 MB, document 100 MB). Every check defaults to WhatsApp's policy.
 */
import { type ChannelPolicy, type MediaKind, WHATSAPP_POLICY } from "./channel-policy";
import { SAMPLE_MAX_BYTES, sampleFormatOf } from "./template-rules";

export type { MediaKind };

/** WhatsApp's limits (I10); another kind's are `policyOf(kind).mediaLimits`. */
export const MEDIA_LIMITS: Record<MediaKind, number> = WHATSAPP_POLICY.mediaLimits;

/** Rule I10: the refusal for a file over the kind's limit, or null when within it. */
export function overMediaLimit(
  kind: MediaKind,
  size: number,
  policy: ChannelPolicy = WHATSAPP_POLICY,
): { code: "media_too_large"; detail: string } | null {
  const limit = policy.mediaLimits[kind];
  if (size <= limit) return null;
  return { code: "media_too_large", detail: `A ${kind} can be at most ${limit / 1024 / 1024} MB on ${policy.label}.` };
}

const ascii = (bytes: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...bytes.subarray(from, from + length));

/** The content type the first bytes prove, or null when they prove nothing we accept. */
export function sniffContentType(head: Uint8Array): string | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (ascii(head, 0, 8) === "\x89PNG\r\n\x1a\n") return "image/png";
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 4) === "WEBP") return "image/webp";
  if (ascii(head, 4, 4) === "ftyp") return ascii(head, 8, 3) === "3gp" ? "video/3gpp" : "video/mp4";
  if (ascii(head, 0, 4) === "OggS") return "audio/ogg";
  if (ascii(head, 0, 6) === "#!AMR\n") return "audio/amr";
  if (ascii(head, 0, 3) === "ID3" || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return "audio/mpeg";
  if (ascii(head, 0, 5) === "%PDF-") return "application/pdf";
  if (ascii(head, 0, 4) === "PK\x03\x04") return "application/zip";
  return null;
}

export function kindOf(contentType: string): MediaKind {
  if (contentType === "image/jpeg" || contentType === "image/png") return "image";
  if (contentType.startsWith("video/")) return "video";
  if (contentType.startsWith("audio/")) return "audio";
  return "document";
}

export type MediaCheck =
  | { ok: true; contentType: string; kind: MediaKind }
  | { ok: false; code: string; detail: string };

export function checkUpload(head: Uint8Array, size: number, policy: ChannelPolicy = WHATSAPP_POLICY): MediaCheck {
  const contentType = sniffContentType(head);
  if (!contentType || contentType === "image/webp") {
    return {
      ok: false,
      code: "unsupported_media_type",
      detail: "Send a JPEG or PNG image, an MP4 or 3GP video, an audio file, or a PDF or Office document.",
    };
  }
  const kind = kindOf(contentType);
  const tooLarge = overMediaLimit(kind, size, policy);
  if (tooLarge) return { ok: false, ...tooLarge };
  return { ok: true, contentType, kind };
}

/**
 * Rule T2: a template header sample (POST /api/media with `purpose=template_sample`): a JPEG or PNG
 * image up to 6 MB, an MP4 or 3GP video up to 10 MB, or a PDF up to 100 MB (the header kinds Meta
 * takes), judged from the bytes. Refusals: 415 `unsupported_media_type`, 413 `sample_too_large`.
 */
export function checkTemplateSample(head: Uint8Array, size: number): MediaCheck {
  const contentType = sniffContentType(head);
  const format = contentType ? sampleFormatOf(contentType) : null;
  if (!contentType || !format) {
    return {
      ok: false,
      code: "unsupported_media_type",
      detail: "A template sample is a JPEG or PNG image, an MP4 or 3GP video, or a PDF document.",
    };
  }
  const limit = SAMPLE_MAX_BYTES[format];
  if (size > limit) {
    const kind = format.toLowerCase();
    return {
      ok: false,
      code: "sample_too_large",
      detail: `A ${kind} sample can be at most ${limit / 1024 / 1024} MB.`,
    };
  }
  return { ok: true, contentType, kind: kindOf(contentType) };
}
