/**
 * The one WhatsApp Cloud API (Graph API) client (rule G1): sends messages and moves media for a
 * channel account, against a configurable base URL (`GRAPH_API_URL`, e.g.
 * `https://graph.facebook.com/v21.0`; in development the sandbox provider inside this worker).
 *
 * - `sendMessage` never throws: a Meta error answer, an unexpected answer or a network failure comes
 *   back as `{ ok: false, error }`, with Meta's numeric code as a string ("131047").
 * - The media methods throw a `GraphApiError` carrying the same `ProviderError`.
 * - Access tokens are sent only in the Authorization header and are never logged; the media download
 *   sends the token only over https, or to the configured base URL's own origin (the sandbox).
 * - Captions go only on image, video and document; a filename only on document (what Meta accepts).
 * - Templates (T3) live on the WhatsApp Business Account: `createTemplate` and `deleteTemplate` take
 *   the WABA id, never throw, and answer `{ ok: false, status, error }` on any failure.
 * - A media header's sample (T1, T2) goes to Meta through the Resumable Upload API:
 *   `POST /{app_id}/uploads?file_name&file_length&file_type` opens a session (`{id: "upload:..."}`),
 *   `POST /{upload_session_id}` with `file_offset: 0` and the bytes answers the handle `{h}`, which
 *   the template's `example.header_handle` names. The app id is the channel's when known, otherwise
 *   the app the access token belongs to (`GET /app`). `uploadTemplateSample` never throws either.
 * - A template send carries every parameter its template needs (rule T3): header (text or media),
 *   body, and URL button suffixes by button index.
 * - `phoneNumber` asks Meta what it knows of a number (rule G3, on connect); it never throws.
 */

import type { ChannelCredentials } from "../config";
import { providerFetch } from "../provider-fetch";
import type { ProviderError, SendResult } from "../types";
import { callApi } from "./graph-calls";
import { createGraphHttp, GraphApiError, type GraphClientOptions } from "./graph-http";
import { type GraphOutboundPayload, graphMessageBody } from "./graph-payloads";
import { templateApi } from "./graph-templates";

export interface MediaInfo {
  /** A short-lived download URL; fetch it with `downloadMedia`. */
  url: string;
  mimeType: string;
  sha256: string;
  fileSize: number;
}

export interface DownloadedMedia {
  bytes: ArrayBuffer;
  mimeType: string;
}

/** Meta's own words for a number (`GET /{phone-number-id}`), or why it refused. */
export type PhoneNumberResult =
  | { ok: true; displayPhoneNumber: string; verifiedName: string | null; qualityRating: string | null }
  | { ok: false; status: number | null; error: ProviderError };

export type GraphClient = ReturnType<typeof createGraphClient>;

