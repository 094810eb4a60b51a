/**
 * The Graph API's HTTP plumbing shared by the WhatsApp client's parts: one request function that
 * adds the token, times out, logs a failure without the token and maps Meta's error answers to a
 * `ProviderError`.
 */
import { log } from "../../lib/log";
import type { ConnectRefusal } from "../adapter";
import type { ChannelCredentials } from "../config";
import type { ProviderError } from "../types";

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

const TOKEN_CODES = new Set(["190", "102", "10", "200"]);
const UNAVAILABLE_CODES = new Set(["1", "2", "4", "80007", "130429", "timeout", "network_error"]);

/**
 * Why Meta refused a connect's check of a number (rule G3), read from its answer: the token
 * (HTTP 401, code 190 OAuthException, 102 session, 10 / 200 permission), the phone number id (code
 * 100 "Unsupported get request"/"does not exist" on a 400 or 404, or any 404), or Meta itself (no
 * answer, a timeout, a 5xx, a rate limit, code 1/2 "temporarily unavailable"). Anything else: none.
 */
export function graphRefusalOf(status: number | null, error: ProviderError): ConnectRefusal | undefined {
  if (status === null || status >= 500 || status === 429 || UNAVAILABLE_CODES.has(error.code)) {
    return "provider_unavailable";
  }
  if (status === 401 || TOKEN_CODES.has(error.code)) return "credentials_invalid";
  if (status === 404 || (status === 400 && error.code === "100")) return "key_unknown";
  return undefined;
}

type Outcome = { ok: true; response: Response } | { ok: false; status: number | null; error: ProviderError };

export type GraphHttp = ReturnType<typeof createGraphHttp>;

export function createGraphHttp(options: GraphClientOptions) {
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

  return { baseUrl, baseOrigin, request, jsonOf, invalid, node };
}
