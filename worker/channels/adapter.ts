/**
 * The one interface every channel kind implements (rule G1; kinds are listed in `registry.ts`).
 * One result convention: a provider failure is `{ ok: false, error }` (a `ProviderError`), never a
 * throw; a throw means a bug or an unreachable platform binding.
 */
import type { ChannelPolicy } from "../domain/channel-policy";
import type { ChannelAccount, ChannelConfigs, ChannelKind } from "./config";
import type { TemplateApi, TemplateChange } from "./template-types";
import type { OutboundPayload, ParsedWebhook, ProviderError, SendResult } from "./types";

export type Failure = { ok: false; error: ProviderError };
/**
 * Rule G3: why a provider refused a connect's check, when the adapter can tell: the credentials
 * (422 `channel_credentials_invalid`), the provider key it was given (422, the kind's `keyUnknown`),
 * or the provider was down or slow (502 `provider_unavailable`). Without one: 422 `provider_refused`.
 */
export type ConnectRefusal = "credentials_invalid" | "key_unknown" | "provider_unavailable";
export type ConnectFailure = Failure & { refusal?: ConnectRefusal };
export type UploadResult = { ok: true; providerMediaId: string } | Failure;
export type FetchMediaResult = { ok: true; mimeType: string; size: number } | Failure;

/** A file to hand to the provider before it is sent. */
export interface OutboundFile {
  bytes: ArrayBuffer | Uint8Array;
  mimeType: string;
  filename: string;
  /** Where the file is kept in R2 (`env.MEDIA`), for providers that take the file with the send itself. */
  key?: string;
}

/** A provider's subscription handshake: which channel it is for, and the answer to give it. */
export interface Handshake<K extends ChannelKind = ChannelKind> {
  /** The `config` field (and its value) that names the channel, e.g. WhatsApp's verifyToken. */
  configField: string;
  value: string;
  /** The body of the 200 answer, or null when the channel's config does not match (403). */
  answer(config: ChannelConfigs[K]): string | null;
}

/** A channel's identity at the provider and its kind's configuration, as the API reads and writes it. */
export interface ChannelRecord<K extends ChannelKind = ChannelKind> {
  providerKey: string;
  config: ChannelConfigs[K];
}

/** Template messages (rule T3), for kinds that have them. */
export interface TemplateCapability {
  api(env: Env): TemplateApi;
  /** Whether a webhook body carries template status or quality changes. */
  isWebhook(json: unknown): boolean;
  /** The business account ids such a body names (WhatsApp: WABA ids). */
  accountIdsOf(json: unknown): string[];
  /** The config field that holds the business account id. */
  accountField: string;
  parseWebhook(json: unknown): TemplateChange[];
}

/** A call action on a ringing or live call (rule C11). */
export type CallAction =
  | { action: "pre_accept" | "accept"; providerCallId: string; sdp: string }
  | { action: "reject" | "terminate"; providerCallId: string };
export type CallActionResult = { ok: true } | Failure;
export type PlaceCallResult = { ok: true; providerCallId: string } | Failure;
/** Rule C1: a number's calling switches. */
export interface CallingSwitches {
  inbound: boolean;
  outbound: boolean;
}

/** Voice calls (rules C1-C11), for kinds that have them. `to` is the contact's external id. */
export interface CallingCapability<K extends ChannelKind = ChannelKind> {
  act(env: Env, channel: ChannelAccount<K>, action: CallAction): Promise<CallActionResult>;
  place(env: Env, channel: ChannelAccount<K>, to: string, sdp: string, callbackData: string): Promise<PlaceCallResult>;
  settings(env: Env, channel: ChannelAccount<K>, switches: CallingSwitches): Promise<CallActionResult>;
  requestPermission(env: Env, channel: ChannelAccount<K>, to: string, text: string | null): Promise<SendResult>;
}

export interface ChannelAdapter<K extends ChannelKind = ChannelKind> {
  readonly kind: K;
  /** Reply window (I2), media limits (I10) and pricing (B2-B5) of this kind. */
  readonly policy: ChannelPolicy;

