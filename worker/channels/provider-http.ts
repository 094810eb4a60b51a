/**
 * What the Telegram, LINE and Meta messaging adapters share: HMAC-SHA256 over raw bytes, a
 * constant-time comparison, the inbound text cap, a provider JSON call through `providerFetch`
 * (development answers it from the sandbox), and a provider file copied into R2.
 */
import { timingSafeEqual } from "../lib/crypto";
import type { Failure, FetchMediaResult } from "./adapter";
import { providerFetch } from "./provider-fetch";
import type { ProviderError } from "./types";

const encoder = new TextEncoder();

/** HMAC-SHA256 of `raw` (the exact bytes received) with `secret` (rules G3, G7). */
export async function hmacSha256(secret: string, raw: ArrayBuffer | Uint8Array | string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const bytes = typeof raw === "string" ? encoder.encode(raw) : raw;
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes));
}

export function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** Two strings compared in constant time; false when either is empty. */
export function sameSecret(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return timingSafeEqual(encoder.encode(a), encoder.encode(b));
}

/** The characters of a customer's text kept (G7: provider input is bounded; never refused, G6). */
export const MAX_INBOUND_CHARS = 4096;

/** The first `max` code points of a customer's text (G7: provider input is bounded; never refused, G6). */
export function capInbound(text: string | null | undefined, max = MAX_INBOUND_CHARS): string | null {
  if (text === null || text === undefined) return null;
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join("");
}

export const providerError = (code: string, title: string, detail: string | null = null): ProviderError => ({
  code,
  title,
  detail,
});
export const failed = (error: ProviderError): Failure => ({ ok: false, error });

/** A provider answered, or could not be reached (`status` 0). `json` is null when the body is not JSON. */
export interface ProviderAnswer {
  status: number;
  json: unknown;
  headers: Headers;
}

export async function callProvider(env: Env, request: Request): Promise<ProviderAnswer> {
  let response: Response;
  try {
    response = await providerFetch(env)(request);
  } catch (err) {
    return { status: 0, json: { description: String(err) }, headers: new Headers() };
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, json, headers: response.headers };
}

/** The largest provider file copied into R2 (read into memory first: a Worker has 128 MB). */
export const MAX_PROVIDER_FILE_BYTES = 64 * 1024 * 1024;

/** A GET of `url` following at most 3 redirects, each to a URL `allowed` accepts; null when one is not. */
async function fetchWithin(env: Env, url: string, allowed: (url: string) => boolean): Promise<Response | null> {
  let next = url;
  for (let hop = 0; hop <= 3; hop++) {
    if (!allowed(next)) return null;
    const response = await providerFetch(env)(new Request(next, { redirect: "manual" }));
    const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
    if (!location) return response;
    await response.body?.cancel();
    next = new URL(location, next).href;
  }
  return null;
}

/**
 * Downloads a provider file and stores it in R2 under `key` (the research: provider links expire).
 * With `allowed`, only URLs it accepts are fetched, the first and every redirect (a file link that
 * came in a webhook, not from the provider's API).
 */
export async function copyIntoR2(
  env: Env,
  request: Request,
  key: string,
  fallbackType: string | null,
  allowed?: (url: string) => boolean,
): Promise<FetchMediaResult> {
  let response: Response | null;
  try {
    response = allowed ? await fetchWithin(env, request.url, allowed) : await providerFetch(env)(request);
  } catch (err) {
    return failed(providerError("media_unreachable", "The provider's file could not be reached.", String(err)));
  }
  if (!response) return failed(providerError("media_host_refused", "The file is not on the provider's own servers."));
  // Read whole below: a file past this would run the Worker (and the rest of its queue batch) out of memory.
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(length) && length > MAX_PROVIDER_FILE_BYTES) {
    await response.body?.cancel();
    return failed(providerError("media_too_large", "The provider's file is too large to keep here."));
  }
  if (!response.ok) {
    await response.body?.cancel();
    return failed(providerError(`http_${response.status}`, "The provider refused the file download."));
  }
  const bytes = await response.arrayBuffer();
  const header = response.headers.get("content-type")?.split(";")[0]?.trim();
  const mimeType =
    header && header !== "application/octet-stream" ? header : (fallbackType ?? "application/octet-stream");
  await env.MEDIA.put(key, bytes, { httpMetadata: { contentType: mimeType } });
  return { ok: true, mimeType, size: bytes.byteLength };
}

/** The bytes of an outbound file kept in R2 (`OutboundFile.key`), or null when it is gone. */
export async function storedFile(env: Env, key: string) {
  const object = await env.MEDIA.get(key);
  if (!object) return null;
  const mimeType = object.httpMetadata?.contentType ?? "application/octet-stream";
  return { bytes: await object.arrayBuffer(), mimeType, filename: object.customMetadata?.filename ?? "file" };
}

export const R2_MEDIA_PREFIX = "r2:";
