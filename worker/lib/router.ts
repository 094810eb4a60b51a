import { OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Db } from "../db/client";
import type { Actor } from "../domain/actor";
import { ProblemSchema } from "../schemas/problem";
import { problems, zodFieldErrors } from "./problem";

export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; db: Db; actor?: Actor };
}

/** Every router validates with zod and turns a failure into one 400 problem listing each field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw problems.validation(zodFieldErrors(result.error));
    },
  });
}

const problemContent = { "application/problem+json": { schema: ProblemSchema } };
const problem = (description: string) => ({ description, content: problemContent });

/**
 * The error answers a route can give, for the OpenAPI document. The codes an operation itself can
 * answer (409 `label_exists`, 422 `window_expired` ...) are listed per operation by
 * worker/openapi/problem-codes.ts, which replaces these descriptions where it names any.
 */
export const errors = {
  400: problem("`validation_failed` (each field in `errors`), `malformed_json`, or the route's own code"),
  401: problem("`unauthenticated`: no session cookie or API key, or one that is no longer valid"),
  403: problem("`forbidden` (the role), `insufficient_scope` (the API key's scopes) or `csrf_rejected`"),
  404: problem("`not_found`: no such record, or another organization's"),
  409: problem("Conflict: `idempotency_key_reused` or `idempotency_key_in_use` (see Idempotency-Key)"),
  422: problem("Breaks a product rule: the `code` names it"),
  429: problem("`rate_limited` or too many attempts: retry after `Retry-After` seconds"),
  503: problem("Not ready yet: retry after the Retry-After seconds"),
};

export const json = <T extends z.ZodType>(schema: T, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const authed: Array<Record<string, string[]>> = [{ session: [] }, { apiKey: [] }];
