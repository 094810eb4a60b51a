/**
 * Telegram behind the channel adapter (rule G3). A channel's provider key is its bot's user id
 * (getMe); its config holds the bot token and the webhook secret the platform made, both sealed
 * (G7). The platform registers its webhook itself (setWebhook with secret_token) and refuses any
 * update without the matching X-Telegram-Bot-Api-Secret-Token header (401). No reply window.
 */
import type { ZodError } from "zod";
import { TELEGRAM_POLICY } from "../../domain/channel-policy";
import { toBase64Url } from "../../lib/crypto";
import { problems, zodFieldErrors } from "../../lib/problem";
import type { ChannelAdapter, ChannelRecord } from "../adapter";
import type { ChannelAccount } from "../config";
import { copyIntoR2, failed, providerError, R2_MEDIA_PREFIX, sameSecret, storedFile } from "../provider-http";
import type { OutboundPayload, SendResult } from "../types";
import { botCall, TELEGRAM_API, type TelegramSent } from "./bot-api";
import { parseTelegramUpdate, telegramMessageId } from "./update";

type Account = ChannelAccount<"telegram">;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const messageIdOf = (providerId: string | null | undefined) => {
  const id = Number(providerId?.split(":")[1]);
  return Number.isInteger(id) ? id : null;
};

const SEND_METHOD = {
  image: ["sendPhoto", "photo"],
  video: ["sendVideo", "video"],
  audio: ["sendAudio", "audio"],
  document: ["sendDocument", "document"],
  sticker: ["sendDocument", "document"],
} as const;

async function sendToTelegram(env: Env, channel: Account, payload: OutboundPayload): Promise<SendResult> {
  const token = channel.config.botToken;
  const replyTo = "replyToProviderId" in payload ? messageIdOf(payload.replyToProviderId) : null;
  const reply = replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {};
  let sent: Awaited<ReturnType<typeof botCall<TelegramSent>>>;
  if (payload.kind === "text") {
    sent = await botCall<TelegramSent>(env, token, "sendMessage", {
      chat_id: payload.to,
      text: payload.text,
      ...reply,
    });
  } else if (payload.kind === "choice") {
    const keyboard = payload.options.map((o) => [{ text: o.title, callback_data: o.id.slice(0, 64) }]);
    const body = { chat_id: payload.to, text: payload.text, reply_markup: { inline_keyboard: keyboard } };
    sent = await botCall<TelegramSent>(env, token, "sendMessage", body);
  } else if (payload.kind === "template") {
    return { ok: false, error: providerError("templates_unsupported", "Telegram has no template messages.") };
  } else {
    const file = payload.providerMediaId.startsWith(R2_MEDIA_PREFIX)
      ? await storedFile(env, payload.providerMediaId.slice(R2_MEDIA_PREFIX.length))
      : null;
    if (!file) return { ok: false, error: providerError("media_missing", "The file to send was not found.") };
    const [method, field] = SEND_METHOD[payload.kind];
    const form = new FormData();
    form.set("chat_id", payload.to);
    if (payload.caption) form.set("caption", payload.caption);
    if (replyTo) form.set("reply_parameters", JSON.stringify(reply.reply_parameters));
    form.set(field, new File([file.bytes], payload.filename ?? file.filename, { type: file.mimeType }));
    sent = await botCall<TelegramSent>(env, token, method, form);
  }
  if (!sent.ok) return { ok: false, error: sent.error };
  return { ok: true, providerMessageId: telegramMessageId(String(sent.result.chat.id), sent.result.message_id) };
}

/** Rule G3: the secret_token Telegram sends back, derived from the bot token (A-Z a-z 0-9 _ -, 43 characters). */
async function webhookSecretOf(botToken: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`edge-inbox/telegram-webhook/${botToken}`),
  );
  return toBase64Url(new Uint8Array(digest));
}

export const telegramAdapter: ChannelAdapter<"telegram"> = {
  kind: "telegram",
  policy: TELEGRAM_POLICY,
  keyedWebhook: true,

  channelKeysOf: () => [],
  verify: async (_raw, headers, config) =>
    sameSecret(headers.get("X-Telegram-Bot-Api-Secret-Token"), config.webhookSecret),
  signerOf: (config) => config.webhookSecret,
  parse(json, receivedAt, channelKey = "") {
    try {
      return parseTelegramUpdate(json, receivedAt, channelKey);
    } catch (err) {
      throw problems.validation(zodFieldErrors(err as ZodError));
    }
  },

  async connect(env, record, appUrl) {
    const { botToken } = record.config;
    // The same bot token always registers the same secret: a refused duplicate connect changes nothing.
    const webhookSecret = await webhookSecretOf(botToken);
    const me = await botCall<{ id: number; username?: string; is_bot?: boolean }>(env, botToken, "getMe", {});
    if (!me.ok) return failed(me.error);
    const providerKey = String(me.result.id);
    const hook = await botCall<boolean>(env, botToken, "setWebhook", {
      url: `${appUrl}/webhooks/telegram/${providerKey}`,
      secret_token: webhookSecret,
      allowed_updates: ["message", "edited_message", "callback_query"],
    });
    if (!hook.ok) return failed(hook.error);
    const config = { ...record.config, webhookSecret, botUsername: me.result.username ?? "" };
    return { ok: true, record: { providerKey, config } };
  },

  send: sendToTelegram,
  async uploadMedia(_env, _channel, file) {
    // Telegram takes the file with the send itself (multipart): the send reads it from R2.
    if (!file.key) return failed(providerError("media_missing", "The file to send is not stored."));
    return { ok: true, providerMediaId: `${R2_MEDIA_PREFIX}${file.key}` };
  },
  async fetchMedia(env, channel, providerMediaId, key) {
    const token = channel.config.botToken;
    const info = await botCall<{ file_path?: string }>(env, token, "getFile", { file_id: providerMediaId });
    if (!info.ok) return failed(info.error);
    if (!info.result.file_path) return failed(providerError("media_unavailable", "Telegram gave no file path."));
    return copyIntoR2(env, new Request(`${TELEGRAM_API}/file/bot${token}/${info.result.file_path}`), key, null);
  },

  profile: ({ providerKey, config }) => ({ botId: providerKey, botUsername: config.botUsername }),
  fromInput(input) {
    const config = { botUsername: "", botToken: "", webhookSecret: "" };
    return telegramAdapter.withInput({ providerKey: "", config }, input);
  },
  withInput(current, input): ChannelRecord<"telegram"> {
    const botToken = str(input.botToken);
    return { providerKey: current.providerKey, config: { ...current.config, ...(botToken ? { botToken } : {}) } };
  },
  noChannelKey: { code: "not_a_telegram_webhook", detail: "The webhook URL names no bot." },
  keyTaken: { code: "bot_taken", detail: "This Telegram bot is already connected." },
};
