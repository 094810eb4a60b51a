import type { Context, MiddlewareHandler } from "hono";
import type { Actor } from "../../domain/actor";
import { type Admission, READ_ONLY_POSTS, scopeOfMethod } from "../../domain/api-clients";
import { insufficientScope } from "../../lib/auth";
import { clock } from "../../lib/clock";
import { sha256Hex, toHex } from "../../lib/crypto";
import { Problem, problems } from "../../lib/problem";
import type { AppEnv } from "../../lib/router";
import { openSecret, sealSecret } from "../../lib/secret-box";
import type { StoredAnswer } from "./api-client-do";

/** Routes that keep their own Idempotency-Key (their retry answers 200 with the record made first). */
const OWN_IDEMPOTENCY = new Set(["POST /api/campaigns", "POST /api/billing/topups"]);
/**
 * Bodies larger than this (an upload) are not read twice to be hashed: a copy of a 60 MB file beside
 * the route's own read runs past a Worker's memory. They are known by type and length instead.
 */
const MAX_HASHED_BODY = 1024 * 1024;

async function bodyDigest(request: Request): Promise<string> {
  const length = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(length) && length > MAX_HASHED_BODY) {
    return `${request.headers.get("content-type") ?? ""};length=${length}`;
  }
  return toHex(await crypto.subtle.digest("SHA-256", await request.clone().arrayBuffer()));
}

/** Answers larger than this are not kept for a retry (the key is let go instead). */
const MAX_STORED_ANSWER = 256 * 1024;

const clientName = (actor: Actor) =>
  actor.kind === "api_key"
    ? `key:${actor.apiKeyId}`
    : `${actor.organizationId}:${actor.identityId ?? (actor.kind === "ticket" ? actor.apiKeyId : null)}`;
const clientOf = (c: Context<AppEnv>, actor: Actor) => c.env.API_CLIENT.getByName(clientName(actor));

function rateLimitHeaders(admission: Admission): Record<string, string> {
  return {
    "RateLimit-Limit": String(admission.limit),
    "RateLimit-Remaining": String(admission.remaining),
    "RateLimit-Reset": String(admission.resetSeconds),
  };
}

/**
 * Issue 18, for API keys: the scope the method needs (403 `insufficient_scope`), then one request from
 * the key's per-minute budget (429 `rate_limited` with Retry-After; RateLimit-* headers on every answer).
 */
export const apiKeyLimits: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.get("actor");
  if (actor?.kind !== "api_key") return next();
  const scope = scopeOfMethod(c.req.method, c.req.method === "POST" && READ_ONLY_POSTS.includes(c.req.path));
  if (!actor.scopes.includes(scope)) throw insufficientScope(scope);
  const admission = await clientOf(c, actor).admit(actor.rateLimitPerMinute, clock.now());
  const headers = rateLimitHeaders(admission);
  if (!admission.allowed) {
    const seconds = admission.retryAfterSeconds;
    const problem = problems.tooManyRequests(
      "rate_limited",
      `This API key may make ${admission.limit} requests a minute; retry in ${seconds} s.`,
      seconds,
    );
    throw new Problem(problem.status, problem.code, problem.detail, undefined, { ...problem.headers, ...headers });
  }
  await next();
  if (c.res.status === 101) return; // a WebSocket's answer is the Durable Object's, headers and all
  const answer = new Response(c.res.body, c.res);
  for (const [name, value] of Object.entries(headers)) answer.headers.set(name, value);
  c.res = answer;
};

/**
 * Issue 18: a write with an `Idempotency-Key` runs once per key and client. A retry with the same key
 * and body gets the first answer again (`Idempotent-Replayed: true`); another body with that key is 409
 * `idempotency_key_reused`; a retry while the first still runs is 409 `idempotency_key_in_use`.
 * Answers of 5xx (and 429) are not kept: the key is let go so that a retry runs again.
 */
export const idempotentWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header("Idempotency-Key");
  const actor = c.get("actor");
  if (key === undefined || !actor || c.req.method === "GET" || c.req.method === "HEAD") return next();
  if (OWN_IDEMPOTENCY.has(`${c.req.method} ${c.req.path}`)) return next();
  if (key.length < 1 || key.length > 255) {
    throw problems.validation([
      { path: "Idempotency-Key", code: "invalid_header", message: "Use 1 to 255 characters." },
    ]);
  }
  const fingerprint = await sha256Hex(`${c.req.method} ${c.req.path}\n${await bodyDigest(c.req.raw)}`);
  const client = clientOf(c, actor);
  const claim = await client.claim(key, fingerprint, clock.now());
  // Rule G7: a kept answer can carry a secret shown once (an API key, a webhook secret): sealed at rest.
  const sealedAt = `idempotency:${key}:${fingerprint}`;
  if (claim.kind === "replay") return replay({ ...claim.answer, body: await openSecret(claim.answer.body, sealedAt) });
  if (claim.kind === "reused") {
    throw problems.conflict("idempotency_key_reused", "This Idempotency-Key was used with another request.");
  }
  if (claim.kind === "in_progress") {
    throw problems.conflict("idempotency_key_in_use", "A request with this Idempotency-Key is still running.");
  }
  try {
    await next();
  } catch (error) {
    await client.release(key);
    throw error;
  }
  const answer = await storable(c.res);
  if (answer) await client.complete(key, { ...answer, body: await sealSecret(answer.body, sealedAt) });
  else await client.release(key);
};

async function storable(response: Response): Promise<StoredAnswer | null> {
  if (response.status >= 500 || response.status === 429) return null;
  const length = Number(response.headers.get("content-length") ?? 0);
  const contentType = response.headers.get("content-type");
  if (length > MAX_STORED_ANSWER || (contentType && !/json|text/.test(contentType))) return null;
  const body = await response.clone().text();
  return body.length > MAX_STORED_ANSWER ? null : { status: response.status, contentType, body };
}

function replay(answer: StoredAnswer): Response {
  const headers = new Headers({ "Idempotent-Replayed": "true" });
  if (answer.contentType) headers.set("content-type", answer.contentType);
  const empty = answer.status === 204 || answer.status === 304;
  return new Response(empty ? null : answer.body, { status: answer.status, headers });
}
