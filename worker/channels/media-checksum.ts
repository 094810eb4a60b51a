import { timingSafeEqual } from "../lib/crypto";

/**
 * Issue 12: a customer's file is checked after download against the sha256 the provider's webhook
 * named for it, so that a file changed on the way (or a provider answering with another file) is not
 * shown to the agent as what the customer sent. Meta writes the hash in base64 (webhooks); the
 * sandbox, like Meta's media URL answers, in hex: both are read.
 */

/** The error code of a downloaded file that does not match its sha256. */
export const MEDIA_CHECKSUM_MISMATCH = "media_checksum_mismatch";

/** The 32 bytes a sha256 written in hex or base64 names; null when it is neither. */
export function sha256BytesOf(text: string): Uint8Array | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Uint8Array.from(t.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
  if (!/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(t)) return null;
  const b64 = t.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  try {
    const binary = atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, "="));
    return binary.length === 32 ? Uint8Array.from(binary, (c) => c.charCodeAt(0)) : null;
  } catch {
    return null;
  }
}

/** Whether `bytes` hash to `expected`; null when `expected` is not a sha256 at all (nothing to check). */
export async function matchesSha256(bytes: ArrayBuffer, expected: string): Promise<boolean | null> {
  const want = sha256BytesOf(expected);
  if (!want) return null;
  return timingSafeEqual(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), want);
}
