/**
 * Messenger and Instagram behind the channel adapter (rule G3): one implementation, two kinds. A
 * channel's provider key is its Facebook Page id or Instagram account id; its config holds the Page
 * access token, the app secret and the webhook verify token, sealed (G7). The GET handshake echoes
 * `hub.challenge` when `hub.verify_token` is the channel's; every POST is checked with
 * X-Hub-Signature-256 over the raw body. Reply window: 24 h, then HUMAN_AGENT for humans up to 7 days.
 */
import type { ZodError } from "zod";
import { INSTAGRAM_POLICY, MESSENGER_POLICY } from "../../domain/channel-policy";
import { toHex } from "../../lib/crypto";
import { problems, zodFieldErrors } from "../../lib/problem";
import { WhatsAppHandshakeQuerySchema as HubQuerySchema } from "../../schemas/webhooks";
import type { ChannelAdapter, ChannelRecord } from "../adapter";
import type { MetaMessagingConfig } from "../config";
import { callProvider, copyIntoR2, failed, hmacSha256, sameSecret } from "../provider-http";
import { accountIdsOf, isMetaCdnUrl, parseMetaWebhook } from "./events";
import { metaError, metaGraph, metaProfileName, sendToMeta, uploadToMeta } from "./send-api";

type Kind = "messenger" | "instagram";
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const UPLOAD_TYPE = { "image/": "image", "video/": "video", "audio/": "audio" } as const;

function metaAdapter<K extends Kind>(kind: K): ChannelAdapter<K> {
  const label = kind === "messenger" ? "Facebook Page" : "Instagram account";
  const adapter: ChannelAdapter<K> = {
    kind,
    policy: kind === "messenger" ? MESSENGER_POLICY : INSTAGRAM_POLICY,
    keyedWebhook: true,

    channelKeysOf: accountIdsOf,
    async verify(raw, headers, config) {
      const match = /^sha256=([0-9a-fA-F]{64})$/.exec(headers.get("X-Hub-Signature-256")?.trim() ?? "");
      if (!match?.[1] || !config.appSecret) return false;
      return sameSecret(toHex(await hmacSha256(config.appSecret, raw)), match[1].toLowerCase());
    },
    signerOf: (config) => config.appSecret,
    parse(json, receivedAt) {
      try {
        return parseMetaWebhook(json, receivedAt);
      } catch (err) {
        throw problems.validation(zodFieldErrors(err as ZodError));
      }
    },
    handshake(raw) {
      const query = HubQuerySchema.safeParse(raw);
      if (!query.success) throw problems.validation(zodFieldErrors(query.error));
      const { "hub.mode": mode, "hub.verify_token": token, "hub.challenge": challenge } = query.data;
      return {
        configField: "verifyToken",
        value: token,
        answer: (config) => (mode === "subscribe" && sameSecret(token, config.verifyToken) ? challenge : null),
      };
    },

    async connect(env, record) {
      const answer = await callProvider(
        env,
        new Request(`${metaGraph(env)}/${encodeURIComponent(record.providerKey)}?fields=id`, {
          headers: { authorization: `Bearer ${record.config.accessToken}` },
        }),
      );
      if (answer.status !== 200) return failed(metaError(answer.status, answer.json));
      return { ok: true, record };
    },

    send: sendToMeta,
    async uploadMedia(env, channel, file) {
      const type = Object.entries(UPLOAD_TYPE).find(([prefix]) => file.mimeType.startsWith(prefix))?.[1] ?? "file";
      return uploadToMeta(env, channel, file, type);
    },
    fetchMedia: (env, _channel, providerMediaId, key) =>
      copyIntoR2(env, new Request(providerMediaId), key, null, isMetaCdnUrl),
    contactName: metaProfileName,

    profile: ({ providerKey }) => ({ accountId: providerKey }),
    fromInput(input) {
      const config: MetaMessagingConfig = { accessToken: "", appSecret: "", verifyToken: "" };
      return adapter.withInput({ providerKey: str(input.accountId) ?? "", config } as ChannelRecord<K>, input);
    },
    withInput(current, input): ChannelRecord<K> {
      const config = { ...current.config } as MetaMessagingConfig;
      for (const field of ["accessToken", "appSecret", "verifyToken"] as const) {
        const value = str(input[field]);
        if (value) config[field] = value;
      }
      return { providerKey: current.providerKey, config } as ChannelRecord<K>;
    },
    noChannelKey: { code: `not_a_${kind}_webhook`, detail: `No entry names a ${label}.` },
    keyTaken: { code: `${kind}_account_taken`, detail: `This ${label} is already connected.` },
  };
  return adapter;
}

export const messengerAdapter = metaAdapter("messenger");
export const instagramAdapter = metaAdapter("instagram");