  /** The provider account keys (WhatsApp: phone_number_id) a webhook body names, in order; never throws. */
  channelKeysOf(json: unknown): string[];
  /** The provider's signature over the RAW body, checked with the channel's secret. */
  verify(raw: ArrayBuffer, headers: Headers, config: ChannelConfigs[K]): Promise<boolean>;
  /** The secret a signature is made with: one signed body only reaches channels of the same signer. */
  signerOf(config: ChannelConfigs[K]): string;
  /**
   * A verified body in the common shape; throws a 400 `Problem` when it is not this provider's.
   * Timestamps later than `receivedAt` plus a small allowance are bounded (rule I2), texts capped (G1).
   */
  parse(json: unknown, receivedAt: number, channelKey?: string): ParsedWebhook;
  /**
   * Rule G3: the webhook URL names the channel (`/webhooks/<kind>/<providerKey>`), for providers whose
   * body does not (Telegram) or whose account is set up per channel. `parse` is then given the key.
   */
  readonly keyedWebhook?: boolean;
  /** False for a kind with no provider webhook (email arrives through Email Routing): `/webhooks/<kind>` is 404. */
  readonly providerWebhook?: false;
  /**
   * Checks the credentials with the provider and registers the platform's webhook where the provider
   * allows it (Telegram: getMe, setWebhook with secret_token); answers the record with its provider
   * key and what the provider told. Called on connect, on reconnect and when a secret changes
   * (only one of `recheckFields`, when the kind names them). Nothing is stored when it fails.
   */
  connect?(
    env: Env,
    record: ChannelRecord<K>,
    appUrl: string,
  ): Promise<{ ok: true; record: ChannelRecord<K> } | ConnectFailure>;
  /** The update body's fields whose change `connect` checks again (default: any field). */
  readonly recheckFields?: readonly string[];
  /** The GET subscription handshake, when the provider has one; throws a 400 `Problem` when malformed. */
  handshake?(query: Record<string, string>): Handshake<K>;

  send(env: Env, channel: ChannelAccount<K>, payload: OutboundPayload): Promise<SendResult>;
  uploadMedia(env: Env, channel: ChannelAccount<K>, file: OutboundFile): Promise<UploadResult>;
  /**
   * Downloads an inbound message's file from the provider into R2 (`env.MEDIA`) under `key`. With
   * `expectedSha256` (the webhook's), a file that does not match is not stored: error code
   * `MEDIA_CHECKSUM_MISMATCH` (issue 12).
   */
  fetchMedia(
    env: Env,
    channel: ChannelAccount<K>,
    providerMediaId: string,
    key: string,
    expectedSha256?: string | null,
  ): Promise<FetchMediaResult>;

  /**
   * The customer's display name when the webhook gives none (seed 000: Instagram's name, else its
   * username, else "n/a"); null when unknown. Best effort: never fails ingest.
   */
  contactName?(env: Env, channel: ChannelAccount<K>, externalId: string): Promise<string | null>;

  /** What the API shows of a channel besides its id, kind, name and state (never a secret). */
  profile(channel: ChannelRecord<K>): Record<string, string | null>;
  /** The provider key and config from the API's create body (already validated by its schema). */
  fromInput(input: Record<string, unknown>): ChannelRecord<K>;
  /** The record after an update body: only the fields the body names change. */
  withInput(current: ChannelRecord<K>, input: Record<string, unknown>): ChannelRecord<K>;
  /** The 400 for a body that names no channel key (and is no template webhook). */
  readonly noChannelKey: { code: string; detail: string };
  /** The 422 code and sentence when the provider knows no account by the provider key given (G3). */
  readonly keyUnknown?: { code: string; detail: string };
  /** The error code and sentence when another channel of this kind already has the provider key. */
  readonly keyTaken: { code: string; detail: string };
  /**
   * A config field no two channels of the kind may share, across organizations (email: the support
   * address, which inbound mail is routed by), with the 409 for a taken one.
   */
  readonly uniqueConfig?: { field: string; code: string; detail: string };

  readonly templates?: TemplateCapability;
  readonly calling?: CallingCapability<K>;
}
