import type { ChannelKindName } from "../../../../worker/domain/types";
import { t } from "../../i18n";

/** One field of a channel kind's connect form (issue 16, item 8). Secrets are write-only. */
export interface ChannelField {
  key: string;
  label: string;
  secret?: boolean;
  optional?: boolean;
  hint?: string;
  placeholder?: string;
}

export interface ChannelKindForm {
  title: string;
  help: string;
  fields: ChannelField[];
}

export const META_APP_HINT =
  "Digits only: the Meta app your access token belongs to (App settings › Basic). Template header samples upload to it; left empty, Meta is asked.";

const metaFields = (account: string): ChannelField[] => [
  { key: "accountId", label: account, hint: "Digits only." },
  { key: "accessToken", label: "Page access token", secret: true },
  { key: "appSecret", label: "App secret", secret: true },
  {
    key: "verifyToken",
    label: "Webhook verify token",
    secret: true,
    hint: "Any phrase of 8 characters or more; enter the same in Meta's webhook settings.",
  },
];

/** The fields each kind needs to connect, in the product's words (English sentences shown through t(), I13). */
export const CHANNEL_FORMS: Record<ChannelKindName, ChannelKindForm> = {
  whatsapp: {
    title: "Connect a WhatsApp number",
    help: "The ids and secrets come from your Meta app (WhatsApp › API setup). Secrets are never shown again.",
    fields: [
      { key: "displayPhoneNumber", label: "Display phone number", placeholder: "+62 811 0000 0001" },
      { key: "phoneNumberId", label: "Phone number id", hint: "Digits only." },
      { key: "wabaId", label: "WhatsApp Business account id", hint: "Digits only." },
      { key: "metaAppId", label: "Meta app id (optional)", optional: true, hint: META_APP_HINT },
      { key: "accessToken", label: "Access token", secret: true },
      { key: "appSecret", label: "App secret", secret: true },
      {
        key: "verifyToken",
        label: "Webhook verify token",
        secret: true,
        hint: "Any phrase of 8 characters or more; enter the same in Meta's webhook settings.",
      },
    ],
  },
  telegram: {
    title: "Connect a Telegram bot",
    help: "Create a bot with @BotFather and paste its token. We check it with Telegram and register our webhook ourselves. The token is never shown again.",
    fields: [{ key: "botToken", label: "Bot token", secret: true, placeholder: "123456789:AA…" }],
  },
  line: {
    title: "Connect a LINE Official Account",
    help: "From the LINE Developers console (Messaging API channel): the channel secret and a long-lived channel access token. We set the webhook URL for you.",
    fields: [
      { key: "channelSecret", label: "Channel secret", secret: true },
      { key: "accessToken", label: "Channel access token", secret: true },
    ],
  },
  messenger: {
    title: "Connect a Facebook Page",
    help: "From your Meta app (Messenger › Settings). After connecting, give Meta the webhook URL shown here and the same verify token.",
    fields: metaFields("Facebook Page id"),
  },
  instagram: {
    title: "Connect an Instagram account",
    help: "From your Meta app (Instagram › API setup). After connecting, give Meta the webhook URL shown here and the same verify token.",
    fields: metaFields("Instagram account id"),
  },
  email: {
    title: "Connect a mailbox",
    help: "Your support address. After connecting, forward its mail to the inbound address shown here (for example with Cloudflare Email Routing or your mail provider's forwarding rule). Replies go out from your support address.",
    fields: [{ key: "address", label: "Support email address", placeholder: "support@shop.example" }],
  },
  webchat: {
    title: "Add a webchat widget to your website",
    help: 'Rule G2: the domain is your site\'s address without a "/" at the end (https://shop.example, not https://shop.example/). Only that site can show and use the widget. After connecting, paste the snippet shown before </body>.',
    fields: [
      {
        key: "domain",
        label: "Domain",
        placeholder: "https://shop.example",
        hint: 'The site\'s address only: no "/" at the end, no path.',
      },
    ],
  },
};

/** What a channel's row says besides its name (never a secret). */
export function channelSummary(channel: Record<string, unknown> & { kind: ChannelKindName }): string {
  switch (channel.kind) {
    case "whatsapp":
      // The verified name is Meta's (asked on connect, G3); a number connected before has none.
      return [
        channel.displayPhoneNumber ?? "",
        channel.verifiedName,
        t("phone number id {id}", { id: String(channel.phoneNumberId ?? "") }),
      ]
        .filter(Boolean)
        .join(" · ");
    case "telegram":
      return `@${channel.botUsername ?? ""} · ${t("bot id {id}", { id: String(channel.botId ?? "") })}`;
    case "line":
      return `${channel.botName || t("LINE bot")} · ${channel.botUserId ?? ""}`;
    case "messenger":
      return t("Page id {id}", { id: String(channel.accountId ?? "") });
    case "instagram":
      return t("Instagram account id {id}", { id: String(channel.accountId ?? "") });
    case "email":
      return `${channel.address ?? ""}`;
    case "webchat":
      return `${channel.domain ?? ""} · ${t("widget id {id}", { id: String(channel.widgetId ?? "") })}`;
  }
}
