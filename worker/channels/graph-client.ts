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
 */
import { log } from "../lib/log";
import type { ChannelCredentials, OutboundPayload, ProviderError, SendResult } from "./types";

/** How the client reaches the network; development routes sandbox URLs in-process through this. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface GraphClientOptions {
  /** e.g. `https://graph.facebook.com/v21.0` (a trailing slash is ignored). */
  baseUrl: string;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Abort a request after this long (default 30 s). */
  timeoutMs?: number;
}

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

/** A WhatsApp Business Account and its token: what the template API is called with. */
export interface TemplateCredentials {
  wabaId: string;
  accessToken: string;
}

/** The body of `POST /{waba_id}/message_templates`, in Meta's format (components with their `example`). */
export interface MetaTemplateBody {
  name: string;
  language: string;
  category: string;
  components: Record<string, unknown>[];
}

/** `status` is the HTTP status of a failed call, or null when no answer came. */
export type TemplateCallFailure = { ok: false; status: number | null; error: ProviderError };

export type CreateTemplateResult =
  | { ok: true; providerTemplateId: string; status: string; category: string | null }
  | TemplateCallFailure;

/** A template header's send parameter: its `{{1}}` text, or the media shown (a provider media id). */
export type TemplateHeaderParameter =
  | { kind: "text"; text: string }
  | { kind: "image" | "video" | "document"; mediaId: string; filename?: string | null };

/** A template send with every parameter (rule T3): `bodyVariables` plus header and URL buttons. */
export type TemplatePayload = Extract<OutboundPayload, { kind: "template" }> & {
  header?: TemplateHeaderParameter | null;
  /** The `{{1}}` suffix of each URL button that has one, by the button's index in the template. */
  urlButtons?: { index: number; text: string }[];
};

export type GraphOutboundPayload = Exclude<OutboundPayload, { kind: "template" }> | TemplatePayload;

/** A file for `uploadTemplateSample`. */
export interface TemplateSample {
  bytes: ArrayBuffer | Uint8Array;
  mimeType: string;
  filename: string;
}

export interface GraphClient {
  sendMessage(creds: ChannelCredentials, payload: GraphOutboundPayload): Promise<SendResult>;
  /**
   * Resumable Upload API: uploads a template header sample to the app (the channel's, or the
   * token's own when `appId` is null) and answers the file handle `h`.
   */
  uploadTemplateSample(
    creds: { accessToken: string; appId?: string | null },
    sample: TemplateSample,
  ): Promise<{ ok: true; handle: string } | TemplateCallFailure>;
  /** Submits a template for review; Meta answers its id and status (usually PENDING). */
  createTemplate(creds: TemplateCredentials, body: MetaTemplateBody): Promise<CreateTemplateResult>;
  /** Deletes a template by name (and id, to delete one language only). */
  deleteTemplate(
    creds: TemplateCredentials,
    template: { name: string; providerTemplateId?: string | null },
  ): Promise<{ ok: true } | TemplateCallFailure>;
  /** Uploads bytes for later sends; returns the provider media id. */
  uploadMedia(
    creds: ChannelCredentials,
    bytes: ArrayBuffer | Uint8Array,
    mimeType: string,
    filename: string,
  ): Promise<string>;
  mediaInfo(creds: ChannelCredentials, mediaId: string): Promise<MediaInfo>;
  downloadMedia(creds: ChannelCredentials, url: string): Promise<DownloadedMedia>;
}

/** A failed media call: `status` is the HTTP status, or null when no answer came. */
export class GraphApiError extends Error {
  constructor(
    readonly status: number | null,
    readonly error: ProviderError,
  ) {
    super(`${error.code}: ${error.title}`);
    this.name = "GraphApiError";
  }
}

const CAPTIONED = new Set(["image", "video", "document"]);

/** The JSON body of `POST /{phone_number_id}/messages` for one outbound payload. */
export function graphMessageBody(payload: GraphOutboundPayload): Record<string, unknown> {
  const body: Record<string, unknown> = { messaging_product: "whatsapp", recipient_type: "individual", to: payload.to };
  if (payload.kind !== "template" && payload.replyToProviderId) {
    body.context = { message_id: payload.replyToProviderId };
  }
  switch (payload.kind) {
    case "text":
      body.type = "text";
      body.text = { body: payload.text };
      break;
    case "template": {
      const components = templateSendComponents(payload);
      body.type = "template";
      body.template = {
        name: payload.name,
        language: { code: payload.language },
        ...(components.length > 0 ? { components } : {}),
      };
      break;
    }
    default: {
      const media: Record<string, string> = { id: payload.providerMediaId };
      if (payload.caption && CAPTIONED.has(payload.kind)) media.caption = payload.caption;
      if (payload.filename && payload.kind === "document") media.filename = payload.filename;
      body.type = payload.kind;
      body[payload.kind] = media;
    }
  }
  return body;
}

