/**
 * WhatsApp Cloud API webhook authentication (rule G1): the X-Hub-Signature-256 check over the raw
 * request bytes and Meta's GET verify handshake.
 */
import { timingSafeEqual, toHex } from "../../lib/crypto";

const encoder = new TextEncoder();

/** Imported HMAC keys by app secret, for this isolate (a webhook is verified per request; importing is not free). */
const keys = new Map<string, Promise<CryptoKey>>();
const MAX_KEYS = 1_000;

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_KEYS) keys.clear();
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
    key.catch(() => keys.delete(secret));
  }
  return key;
}

async function hmacSha256Hex(rawBody: ArrayBuffer | Uint8Array, secret: string): Promise<string> {
  return toHex(await crypto.subtle.sign("HMAC", await hmacKey(secret), rawBody));
}

/** `sha256=<hex>`: the X-Hub-Signature-256 header Meta sends for `rawBody` (a string is signed as UTF-8). */
export async function signWhatsAppBody(rawBody: string | ArrayBuffer | Uint8Array, appSecret: string): Promise<string> {
  const bytes = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  return `sha256=${await hmacSha256Hex(bytes, appSecret)}`;
}

/**
 * Checks X-Hub-Signature-256 (`sha256=<hex>`, HMAC-SHA256 with the app secret) over the RAW request
 * bytes, in constant time. False for a missing or malformed header or an empty secret.
 */
export async function verifyWhatsAppSignature(
  rawBody: ArrayBuffer | Uint8Array,
  header: string | null | undefined,
  appSecret: string,
): Promise<boolean> {
  if (!header || !appSecret) return false;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = await hmacSha256Hex(rawBody, appSecret);
  return timingSafeEqual(encoder.encode(expected), encoder.encode(match[1].toLowerCase()));
}

export interface HandshakeQuery {
  /** `hub.mode` */
  mode: string | null | undefined;
  /** `hub.verify_token` */
  token: string | null | undefined;
  /** `hub.challenge` */
  challenge: string | null | undefined;
}

/**
 * Meta's GET verification: when `hub.mode` is `subscribe` and `hub.verify_token` equals the channel's
 * verify token, answer 200 with `hub.challenge` as the body. Returns that challenge, or null (answer 403).
 */
export function verifyHandshake(query: HandshakeQuery, verifyToken: string): string | null {
  if (query.mode !== "subscribe" || !query.token || !verifyToken || !query.challenge) return null;
  if (!timingSafeEqual(encoder.encode(query.token), encoder.encode(verifyToken))) return null;
  return query.challenge;
}
