/**
 * Meta's Send API for Messenger and Instagram (rule G3): `POST /{account id}/messages` with the
 * Page access token. Inside the 24 h window a reply is `messaging_type: RESPONSE`; a human's reply
 * past it is `MESSAGE_TAG` with `tag: HUMAN_AGENT` (rule I2, the room decided it may go out).
 * Errors are Meta's `{error: {message, code, error_subcode}}`.
 */

import type { ChannelAccount } from "../config";
import { callProvider, providerError } from "../provider-http";
import type { OutboundPayload, ProviderError, SendResult } from "../types";

/** The Graph API base, as WhatsApp's (rule G1: configurable; development points it at the sandbox). */
export const metaGraph = (env: Env) => env.GRAPH_API_URL.replace(/\/+$/, "");
type Account = ChannelAccount<"messenger" | "instagram">;

export function metaError(status: number, json: unknown): ProviderError {
  const error = (json as { error?: { message?: string; code?: number; error_subcode?: number } } | null)?.error;
  const code = error?.code;
  const mapped =
    status === 0
      ? "provider_unreachable"
      : code === 10 || error?.error_subcode === 2018278
        ? "window_expired"
        : code === 190
          ? "auth_failed"
          : code === 4 || code === 613 || status === 429
            ? "rate_limited"
            : code === 551
              ? "recipient_unavailable"
              : status >= 500
                ? "provider_unavailable"
                : "invalid_request";
  return providerError(mapped, error?.message ?? `Meta answered ${status}.`, code ? `code ${code}` : null);
}

const ATTACHMENT_TYPE = { image: "image", video: "video", audio: "audio", document: "file", sticker: "image" } as const;

function messageOf(payload: OutboundPayload) {
  if (payload.kind === "text") return { text: payload.text };
  if (payload.kind === "choice") {
    const quick_replies = payload.options
      .slice(0, 13)
      .map((o) => ({ content_type: "text", title: o.title.slice(0, 20), payload: o.id }));
    return { text: payload.text, quick_replies };
  }
  if (payload.kind === "template") return null;
  return { attachment: { type: ATTACHMENT_TYPE[payload.kind], payload: { attachment_id: payload.providerMediaId } } };
}

export async function sendToMeta(env: Env, channel: Account, payload: OutboundPayload): Promise<SendResult> {
  const message = messageOf(payload);
  if (!message)
    return {
      ok: false,
      error: providerError("templates_unsupported", "Messenger and Instagram have no template messages here."),
    };
  const tagged = "tag" in payload && payload.tag === "human_agent";
  const body = {
    recipient: { id: payload.to },
    messaging_type: tagged ? "MESSAGE_TAG" : "RESPONSE",
    ...(tagged ? { tag: "HUMAN_AGENT" } : {}),
    message,
  };
  const answer = await callProvider(
    env,
    new Request(`${metaGraph(env)}/${channel.providerKey}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${channel.config.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  const id = (answer.json as { message_id?: string } | null)?.message_id;
  if (answer.status !== 200 || !id) return { ok: false, error: metaError(answer.status, answer.json) };
  return { ok: true, providerMessageId: id };
}

/** Messenger's attachment upload: the file once, its `attachment_id` in the send. */
export async function uploadToMeta(
  env: Env,
  channel: Account,
  file: { bytes: ArrayBuffer | Uint8Array; mimeType: string; filename: string },
  type: string,
) {
  const form = new FormData();
  form.set("message", JSON.stringify({ attachment: { type, payload: { is_reusable: true } } }));
  form.set("filedata", new File([file.bytes], file.filename, { type: file.mimeType }));
  const answer = await callProvider(
    env,
    new Request(`${metaGraph(env)}/${channel.providerKey}/message_attachments`, {
      method: "POST",
      headers: { authorization: `Bearer ${channel.config.accessToken}` },
      body: form,
    }),
  );
  const id = (answer.json as { attachment_id?: string } | null)?.attachment_id;
  if (answer.status !== 200 || !id) return { ok: false as const, error: metaError(answer.status, answer.json) };
  return { ok: true as const, providerMediaId: id };
}

/**
 * Seed 000: the customer's name as Meta gives it; Instagram may give no name (null): then the
 * username, else "n/a". Never fails ingest: null when the profile cannot be read (code 230...).
 */
export async function metaProfileName(env: Env, channel: Account, userId: string): Promise<string | null> {
  const fields = channel.kind === "instagram" ? "name,username" : "first_name,last_name";
  const answer = await callProvider(
    env,
    new Request(`${metaGraph(env)}/${encodeURIComponent(userId)}?fields=${fields}`, {
      headers: { authorization: `Bearer ${channel.config.accessToken}` },
    }),
  );
  if (answer.status !== 200) return channel.kind === "instagram" ? "n/a" : null;
  const p = (answer.json ?? {}) as {
    name?: string | null;
    username?: string | null;
    first_name?: string;
    last_name?: string;
  };
  if (channel.kind === "instagram") return p.name || p.username || "n/a";
  return [p.first_name, p.last_name].filter(Boolean).join(" ") || null;
}
