/**
 * The provider template API's shapes (rule T3), as the template service and the adapters share them.
 * Templates are stored and submitted in Meta's component format.
 */
import type { ProviderError } from "./types";

/** A business account and its token: what the template API is called with. */
export interface TemplateCredentials {
  wabaId: string;
  accessToken: string;
}

/** The body of `POST /{waba_id}/message_templates`, in Meta's format (components with their `example`). */
export interface MetaTemplateBody {
  name: string;
  language: string;
  category: string;
  components: Record<string, unknown>[];
}

/** `status` is the HTTP status of a failed call, or null when no answer came. */
export type TemplateCallFailure = { ok: false; status: number | null; error: ProviderError };

export type CreateTemplateResult =
  | { ok: true; providerTemplateId: string; status: string; category: string | null }
  | TemplateCallFailure;

/** A file for `uploadTemplateSample`. */
export interface TemplateSample {
  bytes: ArrayBuffer | Uint8Array;
  mimeType: string;
  filename: string;
}

/** A template header's send parameter: its `{{1}}` text, or the media shown (a provider media id). */
export type TemplateHeaderParameter =
  | { kind: "text"; text: string }
  | { kind: "image" | "video" | "document"; mediaId: string; filename?: string | null }
  /** A public https link the provider fetches itself (a campaign's media header, issue 13). */
  | { kind: "image" | "video" | "document"; link: string; filename?: string | null };

/** Meta's quality scores. */
export const PROVIDER_QUALITY_SCORES = ["GREEN", "YELLOW", "RED", "UNKNOWN"] as const;
export type ProviderQualityScore = (typeof PROVIDER_QUALITY_SCORES)[number];

export interface TemplateStatusChange {
  kind: "status";
  wabaId: string;
  providerTemplateId: string;
  name: string;
  language: string;
  /** Meta's event: APPROVED, REJECTED, PENDING, PAUSED, DISABLED, FLAGGED, REINSTATED, ... */
  event: string;
  reason: string | null;
  /** ms since the epoch, or null when the webhook carries no time. */
  at: number | null;
}

export interface TemplateQualityChange {
  kind: "quality";
  wabaId: string;
  providerTemplateId: string;
  name: string;
  language: string;
  previousScore: string | null;
  /** Meta's score: GREEN, YELLOW, RED or UNKNOWN. */
  score: string;
  at: number | null;
}

export type TemplateChange = TemplateStatusChange | TemplateQualityChange;

/** The provider's template API of a kind that has templates (WhatsApp: the Graph API on the WABA). */
export interface TemplateApi {
  /** Submits a template for review; the provider answers its id and status (usually PENDING). */
  createTemplate(creds: TemplateCredentials, body: MetaTemplateBody): Promise<CreateTemplateResult>;
  /** Deletes a template by name (and id, to delete one language only). */
  deleteTemplate(
    creds: TemplateCredentials,
    template: { name: string; providerTemplateId?: string | null },
  ): Promise<{ ok: true } | TemplateCallFailure>;
  /** Uploads a header sample to the app (the channel's, or the token's own when `appId` is null). */
  uploadTemplateSample(
    creds: { accessToken: string; appId?: string | null },
    sample: TemplateSample,
  ): Promise<{ ok: true; handle: string } | TemplateCallFailure>;
}
