/**
 * A link to an outbound file for providers that take files by public URL only (LINE, issue 16): the
 * R2 key, an expiry and a MAC of both under the deployment's secrets key (G7), so only a link the
 * platform made opens the file, only until it expires, and a rotated key still opens older links.
 */
import { lookupDigest, lookupDigests } from "../lib/secret-box";
import { sameSecret } from "./provider-http";

const CONTEXT = "shared-file";
/** LINE fetches the file when the customer opens it, possibly days later. */
export const SHARED_FILE_TTL_MS = 14 * 24 * 60 * 60 * 1000;
export const SHARED_FILE_PATH = "/files/";

const signed = (key: string, expiresAt: number) => `${key}\u0000${expiresAt}`;

export async function sharedFileUrl(env: Env, key: string, now: number): Promise<string> {
  const expiresAt = now + SHARED_FILE_TTL_MS;
  const mac = await lookupDigest(signed(key, expiresAt), CONTEXT);
  const base = env.APP_URL.replace(/\/+$/, "");
  return `${base}${SHARED_FILE_PATH}${encodeURIComponent(key)}?exp=${expiresAt}&sig=${encodeURIComponent(mac)}`;
}

/** Whether the link's expiry and MAC are the platform's, and it has not expired. */
export async function sharedFileValid(key: string, exp: string | undefined, sig: string | undefined, now: number) {
  const expiresAt = Number(exp);
  if (!sig || !Number.isSafeInteger(expiresAt) || expiresAt <= now) return false;
  // Compared in constant time: the link's MAC is all that guards the file.
  return (await lookupDigests(signed(key, expiresAt), CONTEXT)).some((mac) => sameSecret(mac, sig));
}
