import { z } from "@hono/zod-openapi";
import { HEADER_FORMATS, TEMPLATE_CATEGORIES } from "../domain/template-rules";

/**
 * Message templates (T1-T3), OTP and security settings (T4): request and response shapes, shared
 * with the web app as types. The create body is Meta's `message_templates` format plus the channel.
 *
 * Zod checks only the shape, with generous caps against abuse (TEXT_CAP, 64 KB for a body); every
 * length rule (body 1024, header and footer 60, button labels 25) is T2's, in
 * `domain/template-rules.ts`, which answers every failed rule at once with its own code (rule T2).
 */
/** Hard caps of the shape (abuse only); the rules' limits are far below them. */
export const BODY_CAP = 64 * 1024;
const TEXT_CAP = 4096;
const example = (description: string) => z.string().max(2000).openapi({ description });

const HeaderSchema = z
  .object({
    type: z.literal("HEADER"),
    format: z.enum(HEADER_FORMATS),
    text: z
      .string()
      .max(TEXT_CAP)
      .optional()
      .openapi({ description: "TEXT headers only; at most 60 characters (header_too_long), one variable {{1}}" }),
    example: z
      .object({
        header_text: z.array(example("The sample of {{1}}")).max(1).optional(),
        header_handle: z
          .array(example("The id of a sample uploaded with POST /api/media, purpose=template_sample"))
          .max(1)
          .optional(),
      })
      .optional(),
  })
  .superRefine((h, ctx) => {
    if (h.format === "TEXT" && !h.text?.trim()) {
      ctx.addIssue({ code: "custom", path: ["text"], message: "A TEXT header needs its text." });
    }
    if (h.format !== "TEXT" && h.text !== undefined) {
      ctx.addIssue({ code: "custom", path: ["text"], message: "Only a TEXT header has a text." });
    }
  });

const BodySchema = z.object({
  type: z.literal("BODY"),
  text: z
    .string()
    .min(1)
    .max(BODY_CAP)
    .openapi({ description: "At most 1024 characters (rule body_too_long); *bold* _italic_ ~strike~, {{1}}..{{n}}" }),
  example: z
    .object({
      body_text: z
        .array(z.array(example("The sample of {{n}}")).max(100))
        .max(1)
        .optional(),
    })
    .optional(),
});

const FooterSchema = z.object({
  type: z.literal("FOOTER"),
  text: z.string().min(1).max(TEXT_CAP).openapi({ description: "At most 60 characters (footer_too_long)" }),
});

const label = z
  .string()
  .trim()
  .min(1)
  .max(TEXT_CAP)
  .openapi({ description: "At most 25 characters (button_text_too_long)" });
const ButtonSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("QUICK_REPLY"), text: label }),
  z.object({
    type: z.literal("PHONE_NUMBER"),
    text: label,
    phone_number: z.string().max(30).openapi({ description: "Indonesian national form starting with 8" }),
  }),
  z.object({
    type: z.literal("URL"),
    text: label,
    url: z.string().max(2000).openapi({ description: "Up to the domain, optionally with the suffix {{1}}" }),
    example: z.array(example("A full sample URL for {{1}}")).max(1).optional(),
  }),
]);

const ButtonsSchema = z.object({ type: z.literal("BUTTONS"), buttons: z.array(ButtonSchema).min(1).max(50) });

export const TemplateComponentSchema = z.discriminatedUnion("type", [
  HeaderSchema,
  BodySchema,
  FooterSchema,
  ButtonsSchema,
]);

export const CreateTemplateBodySchema = z
  .object({
    channelId: z.string().min(1).max(64),
    name: z.string().max(600).openapi({ description: "Lowercase letters, digits, underscores; unique per channel" }),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(?:_[A-Z]{2})?$/, "A language code such as en, id or en_US.")
      .openapi({ example: "id" }),
    category: z.enum(TEMPLATE_CATEGORIES),
    components: z
      .array(TemplateComponentSchema)
      .min(1)
      .max(4)
      .superRefine((components, ctx) => {
        for (const type of ["HEADER", "BODY", "FOOTER", "BUTTONS"] as const) {
          const n = components.filter((c) => c.type === type).length;
          if (type === "BODY" && n !== 1) ctx.addIssue({ code: "custom", message: "Give exactly one BODY." });
          if (type !== "BODY" && n > 1) ctx.addIssue({ code: "custom", message: `Give at most one ${type}.` });
        }
      }),
    otpCode: z.string().max(20).optional().openapi({
      description: "T4: the emailed code, when template OTP is on and the category is MARKETING or UTILITY",
    }),
  })
  .openapi("CreateMessageTemplate");

export const TemplateViewSchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    name: z.string(),
    language: z.string(),
    category: z.enum(TEMPLATE_CATEGORIES),
    status: z.enum(["PENDING", "APPROVED", "REJECTED", "PAUSED", "DISABLED"]),
    quality: z.enum(["HIGH", "MEDIUM", "LOW", "NEUTRAL"]),
    reason: z.string().nullable().openapi({ description: "The provider's rejection, pause or disable reason" }),
    components: z.array(z.object({ type: z.string(), text: z.string().optional() }).passthrough()),
    providerTemplateId: z.string().nullable(),
    submittedBy: z.string().nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int().nullable(),
  })
  .openapi("MessageTemplate");
export const TemplateViewListSchema = z
  .object({ templates: z.array(TemplateViewSchema) })
  .openapi("MessageTemplateList");

export const TemplateListQuerySchema = z.object({
  status: z.enum(["PENDING", "APPROVED", "REJECTED", "PAUSED", "DISABLED"]).optional(),
  category: z.enum(TEMPLATE_CATEGORIES).optional(),
  language: z.string().max(15).optional(),
  channelId: z.string().max(64).optional(),
});

export const TemplateIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const OtpRequestBodySchema = z
  .object({ purpose: z.enum(["template_submit", "security_settings"]) })
  .openapi("OtpRequest");
export const OtpSentSchema = z
  .object({
    purpose: z.enum(["template_submit", "security_settings"]),
    sentTo: z.string().openapi({ description: "The address, partly masked" }),
    expiresAt: z.number().int(),
  })
  .openapi("OtpSent");

export const SecuritySettingsSchema = z.object({ templateOtp: z.boolean() }).openapi("SecuritySettings");
export const UpdateSecuritySettingsBodySchema = z
  .object({ templateOtp: z.boolean(), otpCode: z.string().max(20).optional() })
  .openapi("UpdateSecuritySettings");

/**
 * Rule T3: the optional fields a template send takes beyond `templateName`, `language` and
 * `variables` (see `domain/template-send.ts`); for POST /api/rooms/:id/template-messages.
 */
export const TemplateSendExtrasSchema = z.object({
  headerVariables: z
    .array(z.string().min(1).max(1024))
    .max(1)
    .optional()
    .openapi({ description: "The value of a TEXT header's {{1}}" }),
  headerMediaId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: "A POST /api/media id for a media header; the template's sample when omitted" }),
  buttonVariables: z
    .array(z.string().min(1).max(2000))
    .max(2)
    .optional()
    .openapi({ description: "The {{1}} suffix of each URL button that has one, in button order" }),
});

export type TemplateView = z.infer<typeof TemplateViewSchema>;
export type CreateTemplateBody = z.infer<typeof CreateTemplateBodySchema>;
export type SecuritySettings = z.infer<typeof SecuritySettingsSchema>;
