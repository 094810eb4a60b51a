/**
 * The Telegram Bot API client (rule G3): `https://api.telegram.org/bot<token>/<method>`, answers
 * `{ok, result}` or `{ok:false, error_code, description, parameters.retry_after}`. Flood control
 * (429) is respected: a short `retry_after` is waited once, a longer one is the send's error.
 */

import { callProvider, providerError } from "../provider-http";
import type { ProviderError } from "../types";

export const TELEGRAM_API = "https://api.telegram.org";
/** A 429 asking to wait at most this long is waited once inside the send; longer ones fail it. */
export const MAX_INLINE_RETRY_S = 2;

export type BotResult<T> = { ok: true; result: T } | { ok: false; error: ProviderError; retryAfter?: number };

const CODES: Record<number, string> = {
  400: "invalid_request",
  401: "auth_failed",
  403: "recipient_blocked",
  404: "auth_failed",
  429: "rate_limited",
};

interface BotAnswer {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

async function once<T>(env: Env, token: string, method: string, body: unknown): Promise<BotResult<T>> {
  const url = `${TELEGRAM_API}/bot${token}/${method}`;
  const request =
    body instanceof FormData
      ? new Request(url, { method: "POST", body })
      : new Request(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body ?? {}),
        });
  const answer = await callProvider(env, request);
  const json = (answer.json ?? {}) as BotAnswer;
  if (answer.status === 200 && json.ok) return { ok: true, result: json.result as T };
  const status = json.error_code ?? answer.status;
  const retryAfter = json.parameters?.retry_after;
  const code =
    status === 0
      ? "provider_unreachable"
      : (CODES[status] ?? (status >= 500 ? "provider_unavailable" : "invalid_request"));
  const detail = retryAfter !== undefined ? `retry after ${retryAfter} s` : null;
  return {
    ok: false,
    error: providerError(code, json.description ?? `Telegram answered ${status}.`, detail),
    retryAfter,
  };
}

/** One Bot API call; a 429 with a short `retry_after` is waited and tried once more. */
export async function botCall<T>(env: Env, token: string, method: string, body: unknown): Promise<BotResult<T>> {
  const first = await once<T>(env, token, method, body);
  if (first.ok || first.error.code !== "rate_limited" || (first.retryAfter ?? 99) > MAX_INLINE_RETRY_S) return first;
  await new Promise((resolve) => setTimeout(resolve, (first.retryAfter ?? 1) * 1000));
  return once<T>(env, token, method, body);
}

export interface TelegramSent {
  message_id: number;
  chat: { id: number | string };
}
