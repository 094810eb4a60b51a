/**
 * A message template draft (Meta's `message_templates` format) and the limits its rules use (T1, T2):
 * rule codes, categories, header formats, button types, sizes, shortener hosts. Pure data and types.
 */

export const TEMPLATE_RULE_CODES = [
  "name_format",
  "name_taken",
  "name_recently_deleted",
  "body_too_long",
  "leading_space",
  "consecutive_blank_lines",
  "double_space",
  "variables_not_sequential",
  "sample_missing",
  "sample_too_large",
  "shortened_link",
  "too_many_emoji",
  "cta_phone_format",
  "cta_url_format",
  "too_many_buttons",
  "header_too_long",
  "footer_too_long",
  "button_text_too_long",
] as const;
export type TemplateRuleCode = (typeof TEMPLATE_RULE_CODES)[number];

export interface TemplateRuleError {
  path: string;
  code: TemplateRuleCode;
  message: string;
}

export const TEMPLATE_CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const HEADER_FORMATS = ["TEXT", "IMAGE", "VIDEO", "DOCUMENT"] as const;
export type HeaderFormat = (typeof HEADER_FORMATS)[number];
export type MediaHeaderFormat = Exclude<HeaderFormat, "TEXT">;

export const BUTTON_TYPES = ["QUICK_REPLY", "PHONE_NUMBER", "URL"] as const;
export type ButtonType = (typeof BUTTON_TYPES)[number];

export const MB = 1024 * 1024;

export const TEMPLATE_LIMITS = {
  nameMaxLength: 512,
  bodyMaxChars: 1024,
  maxEmoji: 5,
  maxButtons: 10,
  maxUrlButtons: 2,
  maxPhoneButtons: 1,
  headerMaxChars: 60,
  footerMaxChars: 60,
  buttonTextMaxChars: 25,
} as const;

/** Largest sample per media header kind, in bytes (T2; documents: I10). */
export const SAMPLE_MAX_BYTES: Record<MediaHeaderFormat, number> = {
  IMAGE: 6 * MB,
  VIDEO: 10 * MB,
  DOCUMENT: 100 * MB,
};

/** Content types a sample of each media header kind may have (Meta's template header types). */
export const SAMPLE_CONTENT_TYPES: Record<MediaHeaderFormat, readonly string[]> = {
  IMAGE: ["image/jpeg", "image/png"],
  VIDEO: ["video/mp4", "video/3gpp"],
  DOCUMENT: ["application/pdf"],
};

/** Link shorteners and link-in-bio hosts Meta rejects (seed 000 "bit.ly, linktree, etc"). */
export const SHORTENER_HOSTS: readonly string[] = [
  "bit.ly",
  "bitly.com",
  "bit.do",
  "linktr.ee",
  "lynk.id",
  "heylink.me",
  "taplink.cc",
  "bio.link",
  "linkin.bio",
  "beacons.ai",
  "tinyurl.com",
  "t.co",
  "goo.gl",
  "ow.ly",
  "is.gd",
  "v.gd",
  "buff.ly",
  "rebrand.ly",
  "cutt.ly",
  "s.id",
  "shorturl.at",
  "rb.gy",
  "t.ly",
  "tiny.cc",
  "lnkd.in",
  "bl.ink",
  "short.io",
  "shorte.st",
  "adf.ly",
  "soo.gd",
  "clck.ru",
];

export interface TemplateHeader {
  type: "HEADER";
  format: HeaderFormat;
  text?: string | undefined;
  example?: { header_text?: string[] | undefined; header_handle?: string[] | undefined } | undefined;
}
export interface TemplateBody {
  type: "BODY";
  text: string;
  example?: { body_text?: string[][] | undefined } | undefined;
}
export interface TemplateFooter {
  type: "FOOTER";
  text: string;
}
export type TemplateButton =
  | { type: "QUICK_REPLY"; text: string }
  | { type: "PHONE_NUMBER"; text: string; phone_number: string }
  | { type: "URL"; text: string; url: string; example?: string[] | undefined };
export interface TemplateButtons {
  type: "BUTTONS";
  buttons: TemplateButton[];
}
export type TemplateComponent = TemplateHeader | TemplateBody | TemplateFooter | TemplateButtons;

export interface TemplateDraft {
  name: string;
  category?: string | undefined;
  language?: string | undefined;
  components: TemplateComponent[];
}

/** What an uploaded sample is: the worker reads it from storage, the web app from the chosen File. */
export interface SampleInfo {
  contentType: string;
  size: number;
}

export interface TemplateRuleContext {
  /** Names already used on the template's channel account (`name_taken`). */
  takenNames?: Iterable<string>;
  /** Names of templates deleted at the provider less than 30 days ago (`name_recently_deleted`, T3). */
  heldNames?: Iterable<string>;
  /**
   * The samples the caller knows, by `header_handle`. When given, a handle missing from it is not an
   * uploaded file (`sample_missing`); when omitted, only the presence of a handle is checked.
   */
  samples?: Readonly<Record<string, SampleInfo | null | undefined>>;
}
