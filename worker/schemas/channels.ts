import { z } from "@hono/zod-openapi";
import { CHANNEL_KINDS } from "../domain/types";

/** Channels: request and response shapes, shared with the web app as types. */
const digits = (what: string) => z.string().regex(/^\d{5,20}$/, `${what} is digits only.`);

export const ChannelSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    name: z.string(),
    /** WhatsApp. */
    phoneNumberId: z.string().optional(),
    displayPhoneNumber: z.string().optional(),
    verifiedName: z.string().nullable().optional().openapi({ description: "WhatsApp: the name Meta verified" }),
    wabaId: z.string().optional(),
    metaAppId: z.string().nullable().optional(),
    /** Telegram: the bot's user id and @username. */
    botId: z.string().optional(),
    botUsername: z.string().optional(),
    /** LINE: the bot's user id (the webhooks' destination) and name. */
    botUserId: z.string().optional(),
    botName: z.string().optional(),
    /** Messenger: the Facebook Page id; Instagram: the Instagram account id. */
    accountId: z.string().optional(),
    /** Email: the tenant's support address (replies go out from it) and where it forwards mail to. */
    address: z.string().optional(),
    inboundAddress: z.string().optional(),
    /** Webchat (G2): the widget's public id, the one origin that may use it, and the snippet to paste. */
    widgetId: z.string().optional(),
    domain: z.string().optional(),
    embedSnippet: z.string().optional().openapi({ description: "Webchat: paste before </body> on the domain" }),
    identitySecret: z.string().optional().openapi({
      description: "Webchat: the HMAC identity secret, shown ONCE (on connect and when rotated); never again",
    }),
    connected: z.boolean(),
    webhookUrl: z.string().nullable().openapi({
      description: "The URL to give the provider (Telegram and LINE: set by the platform); null: the kind has none",
    }),
    createdAt: z.number().int(),
  })
  .openapi("Channel");
export const ChannelListSchema = z.object({ channels: z.array(ChannelSchema) }).openapi("ChannelList");

const channelName = z.string().trim().min(1).max(80);
const writeOnly = (min: number, max: number) => z.string().min(min).max(max).openapi({ description: "Write-only" });

const WhatsAppChannelBody = z.object({
  kind: z.literal("whatsapp").default("whatsapp"),
  name: channelName,
  phoneNumberId: digits("phoneNumberId"),
  displayPhoneNumber: z.string().trim().min(5).max(30),
  wabaId: digits("wabaId"),
  metaAppId: digits("metaAppId").optional().openapi({
    description:
      "The Meta app the access token belongs to; template header samples are uploaded to it (asked of Meta when left out)",
  }),
  accessToken: writeOnly(8, 1000),
  appSecret: writeOnly(8, 200),
  verifyToken: writeOnly(8, 200),
});
/** Rule G3: a bot token from @BotFather (`<bot id>:<secret>`); the platform checks it and sets the webhook. */
const botToken = z
  .string()
  .trim()
  .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,200}$/, "A bot token looks like 123456789:AA... (from @BotFather).")
  .openapi({ description: "Write-only" });
const TelegramChannelBody = z.object({ kind: z.literal("telegram"), name: channelName, botToken });
const LineChannelBody = z.object({
  kind: z.literal("line"),
  name: channelName,
  channelSecret: writeOnly(8, 200),
  accessToken: writeOnly(8, 1000),
});
const metaBody = <K extends "messenger" | "instagram">(kind: K) =>
  z.object({
    kind: z.literal(kind),
    name: channelName,
    accountId: digits("accountId"),
    accessToken: writeOnly(8, 1000),
    appSecret: writeOnly(8, 200),
    verifyToken: writeOnly(8, 200),
  });
/** Issue 16: an email channel is one mailbox, the tenant's support address. */
const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .email("Give an email address, like support@shop.example.");
const EmailChannelBody = z.object({ kind: z.literal("email"), name: channelName, address: emailAddress });

/** Rule G2: the site's origin; its shape is checked by the adapter (422 domain_trailing_slash / domain_invalid). */
const widgetDomain = z.string().trim().min(1).max(200).openapi({ example: "https://shop.example" });
const WebchatChannelBody = z.object({ kind: z.literal("webchat"), name: channelName, domain: widgetDomain });

/** One body per channel kind (`kind` absent: WhatsApp, as before kinds). */
export const CreateChannelBodySchema = z
  .discriminatedUnion("kind", [
    WhatsAppChannelBody,
    TelegramChannelBody,
    LineChannelBody,
    metaBody("messenger"),
    metaBody("instagram"),
    EmailChannelBody,
    WebchatChannelBody,
  ])
  .openapi("CreateChannel");
/** Any kind's fields, each optional; a field of another kind is ignored. Secrets are write-only. */
export const UpdateChannelBodySchema = WhatsAppChannelBody.omit({ kind: true })
  .partial()
  .extend({
    connected: z.boolean().optional(),
    metaAppId: digits("metaAppId").nullable().optional().openapi({ description: "null forgets it: Meta is asked" }),
    botToken: botToken.optional(),
    channelSecret: writeOnly(8, 200).optional(),
    address: emailAddress.optional(),
    domain: widgetDomain.optional(),
    rotateIdentitySecret: z
      .literal(true)
      .optional()
      .openapi({ description: "Webchat: make a new identity secret (shown once in the answer)" }),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "Give at least one field." })
  .openapi("UpdateChannel");

export type Channel = z.infer<typeof ChannelSchema>;
