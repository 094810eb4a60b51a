/**
 * LINE behind the channel adapter (rule G3). A channel's provider key is its bot's user id (GET
 * /v2/bot/info; the webhooks' `destination`); its config holds the channel secret and the channel
 * access token, sealed (G7). `x-line-signature` is base64(HMAC-SHA256(channel secret, raw body)).
 * Agents reply by push (the reply token lives a minute, humans are slower); files come from the
 * content API into R2, and go out as signed links to our copy in R2. No reply window.
 */
import type { ZodError } from "zod";
import { LINE_POLICY } from "../../domain/channel-policy";
import { clock } from "../../lib/clock";
import { problems, zodFieldErrors } from "../../lib/problem";
import type { ChannelAdapter, ChannelRecord } from "../adapter";
import type { ChannelAccount } from "../config";
import {
  callProvider,
  copyIntoR2,
  failed,
  hmacSha256,
  providerError,
  R2_MEDIA_PREFIX,
  sameSecret,
  toBase64,
} from "../provider-http";
import { sharedFileUrl } from "../shared-file";
import type { OutboundPayload, ProviderError, SendResult } from "../types";
import { parseLineWebhook } from "./events";

export const LINE_API = "https://api.line.me";
export const LINE_DATA_API = "https://api-data.line.me";

type Account = ChannelAccount<"line">;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function lineError(status: number, json: unknown): ProviderError {
  const message = (json as { message?: string } | null)?.message ?? `LINE answered ${status}.`;
  const code =
    status === 0
      ? "provider_unreachable"
      : status === 429
        ? "rate_limited"
        : status === 401
          ? "auth_failed"
          : status >= 500
            ? "provider_unavailable"
            : "invalid_request";
  return providerError(code, message);
}

/**
 * LINE takes files by public HTTPS URL only, and a bot sends images, not documents: an image goes as
 * an image message from a signed link (`shared-file.ts`); any other file as a text with its link.
 */
async function lineMessage(env: Env, payload: OutboundPayload) {
  if (payload.kind === "text") return { type: "text", text: payload.text };
  if (payload.kind === "choice") {
    const items = payload.options.slice(0, 13).map((o) => ({
      type: "action",
      action: { type: "postback", label: o.title.slice(0, 20), data: o.id, displayText: o.title },
    }));
    return { type: "text", text: payload.text, quickReply: { items } };
  }
  if (payload.kind === "template") return null;
  if (!payload.providerMediaId.startsWith(R2_MEDIA_PREFIX)) return null;
  const url = await sharedFileUrl(env, payload.providerMediaId.slice(R2_MEDIA_PREFIX.length), clock.now());
  if (payload.kind === "image") return { type: "image", originalContentUrl: url, previewImageUrl: url };
  const lines = [payload.caption, `${payload.filename ?? "File"}: ${url}`].filter(Boolean);
  return { type: "text", text: lines.join("\n") };
}

async function push(env: Env, channel: Account, payload: OutboundPayload): Promise<SendResult> {
  const message = await lineMessage(env, payload);
  if (!message) {
    const error =
      payload.kind === "template"
        ? providerError("templates_unsupported", "LINE has no message templates.")
        : providerError("media_missing", "The file to send is not stored.");
    return { ok: false, error };
  }
  const retryKey = crypto.randomUUID();
  const answer = await callProvider(
    env,
    new Request(`${LINE_API}/v2/bot/message/push`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${channel.config.accessToken}`,
        "content-type": "application/json",
        "X-Line-Retry-Key": retryKey,
      },
      body: JSON.stringify({ to: payload.to, messages: [message] }),
    }),
  );
  if (answer.status !== 200) return { ok: false, error: lineError(answer.status, answer.json) };
  const sent = (answer.json as { sentMessages?: { id?: string }[] } | null)?.sentMessages?.[0]?.id;
  return { ok: true, providerMessageId: sent ?? retryKey };
}

export const lineAdapter: ChannelAdapter<"line"> = {
  kind: "line",
  policy: LINE_POLICY,
  keyedWebhook: true,

  channelKeysOf: (json) => {
    const destination = (json as { destination?: unknown } | null)?.destination;
    return typeof destination === "string" ? [destination] : [];
  },
  async verify(raw, headers, config) {
    const header = headers.get("x-line-signature");
    if (!header || !config.channelSecret) return false;
    return sameSecret(toBase64(await hmacSha256(config.channelSecret, raw)), header.trim());
  },
  signerOf: (config) => config.channelSecret,
  parse(json, receivedAt, channelKey) {
    try {
      return parseLineWebhook(json, receivedAt, channelKey ?? "");
    } catch (err) {
      throw problems.validation(zodFieldErrors(err as ZodError));
    }
  },

  async connect(env, record, appUrl) {
    const auth = { authorization: `Bearer ${record.config.accessToken}` };
    const info = await callProvider(env, new Request(`${LINE_API}/v2/bot/info`, { headers: auth }));
    if (info.status !== 200) return failed(lineError(info.status, info.json));
    const bot = info.json as { userId?: string; displayName?: string };
    if (!bot.userId) return failed(providerError("invalid_request", "LINE gave no bot user id."));
    const endpoint = await callProvider(
      env,
      new Request(`${LINE_API}/v2/bot/channel/webhook/endpoint`, {
        method: "PUT",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ endpoint: `${appUrl}/webhooks/line/${bot.userId}` }),
      }),
    );
    if (endpoint.status !== 200) return failed(lineError(endpoint.status, endpoint.json));
    return {
      ok: true,
      record: { providerKey: bot.userId, config: { ...record.config, botName: bot.displayName ?? "" } },
    };
  },

  send: push,
  // The file stays in R2; the send links to it (LINE fetches it from there).
  uploadMedia: async (_env, _channel, file) =>
    file.key
      ? { ok: true, providerMediaId: `${R2_MEDIA_PREFIX}${file.key}` }
      : failed(providerError("media_missing", "The file to send is not stored.")),
  fetchMedia: (env, channel, providerMediaId, key) =>
    copyIntoR2(
      env,
      new Request(`${LINE_DATA_API}/v2/bot/message/${encodeURIComponent(providerMediaId)}/content`, {
        headers: { authorization: `Bearer ${channel.config.accessToken}` },
      }),
      key,
      null,
    ),

  /** The customer's LINE display name (GET /v2/bot/profile); null when LINE does not give it. */
  async contactName(env, channel, externalId) {
    const answer = await callProvider(
      env,
      new Request(`${LINE_API}/v2/bot/profile/${encodeURIComponent(externalId)}`, {
        headers: { authorization: `Bearer ${channel.config.accessToken}` },
      }),
    );
    const name = (answer.json as { displayName?: unknown } | null)?.displayName;
    return answer.status === 200 && typeof name === "string" && name ? name.slice(0, 100) : null;
  },

  profile: ({ providerKey, config }) => ({ botUserId: providerKey, botName: config.botName }),
  fromInput(input) {
    return lineAdapter.withInput(
      { providerKey: "", config: { botName: "", channelSecret: "", accessToken: "" } },
      input,
    );
  },
  withInput(current, input): ChannelRecord<"line"> {
    const config = { ...current.config };
    for (const field of ["channelSecret", "accessToken"] as const) {
      const value = str(input[field]);
      if (value) config[field] = value;
    }
    return { providerKey: current.providerKey, config };
  },
  noChannelKey: { code: "not_a_line_webhook", detail: "The webhook URL names no LINE bot." },
  keyTaken: { code: "line_bot_taken", detail: "This LINE bot is already connected." },
};