/** Meta's `template.components` of a send (rule T3): header, body, then URL buttons by index. */
export function templateSendComponents(payload: TemplatePayload): Record<string, unknown>[] {
  const components: Record<string, unknown>[] = [];
  const header = payload.header;
  if (header?.kind === "text") {
    components.push({ type: "header", parameters: [{ type: "text", text: header.text }] });
  } else if (header) {
    const media: Record<string, string> = { id: header.mediaId };
    if (header.kind === "document" && header.filename) media.filename = header.filename;
    components.push({ type: "header", parameters: [{ type: header.kind, [header.kind]: media }] });
  }
  if (payload.bodyVariables.length > 0) {
    components.push({ type: "body", parameters: payload.bodyVariables.map((text) => ({ type: "text", text })) });
  }
  for (const button of payload.urlButtons ?? []) {
    components.push({
      type: "button",
      sub_type: "url",
      index: String(button.index),
      parameters: [{ type: "text", text: button.text }],
    });
  }
  return components;
}

interface MetaErrorBody {
  error?: {
    message?: unknown;
    type?: unknown;
    code?: unknown;
    error_subcode?: unknown;
    error_user_msg?: unknown;
    error_data?: { details?: unknown };
  };
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Maps a non-2xx Graph answer (Meta's `error` object, or anything else) to a ProviderError. */
export function graphErrorFrom(status: number, body: unknown, text = ""): ProviderError {
  const error = (body as MetaErrorBody | null)?.error;
  if (error && typeof error === "object") {
    const code = typeof error.code === "number" || typeof error.code === "string" ? String(error.code) : null;
    const message = str(error.message);
    return {
      code: code ?? `http_${status}`,
      // "(#131047) Re-engagement message" -> "Re-engagement message", as status webhooks title it.
      title: message?.replace(/^\(#\d+\)\s*/, "") || str(error.type) || `HTTP ${status}`,
      detail: str(error.error_data?.details) ?? str(error.error_user_msg) ?? null,
    };
  }
  return { code: `http_${status}`, title: `HTTP ${status}`, detail: text.slice(0, 200) || null };
}

type Outcome = { ok: true; response: Response } | { ok: false; status: number | null; error: ProviderError };

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const baseOrigin = new URL(baseUrl).origin;
  const doFetch: FetchLike = options.fetch ?? ((request) => fetch(request));
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request(op: string, creds: ChannelCredentials, url: string, init: RequestInit): Promise<Outcome> {
    const headers = new Headers(init.headers);
    // The Resumable Upload API's byte transfer names its own scheme (`OAuth`); everything else Bearer.
    if (!headers.has("authorization")) headers.set("authorization", `Bearer ${creds.accessToken}`);
    let response: Response;
    try {
      response = await doFetch(new Request(url, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) }));
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      const error: ProviderError = timedOut
        ? { code: "timeout", title: "Graph API timed out", detail: `No answer within ${timeoutMs} ms.` }
        : { code: "network_error", title: "Graph API unreachable", detail: err instanceof Error ? err.message : null };
      log("warn", "graph_request_failed", { op, channelKey: creds.channelKey, status: null, code: error.code });
      return { ok: false, status: null, error };
    }
    if (response.ok) return { ok: true, response };
    const text = await response.text().catch(() => "");
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: graphErrorFrom falls back to the status
    }
    const error = graphErrorFrom(response.status, body, text);
    log("warn", "graph_request_failed", {
      op,
      channelKey: creds.channelKey,
      status: response.status,
      code: error.code,
    });
    return { ok: false, status: response.status, error };
  }

