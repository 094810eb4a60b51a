/** Words for template statuses, qualities, categories, languages and review reasons (rules T1, T3). */
import { signal } from "@preact/signals";
import type { TemplateCategory, TemplateQuality, TemplateStatus } from "../../api";
import { t } from "../../i18n";

/** A sentence for the list after a change made elsewhere (a submission), shown once. */
export const flash = signal<string | null>(null);

/** The words below are English sentences; the functions at the end say them through t() (I13). */
export const STATUS_LABELS: Record<TemplateStatus, string> = {
  PENDING: "Pending review",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  PAUSED: "Paused",
  DISABLED: "Disabled",
};
export const STATUS_TONES: Record<TemplateStatus, string> = {
  PENDING: "chip-warn",
  APPROVED: "chip-ok",
  REJECTED: "chip-danger",
  PAUSED: "chip-warn",
  DISABLED: "chip-danger",
};
export const QUALITY_LABELS: Record<TemplateQuality, string> = {
  HIGH: "Quality high",
  MEDIUM: "Quality medium",
  LOW: "Quality low",
  NEUTRAL: "Quality not rated yet",
};
export const QUALITY_TONES: Record<TemplateQuality, string> = {
  HIGH: "chip-ok",
  MEDIUM: "chip-warn",
  LOW: "chip-danger",
  NEUTRAL: "chip-muted",
};
export const CATEGORY_LABELS: Record<TemplateCategory, string> = {
  MARKETING: "Marketing",
  UTILITY: "Utility",
  AUTHENTICATION: "Authentication",
};

/** Meta's review reasons, in words (the code is shown too). */
const REASONS: Record<string, string> = {
  ABUSIVE_CONTENT: "WhatsApp found the content abusive or against its policies.",
  INCORRECT_CATEGORY: "The category does not fit the content.",
  INVALID_FORMAT: "The format is not valid.",
  SCAM: "WhatsApp judged it a possible scam.",
  TAG_CONTENT_MISMATCH: "The content does not match the category or language.",
  LOW_QUALITY: "Customers reported or blocked messages from it.",
};

export function reasonText(reason: string): string {
  const words = REASONS[reason];
  return words ? `${t(words)} (${reason})` : reason;
}

/** Languages offered in the form and the filter, besides any already in use. */
export const LANGUAGES: { code: string; label: string }[] = [
  { code: "id", label: "Indonesian" },
  { code: "en", label: "English" },
  { code: "en_US", label: "English (US)" },
  { code: "en_GB", label: "English (UK)" },
  { code: "ms", label: "Malay" },
  { code: "jv", label: "Javanese" },
  { code: "zh_CN", label: "Chinese (simplified)" },
  { code: "ar", label: "Arabic" },
  { code: "ja", label: "Japanese" },
  { code: "ko", label: "Korean" },
  { code: "th", label: "Thai" },
  { code: "vi", label: "Vietnamese" },
];
export const languageLabel = (code: string) => {
  const label = LANGUAGES.find((l) => l.code === code)?.label;
  return label ? t(label) : code;
};

/** A status, quality or category for people, in the page's language (the API's codes stay as they are). */
export const statusLabel = (status: TemplateStatus) => t(STATUS_LABELS[status]);
export const qualityLabel = (quality: TemplateQuality) => t(QUALITY_LABELS[quality]);
export const categoryLabel = (category: TemplateCategory) => t(CATEGORY_LABELS[category]);
