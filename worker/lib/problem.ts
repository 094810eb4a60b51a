import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";

/** One field-level failure inside a problem's `errors` list. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** The single error type of the API: thrown anywhere, answered as `application/problem+json`. */
export class Problem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export const problems = {
  validation: (errors: FieldError[]) =>
    new Problem(400, "validation_failed", "The request has invalid or missing fields.", errors),
  malformedJson: () => new Problem(400, "malformed_json", "The request body is not valid JSON."),
  unauthenticated: () => new Problem(401, "unauthenticated", "Sign in, or send a valid API key."),
  forbidden: (detail = "Your role does not allow this action.") => new Problem(403, "forbidden", detail),
  csrf: () => new Problem(403, "csrf_rejected", "The request's Origin header is missing or not this site's origin."),
  notFound: (what = "resource") => new Problem(404, "not_found", `No such ${what}.`),
  conflict: (code: string, detail: string) => new Problem(409, code, detail),
  unprocessable: (code: string, detail: string) => new Problem(422, code, detail),
  tooManyRequests: (code: string, detail: string, retryAfterSeconds: number) =>
    new Problem(429, code, detail, undefined, { "Retry-After": String(retryAfterSeconds) }),
};

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    code: issue.code,
    message: issue.message,
  }));
}

export function problemBody(p: Problem) {
  return {
    type: `urn:edge-inbox:problem:${p.code}`,
    title: TITLES[p.status] ?? "Error",
    status: p.status,
    code: p.code,
    detail: p.detail,
    ...(p.errors ? { errors: p.errors } : {}),
  };
}

export function problemResponse(p: Problem): Response {
  return new Response(JSON.stringify(problemBody(p)), {
    status: p.status,
    headers: { "content-type": "application/problem+json", ...p.headers },
  });
}

/** Stable codes for what Hono itself refuses (body parsing, limits), so clients never see `http_415`. */
const HTTP_CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** Maps anything thrown to a Problem; unknown errors become a 500 without leaking internals. */
export function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) return problems.malformedJson();
    const code = HTTP_CODES[err.status] ?? (err.status >= 500 ? "internal_error" : "bad_request");
    return new Problem(err.status as ContentfulStatusCode, code, err.message || "Request failed.");
  }
  return new Problem(500, "internal_error", "Something went wrong on our side. It has been logged.");
}
