/**
 * The website widget behind the channel adapter (rule G2). There is no provider: the visitor's
 * messages come from the widget's own routes (`features/webchat/`), and an agent's reply reaches the
 * visitor through the room's visitor sockets, so `send` only names the message. The provider key is
 * the widget's public id; the config holds the one domain that may use it and two sealed secrets
 * (G7): the identity secret the site signs its user ids with (HMAC-SHA256) and the key that signs
 * visitor tokens. Files a visitor attaches are kept in R2 (I10, the policy's limit) and copied into
 * the room's media like any provider's file.
 */
import { WEBCHAT_POLICY } from "../../domain/channel-policy";
import { checkWidgetDomain } from "../../domain/widget";
import { randomToken } from "../../lib/crypto";
import { Problem } from "../../lib/problem";
import type { ChannelAdapter, ChannelRecord } from "../adapter";
import { failed, providerError, R2_MEDIA_PREFIX } from "../provider-http";

type Record = ChannelRecord<"webchat">;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Rule G2: the domain as an origin, or 422 `domain_trailing_slash` / `domain_invalid`. */
export function widgetOrigin(domain: string): string {
  const checked = checkWidgetDomain(domain);
  if (!checked.ok) {
    throw new Problem(422, checked.code, checked.detail, [
      { path: "domain", code: checked.code, message: checked.detail },
    ]);
  }
  return checked.origin;
}

/** The snippet an admin pastes before `</body>` (rule G2). */
export function embedSnippet(appUrl: string, widgetId: string): string {
  return `<script src="${appUrl}/widget/${widgetId}/loader.js" async></script>`;
}

/** A new identity secret: shown once, when made (G7). */
export const newIdentitySecret = () => `whs_${randomToken(32)}`;

export const webchatAdapter: ChannelAdapter<"webchat"> = {
  kind: "webchat",
  policy: WEBCHAT_POLICY,

  // No provider webhooks: the widget's routes take the visitor's messages (features/webchat/).
  channelKeysOf: () => [],
  verify: async () => false,
  signerOf: () => "",
  parse() {
    throw new Problem(404, "not_found", "The widget has no webhook.");
  },

  async send(_env, _channel, payload) {
    if (payload.kind === "template") {
      return { ok: false, error: providerError("templates_unsupported", "The website widget has no templates.") };
    }
    // The room shows the reply on the visitor's sockets; the id names it for statuses and dedupe (G6).
    return { ok: true, providerMessageId: `webchat:${crypto.randomUUID()}` };
  },
  async uploadMedia(_env, _channel, file) {
    if (!file.key) return failed(providerError("media_missing", "The file to send is not stored."));
    return { ok: true, providerMediaId: `${R2_MEDIA_PREFIX}${file.key}` };
  },
  /** A visitor's file was uploaded into R2 by the widget: it is copied under the room's key. */
  async fetchMedia(env, channel, providerMediaId, key) {
    if (!providerMediaId.startsWith(`webchat/${channel.id}/`)) {
      return failed(providerError("media_unavailable", "The file is not this widget's."));
    }
    const object = await env.MEDIA.get(providerMediaId);
    if (!object) return failed(providerError("media_unavailable", "The visitor's file is gone."));
    const mimeType = object.httpMetadata?.contentType ?? "application/octet-stream";
    await env.MEDIA.put(key, object.body, {
      httpMetadata: { contentType: mimeType },
      customMetadata: object.customMetadata ?? {},
    });
    return { ok: true, mimeType, size: object.size };
  },

  profile: ({ providerKey, config }) => ({ widgetId: providerKey, domain: config.domain }),
  fromInput(input) {
    const config = { domain: "", identitySecret: newIdentitySecret(), visitorKey: randomToken(32) };
    const record = webchatAdapter.withInput({ providerKey: `wc_${randomToken(12)}`, config }, input);
    if (!record.config.domain) throw new Problem(422, "domain_invalid", "Give the site's domain.");
    return record;
  },
  withInput(current, input): Record {
    const domain = str(input.domain);
    const config = { ...current.config, ...(domain !== undefined ? { domain: widgetOrigin(domain) } : {}) };
    if (input.rotateIdentitySecret === true) config.identitySecret = newIdentitySecret();
    return { providerKey: current.providerKey, config };
  },
  providerWebhook: false,
  noChannelKey: { code: "not_a_webhook", detail: "The website widget has no webhook." },
  keyTaken: { code: "widget_taken", detail: "This widget id is taken; try again." },
};
