/**
 * WhatsApp Cloud API behind the channel adapter (rule G1). A channel's provider key is its
 * phone_number_id; its config holds the WABA id, the token, the app secret and the verify token.
 */
import type { ZodError } from "zod";
import { WHATSAPP_POLICY } from "../../domain/channel-policy";
import { log } from "../../lib/log";
import { problems, zodFieldErrors } from "../../lib/problem";
import { WhatsAppHandshakeQuerySchema } from "../../schemas/webhooks";
import type { ChannelAdapter, ChannelRecord } from "../adapter";
import type { ChannelAccount, ChannelConfigs } from "../config";
import { MEDIA_CHECKSUM_MISMATCH, matchesSha256 } from "../media-checksum";
import { type GraphClient, graphFor } from "./graph-client";
import { GraphApiError, graphRefusalOf } from "./graph-http";
import { verifyHandshake, verifyWhatsAppSignature } from "./signature";
import { isTemplateWebhook, parseTemplateWebhook, wabaIdsOf } from "./template-webhooks";
import { parseWhatsAppWebhook, phoneNumberIdsOf } from "./webhook";

type Config = ChannelConfigs["whatsapp"];
type Account = ChannelAccount<"whatsapp">;

const credsOf = (channel: Account) => ({ channelKey: channel.providerKey, accessToken: channel.config.accessToken });

/** The client's media calls throw a GraphApiError: here they become the adapter's one result convention. */
async function attempt<T>(call: (graph: GraphClient) => Promise<T>, env: Env) {
  try {
    return { ok: true as const, value: await call(graphFor(env)) };
  } catch (err) {
    if (err instanceof GraphApiError) return { ok: false as const, error: err.error };
    throw err;
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export const whatsAppAdapter: ChannelAdapter<"whatsapp"> = {
  kind: "whatsapp",
  policy: WHATSAPP_POLICY,

  channelKeysOf: phoneNumberIdsOf,
  verify: (raw, headers, config) => verifyWhatsAppSignature(raw, headers.get("X-Hub-Signature-256"), config.appSecret),
  signerOf: (config) => config.appSecret,
  parse(json, receivedAt) {
    try {
      return parseWhatsAppWebhook(json, receivedAt);
    } catch (err) {
      throw problems.validation(zodFieldErrors(err as ZodError));
    }
  },
  handshake(raw) {
    const query = WhatsAppHandshakeQuerySchema.safeParse(raw);
    if (!query.success) throw problems.validation(zodFieldErrors(query.error));
    const { "hub.mode": mode, "hub.verify_token": token, "hub.challenge": challenge } = query.data;
    return {
      configField: "verifyToken",
      value: token,
      answer: (config) => verifyHandshake({ mode, token, challenge }, config.verifyToken),
    };
  },

  /** Rule G3: Meta is asked about the number with the token; its display number and verified name are kept. */
  async connect(env, record) {
    const answer = await graphFor(env).phoneNumber({
      channelKey: record.providerKey,
      accessToken: record.config.accessToken,
    });
    if (!answer.ok) return { ok: false, error: answer.error, refusal: graphRefusalOf(answer.status, answer.error) };
    const { displayPhoneNumber, verifiedName } = answer;
    return { ok: true, record: { ...record, config: { ...record.config, displayPhoneNumber, verifiedName } } };
  },
  recheckFields: ["accessToken", "phoneNumberId"],

  send: (env, channel, payload) => graphFor(env).sendMessage(credsOf(channel), payload),
  async uploadMedia(env, channel, file) {
    const out = await attempt((g) => g.uploadMedia(credsOf(channel), file.bytes, file.mimeType, file.filename), env);
    return out.ok ? { ok: true, providerMediaId: out.value } : out;
  },
  async fetchMedia(env, channel, providerMediaId, key, expectedSha256) {
    const out = await attempt(async (graph) => {
      const info = await graph.mediaInfo(credsOf(channel), providerMediaId);
      return graph.downloadMedia(credsOf(channel), info.url);
    }, env);
    if (!out.ok) return out;
    const { bytes, mimeType } = out.value;
    const checked = expectedSha256 ? await matchesSha256(bytes, expectedSha256) : null;
    if (checked === false) {
      const detail = `The file ${providerMediaId} downloaded does not have the sha256 its webhook named.`;
      return { ok: false, error: { code: MEDIA_CHECKSUM_MISMATCH, title: "File checksum mismatch", detail } };
    }
    if (expectedSha256 && checked === null) log("warn", "media.checksum_unreadable", { providerMediaId });
    await env.MEDIA.put(key, bytes, { httpMetadata: { contentType: mimeType } });
    return { ok: true, mimeType, size: bytes.byteLength };
  },

  profile: ({ providerKey, config }) => ({
    phoneNumberId: providerKey,
    displayPhoneNumber: config.displayPhoneNumber,
    verifiedName: config.verifiedName ?? null,
    wabaId: config.wabaId,
    metaAppId: config.metaAppId,
  }),
  fromInput(input) {
    return whatsAppAdapter.withInput(
      {
        providerKey: "",
        config: {
          displayPhoneNumber: "",
          wabaId: "",
          accessToken: "",
          appSecret: "",
          verifyToken: "",
          metaAppId: null,
        },
      },
      input,
    );
  },
  withInput(current, input): ChannelRecord<"whatsapp"> {
    const config: Config = { ...current.config };
    for (const field of ["displayPhoneNumber", "wabaId", "accessToken", "appSecret", "verifyToken"] as const) {
      const value = str(input[field]);
      if (value !== undefined) config[field] = value;
    }
    // metaAppId: null forgets it (Meta is asked with GET /app), absent keeps it.
    if (input.metaAppId === null || typeof input.metaAppId === "string") config.metaAppId = input.metaAppId;
    return { providerKey: str(input.phoneNumberId) ?? current.providerKey, config };
  },
  noChannelKey: { code: "not_a_whatsapp_webhook", detail: "No metadata.phone_number_id in the body." },
  keyTaken: { code: "phone_number_taken", detail: "This phone number id is already connected." },
  keyUnknown: {
    code: "phone_number_not_found",
    detail: "Meta has no phone number with this phone number id that the access token can see.",
  },

  calling: {
    act: (env, channel, action) => graphFor(env).callAction(credsOf(channel), action),
    place: (env, channel, to, sdp, callbackData) => graphFor(env).placeCall(credsOf(channel), to, sdp, callbackData),
    settings: (env, channel, switches) => graphFor(env).callSettings(credsOf(channel), switches),
    requestPermission: (env, channel, to, text) => graphFor(env).requestCallPermission(credsOf(channel), to, text),
  },

  templates: {
    api: (env) => graphFor(env),
    isWebhook: isTemplateWebhook,
    accountIdsOf: wabaIdsOf,
    accountField: "wabaId",
    parseWebhook: parseTemplateWebhook,
  },
};