  async function jsonOf(op: string, creds: ChannelCredentials, response: Response): Promise<Record<string, unknown>> {
    try {
      const body = await response.json();
      if (body && typeof body === "object") return body as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw invalid(op, creds, response.status, "The Graph API answered with something that is not a JSON object.");
  }

  function invalid(op: string, creds: ChannelCredentials, status: number, detail: string): GraphApiError {
    log("warn", "graph_invalid_response", { op, channelKey: creds.channelKey, status });
    return new GraphApiError(status, { code: "invalid_response", title: "Unexpected Graph API answer", detail });
  }

  const node = (id: string) => encodeURIComponent(id);

  return {
    async sendMessage(creds, payload) {
      const outcome = await request("send_message", creds, `${baseUrl}/${node(creds.channelKey)}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(graphMessageBody(payload)),
      });
      if (!outcome.ok) return { ok: false, error: outcome.error };
      try {
        const body = await jsonOf("send_message", creds, outcome.response);
        const id = (body.messages as { id?: unknown }[] | undefined)?.[0]?.id;
        if (typeof id !== "string" || id === "") {
          throw invalid("send_message", creds, outcome.response.status, "The answer names no message id.");
        }
        return { ok: true, providerMessageId: id };
      } catch (err) {
        if (err instanceof GraphApiError) return { ok: false, error: err.error };
        throw err;
      }
    },

    async createTemplate(creds, template) {
      const key = { channelKey: creds.wabaId, accessToken: creds.accessToken };
      const outcome = await request("create_template", key, `${baseUrl}/${node(creds.wabaId)}/message_templates`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(template),
      });
      if (!outcome.ok) return outcome;
      try {
        const body = await jsonOf("create_template", key, outcome.response);
        // Meta answers the id as a string ("572279198452421"); accept a number too.
        const id = typeof body.id === "number" ? String(body.id) : body.id;
        if (typeof id !== "string" || id === "" || typeof body.status !== "string") {
          throw invalid("create_template", key, outcome.response.status, "The answer lacks id or status.");
        }
        const category = typeof body.category === "string" ? body.category : null;
        return { ok: true, providerTemplateId: id, status: body.status, category };
      } catch (err) {
        if (err instanceof GraphApiError) return { ok: false, status: err.status, error: err.error };
        throw err;
      }
    },

    async uploadTemplateSample(creds, sample) {
      const key = { channelKey: creds.appId ?? "app", accessToken: creds.accessToken };
      try {
        let appId = creds.appId ?? null;
        if (!appId) {
          const app = await request("app_of_token", key, `${baseUrl}/app`, { method: "GET" });
          if (!app.ok) return app;
          const id = (await jsonOf("app_of_token", key, app.response)).id;
          appId = typeof id === "number" ? String(id) : typeof id === "string" && id !== "" ? id : null;
          if (!appId) throw invalid("app_of_token", key, app.response.status, "GET /app named no app id.");
        }
        const query = new URLSearchParams({
          file_name: sample.filename,
          file_length: String(sample.bytes.byteLength),
          file_type: sample.mimeType,
        });
        const started = await request("start_upload", key, `${baseUrl}/${node(appId)}/uploads?${query}`, {
          method: "POST",
        });
        if (!started.ok) return started;
        const session = (await jsonOf("start_upload", key, started.response)).id;
        // "upload:<token>?sig=<signature>": used as Meta gives it (the signature is its query string).
        if (typeof session !== "string" || !/^upload:[^/#\s]+$/.test(session)) {
          throw invalid("start_upload", key, started.response.status, "The upload session answer names no upload: id.");
        }
        const uploaded = await request("upload_bytes", key, `${baseUrl}/${session}`, {
          method: "POST",
          headers: {
            authorization: `OAuth ${creds.accessToken}`,
            file_offset: "0",
            "content-type": sample.mimeType,
          },
          body: sample.bytes,
        });
        if (!uploaded.ok) return uploaded;
        const handle = (await jsonOf("upload_bytes", key, uploaded.response)).h;
        if (typeof handle !== "string" || handle === "") {
          throw invalid("upload_bytes", key, uploaded.response.status, "The upload answer names no handle h.");
        }
        return { ok: true, handle };
      } catch (err) {
        if (err instanceof GraphApiError) return { ok: false, status: err.status, error: err.error };
        throw err;
      }
    },

    async deleteTemplate(creds, template) {
      const key = { channelKey: creds.wabaId, accessToken: creds.accessToken };
      const query = new URLSearchParams({ name: template.name });
      if (template.providerTemplateId) query.set("hsm_id", template.providerTemplateId);
      const outcome = await request(
        "delete_template",
        key,
        `${baseUrl}/${node(creds.wabaId)}/message_templates?${query}`,
        { method: "DELETE" },
      );
      if (!outcome.ok) return outcome;
      await outcome.response.body?.cancel();
      return { ok: true };
    },

    async uploadMedia(creds, bytes, mimeType, filename) {
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

    async mediaInfo(creds, mediaId) {
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

    async downloadMedia(creds, url) {
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
