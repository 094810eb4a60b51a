/**
 * What the Telegram, LINE and Meta messaging fakes keep (development only): small JSON records in
 * R2 (`env.MEDIA`) under `sandbox/fakes/`: the accounts the "console" minted, the webhook each
 * provider was told, its customers, and every message the business sent (so tests and the
 * simulator page read what the provider received). R2 reads its own writes; nothing here is hot.
 */
const ROOT = "sandbox/fakes";

export async function readRecord<T>(env: Env, path: string): Promise<T | null> {
  const object = await env.MEDIA.get(`${ROOT}/${path}`);
  return object ? ((await object.json()) as T) : null;
}

export async function writeRecord(env: Env, path: string, value: unknown): Promise<void> {
  await env.MEDIA.put(`${ROOT}/${path}`, JSON.stringify(value), { httpMetadata: { contentType: "application/json" } });
}

export async function deleteRecord(env: Env, path: string): Promise<void> {
  await env.MEDIA.delete(`${ROOT}/${path}`);
}

/** Every record under a folder, oldest key first (keys start with a zero-padded time). */
export async function listRecords<T>(env: Env, folder: string, limit = 200): Promise<T[]> {
  const listed = await env.MEDIA.list({ prefix: `${ROOT}/${folder}/`, limit: 1000 });
  const keys = listed.objects
    .map((o) => o.key)
    .sort()
    .slice(-limit);
  const records = await Promise.all(keys.map((key) => env.MEDIA.get(key).then((o) => (o ? o.json() : null))));
  return records.filter((r) => r !== null) as T[];
}

export async function putBytes(env: Env, path: string, bytes: ArrayBuffer | Uint8Array, type: string) {
  await env.MEDIA.put(`${ROOT}/${path}`, bytes, { httpMetadata: { contentType: type } });
}

export function getBytes(env: Env, path: string) {
  return env.MEDIA.get(`${ROOT}/${path}`);
}

/** A sortable, unique key part: the time, zero-padded, and a random suffix. */
export const sortableId = () => `${String(Date.now()).padStart(15, "0")}-${crypto.randomUUID().slice(0, 8)}`;

/** A business send as the fake recorded it (what the customer's app would show). */
export interface FakeSent {
  at: number;
  accountKey: string;
  to: string;
  method: string;
  text: string | null;
  file: { name: string; type: string; size: number } | null;
  /** A file sent by link (LINE's originalContentUrl): the provider fetches it from there. */
  url?: string;
  tag: string | null;
  messageId: string;
}

export const sentFolder = (provider: string, accountKey: string, to: string) => `${provider}/sent/${accountKey}/${to}`;

export async function recordSent(env: Env, provider: string, sent: FakeSent) {
  await writeRecord(env, `${sentFolder(provider, sent.accountKey, sent.to)}/${sortableId()}.json`, sent);
}

/** A scripted failure of the next `count` sends of an account (e.g. Telegram's 429 with retry_after). */
export interface FakeFailure {
  status: number;
  body: unknown;
  count: number;
}

/** Takes one scripted failure, if any is left. */
export async function takeFailure(env: Env, provider: string, accountKey: string): Promise<FakeFailure | null> {
  const path = `${provider}/fail/${accountKey}.json`;
  const failure = await readRecord<FakeFailure>(env, path);
  if (!failure || failure.count <= 0) return null;
  if (failure.count === 1) await deleteRecord(env, path);
  else await writeRecord(env, path, { ...failure, count: failure.count - 1 });
  return failure;
}

export const failPath = (provider: string, accountKey: string) => `${provider}/fail/${accountKey}.json`;
