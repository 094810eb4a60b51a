/**
 * Rule G2: who a website visitor is. A visitor token names the visitor's contact (its external id)
 * and is signed with the channel's own key (HMAC-SHA256, sealed at rest, G7), so the widget keeps
 * the visitor across reloads and tabs without a server session, and a token of another widget is
 * worth nothing here. A site that knows its user signs the user's id with the channel's identity
 * secret (hex HMAC-SHA256, as Chatwoot's `identifier_hash`): such a visitor is `user:<id>` on every
 * browser, so the same room follows them; a wrong hash is refused. A token carries when it was made
 * and is good for 30 days; every session start hands out a fresh one, so a visitor who comes back
 * within a month keeps their conversation and a token copied off a shared computer stops working.
 */
import { hmacSha256 } from "../../channels/provider-http";
import { fromBase64Url, timingSafeEqual, toBase64Url, toHex } from "../../lib/crypto";

const encoder = new TextEncoder();
const PREFIX = "v2";
/** How long a visitor token is good for after it was handed out. */
export const VISITOR_TOKEN_TTL_MS = 30 * 86_400_000;
/** A token made up to this far in the future (another machine's clock) is still taken. */
const CLOCK_SKEW_MS = 5 * 60_000;

const signed = async (key: string, widgetId: string, externalId: string, issuedAt: string) =>
  toBase64Url(await hmacSha256(key, `${PREFIX}\u0000${widgetId}\u0000${externalId}\u0000${issuedAt}`));

/** A new anonymous visitor's external id. */
export const newVisitorId = () => `visitor:${crypto.randomUUID()}`;
/** A verified site user's external id: the same on every browser. */
export const verifiedUserId = (userId: string) => `user:${userId}`;

/** Whether a token is this widget's kind of token at all (the live socket finds it among subprotocols). */
export const looksLikeVisitorToken = (value: string) => value.startsWith(`${PREFIX}.`);

export async function visitorToken(key: string, widgetId: string, externalId: string, now: number): Promise<string> {
  const issuedAt = now.toString(36);
  const id = toBase64Url(encoder.encode(externalId));
  return `${PREFIX}.${id}.${issuedAt}.${await signed(key, widgetId, externalId, issuedAt)}`;
}

/** The visitor's external id, or null when the token is not one this widget signed in the last 30 days. */
export async function visitorOfToken(
  key: string,
  widgetId: string,
  token: string | null,
  now: number,
): Promise<string | null> {
  const [prefix, id, issuedAt, signature, ...rest] = (token ?? "").split(".");
  if (prefix !== PREFIX || !id || !issuedAt || !signature || rest.length > 0) return null;
  const madeAt = Number.parseInt(issuedAt, 36);
  if (!Number.isFinite(madeAt) || madeAt > now + CLOCK_SKEW_MS || now - madeAt > VISITOR_TOKEN_TTL_MS) return null;
  let externalId: string;
  try {
    externalId = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromBase64Url(id));
  } catch {
    return null;
  }
  const expected = await signed(key, widgetId, externalId, issuedAt);
  return timingSafeEqual(encoder.encode(expected), encoder.encode(signature)) ? externalId : null;
}

/** Rule G2: the site's HMAC of its user id, hex(HMAC-SHA256(identity secret, user id)), checked in constant time. */
export async function identityHashValid(secret: string, userId: string, hash: string): Promise<boolean> {
  const expected = toHex(await hmacSha256(secret, userId));
  return timingSafeEqual(encoder.encode(expected), encoder.encode(hash.toLowerCase()));
}
