/**
 * Channels of every kind (rules G1-G4): connecting one, editing it, and what the API shows of it.
 * Tokens and secrets are write-only; disconnecting keeps rooms (G4). A kind whose adapter can
 * `connect` has its credentials checked with the provider (and its webhook registered there)
 * before anything is stored: a refused token stores nothing.
 */
import type { ChannelAdapter, ChannelRecord } from "../../channels/adapter";
import type { ChannelKind } from "../../channels/config";
import { adapterFor } from "../../channels/registry";
import { embedSnippet } from "../../channels/webchat/adapter";
import {
  type Channel,
  channelOf,
  channelsByConfig,
  insertChannel,
  openChannel,
  providerKeyHolder,
  updateChannel as saveChannel,
} from "../../db/channels";
import type { Db } from "../../db/client";
import { isConstraintViolation } from "../../db/errors";
import { Problem, problems } from "../../lib/problem";
import { currentSealPrefix } from "../../lib/secret-box";

const appUrlOf = (env: Env) => env.APP_URL.replace(/\/+$/, "");

/** The API's view of a channel: its kind's profile (never a secret) between the common fields. */
export const channelView = (row: Channel, env: Env) => {
  const adapter = adapterFor(row.kind);
  const profile = adapter.profile(row) as Record<string, string | null>;
  const path = adapter.keyedWebhook ? `${row.kind}/${row.providerKey}` : row.kind;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    ...profile,
    connected: row.connected,
    webhookUrl: adapter.providerWebhook === false ? null : `${appUrlOf(env)}/webhooks/${path}`,
    ...(row.kind === "webchat" ? { embedSnippet: embedSnippet(appUrlOf(env), row.providerKey) } : {}),
    createdAt: row.createdAt,
  };
};

/** Rule G2 (G7): a webchat channel's identity secret is shown once, in the answer that made it. */
async function withSecretShownOnce(row: Channel, env: Env, shown: boolean) {
  if (row.kind !== "webchat" || !shown) return channelView(row, env);
  const opened = (await openChannel(row)) as Channel & { kind: "webchat" };
  return { ...channelView(row, env), identitySecret: (opened.config as { identitySecret: string }).identitySecret };
}

/**
 * Rule G3: the provider checks the credentials before anything is stored. A refusal the adapter can
 * tell is answered by its own code: 422 `channel_credentials_invalid`, 422 the kind's `keyUnknown`,
 * 502 `provider_unavailable`; any other is 422 `provider_refused`, each with the provider's words.
 */
async function connectedRecord<K extends ChannelKind>(env: Env, adapter: ChannelAdapter<K>, record: ChannelRecord<K>) {
  if (!adapter.connect) return record;
  // The secrets key must seal before a token goes anywhere (G7): a refused key refuses first.
  await currentSealPrefix();
  const result = await adapter.connect(env, record, appUrlOf(env));
  if (result.ok) return result.record;
  const { label } = adapter.policy;
  const words = `(${result.error.code}: ${result.error.title})`;
  if (result.refusal === "credentials_invalid") {
    throw problems.unprocessable(
      "channel_credentials_invalid",
      `${label} did not accept the access token ${words}. Copy a current token that can manage this number.`,
    );
  }
  if (result.refusal === "key_unknown" && adapter.keyUnknown) {
    throw problems.unprocessable(adapter.keyUnknown.code, `${adapter.keyUnknown.detail} ${words}`);
  }
  if (result.refusal === "provider_unavailable") {
    throw new Problem(
      502,
      "provider_unavailable",
      `${label} could not be reached ${words}. Nothing was saved; try again.`,
    );
  }
  throw problems.unprocessable("provider_refused", `${label} refused the credentials ${words}`);
}

/** 409 before the provider is asked when another channel of the kind has the provider key already (G1). */
async function assertKeyFree(db: Db, adapter: ChannelAdapter, record: ChannelRecord, id: string | null) {
  if (record.providerKey === "") return;
  const holder = await providerKeyHolder(db, adapter.kind, record.providerKey);
  if (holder !== null && holder !== id) throw problems.conflict(adapter.keyTaken.code, adapter.keyTaken.detail);
}

/** 409 when another channel of the kind already has the value the kind keeps unique (email: the address). */
async function assertUniqueConfig(db: Db, adapter: ChannelAdapter, record: ChannelRecord, id: string | null) {
  const unique = adapter.uniqueConfig;
  const value = unique ? (record.config as Record<string, unknown>)[unique.field] : undefined;
  if (!unique || typeof value !== "string" || value === "") return;
  const holders = await channelsByConfig(db, adapter.kind, unique.field, [value]);
  if (holders.some((ch) => ch.id !== id)) throw problems.conflict(unique.code, unique.detail);
}

/** Connects a channel of `kind` from the admin's input (G1, G3): checked, unique, then stored. */
export async function connectChannel(
  env: Env,
  db: Db,
  organizationId: string,
  { name, kind, input }: { name: string; kind: ChannelKind; input: Record<string, unknown> },
) {
  const adapter = adapterFor(kind) as ChannelAdapter;
  const given = adapter.fromInput(input);
  await assertUniqueConfig(db, adapter, given, null);
  await assertKeyFree(db, adapter, given, null);
  const record = await connectedRecord(env, adapter, given);
  const row = await insertChannel(db, { organizationId, kind: adapter.kind, name, ...record });
  if (!row) throw problems.conflict(adapter.keyTaken.code, adapter.keyTaken.detail);
  return withSecretShownOnce(row, env, true);
}

/** Renames, rotates secrets, or disconnects / reconnects a channel (rooms are kept, G4). */
export async function editChannel(
  env: Env,
  db: Db,
  organizationId: string,
  id: string,
  { name, connected, input }: { name?: string; connected?: boolean; input: Record<string, unknown> },
) {
  const current = await channelOf(db, organizationId, id);
  if (!current) throw problems.notFound("channel");
  const adapter = adapterFor(current.kind) as ChannelAdapter;
  // A changed secret (of the kind's `recheckFields`), or a reconnect, is checked with the provider
  // again (Telegram: its webhook is set again; WhatsApp: a new token or phone number id).
  const changed = Object.entries(input).filter(([, v]) => v !== undefined);
  const recheck =
    !!adapter.connect &&
    (changed.some(([field]) => !adapter.recheckFields || adapter.recheckFields.includes(field)) ||
      (connected === true && !current.connected));
  const edited = adapter.withInput(recheck ? await openChannel(current) : current, input);
  await assertUniqueConfig(db, adapter, edited, id);
  if (edited.providerKey !== current.providerKey) await assertKeyFree(db, adapter, edited, id);
  const record = recheck ? await connectedRecord(env, adapter, edited) : edited;
  try {
    const row = await saveChannel(db, organizationId, id, { name, connected, ...record });
    if (!row) throw problems.notFound("channel");
    return withSecretShownOnce(row, env, input.rotateIdentitySecret === true);
  } catch (err) {
    if (isConstraintViolation(err)) throw problems.conflict(adapter.keyTaken.code, adapter.keyTaken.detail);
    throw err;
  }
}

/** Disconnects a channel; its rooms and history stay (G4). False when it is not the organization's. */
export async function disconnectChannel(db: Db, organizationId: string, id: string): Promise<boolean> {
  return (await saveChannel(db, organizationId, id, { connected: false })) !== null;
}
