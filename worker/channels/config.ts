/**
 * How a channel reaches its provider account: each channel kind's configuration (the `channels.config`
 * column), the secrets in it, and the account as adapters see it. A new kind adds its entry here.
 */
/** How a channel adapter reaches a provider account. */
export interface ChannelCredentials {
  /** WhatsApp: phone_number_id. */
  channelKey: string;
  accessToken: string;
}

/** Each channel kind's configuration (the `channels.config` column): a new kind adds its entry here. */
export interface ChannelConfigs {
  /** WhatsApp Cloud API; the channel's provider key is the phone_number_id. Secrets are write-only. */
  whatsapp: {
    displayPhoneNumber: string;
    wabaId: string;
    accessToken: string;
    appSecret: string;
    verifyToken: string;
    /** The Meta app the token belongs to (template samples upload to it, rule T1); null: asked with GET /app. */
    metaAppId: string | null;
    /** The business name Meta verified for the number (GET /{phone-number-id} on connect, G3); absent before. */
    verifiedName?: string | null;
  };
  /** Telegram Bot API; the provider key is the bot's user id (getMe). The webhook secret is the platform's own. */
  telegram: {
    botUsername: string;
    botToken: string;
    /** Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token (setWebhook's secret_token). */
    webhookSecret: string;
  };
  /** LINE Messaging API; the provider key is the bot's user id (GET /v2/bot/info, the webhook's `destination`). */
  line: {
    botName: string;
    channelSecret: string;
    accessToken: string;
  };
  /** Messenger; the provider key is the Facebook Page id. */
  messenger: MetaMessagingConfig;
  /** Instagram messaging; the provider key is the Instagram professional account id. */
  instagram: MetaMessagingConfig;
  /**
   * Email: one mailbox. The provider key is the channel's inbound token: mail to
   * `<token>@inbound.<EMAIL_DOMAIN>` (where the tenant forwards its mailbox) lands here; replies go
   * out from `address` through the send_email binding. No secrets.
   */
  email: { address: string; inboundAddress: string };
  /**
   * The website widget (rule G2); the provider key is the widget's public id (in its snippet and its
   * URLs, `/widget/<id>/`). `domain` is the one origin that may embed and use it. `identitySecret`
   * signs the site's user ids (HMAC identity, shown once); `visitorKey` signs visitor tokens.
   */
  webchat: {
    domain: string;
    identitySecret: string;
    visitorKey: string;
  };
}

/** A Meta page or Instagram account: its Page access token, its app's secret and the webhook verify token. */
export interface MetaMessagingConfig {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}
export type ChannelKind = keyof ChannelConfigs;
export type ChannelConfig = ChannelConfigs[ChannelKind];

/**
 * Rule G7: each kind's config fields that are secrets, sealed at rest by `db/channels.ts`, and of
 * them the ones a webhook finds a channel by (a lookup digest is stored beside the sealed value).
 */
export const CHANNEL_SECRETS: {
  [K in ChannelKind]: {
    sealed: readonly (keyof ChannelConfigs[K] & string)[];
    lookup: readonly (keyof ChannelConfigs[K] & string)[];
  };
} = {
  whatsapp: { sealed: ["accessToken", "appSecret", "verifyToken"], lookup: ["verifyToken"] },
  telegram: { sealed: ["botToken", "webhookSecret"], lookup: [] },
  line: { sealed: ["channelSecret", "accessToken"], lookup: [] },
  messenger: { sealed: ["accessToken", "appSecret", "verifyToken"], lookup: [] },
  instagram: { sealed: ["accessToken", "appSecret", "verifyToken"], lookup: [] },
  email: { sealed: [], lookup: [] },
  webchat: { sealed: ["identitySecret", "visitorKey"], lookup: [] },
};

/** A channel as adapters see it: its kind, its provider key and its kind's configuration. */
export interface ChannelAccount<K extends ChannelKind = ChannelKind> {
  id: string;
  organizationId: string;
  kind: K;
  providerKey: string;
  config: ChannelConfigs[K];
}
