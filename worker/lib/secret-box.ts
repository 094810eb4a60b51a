/**
 * The secret box (rule G7): provider secrets at rest (channel access tokens, app secrets, verify
 * tokens) are sealed with AES-256-GCM (WebCrypto) under a Worker secret, never stored in plaintext.
 *
 * - `SECRETS_KEYS` = `"kid:base64key[,kid:base64key...]"`, each key 32 random bytes (`openssl rand
 *   -base64 32`). The FIRST key seals; EVERY key opens. To rotate: put a new key first, let the
 *   hourly re-seal (`sealChannelSecrets`, cron) move every value to it, then drop the old key.
 * - A sealed value is `sealed:v1:<kid>:<iv>:<ciphertext>` (base64url). Its AES-GCM additional data
 *   is where it is stored (`context`, e.g. channel id and field), so it opens nowhere else.
 * - A lookup digest (`kid:hex`, HMAC-SHA-256 under a key derived from each key) finds a row by a
 *   secret's value (the verify token of a webhook handshake) without storing the value.
 * - A value that is not `sealed:v1:` is a plaintext one written before sealing existed: `openSecret`
 *   returns it as it is, and the re-seal seals it.
 * - The development default `DEV_SECRETS_KEYS` is public (wrangler.toml `[vars]`). Anywhere but
 *   `ENVIRONMENT=development` the box refuses it, and a missing or malformed `SECRETS_KEYS`: every
 *   seal and open throws a 500 problem `secrets_key_unusable` (logged once per isolate), so nothing
 *   is sealed under a public key and no channel runs on one. Set it with
 *   `wrangler secret put SECRETS_KEYS --env production`.
 *
 * The keys are the Worker's own bindings (`env` of `cloudflare:workers`), imported once per isolate.
 * Nothing here logs a secret, a key or a plaintext.
 */
import { env as workerEnv } from "cloudflare:workers";
import { fromBase64Url, toBase64Url, toHex } from "./crypto";
import { log } from "./log";
import { Problem } from "./problem";

/** The public development key (also in wrangler.toml `[vars]`); refused outside development. */
export const DEV_SECRETS_KEYS = "dev:FQKBUzyMd1aEh5Qla6Wj0bcB3YJu32wNwQyRLjUuxfg=";
const PREFIX = "sealed:v1:";
const SEALED = /^sealed:v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]+)$/;
const encoder = new TextEncoder();

interface BoxKey {
  id: string;
  aes: CryptoKey;
  mac: CryptoKey;
}
interface KeyVars {
  ENVIRONMENT?: string;
  SECRETS_KEYS?: string;
}

const unusable = () =>
  new Problem(
    500,
    "secrets_key_unusable",
    "The server's SECRETS_KEYS is missing, malformed or the development default: provider secrets cannot be used.",
  );

/** The key list of `SECRETS_KEYS`, or the reason it cannot be used (never the key itself). */
function parseKeys(vars: KeyVars): { id: string; raw: Uint8Array }[] | string {
  const source = vars.SECRETS_KEYS?.trim();
  if (!source) return "missing";
  const devKeys = new Set(DEV_SECRETS_KEYS.split(",").map((k) => k.split(":")[1]));
  const keys: { id: string; raw: Uint8Array }[] = [];
  for (const entry of source.split(",")) {
    const [id, b64, extra] = entry.trim().split(":");
    if (!id || !b64 || extra !== undefined || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) return "malformed";
    if (keys.some((k) => k.id === id)) return "duplicate key id";
    let raw: Uint8Array;
    try {
      raw = fromBase64Url(b64);
    } catch {
      return "malformed";
    }
    if (raw.byteLength !== 32) return "key is not 32 bytes";
    if (devKeys.has(b64) && vars.ENVIRONMENT !== "development") return "development key outside development";
    keys.push({ id, raw });
  }
  return keys;
}

async function importKey(id: string, raw: Uint8Array): Promise<BoxKey> {
  const base = await crypto.subtle.importKey("raw", raw, "HKDF", false, ["deriveKey"]);
  const derive = (info: string, algorithm: { name: string; length: number; hash?: string }, usages: string[]) =>
    crypto.subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(info) },
      base,
      algorithm,
      false,
      usages,
    );
  return {
    id,
    aes: await derive("edge-inbox secrets v1 seal", { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]),
    mac: await derive("edge-inbox secrets v1 lookup", { name: "HMAC", hash: "SHA-256", length: 256 }, ["sign"]),
  };
}

let memo: { source: string; keys: Promise<BoxKey[]> } | null = null;

/** The keyring of the Worker's bindings (first seals); throws the 500 problem when it cannot be used. */
async function keyring(): Promise<BoxKey[]> {
  const vars = workerEnv as KeyVars;
  const source = `${vars.ENVIRONMENT ?? ""}\u0000${vars.SECRETS_KEYS ?? ""}`;
  if (memo?.source !== source) {
    const parsed = parseKeys(vars);
    const keys =
      typeof parsed === "string"
        ? Promise.reject(Object.assign(unusable(), { reason: parsed }))
        : Promise.all(parsed.map((k) => importKey(k.id, k.raw)));
    keys.catch((err: { reason?: string }) =>
      log("error", "secrets.key_unusable", { reason: err.reason ?? "import failed", environment: vars.ENVIRONMENT }),
    );
    memo = { source, keys };
  }
  try {
    return await memo.keys;
  } catch {
    throw unusable();
  }
}

export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

/** How a value sealed under the key that seals now begins (the re-seal leaves those alone). */
export async function currentSealPrefix(): Promise<string> {
  const [key] = await keyring();
  if (!key) throw unusable();
  return `${PREFIX}${key.id}:`;
}

/** Seals `plaintext` under the first key, bound to `context` (where it is stored). */
export async function sealSecret(plaintext: string, context: string): Promise<string> {
  const [key] = await keyring();
  if (!key) throw unusable();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    key.aes,
    encoder.encode(plaintext),
  );
  return `${PREFIX}${key.id}:${toBase64Url(iv)}:${toBase64Url(new Uint8Array(sealed))}`;
}

/** Opens a sealed value stored at `context`; a plaintext (pre-sealing) value is returned as it is. */
export async function openSecret(value: string, context: string): Promise<string> {
  const match = SEALED.exec(value);
  if (!match) return value;
  const [, kid, iv, data] = match as unknown as [string, string, string, string];
  const key = (await keyring()).find((k) => k.id === kid);
  if (!key) {
    log("error", "secrets.unknown_key", { kid, context });
    throw new Problem(500, "secret_unreadable", "A stored secret is sealed under a key the server no longer has.");
  }
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64Url(iv), additionalData: encoder.encode(context) },
      key.aes,
      fromBase64Url(data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    log("error", "secrets.unreadable", { kid, context });
    throw new Problem(500, "secret_unreadable", "A stored secret could not be opened.");
  }
}

async function digest(key: BoxKey, value: string, context: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", key.mac, encoder.encode(`${context}\u0000${value}`));
  return `${key.id}:${toHex(mac)}`;
}

/** The lookup digest of a secret's value, under the key that seals now (stored beside the sealed value). */
export async function lookupDigest(value: string, context: string): Promise<string> {
  const [key] = await keyring();
  if (!key) throw unusable();
  return digest(key, value, context);
}

/** The value's lookup digest under every key, to find rows sealed under any of them. */
export async function lookupDigests(value: string, context: string): Promise<string[]> {
  return Promise.all((await keyring()).map((key) => digest(key, value, context)));
}
