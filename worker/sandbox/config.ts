/**
 * The demo tenant's sandbox WhatsApp channel: the one business number the sandbox provider plays
 * Meta for (development only). Its identity is the demo seed's (`db/demo-channel.ts`, so that
 * production code never imports the sandbox); the sandbox's own settings follow.
 */
export {
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_SECRET,
  SANDBOX_DEMO_TEMPLATE,
  SANDBOX_DISPLAY_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_VERIFY_TOKEN,
  SANDBOX_WABA_ID,
} from "../db/demo-channel";
/** Meta's `display_phone_number` form (digits only, with the country code). */
export const SANDBOX_DISPLAY_PHONE_NUMBER = "6281100000001";
export const SANDBOX_VERIFIED_NAME = "Demo Shop (sandbox)";
/** The Meta app the sandbox access token belongs to (`GET /app`); template samples upload to it. */
export const SANDBOX_APP_ID = "300000000000001";

/** The Graph API version the sandbox answers under `/sandbox/graph/<version>/` (any vNN.N is accepted). */
export const SANDBOX_GRAPH_VERSION = "v21.0";

/** A recipient whose number starts with this cannot receive messages: Meta's error 131026. */
export const UNDELIVERABLE_PREFIX = "62800";

/**
 * A recipient whose number starts with this has reached Meta's per-user marketing limit: a MARKETING
 * template sent to it is accepted, then failed by a status webhook with 131049, never delivered
 * (research §1.4).
 */
export const ENGAGEMENT_LIMITED_PREFIX = "62801";

/** Delays of the automatic status webhooks after a business message is accepted. */
export const STATUS_DELAYS_MS = { sent: 100, delivered: 400, read: 700 } as const;

/**
 * T8: how long the sandbox holds a paced MARKETING send before it releases it by itself when no
 * rating came (Meta: "about 30 minutes"; it decides within about 1 h p99). `PUT /sandbox/api/pacing`
 * sets it shorter for tests.
 */
export const HOLD_RELEASE_MS = 30 * 60_000;

/** Webhook retries when the platform does not answer 2xx (Meta retries with backoff too). */
export const RETRY = { baseMs: 1_000, maxMs: 5 * 60_000, maxAttempts: 12, leaseMs: 60_000 } as const;

/** The single Durable Object instance that plays Meta's servers and the customers' phones. */
export const SANDBOX_INSTANCE = "sandbox";

/** R2 key prefix of every byte the sandbox stores (in `env.MEDIA`). */
export const SANDBOX_MEDIA_PREFIX = "sandbox/";

/**
 * Meta's per-type upload limits (bytes) and accepted MIME types (rule I10), as Meta's "Supported
 * media types" lists them: a document is .txt, .pdf or an Office file (no text/csv).
 */
export const MEDIA_LIMITS: Record<MediaType, { maxBytes: number; mimeTypes: readonly string[] }> = {
  image: { maxBytes: 5 * 1024 * 1024, mimeTypes: ["image/jpeg", "image/png"] },
  video: { maxBytes: 16 * 1024 * 1024, mimeTypes: ["video/mp4", "video/3gpp"] },
  audio: {
    maxBytes: 16 * 1024 * 1024,
    mimeTypes: ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"],
  },
  sticker: { maxBytes: 500 * 1024, mimeTypes: ["image/webp"] },
  document: {
    maxBytes: 100 * 1024 * 1024,
    mimeTypes: [
      "text/plain",
      "application/pdf",
      "application/msword",
      "application/vnd.ms-excel",
      "application/vnd.ms-powerpoint",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ],
  },
};

export const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** The media type a MIME type is uploaded as, or null when WhatsApp does not accept it. */
export function mediaTypeOf(mimeType: string): MediaType | null {
  const mime = mimeType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mime === "image/webp") return "sticker";
  for (const type of MEDIA_TYPES) if (MEDIA_LIMITS[type].mimeTypes.includes(mime)) return type;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Message templates (rule T3): the sandbox reviews like Meta, by signed webhook
// ---------------------------------------------------------------------------------------------

/** How long the sandbox "reviews" a submitted template before its status webhook (Meta: 0-24 h). */
export const TEMPLATE_REVIEW_MS = 3_000;

/**
 * The marker word: a submitted template whose header, body or footer contains it (any case) is
 * REJECTED by review, with TEMPLATE_REJECT_REASON; every other template is APPROVED. The customer
 * simulator page (`page.ts`) tells the developer so, next to its "Lower quality" action.
 */
export const TEMPLATE_REJECT_MARKER = "REJECTME";
/** One of Meta's rejection reasons (ABUSIVE_CONTENT, INCORRECT_CATEGORY, INVALID_FORMAT, SCAM, ...). */
export const TEMPLATE_REJECT_REASON = "ABUSIVE_CONTENT";
