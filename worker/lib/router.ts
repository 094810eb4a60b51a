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

/** The error answers a route can give, for the OpenAPI document. */
export const errors = {
  400: problem("Malformed JSON or invalid fields"),
  401: problem("Not signed in"),
  403: problem("Role does not allow it, or CSRF check failed"),
  404: problem("Not found, or another organization's"),
  409: problem("Conflict"),
  422: problem("Breaks a product rule"),
  429: problem("Too many attempts"),
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
