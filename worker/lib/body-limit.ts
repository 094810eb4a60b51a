import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { Problem } from "./problem";
import type { AppEnv } from "./router";

/**
 * Request bodies are bounded before anything reads them (rule G1; issue 11, finding 4). A body whose
 * declared Content-Length is over the limit is refused at once; a body without one (chunked) is
 * counted as its bytes arrive, before any decoding, and refused the moment it passes the limit.
 * Either way the answer is 413 `body_too_large` (problem+json).
 *
 * The limits (choices, written down):
 * - Provider webhooks: 3 MiB. Meta documents that a webhook payload can be up to 3 MB; most are a
 *   few kilobytes. A smaller limit would refuse (and so lose, G6) legitimate batches.
 * - API JSON: 64 KiB. The largest JSON field the API takes is a 4096-character text (a reply, a
 *   note); 64 KiB leaves room for every form and refuses nothing a person could type.
 * - Templates (`/api/templates*`): 256 KiB, because their schema admits up to 100 samples of 2000
 *   characters for a body's variables (Meta asks for one sample per variable).
 * - File uploads (`POST /api/media`): the largest file WhatsApp carries (a 100 MB document) plus
 *   64 KiB for the form (`MAX_UPLOAD_BYTES` in routes/media.ts checks its own declared length first).
 */
export const WEBHOOK_BODY_LIMIT = 3 * 1024 * 1024;
export const API_BODY_LIMIT = 64 * 1024;
export const TEMPLATE_BODY_LIMIT = 256 * 1024;

/**
 * Refuses a body over `maxBytes` with 413 `code` (`body_too_large`; uploads keep their documented
 * `media_too_large`), by its declared length and while streaming.
 */
export function limitBody(maxBytes: number, code = "body_too_large"): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new Problem(413, code, `The request body can be at most ${describe(maxBytes)}.`);
    },
  });
}

function describe(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