export function createGraphClient(options: GraphClientOptions) {
  const http = createGraphHttp(options);
  const { baseUrl, baseOrigin, request, jsonOf, invalid, node } = http;

  return {
    ...templateApi(http),
    ...callApi(http),

    async sendMessage(creds: ChannelCredentials, payload: GraphOutboundPayload): Promise<SendResult> {
      const outcome = await request("send_message", creds, `${baseUrl}/${node(creds.channelKey)}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(graphMessageBody(payload)),
      });
      // A 5xx may come after Meta took the message: the status says so (a campaign never re-sends it).
      if (!outcome.ok) {
        const serverError = outcome.status !== null && outcome.status >= 500;
        return { ok: false, error: outcome.error, ...(serverError ? { httpStatus: outcome.status } : {}) };
      }
      try {
        const body = await jsonOf("send_message", creds, outcome.response);
        const first = (body.messages as { id?: unknown; message_status?: unknown }[] | undefined)?.[0];
        const id = first?.id;
        if (typeof id !== "string" || id === "") {
          throw invalid("send_message", creds, outcome.response.status, "The answer names no message id.");
        }
        // T8: Meta holds part of a MARKETING template's sends while it rates the template's quality.
        return first?.message_status === "held_for_quality_assessment"
          ? { ok: true, providerMessageId: id, held: true }
          : { ok: true, providerMessageId: id };
      } catch (err) {
        if (err instanceof GraphApiError) return { ok: false, error: err.error };
        throw err;
      }
    },

    /**
     * Rule G3: what Meta says of a phone number id with this token (`GET /{phone-number-id}?fields=
     * display_phone_number,verified_name,quality_rating`). Never throws: a refusal is
     * `{ ok: false, status, error }` (`graphRefusalOf` tells why); an answer without a
     * display_phone_number (the id names something else) is `invalid_response`.
     */
    async phoneNumber(creds: ChannelCredentials): Promise<PhoneNumberResult> {
      const fields = "display_phone_number,verified_name,quality_rating";
      const url = `${baseUrl}/${node(creds.channelKey)}?fields=${fields}`;
      const outcome = await request("phone_number", creds, url, { method: "GET" });
      if (!outcome.ok) return outcome;
      try {
        const body = await jsonOf("phone_number", creds, outcome.response);
        const display = body.display_phone_number;
        if (typeof display !== "string" || display === "") {
          throw invalid("phone_number", creds, outcome.response.status, "The answer names no display_phone_number.");
        }
        const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
        return {
          ok: true,
          displayPhoneNumber: display,
          verifiedName: text(body.verified_name),
          qualityRating: text(body.quality_rating),
        };
      } catch (err) {
        if (err instanceof GraphApiError) return { ok: false, status: err.status, error: err.error };
        throw err;
      }
    },

    /** Uploads bytes for later sends; returns the provider media id. */
    async uploadMedia(
      creds: ChannelCredentials,
      bytes: ArrayBuffer | Uint8Array,
      mimeType: string,
      filename: string,
    ): Promise<string> {
      const form = new FormData();
      form.append("messaging_product", "whatsapp");
      form.append("type", mimeType);
      form.append("file", new Blob([bytes], { type: mimeType }), filename);
      const outcome = await request("upload_media", creds, `${baseUrl}/${node(creds.channelKey)}/media`, {
        method: "POST",
        body: form,
      });
      if (!outcome.ok) throw new GraphApiError(outcome.status, outcome.error);
      const body = await jsonOf("upload_media", creds, outcome.response);
      if (typeof body.id !== "string" || body.id === "") {
        throw invalid("upload_media", creds, outcome.response.status, "The answer names no media id.");
      }
      return body.id;
    },

    async mediaInfo(creds: ChannelCredentials, mediaId: string): Promise<MediaInfo> {
      const outcome = await request("media_info", creds, `${baseUrl}/${node(mediaId)}`, { method: "GET" });
      if (!outcome.ok) throw new GraphApiError(outcome.status, outcome.error);
      const body = await jsonOf("media_info", creds, outcome.response);
      // Meta sends file_size as a string ("303833"); accept a number too.
      const fileSize = Number(body.file_size);
      if (typeof body.url !== "string" || typeof body.mime_type !== "string" || !Number.isFinite(fileSize)) {
        throw invalid("media_info", creds, outcome.response.status, "The answer lacks url, mime_type or file_size.");
      }
      return {
        url: body.url,
        mimeType: body.mime_type,
        sha256: typeof body.sha256 === "string" ? body.sha256 : "",
        fileSize,
      };
    },

    async downloadMedia(creds: ChannelCredentials, url: string): Promise<DownloadedMedia> {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        throw new GraphApiError(null, { code: "invalid_media_url", title: "Invalid media URL", detail: null });
      }
      if (target.protocol !== "https:" && target.origin !== baseOrigin) {
        throw new GraphApiError(null, {
          code: "insecure_media_url",
          title: "Media URL is not https",
          detail: `Refusing to send the access token to ${target.origin}.`,
        });
      }
      // Meta's media host refuses requests without a User-Agent.
      const outcome = await request("download_media", creds, target.href, {
        method: "GET",
        headers: { "user-agent": "edge-inbox/1.0" },
      });
      if (!outcome.ok) throw new GraphApiError(outcome.status, outcome.error);
      const mimeType = outcome.response.headers.get("content-type")?.trim() || "application/octet-stream";
      return { bytes: await outcome.response.arrayBuffer(), mimeType };
    },
  };
}

/** The one wiring of the client: base URL and fetch from the environment (development: the sandbox). */
export function graphFor(env: Env): GraphClient {
  return createGraphClient({ baseUrl: env.GRAPH_API_URL, fetch: providerFetch(env) });
}
