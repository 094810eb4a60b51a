/**
 * How a stored file (a customer's or an agent's) is answered from our origin (rule I10; issue 11,
 * finding 6). A file's type comes from whoever sent it, so it is never trusted to be harmless:
 * - Only types a browser shows without running anything are served inline: images other than SVG,
 *   audio, video and PDF. Everything else (HTML, SVG, XML, scripts, office files, unknown types) is an
 *   attachment typed `application/octet-stream`, so the browser downloads it.
 * - Every file answer has `X-Content-Type-Options: nosniff` and a sandboxing Content-Security-Policy
 *   (`sandbox; default-src 'none'`): even opened directly, a file runs no script with the agent's
 *   session and loads nothing.
 * - The file name goes into Content-Disposition only as an RFC 6266/5987 `filename*` (percent-encoded)
 *   with a plain ASCII fallback: no quote, semicolon or line break of a hostile name reaches the header.
 */
const INLINE_TYPES = new Set([
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "image/avif",
  "audio/aac",
  "audio/amr",
  "audio/mpeg",
  "audio/mp4",
  "audio/ogg",
  "audio/opus",
  "audio/wav",
  "audio/webm",
  "video/mp4",
  "video/3gpp",
  "video/webm",
  "application/pdf",
]);

export const FILE_CSP = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'";

/** The bare media type, lower case ("image/png" from "Image/PNG; charset=x"). */
const essence = (type: string | null | undefined): string => (type ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

export function isInlineType(type: string | null | undefined): boolean {
  return INLINE_TYPES.has(essence(type));
}

/** RFC 5987 `attr-char`s only; a lone surrogate (which encodeURIComponent refuses) becomes U+FFFD. */
function encodeExtValue(text: string): string {
  const wellFormed = text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  return encodeURIComponent(wellFormed).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

function contentDisposition(kind: "inline" | "attachment", filename: string | null): string {
  if (!filename) return kind;
  const name = Array.from(filename).slice(0, 200).join("");
  const ascii = name.replace(/[^\x20-\x7e]|["\\;%]/g, "_").slice(0, 100) || "file";
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(name)}`;
}

/** The answer for a stored file: inline when its type is allow-listed, a download otherwise. */
export function fileResponse(object: R2ObjectBody, filename: string | null): Response {
  const type = essence(object.httpMetadata?.contentType);
  const inline = isInlineType(type);
  return new Response(object.body, {
    headers: {
      "content-type": inline ? type : "application/octet-stream",
      "content-disposition": contentDisposition(inline ? "inline" : "attachment", filename),
      "content-security-policy": FILE_CSP,
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=3600",
    },
  });
}
