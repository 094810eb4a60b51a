/**
 * Rule G2: who a website visitor is. A visitor token names the visitor's contact (its external id)
 * and is signed with the channel's own key (HMAC-SHA256, sealed at rest, G7), so the widget keeps
 * the visitor across reloads and tabs without a server session, and a token of another widget is
 * worth nothing here. A site that knows its user signs the user's id with the channel's identity
 * secret (hex HMAC-SHA256, as Chatwoot's `identifier_hash`): such a visitor is `user:<id>` on every
 * browser, so the same room follows them; a wrong hash is refused.
 */
import { hmacSha256 } from "../../channels/provider-http";
import { fromBase64Url, timingSafeEqual, toBase64Url, toHex } from "../../lib/crypto";

const encoder = new TextEncoder();
const PREFIX = "v1";

const signed = async (key: string, widgetId: string, externalId: string) =>
  toBase64Url(await hmacSha256(key, `${PREFIX}\u0000${widgetId}\u0000${externalId}`));

/** A new anonymous visitor's external id. */
export const newVisitorId = () => `visitor:${crypto.randomUUID()}`;
/** A verified site user's external id: the same on every browser. */
export const verifiedUserId = (userId: string) => `user:${userId}`;

export async function visitorToken(key: string, widgetId: string, externalId: string): Promise<string> {
  return `${PREFIX}.${toBase64Url(encoder.encode(externalId))}.${await signed(key, widgetId, externalId)}`;
}

/** The visitor's external id, or null when the token is not one this widget signed. */
export async function visitorOfToken(key: string, widgetId: string, token: string | null): Promise<string | null> {
  const [prefix, id, signature, ...rest] = (token ?? "").split(".");
  if (prefix !== PREFIX || !id || !signature || rest.length > 0) return null;
  let externalId: string;
  try {
    externalId = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromBase64Url(id));
  } catch {
    return null;
  }
  const expected = await signed(key, widgetId, externalId);
  return timingSafeEqual(encoder.encode(expected), encoder.encode(signature)) ? externalId : null;
}

/** Rule G2: the site's HMAC of its user id, hex(HMAC-SHA256(identity secret, user id)), checked in constant time. */
export async function identityHashValid(secret: string, userId: string, hash: string): Promise<boolean> {
  const expected = toHex(await hmacSha256(secret, userId));
  return timingSafeEqual(encoder.encode(expected), encoder.encode(hash.toLowerCase()));
}
