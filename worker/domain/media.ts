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

/** Bytes of a file's start that the checks below read (the plain-text check reads them all). */
export const HEAD_BYTES = 4096;

/**
 * The content type the first bytes prove, or null when they prove nothing we accept. A ZIP
 * (`application/zip`) or an OLE compound file (`application/x-ole-storage`) is only a container:
 * `checkUpload` names the Office document in it from the declared type (rule I10).
 */
export function sniffContentType(head: Uint8Array): string | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (ascii(head, 0, 8) === "\x89PNG\r\n\x1a\n") return "image/png";
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 4) === "WEBP") return "image/webp";
  // Rule I10: an .m4a/.m4b (brand "M4A "/"M4B ", an iPhone voice memo) is MPEG-4 audio, not a video.
  if (ascii(head, 4, 4) === "ftyp" && /^M4[AB] $/.test(ascii(head, 8, 4))) return "audio/mp4";
  if (ascii(head, 4, 4) === "ftyp") return ascii(head, 8, 3) === "3gp" ? "video/3gpp" : "video/mp4";
  if (ascii(head, 0, 4) === "OggS") return "audio/ogg";
  if (ascii(head, 0, 6) === "#!AMR\n") return "audio/amr";
  if (ascii(head, 0, 3) === "ID3" || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return "audio/mpeg";
  if (ascii(head, 0, 5) === "%PDF-") return "application/pdf";
  if (ascii(head, 0, 4) === "PK\x03\x04") return "application/zip";
  if (ascii(head, 0, 8) === "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") return "application/x-ole-storage";
  return null;
}

/**
 * Rule I10: the documents WhatsApp takes whose bytes do not name them, by extension: a
 * .docx/.xlsx/.pptx is a ZIP, a .doc/.xls/.ppt an OLE compound file, a .txt has no signature.
 */
const IN_ZIP: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};
const IN_OLE: Record<string, string> = {
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
};
const DECLARED_TYPES: Record<string, string> = { ...IN_ZIP, ...IN_OLE, txt: "text/plain" };
/** The types each container may hold (I10); anything else in a ZIP or OLE file stays refused. */
const CONTAINED: Record<string, string[]> = {
  "application/zip": Object.values(IN_ZIP),
  "application/x-ole-storage": Object.values(IN_OLE),
};

/** What the uploader says the file is: its type, or else its name's extension (I10). */
export type Declared = { type?: string | null; name?: string | null };

function declaredType({ type, name }: Declared): string | null {
  const given = type?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (Object.values(DECLARED_TYPES).includes(given)) return given;
  const extension = name?.toLowerCase().match(/\.([a-z]+)$/)?.[1] ?? "";
  return DECLARED_TYPES[extension] ?? null;
}

/** Valid UTF-8 (a character cut at the end of the head is fine) with no NUL byte. */
function isPlainText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Rule I10: the type a file goes out as. The bytes decide; a ZIP or OLE file is the Office type
 * declared for it when that type is one the container holds (else a ZIP is a ZIP), and bytes with no signature are
 * text/plain when declared so and they read as text. Null when nothing we accept.
 */
export function uploadContentType(head: Uint8Array, declared: Declared = {}): string | null {
  const sniffed = sniffContentType(head);
  const claimed = declaredType(declared);
  if (sniffed && sniffed in CONTAINED) {
    if (claimed && CONTAINED[sniffed]?.includes(claimed)) return claimed;
    // Any other ZIP stays a ZIP, as before (email, Telegram, LINE and the widget carry it; WhatsApp's
    // provider refuses it at send). An OLE file that is not an Office document is nothing we accept.
    return sniffed === "application/zip" ? sniffed : null;
  }
  if (sniffed) return sniffed;
  return claimed === "text/plain" && isPlainText(head) ? claimed : null;
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

export function checkUpload(
  head: Uint8Array,
  size: number,
  policy: ChannelPolicy = WHATSAPP_POLICY,
  declared: Declared = {},
): MediaCheck {
  const contentType = uploadContentType(head, declared);
  if (!contentType || contentType === "image/webp") {
    return {
      ok: false,
      code: "unsupported_media_type",
      detail: "Send a JPEG or PNG image, an MP4 or 3GP video, an audio file, or a PDF, Office or plain-text document.",
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
